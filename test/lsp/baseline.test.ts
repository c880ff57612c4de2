// Every test here drives the real server over stdio (a process, a workspace scan, messages): about a
// second each, more on a busy 2-core machine; npm run test:lsp gives each test 20 s (--timeout 20000).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { copyFixture, uriOf } from '../support/fixtures';
import { type ServerUnderTest, startServer } from '../support/lspClient';

/** The baseline in the editor: known uses are hints, new uses warnings, what is gone is stale in the baseline file. */
suite('language server: the baseline', () => {
  let root: string;
  let server: ServerUnderTest;
  const uri = (rel: string) => uriOf(path.join(root, rel));
  const codes = (list: Diagnostic[]) => list.map((d) => `${d.code}:${d.severity}`);

  setup(async () => {
    root = copyFixture('baseline-parity');
  });
  teardown(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('at start: a baselined dependency is a hint that says so; another package\'s use is a warning; stale entries are warnings in the baseline file', async () => {
    server = await startServer(root);
    await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')));
    const [web] = await server.waitForDiagnostics(uri('apps/web/package.json'), 'the known use', (l) => l.length === 1);
    assert.strictEqual(web.severity, 4, 'a hint');
    assert.match(String(web.message), /^Known \(baseline, since 2026-11-01\): moment: on hold\. Use date-fns for new code\. New use needs a signed exception\.$/);
    assert.deepStrictEqual(codes(server.diagnosticsFor(uri('packages/ui/package.json'))), ['hold-technology:2']);
    const stale = await server.waitForDiagnostics(uri('techpolicy.baseline.json'), 'stale entries', (l) => l.length === 2);
    assert.deepStrictEqual(stale.map((d) => [d.code, d.severity, d.range.start.line]), [['baseline-stale', 2, 3], ['baseline-stale', 2, 4]]);
  });

  test('live: removing a baselined dependency in an unsaved buffer makes its entry stale; adding one elsewhere is a warning', async () => {
    server = await startServer(root);
    const baselineUri = uri('techpolicy.baseline.json');
    await server.waitForDiagnostics(baselineUri, 'stale entries', (l) => l.length === 2);
    const web = uri('apps/web/package.json');
    const text = fs.readFileSync(path.join(root, 'apps/web/package.json'), 'utf8');
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: web, languageId: 'json', version: 1, text } });
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: web, version: 2 }, contentChanges: [{ text: text.replace(',\n    "moment": "^2.30.1"', '') }] });
    const stale = await server.waitForDiagnostics(baselineUri, 'the web entry stale too', (l) => l.length === 3);
    assert.ok(stale.some((d) => d.range.start.line === 5 && /in apps\/web\/package\.json, which is no longer found there/.test(String(d.message))), JSON.stringify(stale));
    const admin = uri('apps/reports/package.json');
    const reports = fs.readFileSync(path.join(root, 'apps/reports/package.json'), 'utf8');
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: admin, languageId: 'json', version: 1, text: reports } });
    assert.deepStrictEqual(codes(await server.waitForDiagnostics(admin, 'the new use', (l) => l.length === 1)), ['hold-technology:2']);
  });

  test('editing the baseline file re-applies it; "hidden" shows no hint; Record Baseline returns the new file as an edit and refuses to create over one', async () => {
    server = await startServer(root, { settings: { baseline: { show: 'hidden' } } });
    await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')));
    await server.waitForDiagnostics(uri('techpolicy.baseline.json'), 'stale entries', (l) => l.length === 2);
    assert.deepStrictEqual(server.diagnosticsFor(uri('apps/web/package.json')), [], 'hidden');
    const baselineUri = uri('techpolicy.baseline.json');
    const text = fs.readFileSync(path.join(root, 'techpolicy.baseline.json'), 'utf8');
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: baselineUri, languageId: 'json', version: 1, text } });
    const fixed = text.replace(/\n.*apps\/gone.*\n/, '\n').replace('"count": 2', '"count": 1').replace('"since": "2026-11-01" },\n    { "file": "apps/web', '"since": "2026-11-01" },\n    { "file": "apps/web');
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: baselineUri, version: 2 }, contentChanges: [{ text: fixed }] });
    await server.waitForDiagnostics(baselineUri, 'no stale entry', (l) => l.length === 0);
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: baselineUri, version: 3 }, contentChanges: [{ text: '{ "findings": [' }] });
    const [broken] = await server.waitForDiagnostics(baselineUri, 'the broken file', (l) => l.length === 1 && l[0].code === 'policy-invalid');
    assert.match(String(broken.message), /not valid JSON/);
    await server.waitForDiagnostics(uri('apps/web/package.json'), 'the broken baseline is not applied', (l) => l.length === 1 && l[0].severity === 2);
    const refused = (await server.connection.sendRequest('techPolicy/recordBaseline', { folderUri: uriOf(root), mode: 'create' })) as { ok: boolean; exists: boolean; message: string };
    assert.deepStrictEqual([refused.ok, refused.exists], [false, true]);
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: baselineUri, version: 4 }, contentChanges: [{ text: fixed }] });
    await server.waitForDiagnostics(baselineUri, 'fixed', (l) => l.length === 0);
    const update = (await server.connection.sendRequest('techPolicy/recordBaseline', { folderUri: uriOf(root), mode: 'update' })) as { ok: boolean; message: string; edit: { documentChanges: Array<{ edits: Array<{ newText: string }> }> } };
    assert.strictEqual(update.ok, true, update.message);
    const newText = update.edit.documentChanges[0].edits[0].newText;
    assert.match(newText, /"file": "packages\/ui\/package.json", "rule": "hold-technology", "subject": "moment", "count": 1/);
    assert.match(newText, /"file": "apps\/web\/package.json", "rule": "hold-technology", "subject": "moment", "count": 1, "since": "2026-11-01"/);
    assert.strictEqual(update.message, 'techpolicy.baseline.json: 4 entries, 4 known findings.');
  });
});
