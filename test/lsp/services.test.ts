// Every test here drives the real server over stdio (a process, a workspace scan, messages): about a
// second each, more on a busy 2-core machine; npm run test:lsp gives each test 20 s (--timeout 20000).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { copyFixture, rangeOf, uriOf } from '../support/fixtures';
import { type ServerUnderTest, startServer } from '../support/lspClient';

suite('language server: services and languages in a workspace nobody opened', () => {
  let root: string;
  let server: ServerUnderTest;
  const uri = (rel: string) => uriOf(path.join(root, rel));

  setup(async () => {
    root = copyFixture('scaffolding/demo-shop');
    fs.writeFileSync(path.join(root, 'techpolicy.json'), JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], languages: ['go', 'javascript'], services: { frontend: { path: 'src/frontend' } }, technologies: { grpc: 'adopt' } }));
    server = await startServer(root);
  });
  teardown(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('Dockerfiles, manifests and language manifests get diagnostics at start, without being opened', async () => {
    await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')));
    const docker = server.diagnosticsFor(uri('src/adservice/Dockerfile'));
    assert.deepStrictEqual(docker.map((d) => [d.code, (d.data as { subject: string }).subject]), [['new-service', 'adservice']]);
    const text = fs.readFileSync(path.join(root, 'src/adservice/Dockerfile'), 'utf8');
    assert.strictEqual(docker[0].range.start.line, rangeOf(text, 'FROM').start.line);
    assert.deepStrictEqual(server.diagnosticsFor(uri('src/adservice/pom.xml')).map((d) => d.code), ['new-language']);
    assert.deepStrictEqual(server.diagnosticsFor(uri('src/frontend/Dockerfile')), [], 'a known service');
    assert.ok(server.log.some((l) => /Scanned .*: 2 package\.json file\(s\), \d+ scaffolding file\(s\)/.test(l)), server.log.join('\n'));
  });

  test('a Dockerfile created on disk while the server runs gets its diagnostic from the file event', async () => {
    await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')));
    fs.mkdirSync(path.join(root, 'services/billing'), { recursive: true });
    fs.writeFileSync(path.join(root, 'services/billing/Dockerfile'), '# billing\nFROM node:20-alpine\nCMD ["node", "index.js"]\n');
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('services/billing/Dockerfile'), type: 1 }] });
    const [d] = await server.waitForDiagnostics(uri('services/billing/Dockerfile'), 'billing', (list) => list.length === 1);
    assert.deepStrictEqual([d.code, (d.data as { subject: string }).subject, d.range.start], ['new-service', 'billing', { line: 1, character: 0 }]);
    fs.rmSync(path.join(root, 'services/billing/Dockerfile'));
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('services/billing/Dockerfile'), type: 3 }] });
    await server.waitForDiagnostics(uri('services/billing/Dockerfile'), 'cleared on delete', (list) => list.length === 0);
  });

  test('a folder that arrives with its files (only the folder is reported) is walked', async () => {
    await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')));
    fs.mkdirSync(path.join(root, 'services/search/deploy'), { recursive: true });
    fs.writeFileSync(path.join(root, 'services/search/Dockerfile'), 'FROM python:3.12-slim\n');
    fs.writeFileSync(path.join(root, 'services/search/deploy/fly.toml'), 'app = "search"\n');
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('services'), type: 1 }] });
    const [d] = await server.waitForDiagnostics(uri('services/search/Dockerfile'), 'search', (list) => list.length === 1);
    assert.strictEqual((d.data as { subject: string }).subject, 'search');
    await server.waitForDiagnostics(uri('services/search/deploy/fly.toml'), 'fly app', (list) => list.length === 1);
  });

  test('a deleted folder takes its diagnostics with it (only the folder is reported)', async () => {
    const file = uri('src/adservice/Dockerfile');
    await server.waitForDiagnostics(file, 'adservice', (list) => list.length === 1);
    fs.rmSync(path.join(root, 'src/adservice'), { recursive: true });
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('src/adservice'), type: 3 }] });
    await server.waitForDiagnostics(file, 'cleared', (list) => list.length === 0);
    await server.waitForDiagnostics(uri('src/adservice/pom.xml'), 'pom.xml cleared', (list) => list.length === 0);
    const findings = (await server.connection.sendRequest('techPolicy/findings')) as Array<{ uri: string }>;
    assert.ok(!findings.some((f) => f.uri.includes('/src/adservice/')), 'nor in the Request Exception list');
  });

  test('an open compose file is checked as typed, with hovers and the exception quick fix', async () => {
    const docUri = uri('docker-compose.yml');
    // a service that builds its own folder (one that builds the root is the monolith itself)
    let text = 'services:\n  web:\n    build: ./web\n';
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: docUri, languageId: 'yaml', version: 1, text } });
    await server.waitForDiagnostics(docUri, 'web is new', (d) => d.length === 1);
    text = 'services:\n  frontend:\n    build: ./src/frontend\n  queue:\n    image: confluentinc/cp-kafka:7.6.0\n  web:\n    build: ./web\n    ports: [';
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: docUri, version: 2 }, contentChanges: [{ text }] });
    const diags = await server.waitForDiagnostics(docUri, 'kafka and a parse problem', (d) => d.some((x) => x.code === 'new-technology'));
    // checked in part, said as such: what parses gives findings, and the file is not called unchecked
    const parse = diags.find((d) => d.code === 'parse-error');
    assert.match(String(parse?.message ?? ''), /^Checked in part: YAML syntax error: .*\. Findings here come from what parses; CI reports this file as not checked \(a failure\)\.$/s, 'half-typed YAML is said, not a crash');
    const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: docUri }, position: rangeOf(text, 'cp-kafka').start })) as Hover;
    assert.ok((hover.contents as MarkupContent).value.startsWith('**Apache Kafka** — message broker · not approved'), JSON.stringify(hover));
  });
});
