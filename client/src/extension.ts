/** Tech Policy for VS Code: activate and deactivate only; the rest lives beside this file. */
import { commands, type ExtensionContext } from 'vscode';
import { registerAgentTools } from './agentTools';
import { TechPolicyClient } from './client';
import { registerCommands } from './commands';
import { ExceptionsView } from './exceptionsView';
import { findPolicyFiles, watchPolicyFiles } from './presence';
import { StatusBar } from './status';

let client: TechPolicyClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const status = new StatusBar();
  context.subscriptions.push(status);
  client = new TechPolicyClient(context, status);
  const view = new ExceptionsView(client);
  context.subscriptions.push(view);
  const agentsChanged = registerAgentTools(context, client);
  client.onStatus = () => {
    view.refresh();
    agentsChanged();
  };
  registerCommands(context, client, view);
  // What the palette offers is known before the server starts (which folders have a policy file),
  // and until then (before activation) every command is offered: each waits for the server when
  // run early. The server starts where a policy exists, elsewhere when a command or a new policy
  // file needs it. docs/decisions.md, "Commands as soon as the window is".
  const found = await findPolicyFiles();
  await status.presume(found);
  await commands.executeCommand('setContext', 'techPolicy.active', true);
  const started = client;
  context.subscriptions.push(watchPolicyFiles(() => void started.start()));
  if (found.some((f) => f.hasPolicy)) await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
