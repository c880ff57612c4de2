/**
 * The policy as tools for VS Code's agents: the language model tools package.json contributes
 * (`languageModelTools`, shown only where a folder has a policy), each answered by the language
 * server (techPolicy/agentTool), never here. The request tool asks the user first (its
 * confirmation names the file), then writes the draft through a workspace edit that never
 * overwrites, and opens it for the person who completes it. Where VS Code offers MCP server
 * definitions (1.101+) and the setting asks for it, `tech-policy mcp` is offered too.
 */
import * as path from 'path';
import {
  type CancellationToken,
  type Disposable,
  type ExtensionContext,
  LanguageModelTextPart,
  type LanguageModelTool,
  type LanguageModelToolInvocationOptions,
  type LanguageModelToolInvocationPrepareOptions,
  LanguageModelToolResult,
  lm,
  MarkdownString,
  type PreparedToolInvocation,
  Uri,
  workspace,
} from 'vscode';
import * as vscode from 'vscode';
import { AGENT_TOOLS, type AgentToolDefinition } from '../../server/src/core/agents/tools';
import { AgentToolRequest, type AgentToolParams, type AgentToolResult } from '../../server/src/protocol';
import type { TechPolicyClient } from './client';
import { mcpDefinitionSpecs } from './mcpDefinitions';

function result(text: string): LanguageModelToolResult {
  return new LanguageModelToolResult([new LanguageModelTextPart(text)]);
}

/** The input as a key: what the user confirmed for this input is what may be written. */
function keyOf(input: unknown): string {
  return JSON.stringify(input ?? {});
}

class PolicyTool implements LanguageModelTool<unknown> {
  /** The request tool: the file each confirmed input may write. */
  private readonly confirmed = new Map<string, string>();

  constructor(
    private readonly def: AgentToolDefinition,
    private readonly tp: TechPolicyClient,
  ) {}

  private async ask(input: unknown, phase: AgentToolParams['phase'], token: CancellationToken, confirmed?: string): Promise<AgentToolResult> {
    // as a command run early: the server started (where no folder has a policy, now) and its first status in
    await this.tp.ready();
    const params: AgentToolParams = { tool: this.def.name, input, phase, confirmed };
    return this.tp.client.sendRequest<AgentToolResult>(AgentToolRequest, params, token);
  }

  async prepareInvocation(options: LanguageModelToolInvocationPrepareOptions<unknown>, token: CancellationToken): Promise<PreparedToolInvocation> {
    if (this.def.readOnly) return { invocationMessage: `Asking Tech Policy (${this.def.title.toLowerCase()})` };
    const plan = await this.ask(options.input, 'prepare', token);
    if (!plan.confirm) {
      this.confirmed.delete(keyOf(options.input));
      return { invocationMessage: 'Asking Tech Policy' };
    }
    this.confirmed.set(keyOf(options.input), plan.confirm.file);
    return {
      invocationMessage: `Drafting ${plan.confirm.file}`,
      confirmationMessages: { title: plan.confirm.title, message: new MarkdownString().appendText(plan.confirm.message) },
    };
  }

  async invoke(options: LanguageModelToolInvocationOptions<unknown>, token: CancellationToken): Promise<LanguageModelToolResult> {
    try {
      return await this.answer(options, token);
    } catch (e) {
      if (token.isCancellationRequested) throw e;
      // the server stopped or failed to start
      return result(`Tech Policy could not answer: ${(e as Error).message}. See the Tech Policy output.\n`);
    }
  }

  private async answer(options: LanguageModelToolInvocationOptions<unknown>, token: CancellationToken): Promise<LanguageModelToolResult> {
    if (this.def.readOnly) return result((await this.ask(options.input, 'invoke', token)).text);
    const key = keyOf(options.input);
    const confirmed = this.confirmed.get(key);
    this.confirmed.delete(key);
    const answer = await this.ask(options.input, 'invoke', token, confirmed);
    if (!answer.edit || !answer.uri) return result(answer.text);
    const edit = await this.tp.client.protocol2CodeConverter.asWorkspaceEdit(answer.edit);
    const uri = Uri.parse(answer.uri);
    if (!edit || !(await workspace.applyEdit(edit))) return result(`Nothing was written: ${path.basename(uri.fsPath)} could not be created (does it exist already?). Nothing was overwritten.\n`);
    await this.tp.openCreated(uri);
    return result(answer.text);
  }
}

/** The MCP server definition API (VS Code 1.101+), where this VS Code has it: the extension's engine (1.95) does not declare it. */
interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: { onDidChangeMcpServerDefinitions?: vscode.Event<void>; provideMcpServerDefinitions(): unknown[] }): Disposable;
}
type McpStdioDefinition = new (label: string, command: string, args: string[], env?: Record<string, string>, version?: string) => unknown;

/** Registers the tools (and the MCP server definitions, where VS Code has them); returns what to call when the folders' policies change. */
export function registerAgentTools(context: ExtensionContext, tp: TechPolicyClient): () => void {
  // language model tools are stable since VS Code 1.95, the engine this extension requires
  for (const def of AGENT_TOOLS) context.subscriptions.push(lm.registerTool(def.vscodeName, new PolicyTool(def, tp)));

  const mcp = lm as unknown as Partial<McpApi>;
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: McpStdioDefinition }).McpStdioServerDefinition;
  if (typeof mcp.registerMcpServerDefinitionProvider !== 'function' || !Definition) return () => undefined;
  const changed = new vscode.EventEmitter<void>();
  let offered = '';
  context.subscriptions.push(changed, workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('techPolicy.agents.mcpServer') && changed.fire()));
  const cli = context.asAbsolutePath(path.join('dist', 'cli.js'));
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '');
  context.subscriptions.push(
    mcp.registerMcpServerDefinitionProvider('techPolicy.mcp', {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () =>
        mcpDefinitionSpecs(
          tp.lastStatus.folders.map((f) => ({ name: f.name, fsPath: Uri.parse(f.uri).fsPath, policy: f.policy })),
          { enabled: workspace.getConfiguration('techPolicy').get<boolean>('agents.mcpServer', false), cli, execPath: process.execPath, trusted: workspace.isTrusted, version },
        ).map((d) => new Definition(d.label, d.command, d.args, d.env, d.version)),
    }),
  );
  return () => {
    const now = tp.lastStatus.folders.filter((f) => f.policy === 'ok' || f.policy === 'invalid').map((f) => f.uri).join('|');
    if (now !== offered) {
      offered = now;
      changed.fire();
    }
  };
}
