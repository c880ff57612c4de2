import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { decideException, type Signer } from '../../server/src/core/features/decideException';
import { evaluateException } from '../../server/src/core/exceptions/evaluate';
import { parseExceptionDocument } from '../../server/src/core/exceptions/parse';
import { FolderModel } from '../../server/src/core/folder';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { signingKey } from '../../server/src/node/ssh';
import { memoryHost, summarize } from '../support/fixtures';
import { frontMatter } from '../support/frontMatter';
import { exceptionDocument, makeKey, type TestKey, tempDir } from '../support/ssh';

const ROOT = 'file:///ws';
const DOC = `${ROOT}/docs/policy-exceptions/EX-0007-fastify.md`;
const TODAY = '2026-11-25';

function folderWith(policy: object, docs: Record<string, string> = {}): FolderModel {
  const folder = new FolderModel(ROOT, 'techpolicy.json', () => TODAY);
  folder.setPolicyText(JSON.stringify(policy), memoryHost({}));
  for (const [uri, text] of Object.entries(docs)) folder.setException(uri, text);
  return folder;
}

async function signerFor(configured: string, notUnder: string[] = []): Promise<Signer> {
  const r = signingKey({ configured, notUnder });
  if (!r.ok) throw new Error(r.reason);
  return r.signer;
}

suite('Approve and sign: the decision, signed by ssh-keygen through the Node host, verified before anything is written', function () {
  // ssh-keygen runs in each test (keys made, documents signed): a second or more on a busy machine
  this.timeout(30_000);
  const dir = tempDir();
  let dana: TestKey;
  let sam: TestKey;
  let policy: object;

  suiteSetup(() => {
    dana = makeKey(dir, 'dana', 'ed25519');
    sam = makeKey(dir, 'sam', 'ecdsa');
    policy = { approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO', keys: [dana.publicKey] }] };
  });
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('approve: the fields filled, the document signed, the result granted', async () => {
    const folder = folderWith(policy);
    const r = await decideException(folder, DOC, exceptionDocument(), 'approve', await signerFor(dana.file), TODAY);
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.strictEqual(r.message, `EX-0007 approved and signed by Dana Reyes (CTO) (${dana.fingerprint}).`);
    const fields = frontMatter(r.text);
    assert.deepStrictEqual([fields.status, fields['approved-by'], fields['approved-on']], ['approved', 'Dana Reyes <dana@acme.example>', TODAY]);
    assert.match(r.text, /\n<!-- tech-policy-signature\n-----BEGIN SSH SIGNATURE-----\n[\s\S]+-----END SSH SIGNATURE-----\n-->\n$/);
    const ev = evaluateException(parseExceptionDocument(DOC, r.text), folder.policy!.policy, TODAY);
    assert.deepStrictEqual([ev.state, ev.signature?.fingerprint], ['granted', dana.fingerprint]);
  });

  test('approving again after an edit replaces the old signature block', async () => {
    const folder = folderWith(policy);
    const first = await decideException(folder, DOC, exceptionDocument(), 'approve', await signerFor(dana.file), TODAY);
    assert.ok(first.ok);
    const edited = first.text.replace('50 ms', '40 ms');
    assert.strictEqual(evaluateException(parseExceptionDocument(DOC, edited), folder.policy!.policy, TODAY).reason, 'edited-after-signing');
    const again = await decideException(folder, DOC, edited, 'approve', await signerFor(dana.file), TODAY);
    assert.ok(again.ok);
    assert.strictEqual(again.text.split('BEGIN SSH SIGNATURE').length, 2, 'one signature block');
    assert.ok(again.text.includes('40 ms'));
  });

  test('a key that is not an approver\'s: one sentence, nothing returned to write', async () => {
    const r = await decideException(folderWith(policy), DOC, exceptionDocument(), 'approve', await signerFor(sam.file), TODAY);
    assert.deepStrictEqual(r, { ok: false, message: `Your signing key ${sam.fingerprint} (${sam.file}) is not an approver's key in the policy (keys are listed for Dana Reyes); only an approver can decide an exception.` });
  });

  test('missing reasons: refused before ssh-keygen is asked for anything', async () => {
    let signed = 0;
    const signer: Signer = { ...(await signerFor(dana.file)), sign: async () => ((signed += 1), { ok: false, reason: 'should not be called' }) };
    const empty = exceptionDocument().replace('The partner API answers within 50 ms at the 99th percentile.\n', '');
    const r = await decideException(folderWith(policy), DOC, empty, 'approve', signer, TODAY);
    assert.deepStrictEqual(r, { ok: false, message: 'EX-0007 cannot be approved yet: "The product capability this enables" is not written yet (only the template\'s comment). An approval counts only with the reason written.' });
    assert.strictEqual(signed, 0);
  });

  test('a passphrase without ssh-agent, a missing key, a missing ssh-keygen: one sentence each', async () => {
    const locked = makeKey(dir, 'locked', 'ed25519', { passphrase: 'secret' });
    const env = { ...process.env };
    delete process.env.SSH_AUTH_SOCK;
    try {
      const r = await decideException(folderWith({ approvers: [{ name: 'Dana Reyes', keys: [locked.publicKey] }] }), DOC, exceptionDocument(), 'approve', await signerFor(locked.file), TODAY);
      assert.deepStrictEqual(r, { ok: false, message: `The key ${locked.file} is protected by a passphrase and no ssh-agent holds it: run "ssh-add ${locked.file}" and sign again.` });
      const missing = signingKey({ configured: path.join(dir, 'nope') });
      assert.deepStrictEqual(missing, { ok: false, reason: `The signing key ${path.join(dir, 'nope')} (from techPolicy.signingKey) does not exist.` });
      const none = signingKey({});
      assert.match(none.ok ? '' : none.reason, /^No signing key: set "techPolicy.signingKey"/);
      process.env.PATH = dir; // no ssh-keygen there
      const noTool = await decideException(folderWith(policy), DOC, exceptionDocument(), 'approve', await signerFor(dana.file), TODAY);
      assert.deepStrictEqual(noTool, { ok: false, message: 'ssh-keygen was not found on PATH: install OpenSSH (8.2 or later) to sign exceptions.' });
    } finally {
      process.env.PATH = env.PATH;
      if (env.SSH_AUTH_SOCK) process.env.SSH_AUTH_SOCK = env.SSH_AUTH_SOCK;
    }
  });

  test('ssh-keygen inside the workspace is never run, even when PATH names it', async () => {
    const workspace = tempDir('tp-ws-');
    const marker = path.join(workspace, 'ran');
    fs.writeFileSync(path.join(workspace, 'ssh-keygen'), `#!/bin/sh\ntouch ${marker}\nexit 1\n`, { mode: 0o755 });
    const before = process.env.PATH;
    process.env.PATH = `${workspace}${path.delimiter}${before}`;
    try {
      const r = await decideException(folderWith(policy), DOC, exceptionDocument(), 'approve', await signerFor(dana.file, [workspace]), TODAY);
      assert.ok(r.ok, !r.ok ? r.message : '');
      assert.ok(!fs.existsSync(marker), 'the workspace\'s ssh-keygen did not run');
    } finally {
      process.env.PATH = before;
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });

  test('a key held by ssh-agent: the setting names only the public key', async () => {
    const agent = execFileSync('ssh-agent', ['-s'], { encoding: 'utf8' });
    const sock = /SSH_AUTH_SOCK=([^;]+);/.exec(agent)![1];
    const pid = /SSH_AGENT_PID=(\d+);/.exec(agent)![1];
    const before = process.env.SSH_AUTH_SOCK;
    process.env.SSH_AUTH_SOCK = sock;
    try {
      const held = makeKey(dir, 'held', 'ed25519');
      execFileSync('ssh-add', ['-q', held.file], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'pipe' });
      fs.rmSync(held.file); // only the agent has the private half now
      const folder = folderWith({ approvers: [{ name: 'Dana Reyes', keys: [held.publicKey] }] });
      for (const configured of [held.publicKey, `${held.file}.pub`]) {
        const r = await decideException(folder, DOC, exceptionDocument(), 'approve', await signerFor(configured), TODAY);
        assert.ok(r.ok, !r.ok ? r.message : '');
        assert.strictEqual(r.fingerprint, held.fingerprint);
      }
    } finally {
      process.env.SSH_AUTH_SOCK = before;
      try {
        process.kill(Number(pid));
      } catch {
        // gone
      }
    }
  });

  test('reject: status rejected and who decided, no signature needed', async () => {
    const r = await decideException(folderWith(policy), DOC, exceptionDocument(), 'reject', await signerFor(dana.file), TODAY);
    assert.ok(r.ok);
    assert.strictEqual(frontMatter(r.text).status, 'rejected');
    assert.ok(r.text.endsWith('\nRejected by Dana Reyes (CTO) on 2026-11-25.\n'), r.text.slice(-80));
    assert.ok(!r.text.includes('SSH SIGNATURE'));
  });

  test('a document that is not an exception, or is malformed, is refused', async () => {
    const folder = folderWith(policy);
    const notDoc = await decideException(folder, `${ROOT}/README.md`, exceptionDocument(), 'approve', await signerFor(dana.file), TODAY);
    assert.match(notDoc.ok ? '' : notDoc.message, /^This is not an exception document/);
    const broken = await decideException(folder, DOC, '---\nid: EX-0007\n---\n', 'approve', await signerFor(dana.file), TODAY);
    assert.deepStrictEqual(broken, { ok: false, message: 'Fix the document first: The front matter needs "rule".' });
  });
});

suite('exceptions for technologies cover them under either technology rule; expiring and unused exceptions', () => {
  const named = (fields: Record<string, string>) => exceptionDocument({ status: 'approved', 'approved-by': 'Dana Reyes', 'approved-on': '2026-11-21', scope: '', ...fields });
  const pkg = `${ROOT}/services/api/package.json`;
  const facts = scanPackageJson('{ "dependencies": { "fastify": "^5" } }');

  test('granted under new-technology, then the technology moves to assess: still covered', () => {
    const folder = folderWith({ approvers: [{ name: 'Dana Reyes' }], technologies: { fastify: { ring: 'assess' } } }, { [DOC]: named({}) });
    assert.deepStrictEqual(folder.checkPackageJson(pkg, facts), []);
  });

  test('expired under new-technology, now on hold: exception-expired that names the exception', () => {
    const folder = folderWith({ approvers: [{ name: 'Dana Reyes' }], technologies: { fastify: { ring: 'hold' } } }, { [DOC]: named({ expires: '2026-11-01' }) });
    const [f] = folder.checkPackageJson(pkg, facts);
    assert.deepStrictEqual([f.rule, f.expired?.id, f.expired?.rule], ['exception-expired', 'EX-0007', 'hold-technology']);
  });

  test('expiring soon: an information diagnostic on "expires"; unused once the workspace is checked: a hint on "subject"', () => {
    const folder = folderWith({ approvers: [{ name: 'Dana Reyes' }], expiryWarningDays: 10 }, { [DOC]: named({ expires: '2026-12-01' }) });
    const docFindings = () => summarize(folder.checkException(DOC)).map((l) => l.replace(/^.*\.md:/, ''));
    assert.deepStrictEqual(docFindings(), ['11:10 exception-expiring EX-0007'], 'before the workspace is checked, unused is unknown');
    folder.checkPackageJson(pkg, facts);
    folder.markWorkspaceChecked();
    assert.deepStrictEqual(docFindings(), ['11:10 exception-expiring EX-0007'], 'used by services/api/package.json');
    const [expiring] = folder.checkException(DOC);
    assert.deepStrictEqual([expiring.severity, expiring.message], ['info', 'EX-0007 expires in 6 days (2026-12-01): renew it with a new signed exception, or plan the removal.']);
    folder.checkPackageJson(pkg, scanPackageJson('{ "dependencies": { "express": "^5" } }'));
    assert.deepStrictEqual(folder.takeUsageChanges(), [DOC], 'the host re-checks the document');
    assert.deepStrictEqual(docFindings(), ['11:10 exception-expiring EX-0007', '4:10 exception-unused EX-0007']);
    assert.strictEqual(folder.checkException(DOC)[1].severity, 'hint');
    folder.checkPackageJson(pkg, facts);
    assert.deepStrictEqual(folder.takeUsageChanges(), [DOC]);
    assert.strictEqual(folder.checkException(DOC).length, 1);
  });
});
