// Every test here runs the tech-policy command as a process (often several, often over a generated
// workspace): a second or more each on a busy 2-core machine; npm run test:cli gives each test 20 s
// (--timeout 20000), and the suites that need more say so.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { signedContent } from '../../server/src/core/exceptions/signature';
import { REPO_ROOT } from '../support/fixtures';
import { frontMatter } from '../support/frontMatter';
import { exceptionDocument, makeKey, sshVerify, type TestKey, tempDir } from '../support/ssh';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const DOC = 'docs/policy-exceptions/EX-0007-fastify.md';

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A repository: an API package that uses fastify, a policy whose approver is Dana (with her key), a request for fastify. */
function workspace(dana: TestKey, extraApprovers: object[] = []): string {
  const root = tempDir('tp-cli-sign-');
  fs.mkdirSync(path.join(root, 'services/api'), { recursive: true });
  fs.mkdirSync(path.join(root, 'docs/policy-exceptions'), { recursive: true });
  fs.writeFileSync(path.join(root, 'services/api/package.json'), JSON.stringify({ name: 'api', dependencies: { express: '^5', fastify: '^5' } }, null, 2));
  writePolicy(root, [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO', keys: [dana.publicKey] }, ...extraApprovers]);
  fs.writeFileSync(path.join(root, DOC), exceptionDocument());
  return root;
}

function writePolicy(root: string, approvers: object[]): void {
  fs.writeFileSync(path.join(root, 'techpolicy.json'), JSON.stringify({ approvers, technologies: { express: { ring: 'adopt' } } }, null, 2));
}

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.com', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: root } });
}

suite('command line: tech-policy sign, verify, exceptions and --trusted-policy', function () {
  this.timeout(60_000);
  const keys = tempDir('tp-cli-keys-');
  let dana: TestKey;
  let sam: TestKey;

  suiteSetup(() => {
    dana = makeKey(keys, 'dana', 'ed25519', { comment: 'dana@acme.example' });
    sam = makeKey(keys, 'sam', 'ed25519', { comment: 'sam@acme.example' });
  });
  suiteTeardown(() => fs.rmSync(keys, { recursive: true, force: true }));

  test('sign: approves, signs, and ssh-keygen -Y verify accepts what it wrote; check is then clean', () => {
    const root = workspace(dana);
    assert.strictEqual(run(['check', root], root).code, 1, 'fastify is flagged before');
    const r = run(['sign', DOC, '--key', dana.file], root);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(r.stdout, `EX-0007 approved and signed by Dana Reyes (CTO) (${dana.fingerprint}). Wrote ${DOC}.\n`);
    const text = fs.readFileSync(path.join(root, DOC), 'utf8');
    assert.deepStrictEqual([frontMatter(text).status, frontMatter(text)['approved-by']], ['approved', 'Dana Reyes <dana@acme.example>']);
    // the reverse interop: OpenSSH's own verifier accepts the signature over the signed bytes
    const armored = /-----BEGIN SSH SIGNATURE-----[\s\S]+?-----END SSH SIGNATURE-----\n/.exec(text)![0];
    const allowed = path.join(keys, 'allowed_signers');
    fs.writeFileSync(allowed, `dana@acme.example ${dana.publicKey}\n`);
    const verdict = sshVerify(allowed, 'dana@acme.example', armored, signedContent(text));
    assert.ok(verdict.ok, verdict.output);
    assert.match(verdict.output, /Good "tech-policy-exception" signature for dana@acme.example/);
    const check = run(['check', root], root);
    // without a trust root, the report says whose keys the grant was checked against
    assert.deepStrictEqual(
      [check.code, check.stdout],
      [0, 'The granted exception is signed by a key in this checkout\'s own policy; a signature is verified against a trusted branch only with --trusted-policy REF.\n0 findings (0 at error or warning level), 1 exception granted, 0 pending, 0 files not checked.\n'],
    );
  });

  test('sign: a key that is not an approver\'s, or a passphrase without agent, leaves the file as it was: one sentence, exit 2', () => {
    const root = workspace(dana);
    const before = fs.readFileSync(path.join(root, DOC), 'utf8');
    const r = run(['sign', DOC, '--key', sam.file], root);
    assert.deepStrictEqual([r.code, r.stdout], [2, '']);
    assert.strictEqual(r.stderr, `tech-policy: Your signing key ${sam.fingerprint} (${sam.file}) is not an approver's key in the policy (keys are listed for Dana Reyes); only an approver can decide an exception; ${DOC} was not changed.\n`);
    const locked = makeKey(keys, 'locked', 'ed25519', { passphrase: 'pw' });
    writePolicy(root, [{ name: 'Dana Reyes', email: 'dana@acme.example', keys: [locked.publicKey] }]);
    const env = { SSH_AUTH_SOCK: '' };
    const p = run(['sign', DOC, '--key', locked.file], root, env);
    assert.strictEqual(p.code, 2);
    assert.match(p.stderr, /^tech-policy: The key .*locked is protected by a passphrase and no ssh-agent holds it: run "ssh-add .*locked" and sign again; docs\/policy-exceptions\/EX-0007-fastify\.md was not changed\.\n$/);
    assert.strictEqual(fs.readFileSync(path.join(root, DOC), 'utf8'), before);
    const none = run(['sign', DOC], root, { HOME: root });
    assert.match(none.stderr, /^tech-policy: No signing key: set "techPolicy.signingKey"/);
  });

  test('sign: the key from git\'s commit-signing setup (gpg.format ssh, user.signingKey); --reject', () => {
    const root = workspace(dana);
    git(root, 'init', '-q');
    git(root, 'config', 'gpg.format', 'ssh');
    git(root, 'config', 'user.signingKey', `${dana.file}.pub`);
    // the .pub only: ssh-keygen finds the private key beside it
    const r = run(['sign', DOC], root);
    assert.strictEqual(r.code, 0, r.stderr);
    const root2 = workspace(dana);
    const rej = run(['sign', DOC, '--key', dana.file, '--reject'], root2);
    assert.strictEqual(rej.code, 0, rej.stderr);
    assert.strictEqual(frontMatter(fs.readFileSync(path.join(root2, DOC), 'utf8')).status, 'rejected');
  });

  test('verify: exit 0 when every approval counts, 1 when one was edited after signing', () => {
    const root = workspace(dana);
    assert.strictEqual(run(['sign', DOC, '--key', dana.file], root).code, 0);
    const ok = run(['verify'], root);
    assert.strictEqual(ok.code, 0, ok.stdout + ok.stderr);
    assert.strictEqual(ok.stdout, `${DOC}: EX-0007 granted: signed by Dana Reyes (CTO) with a key in this checkout's policy (${dana.fingerprint}), on ${new Date().toISOString().slice(0, 10)}, expires 2027-05-20\n1 document checked, 0 with an approval that does not count.\n`.replace(new Date().toISOString().slice(0, 10), frontMatter(fs.readFileSync(path.join(root, DOC), 'utf8'))['approved-on']));
    const file = path.join(root, DOC);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('["services/api/**"]', '["**"]'));
    const bad = run(['verify', DOC], root);
    assert.strictEqual(bad.code, 1);
    assert.match(bad.stdout, /EX-0007 not granted: the signature does not match the document \(edited after signing\)/);
  });

  test('exceptions: the register in text and JSON', () => {
    const root = workspace(dana);
    fs.writeFileSync(path.join(root, 'docs/policy-exceptions/EX-0008-koa.md'), exceptionDocument({ id: 'EX-0008', subject: 'koa', status: 'approved', 'approved-by': 'Dana Reyes', 'approved-on': '2026-11-21' }));
    const text = run(['exceptions', root], root);
    assert.strictEqual(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Awaiting signature \(1\)\n {2}EX-0007 new-technology fastify: awaiting signature: requested by Sam Lee <sam@acme\.example> on 2026-11-20; approvers: Dana Reyes \(CTO\); waiting \d+ days \(docs\/policy-exceptions\/EX-0007-fastify\.md\)\nNot granted \(1\)\n {2}EX-0008 new-technology koa: not granted: the approval is not signed \(docs\/policy-exceptions\/EX-0008-koa\.md\)\n2 exceptions: 0 granted, 1 awaiting signature, 1 not granted, 0 expired, 0 rejected or withdrawn \(approvers: Dana Reyes \(CTO\)\)\.\n$/);
    const json = JSON.parse(run(['exceptions', root, '--format', 'json'], root).stdout);
    assert.deepStrictEqual(json.exceptions.map((e: { id: string; group: string; state: string; reason?: string }) => [e.id, e.group, e.state, e.reason]), [
      ['EX-0007', 'awaiting', 'requested', undefined],
      ['EX-0008', 'not-granted', 'not-granted', 'the approval is not signed'],
    ]);
  });

  test('--trusted-policy: a pull request that adds its own key to the approvers cannot grant its own exception', () => {
    const root = workspace(dana);
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base: Dana is the approver');
    git(root, 'checkout', '-q', '-b', 'feature');
    // the change: Sam adds himself as an approver, with his key, and signs his own request
    writePolicy(root, [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO', keys: [dana.publicKey] }, { name: 'Sam Lee', email: 'sam@acme.example', keys: [sam.publicKey] }]);
    assert.strictEqual(run(['sign', DOC, '--key', sam.file], root).code, 0);
    git(root, 'commit', '-q', '-am', 'approve my own exception');
    const naive = run(['check', root, '--format', 'json'], root);
    assert.strictEqual(naive.code, 0, 'against its own policy the change passes');
    const trusted = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    assert.strictEqual(trusted.code, 1, trusted.stderr);
    const report = JSON.parse(trusted.stdout);
    assert.deepStrictEqual(report.findings.map((f: { rule: string; subject: string }) => `${f.rule} ${f.subject}`).sort(), ['exception-invalid EX-0007', 'new-technology fastify']);
    assert.match(report.findings.find((f: { rule: string }) => f.rule === 'exception-invalid').message, /"Sam Lee <sam@acme\.example>" is not an approver in the policy \(approvers: Dana Reyes \(CTO\)\)/);
    const verify = run(['verify', '--trusted-policy', 'main'], root);
    assert.strictEqual(verify.code, 1);
    assert.match(verify.stdout, /\(approvers from techpolicy\.json at main\)\.\n$/);
    // Dana signs for real: granted against the trusted policy too
    assert.strictEqual(run(['sign', DOC, '--key', dana.file], root).code, 0);
    assert.strictEqual(run(['check', root, '--trusted-policy', 'main'], root).code, 0);
    const verified = run(['verify', '--trusted-policy', 'main'], root);
    assert.match(verified.stdout, new RegExp(`^${DOC}: EX-0007 granted: signed by Dana Reyes \\(CTO\\) with a key in techpolicy\\.json at main \\(${dana.fingerprint.replace(/[+/]/g, '\\$&')}\\), on `));
  });

  test('without a trust root, a key the change adds under the approver\'s name is shown as this checkout\'s key, never as a verified signer', () => {
    const root = workspace(dana);
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base: Dana is the approver');
    git(root, 'checkout', '-q', '-b', 'feature');
    // the change: Sam puts his own key under Dana's name and signs as her
    writePolicy(root, [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO', keys: [dana.publicKey, sam.publicKey] }]);
    const signed = run(['sign', DOC, '--key', sam.file], root);
    assert.strictEqual(signed.code, 0, signed.stderr);
    git(root, 'commit', '-q', '-am', 'approve as Dana');
    const verify = run(['verify'], root);
    assert.match(verify.stdout, new RegExp(`^${DOC}: EX-0007 granted: signed by Dana Reyes \\(CTO\\) with a key in this checkout's policy \\(${sam.fingerprint.replace(/[+/]/g, '\\$&')}\\), on `));
    const check = run(['check', root], root);
    assert.strictEqual(check.code, 0);
    assert.strictEqual(check.stdout.split('\n')[0], 'The granted exception is signed by a key in this checkout\'s own policy; a signature is verified against a trusted branch only with --trusted-policy REF.');
    // the trusted check sees through it
    assert.strictEqual(run(['check', root, '--trusted-policy', 'main'], root).code, 1);
  });

  test('--trusted-policy reads the ref, not the working tree: a symlinked folder, a broken trusted policy, a git in node_modules/.bin', () => {
    const root = workspace(dana);
    // the trusted approver's key lives in .github/allowed_signers at the base
    fs.mkdirSync(path.join(root, '.github'));
    fs.writeFileSync(path.join(root, '.github/allowed_signers'), `dana@acme.example ${dana.publicKey}\n`);
    fs.writeFileSync(path.join(root, 'techpolicy.json'), JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example' }], allowedSigners: '.github/allowed_signers', technologies: { express: { ring: 'adopt' } } }));
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base');
    git(root, 'checkout', '-q', '-b', 'feature');
    // the change: a typed approval, and .github replaced by a link so that the working tree has no keys
    fs.writeFileSync(path.join(root, DOC), exceptionDocument({ status: 'approved', 'approved-by': 'Dana Reyes <dana@acme.example>', 'approved-on': '2026-11-24' }));
    fs.renameSync(path.join(root, '.github/allowed_signers'), path.join(root, 'allowed_signers'));
    fs.rmdirSync(path.join(root, '.github'));
    fs.symlinkSync('.', path.join(root, '.github'));
    const r = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    assert.strictEqual(r.code, 1, r.stdout + r.stderr);
    assert.ok(JSON.parse(r.stdout).findings.some((f: { rule: string; subject: string }) => f.rule === 'new-technology' && f.subject === 'fastify'), 'the typed approval grants nothing');

    // a git that the repository brings (node_modules/.bin is on PATH under npx) never runs
    const bin = path.join(root, 'node_modules/.bin');
    fs.mkdirSync(bin, { recursive: true });
    const marker = path.join(keys, 'fake-git-ran');
    fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\ntouch ${marker}\nexit 1\n`, { mode: 0o755 });
    const withFake = run(['check', root, '--trusted-policy', 'main'], root, { PATH: `${bin}${path.delimiter}${process.env.PATH}` });
    assert.strictEqual(withFake.code, 1, withFake.stderr);
    assert.ok(!fs.existsSync(marker), 'the workspace git did not run');

    // a trusted policy with a problem (its allowed_signers file gone at the ref) stops CI: exit 2
    git(root, 'checkout', '-q', 'main');
    // from the ref only: the working tree still has the feature's link in place of .github, which
    // git may or may not count as a local modification of the file (on a busy machine it did)
    git(root, 'rm', '-q', '--cached', '.github/allowed_signers');
    git(root, 'commit', '-q', '-m', 'keys removed');
    const broken = run(['check', root, '--trusted-policy', 'main'], root);
    assert.strictEqual(broken.code, 2, broken.stdout + broken.stderr);
    assert.match(broken.stderr, /the trusted policy \(main\) has \d problems? .*so approvals cannot be judged/);
  });

  test('--trusted-policy: a missing ref, no repository, or no policy at the ref are never a silent pass', () => {
    const root = workspace(dana);
    const noRepo = run(['check', root, '--trusted-policy', 'main'], root);
    assert.deepStrictEqual([noRepo.code, noRepo.stdout], [2, '']);
    assert.match(noRepo.stderr, /^tech-policy: --trusted-policy: .* is not inside a git repository\.\n$/);
    git(root, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(root, 'README.md'), 'hello\n');
    git(root, 'add', 'README.md');
    git(root, 'commit', '-q', '-m', 'no policy yet');
    const missing = run(['check', root, '--trusted-policy', 'origin/main'], root);
    assert.deepStrictEqual([missing.code, missing.stderr], [2, 'tech-policy: --trusted-policy: the ref "origin/main" does not exist in this repository (fetch it first, e.g. git fetch origin main).\n']);
    const injected = run(['check', root, '--trusted-policy', '--output=/tmp/x'], root);
    assert.strictEqual(injected.code, 2);
    assert.strictEqual(run(['sign', DOC, '--key', dana.file], root).code, 0);
    const r = run(['check', root, '--trusted-policy', 'main', '--format', 'json'], root);
    assert.strictEqual(r.code, 1, 'no trusted policy: nothing is granted');
    const report = JSON.parse(r.stdout);
    // main has no policy anywhere yet: this change adopts Tech Policy (it judges itself; nobody can grant yet)
    assert.deepStrictEqual(report.adopting, { ref: 'main', policyFile: 'techpolicy.json' });
    assert.deepStrictEqual(report.errors, []);
    assert.ok(report.findings.some((f: { rule: string; exception: string | null }) => f.rule === 'new-technology' && f.exception === 'EX-0007'), JSON.stringify(report.findings));
    const text = run(['check', root, '--trusted-policy', 'main'], root);
    assert.match(text.stdout, /^main has no techpolicy\.json yet: this change adopts Tech Policy, so its own policy and baseline judge it; an exception is granted once an approver's key is in the policy at main\.$/m);
  });
});
