/** The MCP SDK's own client over stdio, driving `tech-policy mcp` (dist/cli.js) as an agent's client would. */
import * as path from 'path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { REPO_ROOT } from './fixtures';

export interface McpUnderTest {
  client: Client;
  stderr: string[];
  /** A tool's text, its error flag and its structured verdict. */
  call(name: string, args: unknown): Promise<{ text: string; isError: boolean; structured?: { answers: Array<Record<string, unknown>> } }>;
  close(): Promise<void>;
}

export function startMcp(folder: string, options: { args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<McpUnderTest> {
  return startMcpCommand(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'mcp', folder, ...(options.args ?? [])], options.env ?? process.env);
}

/** A server started by any command line: what an MCP client configured with that command would run. */
export async function startMcpCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<McpUnderTest> {
  const transport = new StdioClientTransport({ command, args, env: env as Record<string, string>, stderr: 'pipe' });
  const stderr: string[] = [];
  transport.stderr?.on('data', (d) => stderr.push(String(d)));
  const client = new Client({ name: 'tech-policy-tests', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    stderr,
    async call(name, args) {
      const r = await client.callTool({ name, arguments: args as Record<string, unknown> });
      const content = r.content as Array<{ type: string; text: string }>;
      return { text: content.map((c) => c.text).join(''), isError: r.isError === true, structured: r.structuredContent as { answers: Array<Record<string, unknown>> } | undefined };
    },
    close: () => client.close(),
  };
}
