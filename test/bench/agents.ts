/**
 * `npm run bench -- agents`: `tech-policy mcp` on examples/shop beside a bare MCP server built from
 * the same SDK (one tool that answers "ok"), bundled the same way, measured in the same run through
 * the SDK's own client over stdio:
 * - start: spawn → the initialize handshake answered (what a client waits for before listing tools);
 * - ready: spawn → the first check_technology answered (the folder read and walked);
 * - a check's round trip once started (check_technology fastify), and current_findings (a walk).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

type Figure = (what: string, samples: number[], floorWhat: string, floor: number[]) => void;

const REPO = path.join(__dirname, '..', '..', '..');

/** A bare SDK server, bundled by esbuild as dist/cli.js is (CommonJS, node20, one file). */
function bareServer(): string {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-mcp-')), 'bare.js');
  const contents = `
    const { Server } = require('@modelcontextprotocol/sdk/server/index.js');
    const { StdioServerTransport } = require('@modelcontextprotocol/sdk/server/stdio.js');
    const { CallToolRequestSchema, ListToolsRequestSchema } = require('@modelcontextprotocol/sdk/types.js');
    const server = new Server({ name: 'bare', version: '0.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [{ name: 'check_technology', inputSchema: { type: 'object' } }] }));
    server.setRequestHandler(CallToolRequestSchema, () => ({ content: [{ type: 'text', text: 'ok' }] }));
    server.connect(new StdioServerTransport());
  `;
  esbuild.buildSync({ stdin: { contents, resolveDir: REPO, loader: 'js' }, bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: out, logLevel: 'error', mainFields: ['module', 'main'] });
  return out;
}

async function connect(args: string[]): Promise<Client> {
  const client = new Client({ name: 'bench', version: '0.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args, stderr: 'ignore' }));
  return client;
}

/** Spawn → initialized, and spawn → the first call answered, `runs` times. */
async function starts(args: string[], call: { name: string; arguments: Record<string, unknown> }, runs: number): Promise<{ start: number[]; ready: number[] }> {
  const start: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const client = await connect(args);
    start.push(performance.now() - t0);
    await client.callTool(call);
    ready.push(performance.now() - t0);
    await client.close();
  }
  return { start, ready };
}

async function roundTrips(client: Client, call: { name: string; arguments: Record<string, unknown> }, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await client.callTool(call);
    out.push(performance.now() - t0);
  }
  return out;
}

export async function benchAgents(figure: Figure): Promise<void> {
  const shop = path.join(REPO, 'examples', 'shop');
  const ours = [path.join(REPO, 'dist', 'cli.js'), 'mcp', shop];
  const bare = [bareServer()];
  const check = { name: 'check_technology', arguments: { package: 'fastify', ecosystem: 'npm', path: 'server/package.json' } };
  // one of each first: the file cache warm for both
  await starts(ours, check, 1);
  await starts(bare, check, 1);
  const o = await starts(ours, check, 15);
  const b = await starts(bare, check, 15);
  figure('tech-policy mcp start on examples/shop (spawn → initialize answered; the aim: under 300 ms)', o.start, 'a bare SDK server, bundled alike', b.start);
  figure('tech-policy mcp ready (spawn → the first check_technology answered)', o.ready, 'a bare SDK server, spawn → its first call', b.ready);
  const client = await connect(ours);
  const bareClient = await connect(bare);
  await roundTrips(client, check, 20);
  await roundTrips(bareClient, check, 20);
  figure('check_technology round trip after start-up (fastify, server/package.json; the aim: under 5 ms)', await roundTrips(client, check, 300), 'a bare SDK server\'s tool call', await roundTrips(bareClient, check, 300));
  figure('current_findings round trip (walks the folder again)', await roundTrips(client, { name: 'current_findings', arguments: {} }, 50), 'a bare SDK server\'s tool call', await roundTrips(bareClient, check, 50));
  await client.close();
  await bareClient.close();
  fs.rmSync(path.dirname(bare[0]), { recursive: true, force: true });
}
