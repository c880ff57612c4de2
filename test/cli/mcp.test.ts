// `tech-policy mcp` driven by the MCP SDK's own client over stdio, as Claude Code or VS Code would
// drive it: the tools and their answers, the resources, bad inputs, a folder without a policy,
// trust (no git without --trusted), the request tool's writes, and a policy that changes on disk.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AGENT_TOOLS } from '../../server/src/core/agents/tools';
import { AGENT_DRAFT_NOTE } from '../../server/src/core/exceptions/render';
import { REPO_ROOT } from '../support/fixtures';
import { mcpDefinitionSpecs } from '../../client/src/mcpDefinitions';
import { type McpUnderTest, startMcp, startMcpCommand } from '../support/mcpClient';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SHOP = path.join(REPO_ROOT, 'examples', 'shop');

function copyShop(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-mcp-'));
  fs.cpSync(SHOP, root, { recursive: true });
  return root;
}

/** A git on PATH (outside the workspace) that records its calls before running the real one. */
function spyGit(): { env: NodeJS.ProcessEnv; calls: () => string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-spy-'));
  const log = path.join(dir, 'calls');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  fs.writeFileSync(path.join(dir, 'git'), `#!/bin/sh\necho "$@" >> ${log}\nexec ${real} "$@"\n`, { mode: 0o755 });
  return { env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH}` }, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []) };
}

/** One line of text, no stack trace. */
function oneSentence(text: string): boolean {
  return text.trimEnd().split('\n').length === 1 && !/\n\s+at /.test(text);
}

suite('tech-policy mcp: the MCP SDK client over stdio', function () {
  // each test starts the server process (Node start-up and a walk of the example): seconds on a busy machine
  this.timeout(60_000);
  let mcp: McpUnderTest | undefined;
  teardown(async () => {
    await mcp?.close();
    mcp = undefined;
  });

  test('tools/list: the four tools with the core\'s schemas; read-only ones say so; the server tells the agent when to call them', async () => {
    mcp = await startMcp(SHOP);
    const { tools } = await mcp.client.listTools();
    assert.deepStrictEqual(
      tools.map((t) => [t.name, t.inputSchema, t.annotations?.readOnlyHint, t.annotations?.destructiveHint]),
      AGENT_TOOLS.map((t) => [t.name, t.inputSchema, t.readOnly, false]),
    );
    assert.match(mcp.client.getInstructions() ?? '', /Before adding a dependency, a container image, a Dockerfile, a compose service, a new app or a language manifest, call check_technology or check_deployable/);
    assert.deepStrictEqual(mcp.client.getServerVersion(), { name: 'tech-policy', title: 'Tech Policy', version: '0.1.0' });
  });

  test('"add Fastify for file uploads": needs a signed exception, Express instead, the rationale; then the draft for a person, which grants nothing', async () => {
    const root = copyShop();
    mcp = await startMcp(root);
    const check = await mcp.call('check_technology', { package: 'fastify', ecosystem: 'npm', path: 'server/package.json' });
    assert.ok(!check.isError);
    assert.match(check.text, /^Fastify \(web framework; technology id "fastify"\): NOT ALLOWED without a signed exception \(rule new-technology\)\.\n/);
    assert.match(check.text, /\nUse instead: Express \(approved web frameworks\)\.\n/);
    assert.deepStrictEqual(check.structured?.answers[0], {
      verdict: 'needs-exception',
      kind: 'technology',
      subject: 'fastify',
      rule: 'new-technology',
      finding: { rule: 'new-technology', severity: 'warning', message: 'Fastify: new web framework (approved: Express). Needs a signed exception.' },
      alternatives: ['express'],
    });
    // a file already has the next name: it is never overwritten, the next free id is taken
    fs.writeFileSync(path.join(root, 'docs', 'policy-exceptions', 'EX-0004-notes.txt'), 'not an exception\n');
    const drafted = await mcp.call('request_exception', { kind: 'technology', subject: 'fastify', path: 'server/package.json' });
    assert.ok(!drafted.isError, drafted.text);
    assert.match(drafted.text, /^Wrote docs\/policy-exceptions\/EX-0005-fastify\.md \(EX-0005, rule new-technology, subject fastify\): a draft for a person to complete\.\n/);
    const written = fs.readFileSync(path.join(root, 'docs', 'policy-exceptions', 'EX-0005-fastify.md'), 'utf8');
    assert.match(written, /^---\nid: EX-0005\nrule: new-technology\nsubject: fastify\n/);
    assert.match(written, /^status: requested /m);
    assert.match(written, /^approved-by: /m);
    assert.ok(written.includes(`\n${AGENT_DRAFT_NOTE}\n`), written);
    assert.strictEqual(fs.readFileSync(path.join(root, 'docs', 'policy-exceptions', 'EX-0004-notes.txt'), 'utf8'), 'not an exception\n');
    // the request is now pending: the check says so, and no second one is drafted
    const after = await mcp.call('check_technology', { technology: 'Fastify', path: 'server/package.json' });
    assert.match(after.text, /\nEX-0005 asks for it and awaits an approver's signature/);
    const again = await mcp.call('request_exception', { kind: 'technology', subject: 'fastify' });
    assert.ok(again.isError && /^EX-0005 already requests Fastify/.test(again.text), again.text);
    // and the check, which reads the disk, still reports Fastify: a request grants nothing
    const cli = spawnSync(process.execPath, [CLI, 'check', root], { encoding: 'utf8' });
    assert.match(cli.stdout, /^server\/package\.json:11:5 warning new-technology EX-0005 requested, not yet signed: Fastify: new web framework \(approved: Express\)\.$/m);
  });

  test('current_findings lists exactly the lines tech-policy check prints', async () => {
    mcp = await startMcp(SHOP);
    const listed = (await mcp.call('current_findings', {})).text.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l));
    const cli = spawnSync(process.execPath, [CLI, 'check', '.'], { cwd: SHOP, encoding: 'utf8' });
    assert.deepStrictEqual(listed, cli.stdout.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l)));
    assert.strictEqual(listed.length, 6);
  });

  test('resources: the approved stack and the exception register', async () => {
    mcp = await startMcp(SHOP);
    const { resources } = await mcp.client.listResources();
    assert.deepStrictEqual(resources.map((r) => [r.uri, r.mimeType]), [['techpolicy://stack', 'text/markdown'], ['techpolicy://exceptions', 'text/plain']]);
    const stack = (await mcp.client.readResource({ uri: 'techpolicy://stack' })).contents[0] as { text: string };
    assert.ok(stack.text.includes('- Web frameworks: Express.\n') && stack.text.includes('- moment (on hold): Use date-fns for new code.\n') && stack.text.includes('- web (server) and worker (server)\n'), stack.text);
    const register = (await mcp.client.readResource({ uri: 'techpolicy://exceptions' })).contents[0] as { text: string };
    const cli = spawnSync(process.execPath, [CLI, 'exceptions', SHOP], { encoding: 'utf8' });
    assert.strictEqual(register.text, cli.stdout);
    await assert.rejects(mcp.client.readResource({ uri: 'techpolicy://nope' }), /No such resource: techpolicy:\/\/nope/);
  });

  test('bad inputs get one sentence, marked as an error: a path outside, a 1 MB package name, an unknown ecosystem, an unknown tool', async () => {
    mcp = await startMcp(SHOP);
    const cases: Array<[string, unknown, RegExp]> = [
      ['check_technology', { package: 'fastify', path: '/etc/passwd' }, /^The path "\/etc\/passwd" is outside the workspace \(shop\); Tech Policy answers for places inside it only\.\n$/],
      ['check_deployable', { path: '../../..' }, /^The path "\.\.\/\.\.\/\.\." climbs out of the workspace/],
      ['check_technology', { package: 'x'.repeat(1024 * 1024), ecosystem: 'npm' }, /^"package" is 1,048,576 characters long; it may be at most 300\.\n$/],
      ['check_technology', { package: 'fastify', ecosystem: 'cobol' }, /^"ecosystem" must be one of npm, rubygems, pypi, go, maven, cargo, packagist, nuget, hex and swift; "cobol" is not one\.\n$/],
      ['request_exception', { kind: 'technology', subject: 'fastify', path: `${'a/'.repeat(600)}x` }, /^"path" is 1,201 characters long; it may be at most 1024\.\n$/],
      ['approve_exception', {}, /^No such tool: "approve_exception"\. The tools are check_technology, check_deployable, current_findings, request_exception\.\n$/],
    ];
    for (const [tool, args, expected] of cases) {
      const r = await mcp.call(tool, args);
      assert.ok(r.isError && expected.test(r.text) && oneSentence(r.text), `${tool} ${JSON.stringify(args).slice(0, 60)} → ${JSON.stringify(r.text)}`);
    }
    // and the server is still there
    assert.match((await mcp.call('check_technology', { package: 'express' })).text, /: ALLOWED\./);
  });

  test('a folder without a policy: nothing is checked, nothing is drafted', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-mcp-none-'));
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { fastify: '5' } }));
    mcp = await startMcp(root);
    const r = await mcp.call('check_technology', { package: 'fastify', path: 'package.json' });
    assert.match(r.text, /^Fastify \(web framework; technology id "fastify"\): NOT CHECKED by this policy\.\nThis folder has no techpolicy\.json, so nothing is checked here\./);
    assert.strictEqual(r.structured?.answers[0].verdict, 'not-checked');
    assert.strictEqual((await mcp.call('current_findings', {})).text, 'No workspace folder has a techpolicy.json: nothing is checked.\n');
    const request = await mcp.call('request_exception', { kind: 'technology', subject: 'fastify' });
    assert.ok(request.isError && /has no techpolicy\.json/.test(request.text));
    assert.deepStrictEqual(fs.readdirSync(root), ['package.json']);
    const stack = (await mcp.client.readResource({ uri: 'techpolicy://stack' })).contents[0] as { text: string };
    assert.match(stack.text, /no techpolicy\.json/);
  });

  test('untrusted by default: no git (requested-by is left for the person); --trusted: git gives the name', async () => {
    for (const trusted of [false, true]) {
      const root = copyShop();
      execFileSync('git', ['init', '-q'], { cwd: root });
      execFileSync('git', ['config', 'user.name', 'Sam Lee'], { cwd: root });
      execFileSync('git', ['config', 'user.email', 'sam@shop.example'], { cwd: root });
      const spy = spyGit();
      mcp = await startMcp(root, { args: trusted ? ['--trusted'] : [], env: spy.env });
      const r = await mcp.call('request_exception', { kind: 'service', subject: 'uploads', path: 'services/uploads' });
      assert.match(r.text, /^Wrote docs\/policy-exceptions\/EX-0004-uploads\.md/);
      const doc = fs.readFileSync(path.join(root, 'docs', 'policy-exceptions', 'EX-0004-uploads.md'), 'utf8');
      await mcp.close();
      mcp = undefined;
      if (trusted) {
        assert.match(doc, /^requested-by: Sam Lee <sam@shop\.example>$/m);
        assert.ok(spy.calls().length > 0 && spy.calls().every((c) => /^config --get-regexp /.test(c) || / config --get-regexp /.test(` ${c}`)), spy.calls().join('\n'));
      } else {
        assert.match(doc, /^requested-by: +# you: Name <email>$/m);
        assert.deepStrictEqual(spy.calls(), [], 'no git process without --trusted');
      }
    }
  });

  test('never writes outside the workspace: an exceptions directory that is a link out is refused', async () => {
    const root = copyShop();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-outside-'));
    fs.rmSync(path.join(root, 'docs', 'policy-exceptions'), { recursive: true });
    fs.symlinkSync(outside, path.join(root, 'docs', 'policy-exceptions'));
    mcp = await startMcp(root);
    const r = await mcp.call('request_exception', { kind: 'technology', subject: 'fastify' });
    assert.ok(r.isError && /^No request can be written: the exceptions directory is a link to a file outside the workspace folder\.\n$/.test(r.text), r.text);
    assert.deepStrictEqual(fs.readdirSync(outside), []);
  });

  test('the policy and the exception documents are read again when they change on disk', async () => {
    const root = copyShop();
    mcp = await startMcp(root);
    assert.match((await mcp.call('check_technology', { package: 'fastify' })).text, /NOT ALLOWED/);
    const policyFile = path.join(root, 'techpolicy.json');
    fs.writeFileSync(policyFile, fs.readFileSync(policyFile, 'utf8').replace('"express": { "ring": "adopt" },', '"express": { "ring": "adopt" },\n    "fastify": { "ring": "trial" },'));
    assert.match((await mcp.call('check_technology', { package: 'fastify' })).text, /^Fastify \(web framework; technology id "fastify"\): ALLOWED\.\nIt is in this repository's approved stack: ring trial\./);
    fs.rmSync(path.join(root, 'docs', 'policy-exceptions', 'EX-0002-graphql.md'));
    assert.match((await mcp.call('check_technology', { package: 'graphql' })).text, /\nExceptions: none names GraphQL\.\n/);
  });
  test('the server VS Code is offered (techPolicy.agents.mcpServer): one per folder with a policy, only when asked, --trusted only when trusted; its command line starts a working server', async () => {
    const folders = [
      { name: 'shop', fsPath: SHOP, policy: 'ok' },
      { name: 'broken', fsPath: '/repos/broken', policy: 'invalid' },
      { name: 'docs', fsPath: '/repos/docs', policy: 'none' },
    ];
    const context = { enabled: true, cli: CLI, execPath: process.execPath, trusted: false, version: '0.1.0' };
    assert.deepStrictEqual(mcpDefinitionSpecs(folders, { ...context, enabled: false }), []);
    const specs = mcpDefinitionSpecs(folders, context);
    assert.deepStrictEqual(specs, [
      { label: 'Tech Policy (shop)', command: process.execPath, args: [CLI, 'mcp', SHOP], env: { ELECTRON_RUN_AS_NODE: '1' }, version: '0.1.0' },
      { label: 'Tech Policy (broken)', command: process.execPath, args: [CLI, 'mcp', '/repos/broken'], env: { ELECTRON_RUN_AS_NODE: '1' }, version: '0.1.0' },
    ]);
    assert.deepStrictEqual(mcpDefinitionSpecs(folders, { ...context, trusted: true })[0].args, [CLI, 'mcp', SHOP, '--trusted']);
    // started as VS Code starts a definition: its command, its arguments, its environment over the editor's
    mcp = await startMcpCommand(specs[0].command, specs[0].args, { ...process.env, ...specs[0].env });
    const { tools } = await mcp.client.listTools();
    assert.deepStrictEqual(tools.map((t) => t.name), AGENT_TOOLS.map((t) => t.name));
    const check = await mcp.call('check_technology', { package: 'fastify', ecosystem: 'npm', path: 'server/package.json' });
    assert.match(check.text, /^Fastify \(web framework; technology id "fastify"\): NOT ALLOWED without a signed exception \(rule new-technology\)\./);
  });
});
