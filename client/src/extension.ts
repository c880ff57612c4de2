/** Tech Policy for VS Code: activate and deactivate only; the rest lives beside this file. */
import { commands, type ExtensionContext } from 'vscode';
import { TechPolicyClient } from './client';
import { registerCommands } from './commands';
import { ExceptionsView } from './exceptionsView';
import { StatusBar } from './status';

let client: TechPolicyClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const status = new StatusBar();
  context.subscriptions.push(status);
  client = new TechPolicyClient(context, status);
  const view = new ExceptionsView(client);
  context.subscriptions.push(view);
  client.onStatus = () => view.refresh();
  registerCommands(context, client, view);
  // the commands that need the running extension show in the palette from now on
  void commands.executeCommand('setContext', 'techPolicy.active', true);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
