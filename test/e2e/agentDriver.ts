// A stand-in for an agent, for agents.e2e.ts: a tiny extension (written into the run's extensions
// folder by the test) whose one command invokes a language model tool the way agent mode does,
// outside a chat, so that VS Code shows the tool's confirmation as a dialog. It reads the call from
// $TMPDIR/agent-request.json and writes the answer (or the error) to $TMPDIR/agent-result.json; a
// request without a tool lists the tools instead.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';

export const ASK_COMMAND = 'techPolicyE2E.ask';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(ASK_COMMAND, async () => {
      const out = path.join(os.tmpdir(), 'agent-result.json');
      try {
        const { tool, input } = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), 'agent-request.json'), 'utf8')) as { tool: string; input: object };
        // no tool named: the tools agent mode is offered
        if (!tool) return fs.writeFileSync(out, JSON.stringify({ tools: vscode.lm.tools.map((t) => t.name) }));
        const result = await vscode.lm.invokeTool(tool, { input, toolInvocationToken: undefined });
        const text = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
        fs.writeFileSync(out, JSON.stringify({ text }));
      } catch (e) {
        fs.writeFileSync(out, JSON.stringify({ error: `${(e as Error).name}: ${(e as Error).message}` }));
      }
    }),
  );
}

export function deactivate(): void {
  // nothing to release
}
