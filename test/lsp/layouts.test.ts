// Every test here drives the real server over stdio (a process, a workspace scan, messages): about a
// second each, more on a busy 2-core machine; npm run test:lsp gives each test 20 s (--timeout 20000).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'jsonc-parser';
import type { CodeAction, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { copyFixture, fixturePath, uriOf } from '../support/fixtures';
import { unescapeMarkdown } from '../support/markdown';
import { LAYOUT_CASES } from '../support/layoutCases';
import { layout } from '../support/layouts';
import { type ServerUnderTest, startServer } from '../support/lspClient';

/**
 * The server on a mixed real layout (test/fixtures/layouts-mixed) that nobody opened: the same
 * findings as `tech-policy check`, including those that need the whole workspace (a compose file
 * naming a Dockerfile's service, a chart's vendored subchart, a kustomization's patch).
 */
suite('language server: a mixed real layout, no file opened', () => {
  let root: string;
  let server: ServerUnderTest;
  const uri = (rel: string) => uriOf(path.join(root, rel));
  const lines = () =>
    [...server.diagnostics.entries()]
      .flatMap(([u, list]) => list.map((d) => `${path.relative(root, new URL(u).pathname)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${(d.data as { subject: string }).subject}`))
      .sort();

  setup(async () => {
    root = copyFixture('layouts-mixed');
    server = await startServer(root);
    await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')));
  });
  teardown(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('every class at once: exactly these findings, nothing from variants, harnesses, seeded datastores, subcharts or patches', () => {
    assert.deepStrictEqual(lines(), [
      'apps/server/Dockerfile:1:1 new-service server',
      'deploy/shop/Chart.yaml:5:11 new-technology kafka',
      'deploy/shop/charts/redis/Chart.yaml:2:7 new-technology redis',
      'docker-compose.yml:4:3 new-service seed',
      'payments/serverless.yml:1:10 new-service payments',
      'payments/serverless.yml:5:3 new-service payments',
      'seed-data/Dockerfile:1:1 new-service seed',
      'services/search/web/Dockerfile:1:1 new-service services-search-web',
    ]);
    const second = server.diagnosticsFor(uri('services/search/web/Dockerfile'))[0];
    assert.strictEqual(second.message, 'Second "web", in services/search/web (the known one: web). Needs a signed exception.');
  });

  test('a second folder with the same path name renames the first by its path, live (no file opened)', async () => {
    fs.mkdirSync(path.join(root, 'packages/server'), { recursive: true });
    fs.writeFileSync(path.join(root, 'packages/server/Dockerfile'), 'FROM node:20\n');
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('packages/server/Dockerfile'), type: 1 }] });
    await server.waitForDiagnostics(uri('packages/server/Dockerfile'), 'packages-server', (list) => (list[0]?.data as { subject?: string })?.subject === 'packages-server');
    await server.waitForDiagnostics(uri('apps/server/Dockerfile'), 'apps-server', (list) => (list[0]?.data as { subject?: string })?.subject === 'apps-server');
  });

  test('a compose entry that starts building a folder names the Dockerfile there (one subject)', async () => {
    const compose = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    fs.writeFileSync(path.join(root, 'docker-compose.yml'), compose + '  api:\n    build: ./apps/server\n');
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('docker-compose.yml'), type: 2 }] });
    await server.waitForDiagnostics(uri('apps/server/Dockerfile'), 'named api by compose', (list) => (list[0]?.data as { subject?: string })?.subject === 'api');
  });
});

/**
 * Each ecosystem idiom in the editor: the layout after `init`, then the team's change typed into
 * unsaved buffers (nothing saved): every addition flagged at the file and line `check` names after
 * the change is saved (test/support/layoutCases.ts), with the same subject.
 */
suite('language server: each ecosystem idiom, the change typed and unsaved', () => {
  const IDIOMS = ['go-services', 'cargo-workspace', 'spring-maven', 'spring-gradle', 'aspire', 'rails-procfile', 'laravel-procfile', 'flask-compose-worker', 'stock-wrappers', 'jib-maven', 'jib-gradle', 'dotnet-containers', 'go-ko', 'goreleaser', 'scala-sbt', 'swift-vapor'];
  let server: ServerUnderTest | undefined;
  teardown(async () => {
    await server?.stop();
    server = undefined;
  });

  function filesOf(dir: string, prefix = ''): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesOf(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
  }

  for (const name of IDIOMS) {
    test(`${name}: silent after init; the change flagged where check flags it`, async function () {
      // a server start plus the workspace scan, on a busy machine
      this.timeout(60000);
      const l = await layout(name);
      const s = (server = await startServer(l.root));
      await s.waitFor('start-up', () => s.log.some((line) => line.includes('server ready')));
      const lines = () =>
        [...s.diagnostics.entries()]
          .flatMap(([u, list]) => list.map((d) => `${path.relative(l.root, new URL(u).pathname)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${(d.data as { subject: string }).subject}`))
          .sort();
      assert.deepStrictEqual(lines(), [], 'silent on day one');
      const change = fixturePath('layouts', name, 'change');
      let version = 1;
      for (const rel of filesOf(change)) {
        const text = fs.readFileSync(path.join(change, rel), 'utf8');
        s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(path.join(l.root, rel)), languageId: 'plaintext', version: version++, text } });
      }
      const expected = LAYOUT_CASES[name].after;
      await s.waitFor(`the change's findings: ${expected.join(', ')}`, () => JSON.stringify(lines()) === JSON.stringify(expected));
    });
  }

  test('a Go binary ko builds: hover names it, the quick fix approves it at its folder (cmd/notifier), and it is known', async function () {
    // a server start, then a few requests
    this.timeout(60000);
    const l = await layout('go-ko');
    const s = (server = await startServer(l.root));
    await s.waitFor('start-up', () => s.log.some((line) => line.includes('server ready')));
    const ko = uriOf(path.join(l.root, '.ko.yaml'));
    const text = fs.readFileSync(fixturePath('layouts', 'go-ko', 'change', '.ko.yaml'), 'utf8');
    s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: ko, languageId: 'yaml', version: 1, text } });
    const [d] = await s.waitForDiagnostics(ko, 'the notifier build', (list) => list.length === 1);
    assert.strictEqual(d.message, '"notifier": new deployable service (known: api and worker). Needs a signed exception.');
    assert.deepStrictEqual([d.code, d.range], ['new-service', { start: { line: 10, character: 10 }, end: { line: 10, character: 24 } }]);
    const hover = (await s.connection.sendRequest('textDocument/hover', { textDocument: { uri: ko }, position: d.range.start })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /^\*\*notifier\*\* — deployable service · not part of the monolith\n/);
    const actions = (await s.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: ko }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const approve = actions.find((a) => a.title.startsWith('Policy owner: approve'));
    assert.ok(approve?.edit, actions.map((a) => a.title).join(', '));
    const policyUri = uriOf(path.join(l.root, 'techpolicy.json'));
    const edits = (approve.edit.changes?.[policyUri] ?? approve.edit.documentChanges?.flatMap((c) => ('textDocument' in c && c.textDocument.uri === policyUri ? c.edits : []))) as TextEdit[];
    const policy = TextDocument.applyEdits(TextDocument.create(policyUri, 'jsonc', 1, fs.readFileSync(path.join(l.root, 'techpolicy.json'), 'utf8')), edits);
    assert.deepStrictEqual((parse(policy) as { services: Record<string, unknown> }).services.notifier, { path: 'cmd/notifier' });
    fs.writeFileSync(path.join(l.root, 'techpolicy.json'), policy);
    s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: policyUri, type: 2 }] });
    await s.waitForDiagnostics(ko, 'approved', (list) => list.length === 0);
  });

  test('a new process of the monolith: the message says so, the hover explains it, the quick fix approves it at "."', async function () {
    // a server start, then a few requests
    this.timeout(60000);
    const l = await layout('rails-procfile');
    const s = (server = await startServer(l.root));
    await s.waitFor('start-up', () => s.log.some((line) => line.includes('server ready')));
    const procfile = uriOf(path.join(l.root, 'Procfile'));
    const text = fs.readFileSync(fixturePath('layouts', 'rails-procfile', 'change', 'Procfile'), 'utf8');
    s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: procfile, languageId: 'plaintext', version: 1, text } });
    const [d] = await s.waitForDiagnostics(procfile, 'the clock process', (list) => list.length === 1);
    assert.strictEqual(d.message, '"clock": new process of the monolith (known: web and worker). Needs a signed exception.');
    assert.deepStrictEqual([d.code, d.range], ['new-service', { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } }]);
    const hover = (await s.connection.sendRequest('textDocument/hover', { textDocument: { uri: procfile }, position: d.range.start })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /^\*\*clock\*\* — new process of the monolith: the monolith's code, deployed and scaled on its own/);
    const known = (await s.connection.sendRequest('textDocument/hover', { textDocument: { uri: procfile }, position: { line: 0, character: 1 } })) as Hover;
    assert.match((known.contents as MarkupContent).value, /^\*\*web\*\* — process of the monolith · known/);
    const actions = (await s.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: procfile }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const approve = actions.find((a) => a.title.startsWith('Policy owner: approve'));
    assert.ok(approve?.edit, actions.map((a) => a.title).join(', '));
    const policyUri = uriOf(path.join(l.root, 'techpolicy.json'));
    const edits = (approve.edit.changes?.[policyUri] ?? approve.edit.documentChanges?.flatMap((c) => ('textDocument' in c && c.textDocument.uri === policyUri ? c.edits : []))) as TextEdit[];
    const policy = TextDocument.applyEdits(TextDocument.create(policyUri, 'jsonc', 1, fs.readFileSync(path.join(l.root, 'techpolicy.json'), 'utf8')), edits);
    assert.deepStrictEqual((parse(policy) as { services: Record<string, unknown> }).services.clock, { path: '.' });
    fs.writeFileSync(path.join(l.root, 'techpolicy.json'), policy);
    s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: policyUri, type: 2 }] });
    await s.waitForDiagnostics(procfile, 'approved', (list) => list.length === 0);
  });
  test('Vapor added to a Package.swift: the hover gives the policy\'s why, the quick fix requests an exception for Vapor', async function () {
    // a server start, then a few requests
    this.timeout(60000);
    const l = await layout('swift-vapor');
    const policyFile = path.join(l.root, 'techpolicy.json');
    fs.writeFileSync(policyFile, fs.readFileSync(policyFile, 'utf8').replace('"new-technology": { "severity": "warning" }', '"new-technology": { "severity": "warning", "rationale": "One web framework per language keeps on-call simple." }'));
    const s = (server = await startServer(l.root));
    await s.waitFor('start-up', () => s.log.some((line) => line.includes('server ready')));
    const manifest = uriOf(path.join(l.root, 'Package.swift'));
    const text = fs.readFileSync(fixturePath('layouts', 'swift-vapor', 'change', 'Package.swift'), 'utf8');
    s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: manifest, languageId: 'swift', version: 1, text } });
    const [d] = await s.waitForDiagnostics(manifest, 'vapor', (list) => list.length === 1);
    assert.strictEqual(d.message, 'Vapor: new web framework (approved: Hummingbird). Needs a signed exception.');
    assert.deepStrictEqual([d.code, d.range], ['new-technology', { start: { line: 12, character: 48 }, end: { line: 12, character: 53 } }]);
    assert.strictEqual(text.split('\n')[12].trim(), '.package(url: "https://github.com/vapor/vapor.git", from: "4.99.0"),');
    const hover = (await s.connection.sendRequest('textDocument/hover', { textDocument: { uri: manifest }, position: d.range.start })) as Hover;
    const md = unescapeMarkdown((hover.contents as MarkupContent).value);
    assert.match(md, /^\*\*Vapor\*\* — web framework · not approved/);
    assert.ok(md.includes('One web framework per language keeps on-call simple.'), md);
    const actions = (await s.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: manifest }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    assert.ok(actions.some((a) => a.title === 'Request an exception for Vapor'), actions.map((a) => a.title).join(', '));
  });
});
