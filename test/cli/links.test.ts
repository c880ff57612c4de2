// Files the walk used to leave out in silence (issue 18, the adversarial review's item 3): a link in
// a manifest's place, a file turned into a link by a change, a submodule a change adds under a
// folder the walk skips. Each is judged by what it holds when that is inside the workspace, or
// listed as not checked with its path and why. Real git, the built CLI.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../support/fixtures';
import { git } from '../support/gitRepo';
import { tempDir } from '../support/ssh';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function check(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } });
  const report = JSON.parse(r.stdout) as { findings: Array<{ rule: string; subject: string; file: string }>; errors: Array<{ file: string; reason: string }> };
  return { code: r.status, findings: report.findings.map((f) => `${f.rule} ${f.subject} ${f.file}`).sort(), errors: report.errors.map((e) => `${e.file}: ${e.reason}`).sort() };
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

function link(root: string, rel: string, target: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.symlinkSync(target, path.join(root, rel));
}

const POLICY = JSON.stringify({ rules: { 'new-technology': 'error', 'new-service': 'error' }, technologies: { express: { ring: 'adopt' } }, services: { web: { path: '.' } } });
const EXPRESS = JSON.stringify({ name: 'web', dependencies: { express: '4' } });
const FASTIFY = JSON.stringify({ name: 'web', dependencies: { express: '4', fastify: '4' } });

/** A repository whose `main` holds the policy and an express app, with `pr` checked out on top. */
function repository(): string {
  const root = tempDir('tp-links-');
  write(root, 'techpolicy.json', POLICY);
  write(root, 'package.json', EXPRESS);
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['add', '-A']);
  git(root, ['-c', 'user.name=CI', '-c', 'user.email=ci@example.com', 'commit', '-q', '-m', 'base']);
  git(root, ['checkout', '-q', '-b', 'pr']);
  return root;
}

function commit(root: string): void {
  git(root, ['add', '-A']);
  git(root, ['-c', 'user.name=CI', '-c', 'user.email=ci@example.com', '-c', 'protocol.file.allow=always', 'commit', '-q', '-m', 'change']);
}

suite('links and submodules: judged by what they hold, or reported as not checked', function () {
  // each case builds a git repository and runs the CLI once or twice (a few seconds on a busy machine)
  this.timeout(60_000);

  test('a link in a manifest\'s place to a file inside the workspace is judged by its target\'s text, in a plain and a trusted check', () => {
    const root = repository();
    fs.rmSync(path.join(root, 'package.json'));
    write(root, 'real.json', FASTIFY);
    link(root, 'package.json', 'real.json');
    write(root, 'svc/api/image.txt', 'FROM node:22\nCMD ["node", "server.js"]\n');
    link(root, 'svc/api/Dockerfile', 'image.txt');
    write(root, 'compose.txt', 'services:\n  queue:\n    image: apache/kafka:3.7.0\n');
    link(root, 'docker-compose.yml', 'compose.txt');
    commit(root);
    const expected = ['new-service api svc/api/Dockerfile', 'new-technology fastify package.json', 'new-technology kafka docker-compose.yml'];
    for (const args of [[], ['--trusted-policy', 'main']]) {
      const r = check(root, ...args);
      assert.deepStrictEqual(r.findings, expected, args.join(' '));
      assert.deepStrictEqual([r.code, r.errors], [1, []], args.join(' '));
    }
  });

  test('a link to a file outside the workspace, or to nothing, is listed as not checked with its path and why, and the check fails', () => {
    const root = repository();
    const outside = tempDir('tp-links-outside-');
    write(outside, 'package.json', FASTIFY);
    link(root, 'api/package.json', path.join(outside, 'package.json'));
    link(root, 'worker/Dockerfile', 'Dockerfile.gone');
    const r = check(root);
    assert.deepStrictEqual(r.findings, []);
    assert.deepStrictEqual(r.errors, ['api/package.json: it is a link to a file outside the workspace folder', 'worker/Dockerfile: it is a link to "Dockerfile.gone", which does not exist']);
    assert.strictEqual(r.code, 1);
  });

  test('a file the change turns into a link in a folder the walk skips (a type change) is judged under --trusted-policy', () => {
    const root = repository();
    write(root, 'vendor/x/package.json', EXPRESS);
    git(root, ['checkout', '-q', 'main']);
    commit(root);
    git(root, ['checkout', '-q', '-B', 'pr']);
    fs.rmSync(path.join(root, 'vendor/x/package.json'));
    write(root, 'vendor/x.json', FASTIFY);
    link(root, 'vendor/x/package.json', '../x.json');
    commit(root);
    const r = check(root, '--trusted-policy', 'main');
    assert.deepStrictEqual(r.findings, ['new-technology fastify vendor/x/package.json']);
    assert.strictEqual(r.code, 1);
  });

  test('a submodule the change adds under a skipped folder: its checked-out files are judged; not checked out, it is listed as not checked', () => {
    const source = tempDir('tp-links-sub-');
    write(source, 'package.json', JSON.stringify({ name: 'billing', dependencies: { fastify: '4' } }));
    write(source, 'Dockerfile', 'FROM node:22\nCMD ["node", "server.js"]\n');
    git(source, ['init', '-q', '-b', 'main']);
    commit(source);
    const root = repository();
    git(root, ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', source, 'vendor/billing']);
    commit(root);
    const checkedOut = check(root, '--trusted-policy', 'main');
    assert.deepStrictEqual(checkedOut.findings, ['new-service billing vendor/billing/Dockerfile', 'new-technology fastify vendor/billing/package.json']);
    assert.deepStrictEqual([checkedOut.code, checkedOut.errors], [1, []]);
    git(root, ['submodule', 'deinit', '-q', '-f', 'vendor/billing']);
    const absent = check(root, '--trusted-policy', 'main');
    assert.deepStrictEqual(absent.findings, []);
    assert.deepStrictEqual(absent.errors, [
      "vendor/billing: a submodule this change adds or moves to another commit: its files are not in this repository's tree and are not checked out here (git submodule update --init vendor/billing, then check again)",
    ]);
    assert.strictEqual(absent.code, 1);
  });
});
