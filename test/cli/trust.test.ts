// Trusted checks end to end (`check --trusted-policy REF` and the Action's trusted mode): a hostile
// pull request in a throwaway repository tries to pass by changing what is judged, or by making
// Tech Policy run something of its own. Real git, real ssh-keygen, the built CLI and Action.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../support/fixtures';
import { approvedDocument } from '../../server/src/core/exceptions/decide';
import { today as localToday } from '../../server/src/core/folder';
import { contentToSign, signedContent, signedData, withSignature } from '../../server/src/core/exceptions/signature';
import { wireString } from '../../server/src/core/keys/wire';
import { big, bleichenbacherE3, rsaKeyLine, sshsig } from '../support/forgery';
import { exceptionDocument, makeKey, sshSign, sshVerify, type TestKey, tempDir } from '../support/ssh';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const ACTION = path.join(REPO_ROOT, 'action', 'dist', 'index.js');
const DOC = 'docs/policy-exceptions/EX-0007-fastify.md';

interface Finding {
  file: string;
  rule: string;
  subject: string;
  severity: string;
  message: string;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.com', '-c', 'protocol.file.allow=always', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: root } });
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

/** What `check --format json` found, as "rule subject file" lines. */
function found(stdout: string): string[] {
  return (JSON.parse(stdout).findings as Finding[]).map((f) => `${f.rule} ${f.subject} ${f.file}`).sort();
}

const BASE_POLICY = { approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO' }], technologies: { express: { ring: 'adopt' } }, ignore: ['examples/**'] };

/**
 * The base branch `main`: a policy (Dana approves, express adopted) and an API on express, or the
 * files given, and the branch `feature` checked out on top of it, where the pull request's changes are made.
 */
function repository(files: Record<string, string> = { 'techpolicy.json': JSON.stringify(BASE_POLICY, null, 2), 'services/api/package.json': JSON.stringify({ name: 'api', dependencies: { express: '^5' } }, null, 2) }): string {
  const root = tempDir('tp-trust-');
  for (const [rel, text] of Object.entries(files)) write(root, rel, text);
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  git(root, 'checkout', '-q', '-b', 'feature');
  return root;
}

/** The pull request's change: fastify in the API, committed. */
function addFastify(root: string, file = 'services/api/package.json'): void {
  write(root, file, JSON.stringify({ name: 'api', dependencies: { express: '^5', fastify: '^5' } }, null, 2));
}

function commit(root: string, message = 'change'): void {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '--allow-empty', '-m', message);
}

suite('trusted checks: the policy at the trusted ref judges, the change can only add', function () {
  // every case builds a git repository and runs the CLI two or three times (a few seconds on a busy machine)
  this.timeout(60_000);

  test('deleting techpolicy.json is a finding, not a pass', () => {
    const root = repository();
    addFastify(root);
    fs.rmSync(path.join(root, 'techpolicy.json'));
    commit(root);
    const naive = run(['check', root, '--format', 'json'], root);
    assert.deepStrictEqual([naive.code, found(naive.stdout)], [0, []], 'without a trusted ref, nothing is checked');
    const r = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.deepStrictEqual(found(r.stdout), ['new-technology fastify services/api/package.json', 'policy-relaxed techpolicy.json techpolicy.json']);
    const relaxed = (JSON.parse(r.stdout).findings as Finding[]).find((f) => f.rule === 'policy-relaxed')!;
    assert.strictEqual(relaxed.severity, 'error');
    assert.strictEqual(relaxed.message, 'techpolicy.json is missing: the policy at main judges this check, and a change without a policy passes nothing. Restore the file (a change to the policy counts once it is merged).');
    const text = run(['check', root, '--trusted-policy', 'main'], root);
    assert.doesNotMatch(text.stdout, /nothing is checked/);
  });

  test('turning a rule off, approving the technology or the service in its own policy: the findings count, and the change is named', () => {
    for (const [what, edit] of [
      ['rule off', { rules: { 'new-technology': 'off' } }],
      ['technology approved', { technologies: { express: { ring: 'adopt' }, fastify: { ring: 'adopt' } } }],
      ['ignored', { ignore: ['services/**'] }],
    ] as const) {
      const root = repository();
      addFastify(root);
      write(root, 'techpolicy.json', JSON.stringify({ ...BASE_POLICY, ...edit }, null, 2));
      commit(root);
      assert.strictEqual(run(['check', root], root).code, 0, `${what}: its own policy lets it pass`);
      const r = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
      assert.strictEqual(r.code, 1, `${what}: ${r.stderr}`);
      assert.deepStrictEqual(found(r.stdout), ['new-technology fastify services/api/package.json', 'policy-relaxed techpolicy.json techpolicy.json'], what);
      const relaxed = (JSON.parse(r.stdout).findings as Finding[]).find((f) => f.rule === 'policy-relaxed')!;
      assert.strictEqual(relaxed.message, 'This change\'s techpolicy.json would silence 1 finding the policy at main reports (new-technology "fastify" in services/api/package.json); the policy at main judges, so it counts until the policy change is merged on its own.', what);
    }
    // a new service approved by its own policy alike
    const root = repository();
    write(root, 'services/billing/Dockerfile', 'FROM node:22\nCMD ["node", "server.js"]\n');
    write(root, 'techpolicy.json', JSON.stringify({ ...BASE_POLICY, services: { billing: { path: 'services/billing' } } }, null, 2));
    commit(root);
    const r = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.deepStrictEqual(found(r.stdout), ['new-service billing services/billing/Dockerfile', 'policy-relaxed techpolicy.json techpolicy.json']);
  });

  test('writing or extending the baseline does not make a new finding known', () => {
    const root = repository();
    addFastify(root);
    commit(root);
    // the change records its own finding as known (tech-policy baseline would write exactly this)
    assert.strictEqual(run(['baseline', root], root).code, 0);
    commit(root, 'baseline');
    assert.strictEqual(run(['check', root], root).code, 0, 'against its own baseline it passes');
    const r = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.deepStrictEqual(found(r.stdout), ['new-technology fastify services/api/package.json', 'policy-relaxed techpolicy.baseline.json techpolicy.baseline.json']);
    assert.deepStrictEqual(JSON.parse(r.stdout).baselined, []);

    // a baseline at the base branch does count: the finding recorded there is known
    const known = repository();
    addFastify(known);
    assert.strictEqual(run(['baseline', known], known).code, 0);
    git(known, 'checkout', '-q', 'main');
    git(known, 'stash', '-q', '--include-untracked');
    git(known, 'stash', 'pop', '-q');
    commit(known, 'fastify, recorded');
    git(known, 'checkout', '-q', '-B', 'feature');
    const ok = run(['check', known, '--format', 'json', '--trusted-policy', 'main'], known);
    assert.strictEqual(ok.code, 0, ok.stdout + ok.stderr);
    assert.deepStrictEqual(JSON.parse(ok.stdout).baselined.map((f: Finding) => `${f.rule} ${f.subject}`), ['new-technology fastify']);
    // ... and the change can make it new again (stricter: its entry removed)
    fs.rmSync(path.join(known, 'techpolicy.baseline.json'));
    commit(known, 'debt no longer known');
    const stricter = run(['check', known, '--format', 'json', '--trusted-policy', 'main'], known);
    assert.deepStrictEqual([stricter.code, found(stricter.stdout)], [1, ['new-technology fastify services/api/package.json']]);
  });

  test('a manifest moved under a folder the walk skips (vendor, out, target, coverage, .cache) is still judged; the trusted ignore list decides', () => {
    for (const folder of ['vendor', 'out', 'target', 'coverage', '.cache', 'node_modules/x', 'services/api/build']) {
      const root = repository();
      fs.rmSync(path.join(root, 'services'), { recursive: true });
      addFastify(root, `${folder}/api/package.json`);
      write(root, `${folder}/api/Dockerfile`, 'FROM node:22\nCMD ["node", "server.js"]\n');
      commit(root, `move the API under ${folder}/`);
      const naive = run(['check', root, '--format', 'json'], root);
      assert.ok(!found(naive.stdout).includes(`new-technology fastify ${folder}/api/package.json`), `${folder}: the walk skips it`);
      const r = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
      assert.strictEqual(r.code, 1, `${folder}: ${r.stdout}${r.stderr}`);
      assert.deepStrictEqual(found(r.stdout), [`new-service api ${folder}/api/Dockerfile`, `new-technology fastify ${folder}/api/package.json`], folder);
    }
    // what the trusted policy itself ignores stays ignored (its decision), and what was already in vendor/ at the base is not judged
    const root = repository();
    addFastify(root, 'examples/demo/package.json');
    commit(root);
    const r = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    assert.deepStrictEqual([r.code, found(r.stdout)], [0, []]);
  });

  test('a change that only makes the policy stricter, or changes nothing that is found, passes; what it adds counts', () => {
    const root = repository();
    write(root, 'services/api/package.json', JSON.stringify({ name: 'api', dependencies: { express: '^5', moment: '^2' } }, null, 2));
    commit(root);
    const before = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    assert.deepStrictEqual([before.code, found(before.stdout)], [0, []], 'moment is a plain library at main');
    write(root, 'techpolicy.json', JSON.stringify({ ...BASE_POLICY, technologies: { ...BASE_POLICY.technologies, moment: { ring: 'hold', note: 'Use date-fns.' } }, rules: { 'new-technology': 'error' } }, null, 2));
    commit(root, 'moment on hold');
    const r = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    assert.deepStrictEqual([r.code, found(r.stdout)], [1, ['hold-technology moment services/api/package.json']], 'the hold the change adds counts');
    // stricter severity of the change applies to a finding both report
    addFastify(root);
    commit(root);
    const sev = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    assert.strictEqual((JSON.parse(sev.stdout).findings as Finding[]).find((f) => f.subject === 'fastify')?.severity, 'error');
  });

  test('the Action in trusted mode judges the same way (path: a folder below the repository root)', () => {
    const root = repository();
    write(root, 'services/api/techpolicy.json', JSON.stringify(BASE_POLICY, null, 2));
    commit(root, 'the API has its own policy');
    git(root, 'branch', '-f', 'main');
    addFastify(root);
    fs.rmSync(path.join(root, 'services/api/techpolicy.json'));
    commit(root);
    const output = path.join(tempDir('tp-trust-out-'), 'output.txt');
    fs.writeFileSync(output, '');
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1', GITHUB_WORKSPACE: root, GITHUB_OUTPUT: output, INPUT_PATH: 'services/api', 'INPUT_TRUSTED-POLICY': 'main', INPUT_FORMAT: 'github' };
    const r = spawnSync(process.execPath, [ACTION], { cwd: root, env, encoding: 'utf8' });
    assert.strictEqual(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^::warning file=services\/api\/package\.json,[^:]*title=Tech Policy%3A new-technology::/m);
    assert.match(r.stdout, /^::error file=services\/api\/techpolicy\.json,[^:]*title=Tech Policy%3A policy-relaxed::techpolicy\.json is missing/m);
  });

  test('a folder moved and linked from its old name is refused by name; a folder with no policy at the ref (or a link there) fails closed', () => {
    // main: the API's own policy in services/api
    const root = repository();
    write(root, 'services/api/techpolicy.json', JSON.stringify(BASE_POLICY, null, 2));
    commit(root, 'the API has its own policy');
    git(root, 'branch', '-f', 'main');
    // the change: services/api moved to services/api2 with a policy approving fastify, services/api a link to it
    fs.renameSync(path.join(root, 'services/api'), path.join(root, 'services/api2'));
    fs.symlinkSync('api2', path.join(root, 'services/api'));
    addFastify(root, 'services/api2/package.json');
    write(root, 'services/api2/techpolicy.json', JSON.stringify({ ...BASE_POLICY, technologies: { express: { ring: 'adopt' }, fastify: { ring: 'adopt' } } }, null, 2));
    commit(root);
    const refused = 'services/api is a symbolic link inside the repository (to services/api2): a trusted check reads the policy at the ref by the folder\'s own path, so name the real folder.';
    const viaLink = run(['check', 'services/api', '--trusted-policy', 'main'], root);
    assert.deepStrictEqual([viaLink.code, viaLink.stdout, viaLink.stderr], [2, '', `tech-policy: --trusted-policy: ${refused}\n`]);
    // a folder below the link is reached through it: refused alike
    fs.mkdirSync(path.join(root, 'services/api2/sub'));
    const below = run(['check', 'services/api/sub', '--trusted-policy', 'main'], root);
    assert.strictEqual(below.code, 2);
    assert.match(below.stderr, /services\/api is a symbolic link inside the repository \(to services\/api2\), and the checked folder services\/api\/sub is reached through it/);
    // the Action with path: services/api alike
    const output = path.join(tempDir('tp-trust-out-'), 'output.txt');
    fs.writeFileSync(output, '');
    const action = spawnSync(process.execPath, [ACTION], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1', GITHUB_WORKSPACE: root, GITHUB_OUTPUT: output, INPUT_PATH: 'services/api', 'INPUT_TRUSTED-POLICY': 'main', INPUT_FORMAT: 'github' } });
    assert.strictEqual(action.status, 2, action.stdout + action.stderr);
    assert.ok(action.stdout.includes(`::error title=Tech Policy::--trusted-policy: ${refused}`), action.stdout);
    // the real folder: main has no policy there, so the change's own policy does not judge alone
    const real = run(['check', 'services/api2', '--format', 'json', '--trusted-policy', 'main'], root);
    assert.strictEqual(real.code, 1, real.stdout + real.stderr);
    assert.deepStrictEqual(found(real.stdout), ['policy-relaxed techpolicy.json services/api2/techpolicy.json']);
    assert.strictEqual(
      (JSON.parse(real.stdout).findings as Finding[])[0].message,
      'The trusted ref main has no techpolicy.json for this folder (none there, or a symbolic link in its place): nothing at main judges this check, so every finding of this change\'s policy counts, none is known from a baseline and no exception is granted. Merge the policy on its own first, or check a folder the policy at main covers.',
    );
    // without the link in the way, the old name at the ref still judges the folder by its own path
    fs.rmSync(path.join(root, 'services/api'));
    write(root, 'services/api/package.json', JSON.stringify({ name: 'api', dependencies: { express: '^5', fastify: '^5' } }));
    commit(root, 'a real folder again, without a policy');
    const back = run(['check', 'services/api', '--format', 'json', '--trusted-policy', 'main'], root);
    assert.deepStrictEqual([back.code, found(back.stdout)], [1, ['new-technology fastify services/api/package.json', 'policy-relaxed techpolicy.json services/api/techpolicy.json']]);
  });

  test('the pull request that adopts Tech Policy (no policy anywhere at the base) judges itself: its policy and baseline count, nobody can grant yet; a base with a policy elsewhere still fails closed', () => {
    const root = tempDir('tp-trust-adopt-');
    write(root, 'services/api/package.json', JSON.stringify({ name: 'api', dependencies: { express: '^5', koa: '^2' } }, null, 2));
    git(root, 'init', '-q', '-b', 'main');
    commit(root, 'before Tech Policy');
    git(root, 'checkout', '-q', '-b', 'adopt');
    // the change: a policy that holds koa, and a baseline that knows its one use (a team adopting on an old repository)
    write(root, 'techpolicy.json', JSON.stringify({ ...BASE_POLICY, technologies: { express: { ring: 'adopt' }, koa: { ring: 'hold' } } }, null, 2));
    assert.strictEqual(run(['baseline'], root).code, 0);
    commit(root, 'adopt Tech Policy');
    const line = "main has no techpolicy.json yet: this change adopts Tech Policy, so its own policy and baseline judge it; an exception is granted once an approver's key is in the policy at main.";
    for (const flag of ['--new-since', '--trusted-policy']) {
      const r = run(['check', '--format', 'json', flag, 'main'], root);
      assert.deepStrictEqual([r.code, found(r.stdout), JSON.parse(r.stdout).adopting, JSON.parse(r.stdout).errors], [0, [], { ref: 'main', policyFile: 'techpolicy.json' }, []], `${flag}: ${r.stdout}${r.stderr}`);
      const text = run(['check', flag, 'main'], root);
      assert.ok(text.stdout.includes(`${line}\n`), text.stdout);
    }
    // the Action on the pull request (new-since defaults to the base): green, and the job summary says why
    const summaryFile = path.join(tempDir('tp-trust-out-'), 'summary.md');
    fs.writeFileSync(summaryFile, '');
    const action = spawnSync(process.execPath, [ACTION], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1', GITHUB_WORKSPACE: root, GITHUB_STEP_SUMMARY: summaryFile, 'INPUT_NEW-SINCE': 'main', INPUT_FORMAT: 'github,markdown' } });
    assert.strictEqual(action.status, 0, action.stdout + action.stderr);
    assert.ok(fs.readFileSync(summaryFile, 'utf8').includes('this change adopts Tech Policy'), fs.readFileSync(summaryFile, 'utf8'));
    // what the adopting change adds beyond its baseline counts
    write(root, 'services/api/package.json', JSON.stringify({ name: 'api', dependencies: { express: '^5', koa: '^2', fastify: '^5' } }, null, 2));
    commit(root);
    const added = run(['check', '--format', 'json', '--new-since', 'main'], root);
    assert.deepStrictEqual([added.code, found(added.stdout)], [1, ['new-technology fastify services/api/package.json']]);
    // once main has a policy somewhere, a folder without one at main is not an adoption: it fails closed
    git(root, 'checkout', '-q', 'main');
    write(root, 'other/techpolicy.json', JSON.stringify(BASE_POLICY, null, 2));
    commit(root, 'a policy for another folder');
    git(root, 'checkout', '-q', 'adopt');
    const closed = run(['check', '--format', 'json', '--trusted-policy', 'main'], root);
    assert.strictEqual(closed.code, 1, closed.stdout + closed.stderr);
    assert.ok(found(closed.stdout).includes('policy-relaxed techpolicy.json techpolicy.json'), closed.stdout);
    assert.strictEqual(JSON.parse(closed.stdout).adopting, undefined);
  });

  test('an ambiguous ref (a tag named origin/main beside the remote branch) is refused, naming both; the full name judges, and the report says which ref and commit', () => {
    const root = repository();
    git(root, 'update-ref', 'refs/remotes/origin/main', 'main');
    // a collaborator's tag "origin/main" on a commit whose policy approves fastify
    write(root, 'techpolicy.json', JSON.stringify({ ...BASE_POLICY, technologies: { express: { ring: 'adopt' }, fastify: { ring: 'adopt' } } }, null, 2));
    commit(root, 'approve fastify');
    git(root, 'tag', 'origin/main');
    addFastify(root);
    commit(root);
    const ambiguous = run(['check', root, '--trusted-policy', 'origin/main'], root);
    assert.deepStrictEqual(
      [ambiguous.code, ambiguous.stdout, ambiguous.stderr],
      [2, '', 'tech-policy: --trusted-policy: the ref "origin/main" is ambiguous: it names refs/tags/origin/main and refs/remotes/origin/main; give its full name (e.g. refs/remotes/origin/main) so that the trusted policy is not chosen by whoever may push a tag or branch of that name.\n'],
    );
    const mainCommit = git(root, 'rev-parse', 'main').trim();
    const full = run(['check', root, '--trusted-policy', 'refs/remotes/origin/main'], root);
    assert.strictEqual(full.code, 1, full.stdout + full.stderr);
    assert.match(full.stdout, /^services\/api\/package\.json:\d+:\d+ warning new-technology /m);
    const lines = full.stdout.trimEnd().split('\n');
    assert.strictEqual(lines[lines.length - 2], `Judged by the policy at refs/remotes/origin/main, commit ${mainCommit}.`);
    const json = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    assert.deepStrictEqual(JSON.parse(json.stdout).trusted, { ref: 'main', fullRef: 'refs/heads/main', commit: mainCommit });
    // the Action alike
    const output = path.join(tempDir('tp-trust-out-'), 'output.txt');
    fs.writeFileSync(output, '');
    const action = spawnSync(process.execPath, [ACTION], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1', GITHUB_WORKSPACE: root, GITHUB_OUTPUT: output, 'INPUT_TRUSTED-POLICY': 'origin/main', INPUT_FORMAT: 'github' } });
    assert.strictEqual(action.status, 2, action.stdout + action.stderr);
    assert.match(action.stdout, /^::error title=Tech Policy::--trusted-policy: the ref "origin\/main" is ambiguous: it names refs\/tags\/origin\/main and refs\/remotes\/origin\/main; /m);
  });

  test('a policy that is a symbolic link at the ref is no policy there: the working tree\'s findings all count, its baseline makes none known', () => {
    const root = repository();
    fs.renameSync(path.join(root, 'techpolicy.json'), path.join(root, 'real-policy.json'));
    fs.symlinkSync('real-policy.json', path.join(root, 'techpolicy.json'));
    commit(root, 'the policy is a link');
    git(root, 'branch', '-f', 'main');
    addFastify(root);
    fs.rmSync(path.join(root, 'techpolicy.json'));
    write(root, 'techpolicy.json', JSON.stringify(BASE_POLICY, null, 2));
    commit(root);
    assert.strictEqual(run(['baseline', root], root).code, 0);
    commit(root, 'baseline');
    assert.strictEqual(run(['check', root], root).code, 0, 'against its own baseline it passes');
    const r = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    assert.strictEqual(r.code, 1, r.stdout + r.stderr);
    assert.deepStrictEqual(found(r.stdout), ['new-technology fastify services/api/package.json', 'policy-relaxed techpolicy.json techpolicy.json']);
  });
});

suite('trusted checks: nothing the repository controls runs', function () {
  this.timeout(60_000);
  const keys = tempDir('tp-trust-keys-');
  let dana: TestKey;
  let mallory: TestKey;
  suiteSetup(() => {
    dana = makeKey(keys, 'dana', 'ed25519', { comment: 'dana@acme.example' });
    mallory = makeKey(keys, 'mallory', 'ed25519', { comment: 'mallory@evil.example' });
  });

  /** A planted `git` that records that it ran and answers every question with the attacker's policy. */
  function plantGit(bin: string, marker: string, policy: string): void {
    fs.mkdirSync(bin, { recursive: true });
    const answer = path.join(bin, 'answer.json');
    fs.writeFileSync(answer, policy);
    fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$@" >> '${marker}'\ncase "$*" in *cat-file*) cat '${answer}';; *rev-parse*--show-prefix*) echo services/api/;; *rev-parse*) echo 0123456789012345678901234567890123456789;; esac\nexit 0\n`, { mode: 0o755 });
  }

  test('a git the repository links into node_modules/.bin never runs, also for a folder below the repository root; alone on PATH it is refused with a sentence', () => {
    const root = repository({
      'services/api/techpolicy.json': JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', keys: [dana.publicKey] }], technologies: { express: { ring: 'adopt' } } }),
      'services/api/package.json': JSON.stringify({ name: 'api', dependencies: { express: '^5' } }),
    });
    // the pull request: fastify, an exception signed by Mallory, and a devDependency whose bin is "git"
    write(root, 'services/api/package.json', JSON.stringify({ name: 'api', dependencies: { express: '^5', fastify: '^5' }, devDependencies: { 'git-tools': '1' } }));
    const marker = path.join(keys, 'planted-git-ran');
    const bin = path.join(root, 'node_modules/.bin');
    plantGit(bin, marker, JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', keys: [mallory.publicKey] }], technologies: { express: { ring: 'adopt' } } }));
    write(root, `services/api/${DOC}`, exceptionDocument({ scope: '["**"]' }));
    // Mallory signs under a policy that names her key (what the planted git would answer), then the real one is put back
    const real = fs.readFileSync(path.join(root, 'services/api/techpolicy.json'), 'utf8');
    write(root, 'services/api/techpolicy.json', fs.readFileSync(path.join(bin, 'answer.json'), 'utf8'));
    assert.strictEqual(run(['sign', DOC, '--key', mallory.file], path.join(root, 'services/api')).code, 0);
    write(root, 'services/api/techpolicy.json', real);
    commit(root, 'fastify, approved');

    const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    const r = run(['check', 'services/api', '--format', 'json', '--trusted-policy', 'main'], root, env);
    assert.ok(!fs.existsSync(marker), `the planted git ran: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''}`);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.ok(found(r.stdout).some((f) => f.startsWith('new-technology fastify ')), r.stdout);

    // with no other git on PATH: a sentence that says what was skipped and why, exit 2
    const alone = run(['check', 'services/api', '--trusted-policy', 'main'], root, { PATH: bin });
    assert.strictEqual(alone.code, 2);
    assert.strictEqual(alone.stderr, `tech-policy: --trusted-policy: git was not found on PATH; skipped ${bin}/git (inside node_modules): a program the repository brings never runs. Reading main needs git and the repository's history.\n`);
    assert.ok(!fs.existsSync(marker));

    // the Action with path: services/api and the workspace's node_modules/.bin on PATH (as npx puts it)
    const output = path.join(keys, 'output.txt');
    fs.writeFileSync(output, '');
    const action = spawnSync(process.execPath, [ACTION], { cwd: root, encoding: 'utf8', env: { PATH: env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1', GITHUB_WORKSPACE: root, GITHUB_OUTPUT: output, INPUT_PATH: 'services/api', 'INPUT_TRUSTED-POLICY': 'main', INPUT_FORMAT: 'github' } });
    assert.ok(!fs.existsSync(marker), 'the planted git did not run in the Action');
    assert.strictEqual(action.status, 1, action.stdout + action.stderr);
    assert.match(action.stdout, /new-technology::/);
  });

  test('an ssh-keygen the repository brings (in its tree, or through a relative PATH entry) never signs: the one outside it does', () => {
    const root = tempDir('tp-trust-keygen-');
    write(root, 'techpolicy.json', JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', keys: [dana.publicKey] }], technologies: { express: { ring: 'adopt' } } }));
    write(root, DOC, exceptionDocument());
    git(root, 'init', '-q', '-b', 'main');
    const marker = path.join(keys, 'planted-keygen-ran');
    for (const dir of ['tools/bin', 'bin']) write(root, `${dir}/ssh-keygen`, `#!/bin/sh\necho "$@" >> '${marker}'\nexit 1\n`);
    for (const dir of ['tools/bin', 'bin']) fs.chmodSync(path.join(root, dir, 'ssh-keygen'), 0o755);
    const r = run(['sign', DOC, '--key', dana.file], root, { PATH: `${path.join(root, 'tools/bin')}${path.delimiter}bin${path.delimiter}${process.env.PATH}` });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.ok(!fs.existsSync(marker), 'the planted ssh-keygen did not run');
    const alone = run(['sign', DOC, '--key', dana.file], root, { PATH: `${path.join(root, 'tools/bin')}${path.delimiter}bin` });
    assert.strictEqual(alone.code, 2);
    assert.match(alone.stderr, new RegExp(`ssh-keygen was not found on PATH; skipped ${path.join(root, 'tools/bin')}/ssh-keygen \\(inside ${root}, which is being checked\\), bin/ssh-keygen \\(a relative PATH entry\\): a program the repository brings never runs`));
    assert.ok(!fs.existsSync(marker));
  });

  test('a partial clone whose promisor remote runs a program over ssh: check --trusted-policy and report fetch nothing, run nothing', () => {
    const origin = tempDir('tp-trust-origin-');
    write(origin, 'techpolicy.json', JSON.stringify(BASE_POLICY));
    write(origin, 'services/api/package.json', JSON.stringify({ name: 'api', dependencies: { express: '^5' } }));
    git(origin, 'init', '-q', '-b', 'main');
    git(origin, 'config', 'uploadpack.allowFilter', 'true');
    git(origin, 'add', '-A');
    git(origin, 'commit', '-q', '-m', 'base');
    // main moves on: its policy is a blob the feature branch does not have
    write(origin, 'techpolicy.json', JSON.stringify({ ...BASE_POLICY, languages: ['javascript'] }));
    git(origin, 'commit', '-q', '-am', 'languages');
    git(origin, 'checkout', '-q', '-b', 'feature', 'HEAD~1');
    addFastify(origin);
    git(origin, 'commit', '-q', '-am', 'fastify');

    const clone = path.join(tempDir('tp-trust-clone-'), 'shop');
    git(path.dirname(clone), 'clone', '-q', '--filter=blob:none', '--no-checkout', '-b', 'feature', `file://${origin}`, clone);
    git(clone, 'checkout', '-q', 'feature');
    // the repository's .git/config now sends its promisor remote over ssh, through a program of its choosing
    const spy = path.join(keys, 'ssh-spy-ran');
    const sshSpy = path.join(keys, 'ssh-spy');
    fs.writeFileSync(sshSpy, `#!/bin/sh\necho "$@" >> '${spy}'\nexit 1\n`, { mode: 0o755 });
    git(clone, 'remote', 'set-url', 'origin', 'ssh://git.example/shop.git');
    git(clone, 'config', 'core.sshCommand', sshSpy);
    git(clone, 'config', 'protocol.ssh.allow', 'always');
    // before the fix, this is what a lazy fetch does: prove the spy would run
    spawnSync('git', ['cat-file', 'blob', 'origin/main:techpolicy.json'], { cwd: clone, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: clone } });
    assert.ok(fs.existsSync(spy), 'the set-up is right: a plain git would fetch through the spy');
    fs.rmSync(spy);

    const r = run(['check', clone, '--format', 'json', '--trusted-policy', 'origin/main'], clone);
    assert.ok(!fs.existsSync(spy), `the ssh spy ran: ${fs.existsSync(spy) ? fs.readFileSync(spy, 'utf8') : ''}`);
    assert.strictEqual(r.code, 2, r.stdout + r.stderr);
    assert.match(JSON.parse(r.stdout).errors.map((e: { reason: string }) => e.reason).join('\n'), /techpolicy\.json at origin\/main does not exist|not in the local repository/);
    const report = run(['report', clone, '--format', 'json'], clone);
    assert.ok(!fs.existsSync(spy), 'report ran nothing either');
    assert.strictEqual(report.code, 0, report.stderr);
  });
});

suite('trusted checks: an approval cannot be backdated past its key', function () {
  this.timeout(60_000);
  const keys = tempDir('tp-trust-validity-');
  let dana: TestKey;
  suiteSetup(() => {
    dana = makeKey(keys, 'dana', 'ed25519', { comment: 'dana@acme.example' });
  });

  /** ssh-keygen's time format, in UTC. */
  const sshTime = (ms: number) => `${new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 12)}Z`;

  /**
   * main: Dana's key in .github/allowed_signers with `options`; the change: fastify, and an
   * exception signed with her key now (the private key is what a thief or a leaver still has),
   * dated `on`.
   */
  function signedChange(options: string, on: string) {
    const root = repository({
      '.github/allowed_signers': `dana@acme.example ${options} ${dana.publicKey}\n`,
      'techpolicy.json': JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO' }], allowedSigners: '.github/allowed_signers', technologies: { express: { ring: 'adopt' } } }),
      'services/api/package.json': JSON.stringify({ name: 'api', dependencies: { express: '^5' } }),
    });
    addFastify(root);
    const approved = approvedDocument(exceptionDocument({ 'requested-on': '2024-12-01' }), { by: 'Dana Reyes <dana@acme.example>', on });
    const signed = withSignature(approved, sshSign(dana, contentToSign(approved)));
    write(root, DOC, signed);
    commit(root, 'fastify, approved');
    const armored = /-----BEGIN SSH SIGNATURE-----[\s\S]+?-----END SSH SIGNATURE-----\n/.exec(signed)![0];
    const ssh = sshVerify(path.join(root, '.github/allowed_signers'), 'dana@acme.example', armored, signedContent(signed));
    const check = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    return { ssh, check, findings: found(check.stdout), messages: (JSON.parse(check.stdout).findings as Finding[]).map((f) => f.message) };
  }

  test('a key retired on 2025-01-01 does not grant an approval dated 2024-12-30 that it signs today; ssh-keygen -Y verify refuses it too', () => {
    const r = signedChange('valid-before="20250101Z"', '2024-12-30');
    assert.ok(!r.ssh.ok, r.ssh.output);
    assert.match(r.ssh.output, /key has expired/);
    assert.strictEqual(r.check.code, 1, r.check.stderr);
    assert.deepStrictEqual(r.findings, ['exception-invalid EX-0007 docs/policy-exceptions/EX-0007-fastify.md', 'new-technology fastify services/api/package.json']);
    assert.ok(r.messages.some((m) => m === 'Not granted: .github/allowed_signers:1 allows this key only until 2025-01-01 00:00 UTC, which has passed (a key is judged at the time of verification, not by the date the document states). An approver signs it again with a current key.'), r.messages.join('\n'));
  });

  test('the time of day counts: a key that stopped an hour ago grants nothing, one that stops in an hour grants, as ssh-keygen says', () => {
    // the date the check uses for approved-on (local), so that the approval is never in its future
    const today = localToday();
    const stopped = signedChange(`valid-before="${sshTime(Date.now() - 3_600_000)}"`, today);
    assert.deepStrictEqual([stopped.ssh.ok, stopped.check.code], [false, 1], stopped.check.stdout);
    const valid = signedChange(`valid-after="${sshTime(Date.now() - 3_600_000)}",valid-before="${sshTime(Date.now() + 3_600_000)}"`, today);
    assert.ok(valid.ssh.ok, valid.ssh.output);
    assert.deepStrictEqual([valid.check.code, valid.findings], [0, []], valid.check.stdout);
    const early = signedChange(`valid-after="${sshTime(Date.now() + 3_600_000)}"`, today);
    assert.deepStrictEqual([early.ssh.ok, early.check.code], [false, 1]);
    assert.ok(early.messages.some((m) => /allows this key only from .* UTC, which has not come yet/.test(m)), early.messages.join('\n'));
  });
});

suite('trusted checks: a key anyone can sign with grants nothing', function () {
  // builds a git repository and runs the CLI three times (a few seconds on a busy machine)
  this.timeout(60_000);

  test('an Ed25519 key of small order (the identity point) in the approver\'s keys at main: its forged signature grants nothing, and the policy says why', () => {
    // the red team's forgery: A = the identity point, and the signature R = identity, S = 0 verifies for every message
    const identity = Buffer.alloc(32);
    identity[0] = 1;
    const blob = Buffer.concat([wireString('ssh-ed25519'), wireString(identity)]);
    const forgedKey = `ssh-ed25519 ${blob.toString('base64')}`;
    assert.strictEqual(forgedKey, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const sig = Buffer.concat([wireString('ssh-ed25519'), wireString(Buffer.concat([identity, Buffer.alloc(32)]))]);
    const raw = Buffer.concat([Buffer.from('SSHSIG'), Buffer.from([0, 0, 0, 1]), wireString(blob), wireString('tech-policy-exception'), wireString(''), wireString('sha512'), wireString(sig)]);
    const armored = `-----BEGIN SSH SIGNATURE-----\n${raw.toString('base64').match(/.{1,70}/g)!.join('\n')}\n-----END SSH SIGNATURE-----\n`;

    const root = repository({
      'techpolicy.json': JSON.stringify({ ...BASE_POLICY, approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO', keys: [forgedKey] }] }, null, 2),
      'services/api/package.json': JSON.stringify({ name: 'api', dependencies: { express: '^5' } }),
    });
    addFastify(root);
    const approved = approvedDocument(exceptionDocument(), { by: 'Dana Reyes <dana@acme.example>', on: localToday() });
    write(root, DOC, withSignature(approved, armored));
    commit(root, 'fastify, approved by the forged signature');

    const r = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    assert.strictEqual(r.code, 2, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepStrictEqual(found(r.stdout), ['exception-invalid EX-0007 docs/policy-exceptions/EX-0007-fastify.md', 'new-technology fastify services/api/package.json']);
    assert.match(r.stderr, /the trusted policy \(main\) has 2 problems /);
    assert.ok(
      report.errors.some((e: { reason: string }) => e.reason === 'techpolicy.json at main, line 8: This key cannot be used: the Ed25519 key is a point of small order: anyone can make a signature it accepts.'),
      JSON.stringify(report.errors),
    );
    // without the flag, the policy itself is invalid at the key
    const plain = run(['check', root, '--format', 'json'], root);
    assert.strictEqual(plain.code, 2, plain.stdout);
    assert.ok(JSON.parse(plain.stdout).errors.some((e: { file: string; line: number; reason: string }) => e.file === 'techpolicy.json' && e.line === 8 && /point of small order/.test(e.reason)), plain.stdout);
  });
});


suite('trusted checks: forgeries of a signed approval grant nothing', function () {
  // each case builds a git repository, runs ssh-keygen and the CLI (a few seconds on a busy machine)
  this.timeout(60_000);
  const keys = tempDir('tp-trust-forgeries-');
  let dana: TestKey;
  let mallory: TestKey;
  suiteSetup(() => {
    dana = makeKey(keys, 'dana', 'ed25519', { comment: 'dana@acme.example' });
    mallory = makeKey(keys, 'mallory', 'ed25519', { comment: 'mallory@evil.example' });
  });

  /** main: Dana's key in the policy, express in the API; the change adds fastify to the API and to web. */
  function fastifyEverywhere(approvers: object[] = [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO', keys: [dana.publicKey] }]): string {
    const root = repository({
      'techpolicy.json': JSON.stringify({ ...BASE_POLICY, approvers }, null, 2),
      'services/api/package.json': JSON.stringify({ name: 'api', dependencies: { express: '^5' } }),
    });
    addFastify(root);
    write(root, 'services/web/package.json', JSON.stringify({ name: 'web', dependencies: { fastify: '^5' } }));
    return root;
  }

  /** Dana's genuine signature over an exception for fastify in services/api only. */
  function danaSigned(): string {
    const approved = approvedDocument(exceptionDocument(), { by: 'Dana Reyes <dana@acme.example>', on: localToday() });
    return withSignature(approved, sshSign(dana, contentToSign(approved)));
  }

  function trusted(root: string) {
    const r = run(['check', root, '--format', 'json', '--trusted-policy', 'main'], root);
    return { ...r, findings: found(r.stdout), messages: (JSON.parse(r.stdout).findings as Finding[]).map((f) => `${f.rule} ${f.subject}: ${f.message}`) };
  }

  test('control: Dana\'s genuine signature covers fastify in services/api, and only there', () => {
    const root = fastifyEverywhere();
    write(root, DOC, danaSigned());
    commit(root, 'fastify, approved by Dana');
    const r = trusted(root);
    assert.deepStrictEqual([r.code, r.findings], [1, ['new-technology fastify services/web/package.json']], r.stdout + r.stderr);
  });

  test('a duplicate key: Dana\'s signed exception with a second "scope: ["**"]" is malformed, and covers nothing', () => {
    const root = fastifyEverywhere();
    write(root, DOC, danaSigned().replace('expires: 2027-05-20\n', 'expires: 2027-05-20\nscope: ["**"]\n'));
    commit(root, 'fastify everywhere, by a second scope');
    const r = trusted(root);
    assert.strictEqual(r.code, 1, r.stdout + r.stderr);
    assert.deepStrictEqual(r.findings, ['exception-invalid EX-0007 docs/policy-exceptions/EX-0007-fastify.md', 'new-technology fastify services/api/package.json', 'new-technology fastify services/web/package.json']);
    assert.ok(r.messages.some((m) => /Map keys must be unique/.test(m)), r.messages.join('\n'));
  });

  test('text after the signature block\'s "-->" (which rendered Markdown shows) is not signed: the approval is not granted', () => {
    const root = fastifyEverywhere();
    write(root, DOC, danaSigned().replace(/-->\n$/, '--> Also approved for services/web. — Dana\n'));
    commit(root, 'fastify, with a line Dana did not sign');
    const r = trusted(root);
    assert.strictEqual(r.code, 1, r.stdout + r.stderr);
    assert.deepStrictEqual(r.findings, ['exception-invalid EX-0007 docs/policy-exceptions/EX-0007-fastify.md', 'new-technology fastify services/api/package.json', 'new-technology fastify services/web/package.json']);
    assert.ok(r.messages.some((m) => m.includes('text follows the signature block\'s "-->" on its line, which no signature covers')), r.messages.join('\n'));
  });

  test('a look-alike approver: the change adds "Dаna Reyes" (a Cyrillic а) with its own key and signs with it; granted by its own policy, not by main\'s', () => {
    const root = fastifyEverywhere();
    const lookAlike = 'D\u0430na Reyes';
    write(root, 'techpolicy.json', JSON.stringify({ ...BASE_POLICY, approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO', keys: [dana.publicKey] }, { name: lookAlike, email: 'dana@acme.example', role: 'CTO', keys: [mallory.publicKey] }] }, null, 2));
    const approved = approvedDocument(exceptionDocument({ scope: '["services/**"]' }), { by: `${lookAlike} <dana@acme.example>`, on: localToday() });
    write(root, DOC, withSignature(approved, sshSign(mallory, contentToSign(approved))));
    commit(root, 'fastify, approved by a look-alike');
    assert.deepStrictEqual(run(['check', root, '--format', 'json'], root).code, 0, 'the change\'s own policy grants it: only the trusted policy holds it');
    const r = trusted(root);
    assert.strictEqual(r.code, 1, r.stdout + r.stderr);
    assert.deepStrictEqual(r.findings, ['exception-invalid EX-0007 docs/policy-exceptions/EX-0007-fastify.md', 'new-technology fastify services/api/package.json', 'new-technology fastify services/web/package.json']);
    assert.ok(r.messages.some((m) => m.includes(`"${lookAlike} <dana@acme.example>" is not an approver in the policy (approvers: Dana Reyes (CTO))`)), r.messages.join('\n'));
  });

  test('an RSA key with e = 3 in the approver\'s keys at main: a Bleichenbacher forgery (no private key) grants nothing, and the policy says why', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 });
    const key = rsaKeyLine(3n, big(Buffer.from(publicKey.export({ format: 'jwk' }).n!, 'base64url')));
    const root = fastifyEverywhere([{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO', keys: [key.line] }]);
    const approved = approvedDocument(exceptionDocument({ scope: '["services/**"]' }), { by: 'Dana Reyes <dana@acme.example>', on: localToday() });
    const forged = bleichenbacherE3(big(Buffer.from(publicKey.export({ format: 'jwk' }).n!, 'base64url')), signedData(contentToSign(approved), 'tech-policy-exception', 'sha512'));
    assert.ok(forged.cube.subarray(0, forged.prefix.length).equals(forged.prefix), 'a real forgery: s³ starts with the document\'s PKCS#1 block');
    write(root, DOC, withSignature(approved, sshsig(key.blob, 'rsa-sha2-256', forged.signature)));
    commit(root, 'fastify, approved by a forged RSA signature');
    const r = trusted(root);
    assert.strictEqual(r.code, 2, r.stdout + r.stderr);
    assert.deepStrictEqual(r.findings, ['exception-invalid EX-0007 docs/policy-exceptions/EX-0007-fastify.md', 'new-technology fastify services/api/package.json', 'new-technology fastify services/web/package.json']);
    assert.ok(
      JSON.parse(r.stdout).errors.some((e: { reason: string }) => /^techpolicy\.json at main, line \d+: This key cannot be used: an RSA key with the public exponent 3 is refused/.test(e.reason)),
      r.stdout,
    );
  });
});
