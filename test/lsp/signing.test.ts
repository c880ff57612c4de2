// Every test here drives the real server over stdio (a process, a workspace scan, messages): about a
// second each, more on a busy 2-core machine; npm run test:lsp gives each test 20 s (--timeout 20000).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { approvedDocument } from '../../server/src/core/exceptions/decide';
import { contentToSign, withSignature } from '../../server/src/core/exceptions/signature';
import { rangeOf, uriOf } from '../support/fixtures';
import { frontMatter } from '../support/frontMatter';
import { type ServerUnderTest, startServer } from '../support/lspClient';
import { exceptionDocument, makeKey, sshSign, type TestKey, tempDir } from '../support/ssh';

const DOC = 'docs/policy-exceptions/EX-0007-fastify.md';

suite('language server: signed exceptions', function () {
  this.timeout(30_000);
  const keys = tempDir('tp-lsp-keys-');
  let dana: TestKey;
  let root: string;
  let server: ServerUnderTest;
  const uri = (rel: string) => uriOf(path.join(root, rel));

  suiteSetup(() => {
    dana = makeKey(keys, 'dana', 'ed25519');
  });
  suiteTeardown(() => fs.rmSync(keys, { recursive: true, force: true }));

  setup(async () => {
    root = tempDir('tp-lsp-sign-');
    fs.mkdirSync(path.join(root, 'services/api'), { recursive: true });
    fs.mkdirSync(path.join(root, 'docs/policy-exceptions'), { recursive: true });
    fs.writeFileSync(path.join(root, 'services/api/package.json'), JSON.stringify({ name: 'api', dependencies: { express: '^5', fastify: '^5' } }, null, 2));
    fs.writeFileSync(path.join(root, 'techpolicy.json'), JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO', keys: [dana.publicKey] }], technologies: { express: { ring: 'adopt' } } }, null, 2));
    fs.writeFileSync(path.join(root, DOC), exceptionDocument());
  });
  teardown(async () => {
    await server?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const pkg = () => uri('services/api/package.json');
  const open = (rel: string, text: string) => server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'markdown', version: 1, text } });
  const change = (rel: string, version: number, text: string) => server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(rel), version }, contentChanges: [{ text }] });

  test('a forged approved-by keeps the finding and puts exception-invalid on the field; a signature clears it; editing the reasons brings it back with the edit', async () => {
    server = await startServer(root);
    await server.waitForDiagnostics(pkg(), 'fastify', (d) => d.length === 1);
    const forged = exceptionDocument({ status: 'approved', 'approved-by': 'Dana Reyes <dana@acme.example>', 'approved-on': '2026-11-24' });
    open(DOC, exceptionDocument());
    change(DOC, 2, forged);
    const [invalid] = await server.waitForDiagnostics(uri(DOC), 'exception-invalid on approved-by', (d) => d.length === 1);
    assert.deepStrictEqual([invalid.code, invalid.range], ['exception-invalid', rangeOf(forged, 'Dana Reyes <dana@acme.example>')]);
    assert.match(invalid.message as string, /^Not granted: the approval is not signed\./);
    const [finding] = await server.waitForDiagnostics(pkg(), 'the finding names the exception', (d) => d.length === 1 && /EX-0007/.test(d[0].message as string));
    assert.match(finding.message as string, /^EX-0007 not granted \(the approval is not signed\): Fastify: /);

    const approved = approvedDocument(exceptionDocument(), { by: 'Dana Reyes <dana@acme.example>', on: '2026-11-24' });
    const signed = withSignature(approved, sshSign(dana, contentToSign(approved)));
    change(DOC, 3, signed);
    await server.waitForDiagnostics(pkg(), 'fastify to go away', (d) => d.length === 0);
    await server.waitForDiagnostics(uri(DOC), 'the document to be clean', (d) => d.length === 0);

    change(DOC, 4, signed.replace('20 ms', '2 ms'));
    const [edited] = await server.waitForDiagnostics(uri(DOC), 'edited after signing', (d) => d.length === 1);
    assert.match(edited.message as string, /edited after signing/);
    // with the edit, not after a save or a restart (waited for, never timed)
    await server.waitForDiagnostics(pkg(), 'fastify back', (d) => d.length === 1);
  });

  test('code lenses: the state for everyone, Approve and sign / Reject for the approver; the command signs through ssh-keygen', async () => {
    server = await startServer(root, { settings: { signingKey: dana.file } });
    await server.waitForDiagnostics(pkg(), 'fastify', (d) => d.length === 1);
    const text = fs.readFileSync(path.join(root, DOC), 'utf8');
    open(DOC, text);
    const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri(DOC) } })) as CodeLens[];
    assert.deepStrictEqual(
      lenses.map((l) => [l.command?.title, l.command?.command, l.command?.arguments]),
      [
        ['Tech Policy: awaiting signature: requested by Sam Lee <sam@acme.example> on 2026-11-20; approvers: Dana Reyes (CTO)', 'techPolicy.showExceptions', [uri(DOC)]],
        ['Approve and sign as Dana Reyes', 'techPolicy.decideException', [uri(DOC), 'approve']],
        ['Reject', 'techPolicy.decideException', [uri(DOC), 'reject']],
      ],
    );
    // an editor other than VS Code: the server applies the edit through workspace/applyEdit
    const result = (await server.connection.sendRequest('workspace/executeCommand', lenses[1].command)) as { ok: boolean; message: string };
    assert.ok(result.ok, result.message);
    const edit = server.applied[0] as { documentChanges: Array<{ textDocument: { uri: string; version: number }; edits: Array<{ newText: string }> }> };
    assert.deepStrictEqual(edit.documentChanges[0].textDocument, { uri: uri(DOC), version: 1 });
    const newText = edit.documentChanges[0].edits[0].newText;
    assert.strictEqual(frontMatter(newText).status, 'approved');
    change(DOC, 2, newText);
    await server.waitForDiagnostics(pkg(), 'fastify gone once the edit is in the buffer', (d) => d.length === 0);
    const register = (await server.connection.sendRequest('techPolicy/exceptions')) as { folders: Array<{ approver?: string; entries: Array<{ id: string; group: string; signer?: { fingerprint: string } }> }> };
    assert.strictEqual(register.folders[0].approver, 'Dana Reyes');
    assert.deepStrictEqual(register.folders[0].entries.map((e) => [e.id, e.group, e.signer?.fingerprint]), [['EX-0007', 'granted', dana.fingerprint]]);
    const after = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri(DOC) } })) as CodeLens[];
    assert.deepStrictEqual(after.map((l) => l.command?.title), [`Tech Policy: granted: signed by Dana Reyes (CTO) with a key in this checkout's policy (${dana.fingerprint}), on ${frontMatter(newText)['approved-on']}, expires 2027-05-20`]);
  });

  test('an untrusted client gets the state but no signing: no git, no ssh-keygen', async () => {
    server = await startServer(root, { settings: { signingKey: dana.file }, trusted: 'true' });
    await server.waitForDiagnostics(pkg(), 'fastify', (d) => d.length === 1);
    open(DOC, fs.readFileSync(path.join(root, DOC), 'utf8'));
    const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri(DOC) } })) as CodeLens[];
    assert.deepStrictEqual(lenses.map((l) => l.command?.command), ['techPolicy.showExceptions'], 'a string "true" is not trust');
    const result = (await server.connection.sendRequest('techPolicy/decideException', { uri: uri(DOC), decision: 'approve' })) as { ok: boolean; message: string };
    assert.deepStrictEqual(result, { ok: false, message: "Signing exceptions needs a trusted workspace (it runs ssh-keygen and reads git's configuration)." });
  });

  test('a signed document on disk from the start: the finding never shows; the register says granted', async () => {
    const approved = approvedDocument(exceptionDocument(), { by: 'Dana Reyes <dana@acme.example>', on: '2026-11-24' });
    fs.writeFileSync(path.join(root, DOC), withSignature(approved, sshSign(dana, contentToSign(approved))));
    server = await startServer(root);
    await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')));
    assert.deepStrictEqual(server.diagnosticsFor(pkg()), []);
    const register = (await server.connection.sendRequest('techPolicy/exceptions')) as { folders: Array<{ entries: Array<{ label: string }> }> };
    assert.deepStrictEqual(register.folders[0].entries.map((e) => e.label), ['granted']);
  });
});
