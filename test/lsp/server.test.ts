// Every test here drives the real server over stdio (a process, a workspace scan, messages): about a
// second each, more on a busy 2-core machine; npm run test:lsp gives each test 20 s (--timeout 20000).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { copyFixture, rangeOf, uriOf } from '../support/fixtures';
import { unescapeMarkdown } from '../support/markdown';
import { type ServerUnderTest, startServer } from '../support/lspClient';

suite('language server over stdio', () => {
  let root: string;
  let server: ServerUnderTest;
  const uri = (rel: string) => uriOf(path.join(root, rel));
  const codes = (rel: string) => server.diagnosticsFor(uri(rel)).map((d) => `${d.code} ${(d.data as { subject: string }).subject}`);

  setup(async () => {
    root = copyFixture('unit/core');
    server = await startServer(root);
  });
  teardown(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('publishes diagnostics for every package.json and exception document at start, none opened', async () => {
    await server.waitFor('root package.json', () => server.diagnostics.has(uri('package.json')));
    await server.waitFor('services/api/package.json', () => server.diagnostics.has(uri('services/api/package.json')));
    await server.waitFor('EX-0003', () => server.diagnostics.has(uri('docs/policy-exceptions/EX-0003-nestjs.md')));
    assert.deepStrictEqual(codes('services/api/package.json'), ['new-technology fastify']);
    assert.deepStrictEqual(codes('docs/policy-exceptions/EX-0003-nestjs.md'), ['exception-invalid EX-0003']);
    const fastify = server.diagnosticsFor(uri('package.json')).find((d) => (d.data as { subject: string }).subject === 'fastify')!;
    const text = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    assert.deepStrictEqual(fastify.range, rangeOf(text, '"fastify"'));
    assert.strictEqual(fastify.source, 'tech-policy');
    assert.strictEqual(fastify.code, 'new-technology');
    assert.strictEqual(fastify.codeDescription?.href, 'https://github.com/tech-policy/tech-policy/blob/main/docs/rules/new-technology.md');
    assert.match(fastify.message as string, /^EX-0002 requested, not yet signed: Fastify: /);
  });

  test('an open document is checked from its unsaved text on every change', async () => {
    const docUri = uri('package.json');
    await server.waitForDiagnostics(docUri, 'the start-up check from disk', (d) => d.length > 0);
    let text = '{\n  "dependencies": {\n    "express": "^4.21.0"\n  }\n}\n';
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: docUri, languageId: 'json', version: 1, text } });
    await server.waitForDiagnostics(docUri, 'no findings for the opened text', (d) => d.length === 0);
    text = '{\n  "dependencies": {\n    "express": "^4.21.0",\n    "koa": "^2.15.0"\n  }\n}\n';
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: docUri, version: 2 }, contentChanges: [{ text }] });
    const [d] = await server.waitForDiagnostics(docUri, 'koa', (list) => list.length === 1);
    assert.deepStrictEqual(d.range, rangeOf(text, '"koa"'));
    assert.deepStrictEqual(d.data, { rule: 'new-technology', subject: 'koa', subjectName: 'Koa', kind: 'technology', file: docUri });
    // half-typed JSON keeps the keys that parse
    const half = '{\n  "dependencies": {\n    "koa": "^2.15.0",\n    "fast';
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: docUri, version: 3 }, contentChanges: [{ text: half }] });
    await server.waitForDiagnostics(docUri, 'koa in half-typed text', (list) => list[0]?.range.start.line === 2);
    assert.deepStrictEqual(codes('package.json'), ['new-technology koa']);
  });

  test('hover and code actions on a dependency', async () => {
    const docUri = uri('package.json');
    const text = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: docUri, languageId: 'json', version: 1, text } });
    const diags = await server.waitForDiagnostics(docUri, 'diagnostics', (list) => list.length > 0);
    const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: docUri }, position: rangeOf(text, '"graphql"').start })) as Hover;
    const md = unescapeMarkdown((hover.contents as MarkupContent).value);
    assert.ok(md.startsWith('**GraphQL** — API style · not approved'), md);
    assert.ok(md.includes('We run on boring technology.'), md);
    const express = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: docUri }, position: rangeOf(text, 'express').start })) as Hover;
    assert.ok((express.contents as MarkupContent).value.includes('approved (adopt)'));

    const graphql = diags.filter((d) => (d.data as { subject: string }).subject === 'graphql');
    const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: docUri }, range: graphql[0].range, context: { diagnostics: graphql } })) as CodeAction[];
    assert.deepStrictEqual(actions.map((a) => [a.title, a.kind]), [
      ['Request an exception for GraphQL', 'quickfix'],
      ['Policy owner: approve GraphQL in techpolicy.json', 'quickfix'],
      ['Show rule documentation (new-technology)', 'quickfix'],
    ]);
    const changes = actions[0].edit!.documentChanges!;
    assert.deepStrictEqual(changes[0], { kind: 'create', uri: uri('docs/policy-exceptions/EX-0007-graphql.md'), options: { overwrite: false, ignoreIfExists: false } });
    await server.connection.sendRequest('workspace/executeCommand', actions[0].command);
    assert.deepStrictEqual(server.shown, [uri('docs/policy-exceptions/EX-0007-graphql.md')]);
  });

  test('an exception document signed on disk makes the finding go away, without a restart', async () => {
    const pkg = uri('services/api/package.json');
    await server.waitFor('fastify in services/api', () => server.diagnostics.get(pkg)?.length === 1);
    const doc = path.join(root, 'docs/policy-exceptions/EX-0002-fastify.md');
    fs.writeFileSync(doc, fs.readFileSync(doc, 'utf8').replace('status: requested', 'status: approved').replace('approved-by:', 'approved-by: Dana Reyes').replace('approved-on:', 'approved-on: 2026-11-24'));
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(doc), type: 2 }] });
    await server.waitFor('fastify to disappear', () => server.diagnostics.get(pkg)?.length === 0);
    assert.ok(!codes('package.json').includes('new-technology fastify'));
  });

  test('a broken policy: diagnostics in techpolicy.json at the exact range; the valid parts keep working', async () => {
    const policyUri = uri('techpolicy.json');
    const text = fs.readFileSync(path.join(root, 'techpolicy.json'), 'utf8').replace('"ring": "assess"', '"ring": "maybe"');
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: policyUri, languageId: 'jsonc', version: 1, text } });
    const [d] = await server.waitForDiagnostics(policyUri, 'policy problem', (list) => list.length > 0);
    assert.deepStrictEqual(d.range, rangeOf(text, '"maybe"'));
    assert.strictEqual(d.message, 'Invalid ring "maybe": use one of adopt, trial, assess, hold.');
    // mongodb lost its ring, so it is now a new technology; express is still approved
    await server.waitFor('mongoose as new-technology', () => codes('package.json').includes('new-technology mongodb'));
    assert.ok(!codes('package.json').some((c) => c.endsWith(' express')));
  });

  test('the findings and requestException custom requests serve the palette command', async () => {
    await server.waitFor('start-up', () => server.diagnostics.has(uri('services/api/package.json')));
    const findings = (await server.connection.sendRequest('techPolicy/findings')) as Array<{ subject: string; rule: string }>;
    assert.ok(findings.some((f) => f.subject === 'graphql' && f.rule === 'new-technology'));
    assert.ok(!findings.some((f) => f.rule === 'exception-invalid'), 'exception documents are not findings to request exceptions for');
    const result = (await server.connection.sendRequest('techPolicy/requestException', { uri: uri('package.json'), rule: 'new-technology', subject: 'graphql' })) as { id: string; uri: string };
    assert.strictEqual(result.id, 'EX-0007');
    assert.strictEqual(result.uri, uri('docs/policy-exceptions/EX-0007-graphql.md'));
  });

  test('the findings request, counted: exactly what the status bar counts, exception documents\' problems included', async () => {
    await server.waitFor('start-up', () => server.diagnostics.has(uri('services/api/package.json')) && server.diagnostics.has(uri('docs/policy-exceptions/EX-0003-nestjs.md')));
    const status = await server.waitFor('a status', () => server.status?.folders[0]?.findings);
    const counted = (await server.connection.sendRequest('techPolicy/findings', { counted: true })) as Array<{ subject: string; rule: string }>;
    assert.strictEqual(counted.length, status, JSON.stringify(counted));
    assert.ok(counted.some((f) => f.rule === 'exception-invalid'), JSON.stringify(counted));
    const forRequests = (await server.connection.sendRequest('techPolicy/findings')) as unknown[];
    assert.ok(forRequests.length < counted.length);
  });

  test('an approver edits the open request: the finding goes away as soon as the signature is valid', async () => {
    const pkg = uri('services/api/package.json');
    await server.waitForDiagnostics(pkg, 'fastify', (d) => d.length === 1);
    const docUri = uri('docs/policy-exceptions/EX-0002-fastify.md');
    const original = fs.readFileSync(path.join(root, 'docs/policy-exceptions/EX-0002-fastify.md'), 'utf8');
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: docUri, languageId: 'markdown', version: 1, text: original } });
    const signed = (by: string) => original.replace('status: requested', 'status: approved').replace('approved-by:', `approved-by: ${by}`).replace('approved-on:', 'approved-on: 2026-11-24');
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: docUri, version: 2 }, contentChanges: [{ text: signed('Sam Lee') }] });
    const [invalid] = await server.waitForDiagnostics(docUri, 'exception-invalid on approved-by', (d) => d.length === 1);
    assert.strictEqual(invalid.code, 'exception-invalid');
    assert.deepStrictEqual(invalid.range, rangeOf(signed('Sam Lee'), 'Sam Lee', 1));
    assert.strictEqual(server.diagnosticsFor(pkg).length, 1, 'an invalid signature silences nothing');
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: docUri, version: 3 }, contentChanges: [{ text: signed('Dana Reyes') }] });
    await server.waitForDiagnostics(pkg, 'fastify to go away', (d) => d.length === 0);
    await server.waitForDiagnostics(docUri, 'the document to be valid', (d) => d.length === 0);
  });

  test('create policy from workspace: a starter that approves what is in use, or the existing file', async () => {
    await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')));
    const existing = (await server.connection.sendRequest('techPolicy/createPolicy', { folderUri: uriOf(root) })) as { exists: boolean; uri: string };
    assert.deepStrictEqual(existing, { uri: uri('techpolicy.json'), exists: true });
    await server.stop();
    fs.rmSync(path.join(root, 'techpolicy.json'));
    server = await startServer(root);
    await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')));
    const created = (await server.connection.sendRequest('techPolicy/createPolicy', { folderUri: uriOf(root) })) as { exists: boolean; text: string };
    assert.strictEqual(created.exists, false);
    for (const id of ['express', 'fastify', 'kafka', 'mongodb', 'nestjs', 'redis', 'vitest', 'vue', 'graphql']) assert.ok(created.text.includes(`"${id}": { "ring": "adopt" }`), id);
    assert.ok(!fs.existsSync(path.join(root, 'techpolicy.json')), 'the server never writes: the client applies the edit');
  });

  test('settings: techPolicy.enable turns a folder off, techPolicy.policyFile moves the policy', async () => {
    const pkg = uri('services/api/package.json');
    await server.waitForDiagnostics(pkg, 'fastify', (d) => d.length === 1);
    server.settings = { enable: false };
    server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await server.waitForDiagnostics(pkg, 'cleared when disabled', (d) => d.length === 0);
    fs.mkdirSync(path.join(root, 'config'));
    fs.writeFileSync(path.join(root, 'config/policy.json'), JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], technologies: { fastify: { ring: 'hold' } } }));
    server.settings = { enable: true, policyFile: 'config/policy.json' };
    server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const [d] = await server.waitForDiagnostics(pkg, 'hold-technology from the moved policy', (list) => list.length === 1);
    assert.strictEqual(d.code, 'hold-technology');
  });

  test('every workspace folder is checked against its own policy; node_modules never', async () => {
    await server.stop();
    const second = copyFixture('unit/monolith');
    fs.mkdirSync(path.join(second, 'node_modules/fastify'), { recursive: true });
    fs.writeFileSync(path.join(second, 'node_modules/fastify/package.json'), JSON.stringify({ name: 'fastify', dependencies: { koa: '2' } }));
    fs.writeFileSync(path.join(second, 'server/package.json'), fs.readFileSync(path.join(second, 'server/package.json'), 'utf8').replace('"express":', '"koa": "^2.15.0",\n    "express":'));
    try {
      server = await startServer([root, second]);
      await server.waitFor('both folders', () => server.log.filter((l) => l.startsWith('Scanned')).length === 2);
      await server.waitForDiagnostics(uriOf(path.join(second, 'server/package.json')), 'koa in the second folder', (d) => d.length === 1);
      await server.waitForDiagnostics(uri('services/api/package.json'), 'the first folder too', (d) => d.length === 1);
      assert.ok(![...server.diagnostics.keys()].some((u) => u.includes('node_modules')));
    } finally {
      fs.rmSync(second, { recursive: true, force: true });
    }
  });

  test('a change to a file the policy extends, or to its ignore list, re-checks the folder', async () => {
    const pkg = uri('services/api/package.json');
    await server.waitForDiagnostics(pkg, 'fastify', (d) => d.length === 1);
    fs.writeFileSync(path.join(root, 'base.json'), JSON.stringify({ technologies: { fastify: { ring: 'hold' } } }));
    const policyPath = path.join(root, 'techpolicy.json');
    fs.writeFileSync(policyPath, fs.readFileSync(policyPath, 'utf8').replace('{', '{ "extends": "./base.json", "ignore": ["services/api/**"],'));
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('techpolicy.json'), type: 2 }] });
    await server.waitForDiagnostics(pkg, 'services/api ignored', (d) => d.length === 0);
    assert.ok(codes('package.json').includes('hold-technology fastify'), codes('package.json').join(', '));
    fs.writeFileSync(policyPath, fs.readFileSync(policyPath, 'utf8').replace('"ignore": ["services/api/**"],', ''));
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('techpolicy.json'), type: 2 }] });
    await server.waitForDiagnostics(pkg, 'services/api back after the ignore is removed', (d) => d.length === 1);
    fs.writeFileSync(path.join(root, 'base.json'), JSON.stringify({ technologies: { fastify: { ring: 'adopt' } } }));
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('base.json'), type: 2 }] });
    await server.waitForDiagnostics(pkg, 'fastify approved through extends', (d) => d.length === 0);
  });

  test('URIs are compared after normalisation: a client that does not percent-encode still gets its diagnostics', async () => {
    await server.stop();
    const odd = path.join(root, '@acme shop ñ');
    fs.mkdirSync(odd);
    for (const f of ['techpolicy.json', 'package.json']) fs.copyFileSync(path.join(root, f), path.join(odd, f));
    server = await startServer(odd);
    await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')));
    const raw = `file://${odd}/package.json`; // as some editors send it: no %40, no %20
    const text = '{ "dependencies": { "koa": "2" } }';
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: raw, languageId: 'json', version: 1, text } });
    const [d] = await server.waitForDiagnostics(raw, 'koa under the client URI', (list) => list.length === 1);
    assert.strictEqual((d.data as { subject: string }).subject, 'koa');
  });

  test('a minimal LSP editor (Neovim/Helix style: rootUri only, no configuration, no watchers) gets diagnostics, hovers and code actions', async () => {
    await server.stop();
    server = await startServer(root, { minimal: true });
    const pkg = uri('services/api/package.json');
    const [d] = await server.waitForDiagnostics(pkg, 'diagnostics for a file never opened', (list) => list.length === 1);
    const text = fs.readFileSync(path.join(root, 'services/api/package.json'), 'utf8');
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: pkg, languageId: 'json', version: 1, text } });
    const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: pkg }, position: d.range.start })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /^\*\*Fastify\*\* — web framework · not approved/);
    const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: pkg }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    // it cannot open documents on request: no action that would only open one (it would do nothing);
    // the rule's page it is told about (a message with the address)
    assert.deepStrictEqual(actions.map((a) => a.title), ['Policy owner: approve Fastify in techpolicy.json', 'Show rule documentation (new-technology)']);
    // the state lens names a command this server runs, not the VS Code client's view
    const exUri = uri('docs/policy-exceptions/EX-0002-fastify.md');
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: exUri, languageId: 'markdown', version: 1, text: fs.readFileSync(path.join(root, 'docs/policy-exceptions/EX-0002-fastify.md'), 'utf8') } });
    const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: exUri } })) as Array<{ command?: { title: string; command: string } }>;
    assert.ok(lenses.length > 0 && lenses.every((l) => l.command?.command.startsWith('techPolicy.') && l.command.command !== 'techPolicy.showExceptions'), JSON.stringify(lenses));
    const ran = await server.connection.sendRequest('workspace/executeCommand', lenses[0].command);
    assert.strictEqual(ran, null);
  });

  test('a client without settings gets the defaults; no policy file means nothing is flagged', async () => {
    await server.stop();
    fs.rmSync(path.join(root, 'techpolicy.json'));
    server = await startServer(root, { settings: null });
    await server.waitFor('start-up log', () => server.log.some((l) => l.includes('Tech Policy server ready')));
    assert.deepStrictEqual([...server.diagnostics.values()].flat(), []);
  });
});
