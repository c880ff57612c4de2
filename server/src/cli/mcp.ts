/**
 * `tech-policy mcp [folder]`: the agent tools as a Model Context Protocol server over stdio (the
 * official TypeScript SDK), with the approved stack and the exception register as resources. A
 * thin host: the answers are the core's (core/agents), the files are node/agentHost's. stdout
 * carries the protocol only; anything said to people goes to stderr.
 *
 * Trust: untrusted by default (no git, no `extends` from node_modules), as the language server in
 * an untrusted workspace; `--trusted` is the user saying otherwise, in their client's
 * configuration. No tool signs, so ssh-keygen is never run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListResourcesRequestSchema, ListToolsRequestSchema, ReadResourceRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { planRequest, requestWrittenText, runCheckTool, type ToolResult } from '../core/agents/ask';
import { AGENT_TOOLS, quoted, toolNamed } from '../core/agents/tools';
import { formatRegister, registerOf } from '../core/features/register';
import { today } from '../core/folder';
import { describeApprovers } from '../core/exceptions/evaluate';
import { stackMarkdown, stackSummary } from '../core/instructions/stack';
import { oneLine } from '../core/text';
import { DiskAgentHost } from '../node/agentHost';
import { writeErr } from './output';
import { folderOrFail, InputError, type Options, positionals, VERSION } from './options';

export const RESOURCES = [
  { uri: 'techpolicy://stack', name: 'approved-stack', title: 'The approved stack', description: 'The technologies the policy approves per category (with rings and notes), what is on hold, the monolith\'s deployables, the languages and who signs exceptions.', mimeType: 'text/markdown' },
  { uri: 'techpolicy://exceptions', name: 'exception-register', title: 'The exception register', description: 'Every exception document with its one state: awaiting signature, granted (signer, key, dates), expiring, not granted, expired, rejected or withdrawn.', mimeType: 'text/plain' },
] as const;

/** What the server tells a client about itself (MCP `instructions`: clients may add it to the agent's prompt). */
export const SERVER_INSTRUCTIONS =
  "Tech Policy answers from this repository's engineering policy (techpolicy.json): boring technology, one monolith, exceptions signed by an approver. Before adding a dependency, a container image, a Dockerfile, a compose service, a new app or a language manifest, call check_technology or check_deployable and follow the answer: prefer the approved alternative. current_findings lists what the policy reports now. request_exception drafts a request for a person to complete; nothing here approves, signs or changes the policy.";

function toolList(): Tool[] {
  return AGENT_TOOLS.map((t) => ({
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: t.inputSchema as unknown as Tool['inputSchema'],
    annotations: { title: t.title, readOnlyHint: t.readOnly, destructiveHint: false, idempotentHint: t.readOnly, openWorldHint: false },
  }));
}

function asResult(r: ToolResult): CallToolResult {
  return { content: [{ type: 'text', text: r.text }], ...(r.isError ? { isError: true } : {}), ...(r.structured ? { structuredContent: r.structured as unknown as Record<string, unknown> } : {}) };
}

/** Answers one tool call; never throws (a failure is one sentence, marked as an error). */
export async function callTool(host: DiskAgentHost, name: string, args: unknown): Promise<ToolResult> {
  try {
    const tool = toolNamed(name);
    if (!tool) return { text: `No such tool: ${quoted(name, 40)}. The tools are ${AGENT_TOOLS.map((t) => t.name).join(', ')}.\n`, isError: true };
    await host.sync();
    if (tool.name === 'current_findings') await host.rescan();
    if (tool.readOnly) return runCheckTool(host, tool.name, args);
    const plan = planRequest(host, args, () => host.requestContext());
    if ('result' in plan) return plan.result;
    const written = host.writeRequest(plan);
    if (!written.ok) return { text: `No request was written: ${written.reason}.\n`, isError: true };
    return requestWrittenText(plan);
  } catch (e) {
    return { text: `Tech Policy could not answer: ${oneLine((e as Error)?.message ?? String(e))}.\n`, isError: true };
  }
}

export function readResource(host: DiskAgentHost, uri: string): string | undefined {
  const model = host.state.model;
  const loaded = model.policy;
  if (uri === RESOURCES[0].uri) {
    if (!loaded) return `# The approved stack\n\nThis folder has no techpolicy.json: nothing is checked, and there is no approved stack.\n`;
    return stackMarkdown(stackSummary(loaded.policy, model.technologies), 'techpolicy.json');
  }
  if (uri === RESOURCES[1].uri) {
    if (!loaded) return 'This folder has no techpolicy.json: there is no exception register.\n';
    return formatRegister(registerOf(model, today()), describeApprovers(model.approvalPolicy?.approvers ?? []));
  }
  return undefined;
}

/**
 * The MCP server over the given streams (stdio by default); resolves when the client closes it.
 * It answers `initialize` and lists its tools at once; the folder is read meanwhile, and calls
 * wait for it.
 */
export async function serveMcp(root: string, options: { policy?: string; trusted: boolean }, transport = new StdioServerTransport()): Promise<void> {
  const opening = DiskAgentHost.open(root, { policy: options.policy, trusted: options.trusted, log: (m) => void writeErr(`tech-policy mcp: ${m}\n`) });
  const server = new Server({ name: 'tech-policy', title: 'Tech Policy', version: VERSION }, { capabilities: { tools: {}, resources: {} }, instructions: SERVER_INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolList() }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => asResult(await callTool(await opening, request.params.name, request.params.arguments)));
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: RESOURCES.map((r) => ({ ...r })) }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const host = await opening;
    await host.sync();
    const text = readResource(host, request.params.uri);
    if (text === undefined) throw new Error(`No such resource: ${oneLine(request.params.uri.slice(0, 200))}. The resources are ${RESOURCES.map((r) => r.uri).join(' and ')}.`);
    return { contents: [{ uri: request.params.uri, mimeType: RESOURCES.find((r) => r.uri === request.params.uri)!.mimeType, text }] };
  });
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  await server.connect(transport);
  const host = await opening;
  const policy = host.state.model.policy;
  await writeErr(
    `tech-policy mcp: serving ${root} (${policy ? 'techpolicy.json' : 'no techpolicy.json: every answer says nothing is checked'}; ${options.trusted ? 'trusted' : 'untrusted: no git, no extends from node_modules'}).\n`,
  );
  await closed;
}

export async function mcp(opts: Options): Promise<number> {
  const root = folderOrFail(positionals(opts, 1)[0] ?? '.');
  if (opts.policy && !fs.existsSync(path.resolve(opts.policy))) throw new InputError(`the policy file ${opts.policy} does not exist.`);
  await serveMcp(root, { policy: opts.policy, trusted: opts.trusted });
  return 0;
}
