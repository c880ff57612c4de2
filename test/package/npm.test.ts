// The npm package as a user gets it: packed, installed from the tarball into a throwaway project
// (offline: the bundles need no dependency), and run from there the way the README says.
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { fixturePath, REPO_ROOT } from '../support/fixtures';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

suite('packaging: the npm package, installed from its tarball', () => {
  let tmp = '';
  let tarball = '';
  let project = '';
  const offline = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

  suiteSetup(function () {
    this.timeout(180000);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-npm-'));
    const packed = sh(NPM, ['pack', '--json', '--pack-destination', tmp], REPO_ROOT);
    assert.strictEqual(packed.code, 0, packed.stderr);
    const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = path.join(tmp, info[0].filename);
    project = path.join(tmp, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'shop', private: true, version: '1.0.0' }));
    const installed = sh(NPM, ['install', '--save-dev', tarball], project, offline);
    assert.strictEqual(installed.code, 0, installed.stdout + installed.stderr);
  });

  test('the tarball holds the bundles, schemas and rule documentation, and no source, test or map', () => {
    const listed = sh('tar', ['-tzf', tarball], tmp).stdout.trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
    const rules = fs.readdirSync(path.join(REPO_ROOT, 'docs', 'rules')).map((f) => `docs/rules/${f}`);
    const schemas = fs.readdirSync(path.join(REPO_ROOT, 'schemas')).map((f) => `schemas/${f}`);
    const syntaxes = fs.readdirSync(path.join(REPO_ROOT, 'syntaxes')).map((f) => `syntaxes/${f}`);
    const walkthroughs = fs.readdirSync(path.join(REPO_ROOT, 'walkthroughs')).map((f) => `walkthroughs/${f}`);
    assert.deepStrictEqual(listed, ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/client.js', 'dist/server.js', 'dist/sql-wasm.wasm', ...rules, 'images/icon.png', 'package.json', ...schemas, ...syntaxes, ...walkthroughs].sort());
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.strictEqual(manifest.private, undefined, 'a private package cannot be published');
    assert.deepStrictEqual(manifest.dependencies ?? {}, {}, 'the bundles need nothing at run time: an install from the tarball is offline');
    assert.ok(manifest.engines.node, 'engines.node');
  });

  test('npx tech-policy --version, and check of a fixture, from the project that depends on it', () => {
    const version = sh(NPX, ['--no-install', 'tech-policy', '--version'], project, offline);
    assert.strictEqual(version.code, 0, version.stderr);
    assert.strictEqual(version.stdout, JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version + '\n');
    const checked = sh(NPX, ['--no-install', 'tech-policy', 'check', fixturePath('unit', 'core'), '--format', 'json'], project, offline);
    assert.strictEqual(checked.code, 1, checked.stderr);
    const report = JSON.parse(checked.stdout) as { findings: Array<{ file: string; subject: string }> };
    assert.ok(report.findings.some((f) => f.file === 'package.json' && f.subject === 'fastify'), checked.stdout);
  });

  test('npm install -g from the tarball puts both commands on the PATH; the language server answers initialize', async function () {
    this.timeout(120000);
    const prefix = path.join(tmp, 'global');
    const installed = sh(NPM, ['install', '-g', '--prefix', prefix, tarball], tmp, offline);
    assert.strictEqual(installed.code, 0, installed.stdout + installed.stderr);
    const bin = process.platform === 'win32' ? prefix : path.join(prefix, 'bin');
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    const help = sh('tech-policy', ['help', 'check'], tmp, env);
    assert.strictEqual(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: tech-policy check/);
    // the organisation build from the installed package: its workers are the bundle, SQLite its WebAssembly beside it
    const site = path.join(tmp, 'site');
    const org = sh('tech-policy', ['org', fixturePath('unit', 'core'), '--output', site, '--history', path.join(tmp, 'history.sqlite')], tmp, env);
    assert.strictEqual(org.code, 0, org.stderr);
    assert.match(org.stderr, /A snapshot was added to .*history\.sqlite \(1 in all\)\./);
    assert.ok(fs.existsSync(path.join(site, 'index.html')) && fs.existsSync(path.join(site, 'repositories', 'core.html')));

    const server = spawn('tech-policy-language-server', ['--stdio'], { cwd: tmp, env, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
      connection.listen();
      const result = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null })) as { serverInfo?: { name: string }; capabilities: { hoverProvider?: boolean } };
      assert.strictEqual(result.serverInfo?.name, 'tech-policy-language-server');
      assert.strictEqual(result.capabilities.hoverProvider, true);
      await connection.sendRequest('shutdown');
      connection.sendNotification('exit');
      connection.dispose();
    } finally {
      server.kill();
    }
  });

  test('the MCP server from the installed package, configured as the README shows ("command": "tech-policy", "args": ["mcp", folder])', async function () {
    // the global install of the test above, then the server's start-up and a walk: seconds on a busy machine
    this.timeout(120000);
    const bin = process.platform === 'win32' ? path.join(tmp, 'global') : path.join(tmp, 'global', 'bin');
    assert.ok(fs.existsSync(path.join(bin, 'tech-policy')), 'installed by the test above');
    // the README's .vscode/mcp.json, verbatim, with VS Code's ${workspaceFolder} for the example shop
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1]).find((b) => b.includes('"servers"'));
    assert.ok(block, 'the README shows a .vscode/mcp.json');
    const config = (JSON.parse(block) as { servers: Record<string, { type: string; command: string; args: string[] }> }).servers['tech-policy'];
    assert.strictEqual(config.type, 'stdio');
    const args = config.args.map((a) => a.replace('${workspaceFolder}', path.join(REPO_ROOT, 'examples', 'shop')));
    const transport = new StdioClientTransport({ command: config.command, args, env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } as Record<string, string>, stderr: 'pipe' });
    const client = new Client({ name: 'package-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      assert.deepStrictEqual((await client.listTools()).tools.map((t) => t.name), ['check_technology', 'check_deployable', 'current_findings', 'request_exception']);
      const answer = await client.callTool({ name: 'check_technology', arguments: { package: 'fastify' } });
      assert.match((answer.content as Array<{ text: string }>)[0].text, /^Fastify \(web framework; technology id "fastify"\): NOT ALLOWED without a signed exception/);
    } finally {
      await client.close();
    }
  });

  suiteTeardown(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
});
