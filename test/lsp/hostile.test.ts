// Every test here drives the real server over stdio (a process, a workspace scan, messages): about a
// second each, more on a busy 2-core machine; npm run test:lsp gives each test 20 s (--timeout 20000).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeAction, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { rangeOf, uriOf } from '../support/fixtures';
import { type ServerUnderTest, startServer } from '../support/lspClient';

function workspace(files: Record<string, string>, policy: object = { approvers: [{ name: 'Dana Reyes' }], technologies: { express: { ring: 'adopt' } } }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-lsp-hostile-'));
  fs.writeFileSync(path.join(root, 'techpolicy.json'), JSON.stringify(policy));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const subjects = (server: ServerUnderTest, uri: string) =>
  server
    .diagnosticsFor(uri)
    .map((d) => (d.data as { subject?: string } | undefined)?.subject ?? String(d.code))
    .sort();

suite('language server: hostile and broken input', function () {
  this.timeout(60_000);
  let server: ServerUnderTest | undefined;
  teardown(async () => {
    await server?.stop();
    server = undefined;
  });

  test('1,000 edits as fast as they come, and edits in three files at once: the last text of each is what is published', async () => {
    const root = workspace({ 'a/package.json': '{}', 'b/package.json': '{}', 'c/package.json': '{}' });
    server = await startServer(root);
    const uris = ['a', 'b', 'c'].map((d) => uriOf(path.join(root, d, 'package.json')));
    for (const uri of uris) server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 0, text: '{}' } });
    const techs = ['fastify', 'koa', 'hapi', 'nestjs', 'express'];
    const textFor = (v: number, i: number) => JSON.stringify({ dependencies: { [techs[(v + i) % techs.length]]: '1' } });
    for (let v = 1; v <= 1000; v++) {
      uris.forEach((uri, i) => {
        if (v % (i + 1) === 0 || v === 1000) server!.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: textFor(v, i) }] });
      });
    }
    for (const [i, uri] of uris.entries()) {
      const last = techs[(1000 + i) % techs.length];
      const expected = last === 'express' ? [] : [last === 'nestjs' ? 'nestjs' : last];
      await server.waitFor(`${uri} to show the last text`, () => JSON.stringify(subjects(server!, uri)) === JSON.stringify(expected));
    }
  });

  test('an edit that removes fastify and adds 10,000-deep nesting replaces the old squiggle with the problem; the hover still answers', async () => {
    const root = workspace({ 'package.json': JSON.stringify({ dependencies: { fastify: '5' } }) });
    server = await startServer(root);
    const uri = uriOf(path.join(root, 'package.json'));
    await server.waitForDiagnostics(uri, 'fastify', (d) => d.length === 1);
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: JSON.stringify({ dependencies: { fastify: '5' } }) } });
    const deep = `{ "dependencies": { "koa": "2" }, "x": ${'['.repeat(10_000)}${']'.repeat(10_000)} }`;
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: deep }] });
    const [d] = await server.waitForDiagnostics(uri, 'the nesting problem in place of fastify', (list) => list.length === 1 && list[0].code === 'parse-error');
    assert.match(d.message as string, /nests more than 200 levels deep/);
    const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 22 } })) as Hover | null;
    assert.strictEqual(hover, null);
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: '{ "dependencies": { "koa": "2" } }' }] });
    await server.waitFor('koa after the nesting is gone', () => JSON.stringify(subjects(server!, uri)) === '["koa"]');
    assert.ok(!server.log.some((l) => /failed:/.test(l)), server.log.filter((l) => /failed:/.test(l)).join('\n'));
  });

  test('10,000-deep YAML, 50,000-deep XML and 20,000-deep TOML, opened and hovered: problems, never a dead server (the YAML once aborted it)', async () => {
    const root = workspace({});
    server = await startServer(root);
    await server.waitFor('start-up', () => server!.log.some((l) => l.includes('server ready')));
    const texts: Record<string, string> = {
      'f1/serverless.yml': `service: deep\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      'f2/pom.xml': `<project><dependencies>${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}<dependency><groupId>org.springframework.kafka</groupId><artifactId>spring-kafka</artifactId></dependency></dependencies></project>`,
      'f3/Cargo.toml': `[dependencies]\nx = ${'['.repeat(20_000)}${']'.repeat(20_000)}\naxum = "1"\n`,
    };
    for (const [rel, text] of Object.entries(texts)) {
      const uri = uriOf(path.join(root, rel));
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
      await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
      await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 8 } });
    }
    const yaml = await server.waitForDiagnostics(uriOf(path.join(root, 'f1/serverless.yml')), 'the nesting problem', (l) => l.length > 0);
    assert.match(String(yaml[0].message), /nests more than 200 levels deep/);
    // XML is read as a stream: however deep, the dependency after the nesting still counts
    await server.waitForDiagnostics(uriOf(path.join(root, 'f2/pom.xml')), 'kafka', (l) => l.some((d) => (d.data as { subject?: string })?.subject === 'kafka'));
    await server.waitForDiagnostics(uriOf(path.join(root, 'f3/Cargo.toml')), 'a problem or axum', (l) => l.length > 0);
    assert.strictEqual(server.process.exitCode, null, 'the server is alive');
    assert.ok(!server.log.some((l) => /failed:/.test(l)), server.log.filter((l) => /failed:/.test(l)).join('\n'));
  });

  test('a file event for a linked package.json that leads out of the workspace reads nothing of it', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-outside-'));
    fs.writeFileSync(path.join(outside, 'package.json'), JSON.stringify({ dependencies: { 'secret-from-outside': '1', fastify: '5' } }));
    const root = workspace({});
    server = await startServer(root);
    await server.waitFor('start-up', () => server!.log.some((l) => l.includes('server ready')));
    fs.mkdirSync(path.join(root, 'linked'));
    fs.symlinkSync(path.join(outside, 'package.json'), path.join(root, 'linked/package.json'));
    const uri = uriOf(path.join(root, 'linked/package.json'));
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
    await server.waitFor('the refusal in the log', () => server!.log.some((l) => l.includes('linked/package.json') && l.includes('outside the workspace folder')));
    assert.deepStrictEqual(server.diagnosticsFor(uri), []);
    assert.ok(!server.log.some((l) => l.includes('secret-from-outside')));
  });

  test('an exception file with a huge id: the code action answers with a valid next id', async () => {
    const root = workspace({ 'package.json': JSON.stringify({ dependencies: { fastify: '5' } }), 'docs/policy-exceptions/EX-9007199254740992-x.md': '---\nid: EX-9007199254740992\n---\n', 'docs/policy-exceptions/EX-99999999999999999999-y.md': 'x' });
    server = await startServer(root);
    const uri = uriOf(path.join(root, 'package.json'));
    const diags = await server.waitForDiagnostics(uri, 'fastify', (d) => d.length === 1);
    const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: diags } })) as CodeAction[];
    const create = actions[0].edit!.documentChanges![0] as { uri: string };
    assert.strictEqual(create.uri, uriOf(path.join(root, 'docs/policy-exceptions/EX-0001-fastify.md')));
  });

  test('a hostile .git/config never runs a program: not when trusted, and without trust git does not run at all', async () => {
    const root = workspace({ 'package.json': JSON.stringify({ dependencies: { fastify: '5' } }) });
    const marker = path.join(os.tmpdir(), `tp-hostile-ran-${process.pid}`);
    const evil = path.join(root, 'evil.sh');
    fs.writeFileSync(evil, `#!/bin/sh\necho "$0 $@" >> ${marker}\n`, { mode: 0o755 });
    execFileSync('git', ['init', '-q'], { cwd: root });
    for (const [key, value] of [
      ['core.fsmonitor', evil],
      ['core.pager', evil],
      ['core.sshCommand', evil],
      ['core.hooksPath', root],
      ['credential.helper', `!${evil}`],
      ['diff.external', evil],
      ['filter.evil.smudge', evil],
      ['filter.evil.clean', evil],
      ['gpg.ssh.program', evil],
      ['user.name', 'Sam Lee'],
      ['user.email', 'sam@acme.example'],
    ]) execFileSync('git', ['config', key, value], { cwd: root });
    fs.writeFileSync(path.join(root, '.gitattributes'), '* filter=evil\n');
    fs.writeFileSync(path.join(root, 'post-checkout'), `#!/bin/sh\n${evil}\n`, { mode: 0o755 });
    // a spy git on PATH (outside the workspace) records every git command the server runs
    const spyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-spy-'));
    const spyLog = path.join(spyDir, 'calls');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(path.join(spyDir, 'git'), `#!/bin/sh\necho "$@" >> ${spyLog}\nexec ${realGit} "$@"\n`, { mode: 0o755 });
    const env = { ...process.env, PATH: `${spyDir}${path.delimiter}${process.env.PATH}` };
    const uri = uriOf(path.join(root, 'package.json'));
    for (const trusted of [true, undefined]) {
      server = await startServer(root, { trusted, env });
      const diags = await server.waitForDiagnostics(uri, 'fastify', (d) => d.length === 1);
      const request = (await server.connection.sendRequest('techPolicy/requestException', { uri, rule: 'new-technology', subject: 'fastify' })) as { edit: { documentChanges: Array<{ edits?: Array<{ newText: string }> }> } };
      const text = request.edit.documentChanges[1].edits![0].newText;
      if (trusted) assert.match(text, /requested-by: Sam Lee <sam@acme\.example>/, 'trusted: the name comes from git');
      else assert.match(text, /^requested-by: +# you: Name <email>$/m, 'untrusted: git was not asked');
      await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: diags } });
      await server.stop();
      server = undefined;
      const calls = fs.existsSync(spyLog) ? fs.readFileSync(spyLog, 'utf8').trim().split('\n') : [];
      if (trusted) assert.ok(calls.length > 0 && calls.every((c) => / config --get-regexp /.test(` ${c} `)), calls.join('\n'));
      else assert.deepStrictEqual(calls, [], 'no git process without trust');
      fs.rmSync(spyLog, { force: true });
    }
    assert.ok(!fs.existsSync(marker), fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '');
  });

  test('Markdown in an exception id or a name never becomes a link or an image in the hover', async () => {
    const evil = 'x](https://evil.example/a) ![p](https://evil.example/pixel.png)';
    const root = workspace({
      'package.json': JSON.stringify({ dependencies: { fastify: '5' } }),
      'docs/policy-exceptions/EX-0001-fastify.md': `---\nid: "${evil}"\nrule: new-technology\nsubject: fastify\nstatus: requested\nrequested-by: "${evil}"\n---\n`,
    });
    server = await startServer(root);
    const uri = uriOf(path.join(root, 'package.json'));
    const text = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    await server.waitForDiagnostics(uri, 'fastify', (d) => d.length === 1);
    const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: rangeOf(text, '"fastify"').start })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.ok(!/(?<!\\)\]\(https:\/\/evil/.test(md) && !/(?<!\\)!\[/.test(md), md);
  });

  test('130,000 dependencies with unlisted-dependency on: the server publishes 20,000 and the limit, stays up, and a code action over all of them answers with a bounded list', async function () {
    // 20,000 diagnostics (about 10 MB) cross the pipe and are decoded by the test's client: seconds of work, more on a busy machine
    this.timeout(180_000);
    const root = workspace({}, { approvers: [{ name: 'Dana Reyes' }], rules: { 'unlisted-dependency': 'warning' } });
    server = await startServer(root);
    const uri = uriOf(path.join(root, 'package.json'));
    const deps = Object.fromEntries(Array.from({ length: 130_000 }, (_, i) => [`lib-${i}`, '1']));
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: JSON.stringify({ dependencies: deps }, null, 1) } });
    const published = await server.waitForDiagnostics(uri, 'the findings and the limit', (d) => d.length === 20_001, 120_000);
    assert.ok(published.some((d) => /more than 20,000 dependencies; only the first 20,000 are checked/.test(String(d.message))));
    const diagnostics = [...published, ...published, ...published, ...published];
    const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 130_002, character: 0 } }, context: { diagnostics } })) as CodeAction[];
    assert.strictEqual(actions.filter((a) => a.title.startsWith('Request an exception for ')).length, 100);
    // the server is still there and answers (a plain library has no hover: null is the answer)
    assert.strictEqual(await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 3 } }), null);
    assert.strictEqual(server.process.exitCode, null);
  });

  test('an untrusted workspace\'s techPolicy.policyFile cannot make the server read a file outside it (nor quote it); a trusted one may', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-lsp-setting-'));
    const root = path.join(parent, 'repo');
    fs.mkdirSync(path.join(parent, 'outside'), { recursive: true });
    fs.mkdirSync(root);
    const secret = path.join(parent, 'outside', 'secret.json');
    fs.writeFileSync(secret, JSON.stringify({ apiToken: 's3cr3t-value', technologies: { express: 'sideways' } }));
    fs.writeFileSync(path.join(root, 'techpolicy.json'), JSON.stringify({ technologies: { express: { ring: 'adopt' } } }));
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { express: '5', fastify: '5' } }));
    const settings = { policyFile: '../outside/secret.json' };
    server = await startServer(root, { settings, trusted: false });
    const pkg = uriOf(path.join(root, 'package.json'));
    // the folder's own policy judges: fastify is new, express is approved
    await server.waitForDiagnostics(pkg, 'the folder\'s own policy', (d) => d.length === 1 && (d[0].data as { subject?: string }).subject === 'fastify');
    assert.deepStrictEqual(server.diagnosticsFor(uriOf(secret)), [], 'nothing of the outside file is published');
    assert.ok(![...server.diagnostics.values()].flat().some((d) => /s3cr3t|apiToken|sideways/.test(String(d.message))), 'nothing of it is quoted');
    assert.ok(server.log.some((l) => l.includes('The setting techPolicy.policyFile ("../outside/secret.json") leads outside the workspace folder repo, and the workspace is not trusted: it is ignored and techpolicy.json is used.')), server.log.join('\n'));
    await server.stop();
    // trusted: the user's choice stands, and the policy's problems are shown where they are
    server = await startServer(root, { settings, trusted: true });
    await server.waitForDiagnostics(uriOf(secret), 'the outside policy, read on purpose', (d) => d.some((x) => /sideways/.test(String(x.message))));
  });
});
