// The pull-request view end to end (`check --new-since REF` and the Action's `new-since`): throwaway
// git repositories where a base branch has old findings and a change adds new ones. Real git, the
// built CLI and the committed Action bundle; asserts what a user sees: lines, summary, exit code,
// JSON, SARIF, annotations and the job summary.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/fixtures';
import { git as gitIn } from '../support/gitRepo';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const ACTION = path.join(REPO_ROOT, 'action', 'dist', 'index.js');

const IDENTITY = { GIT_AUTHOR_NAME: 'Sam Lee', GIT_AUTHOR_EMAIL: 'sam@acme.example', GIT_COMMITTER_NAME: 'Sam Lee', GIT_COMMITTER_EMAIL: 'sam@acme.example' };

function git(root: string, ...args: string[]): string {
  return gitIn(root, args, IDENTITY);
}

function write(root: string, rel: string, value: unknown): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), typeof value === 'string' ? value : JSON.stringify(value, null, 2) + '\n');
}

function commit(root: string, message: string): void {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '--allow-empty', '-m', message);
}

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
  file: string;
  rule: string;
  subject: string;
}

const names = (list: JsonFinding[]) => list.map((f) => `${f.rule} ${f.subject} ${f.file}`).sort();

const POLICY = { approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO' }], technologies: { express: { ring: 'adopt' }, moment: { ring: 'adopt' } }, services: { web: { path: 'web' } } };

/** A web app of several lines (as real manifests are, so git's rename detection pairs a moved one). */
function webApp(dependencies: Record<string, string>): unknown {
  return { name: 'web', version: '1.0.0', private: true, scripts: { start: 'node server.js', test: 'mocha' }, dependencies: { express: '^4.21.0', lodash: '^4.17.21', ...dependencies } };
}

/**
 * `main`: the policy, a web app on express that also uses koa (an old finding the team lives
 * with), and `feature` checked out on top of it.
 */
function repository(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-new-since-'));
  write(root, 'techpolicy.json', POLICY);
  write(root, 'web/package.json', webApp({ koa: '^2.15.0', moment: '^2.30.0' }));
  git(root, 'init', '-q', '-b', 'main');
  commit(root, 'base');
  git(root, 'checkout', '-q', '-b', 'feature');
  return root;
}

/** The pull request: a second web framework in the web app, and a new service. */
function addFrameworkAndService(root: string): void {
  write(root, 'web/package.json', webApp({ koa: '^2.15.0', moment: '^2.30.0', fastify: '^5.0.0' }));
  write(root, 'api/Dockerfile', 'FROM node:22-alpine\nCOPY . .\nCMD ["node", "index.js"]\n');
  commit(root, 'feature');
}

suite('check --new-since: only what the change adds counts', function () {
  // each case builds a git repository and runs the CLI several times (a few seconds on a busy machine)
  this.timeout(60_000);

  test('a framework and a service added on top of an old finding: the two new ones count, the old one is known, in every format', () => {
    const root = repository();
    addFrameworkAndService(root);
    const plain = run(['check', '--format', 'json'], root);
    assert.deepStrictEqual(names(JSON.parse(plain.stdout).findings), ['new-service api api/Dockerfile', 'new-technology fastify web/package.json', 'new-technology koa web/package.json']);

    const text = run(['check', '--new-since', 'main'], root);
    assert.strictEqual(text.code, 1, text.stderr);
    const lines = text.stdout.trimEnd().split('\n');
    assert.deepStrictEqual(lines.slice(0, -1).map((l) => l.split(' ').slice(0, 3).join(' ')), ['api/Dockerfile:1:1 warning new-service', 'web/package.json:14:5 warning new-technology']);
    assert.strictEqual(lines.at(-1), '2 new in this change (2 at error or warning level), 1 already there at main, 0 files not checked.');
    const shown = run(['check', '--new-since', 'main', '--show-baselined'], root);
    assert.match(shown.stdout, /^web\/package\.json:12:5 known new-technology Koa: .* \(already there at main\)$/m);

    const json = JSON.parse(run(['check', '--new-since', 'main', '--format', 'json'], root).stdout);
    assert.deepStrictEqual(names(json.findings), ['new-service api api/Dockerfile', 'new-technology fastify web/package.json']);
    assert.deepStrictEqual(names(json.alreadyThere), ['new-technology koa web/package.json']);
    assert.deepStrictEqual(json.newSince, { ref: 'main', commit: git(root, 'rev-parse', 'main').trim() });

    const sarif = JSON.parse(run(['check', '--new-since', 'main', '--format', 'sarif'], root).stdout);
    const results = sarif.runs[0].results as Array<{ ruleId: string; properties: { subject: string }; baselineState: string; suppressions?: unknown }>;
    assert.deepStrictEqual(results.map((r) => `${r.properties.subject} ${r.baselineState}`).sort(), ['api new', 'fastify new', 'koa unchanged']);
    assert.ok(results.every((r) => r.suppressions === undefined), 'a finding already there is still a finding, not suppressed');
    assert.deepStrictEqual(sarif.runs[0].properties.newSince.ref, 'main');

    const github = run(['check', '--new-since', 'main', '--format', 'github'], root).stdout.trimEnd().split('\n');
    assert.deepStrictEqual(github.filter((l) => l.startsWith('::')).map((l) => /file=([^,]+)/.exec(l)?.[1]), ['api/Dockerfile', 'web/package.json']);
    assert.ok(!github.some((l) => l.includes('Koa')), github.join('\n'));
    const markdown = run(['check', '--new-since', 'main', '--format', 'markdown'], root).stdout;
    assert.match(markdown, /^## Tech Policy: 2 new in this change, 1 already there at `main`\n/);
    assert.match(markdown, /1 finding already there at `main` is not listed and does not fail this check/);
    assert.ok(!markdown.includes('Koa'), markdown);
  });

  test('a change that adds nothing passes where the plain check fails; a third use of a known subject in the same file is new', () => {
    const root = repository();
    write(root, 'README.md', '# shop\n');
    commit(root, 'docs');
    assert.strictEqual(run(['check'], root).code, 1);
    const quiet = run(['check', '--new-since', 'main'], root);
    assert.deepStrictEqual([quiet.code, quiet.stdout], [0, '0 new in this change (0 at error or warning level), 1 already there at main, 0 files not checked.\n']);
    // koa a second time (a workspace's own dependency section): that one is new
    write(root, 'web/package.json', { ...(webApp({ koa: '^2.15.0', moment: '^2.30.0' }) as object), devDependencies: { koa: '^2.15.0' } });
    commit(root, 'koa again');
    const json = JSON.parse(run(['check', '--new-since', 'main', '--format', 'json'], root).stdout);
    assert.deepStrictEqual([names(json.findings), names(json.alreadyThere)], [['new-technology koa web/package.json'], ['new-technology koa web/package.json']]);
    assert.ok(json.findings[0].range.start.line > json.alreadyThere[0].range.start.line, 'the later one in the file is the new one');
  });

  test('a file the change moves (and edits) keeps its findings known; what the move adds is new', () => {
    const root = repository();
    git(root, 'mv', 'web', 'site');
    write(root, 'site/package.json', webApp({ koa: '^2.15.0', moment: '^2.30.0', fastify: '^5.0.0' }));
    commit(root, 'move web to site');
    const json = JSON.parse(run(['check', '--new-since', 'main', '--format', 'json'], root).stdout);
    assert.deepStrictEqual(names(json.alreadyThere), ['new-technology koa site/package.json']);
    // fastify is new; the app's service is now named after its new folder, which the policy does not list
    assert.deepStrictEqual(names(json.findings), ['new-service site site/package.json', 'new-technology fastify site/package.json']);
  });

  test('the policy changed in the pull request: the policy at REF judges, and a tighter one is not blamed for what was already there', () => {
    const root = repository();
    // the change approves fastify in its own policy and uses it: REF's policy judges, so it counts, and policy-relaxed says why
    write(root, 'techpolicy.json', { ...POLICY, technologies: { ...POLICY.technologies, fastify: { ring: 'adopt' } } });
    addFrameworkAndService(root);
    const relaxed = JSON.parse(run(['check', '--new-since', 'main', '--format', 'json'], root).stdout);
    assert.deepStrictEqual(names(relaxed.findings), ['new-service api api/Dockerfile', 'new-technology fastify web/package.json', 'policy-relaxed techpolicy.json techpolicy.json']);
    assert.deepStrictEqual(names(relaxed.alreadyThere), ['new-technology koa web/package.json']);

    // another change puts moment on hold: its existing use is already there; a new use counts
    git(root, 'checkout', '-q', '-f', 'main');
    // main keeps an AGENTS.md section in step with its policy
    assert.strictEqual(run(['agents'], root).code, 0);
    commit(root, 'agents');
    git(root, 'checkout', '-q', '-b', 'hold-moment');
    write(root, 'techpolicy.json', { ...POLICY, technologies: { ...POLICY.technologies, moment: { ring: 'hold', note: 'Use date-fns.' } } });
    write(root, 'admin/package.json', { name: 'admin', dependencies: { moment: '^2.30.0' } });
    commit(root, 'hold moment');
    const held = JSON.parse(run(['check', '--new-since', 'main', '--format', 'json'], root).stdout);
    // the change's policy makes the section stale: a reminder this change brings, not one already there
    assert.deepStrictEqual(names(held.findings), ['agents-instructions-stale AGENTS.md AGENTS.md', 'hold-technology moment admin/package.json']);
    assert.deepStrictEqual(names(held.alreadyThere), ['hold-technology moment web/package.json', 'new-technology koa web/package.json']);
  });

  test('beside a baseline: both mark findings known, counted apart', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-new-since-baseline-'));
    write(root, 'techpolicy.json', POLICY);
    write(root, 'web/package.json', webApp({ koa: '^2.15.0', hapi: '^21.0.0' }));
    git(root, 'init', '-q', '-b', 'main');
    commit(root, 'base');
    // the baseline records koa; hapi is an old finding nobody recorded
    assert.strictEqual(run(['check', '--format', 'json'], root).code, 1);
    write(root, 'techpolicy.baseline.json', { version: 1, findings: [{ file: 'web/package.json', rule: 'new-technology', subject: 'koa', count: 1, since: '2026-01-05' }] });
    commit(root, 'baseline');
    git(root, 'checkout', '-q', '-b', 'feature');
    addFrameworkAndService(root);
    write(root, 'web/package.json', webApp({ koa: '^2.15.0', hapi: '^21.0.0', fastify: '^5.0.0' }));
    commit(root, 'feature');
    const text = run(['check', '--new-since', 'main'], root);
    assert.strictEqual(text.stdout.trimEnd().split('\n').at(-1), '2 new in this change (2 at error or warning level), 1 already there at main, 1 known (baseline), 0 files not checked.');
    const json = JSON.parse(run(['check', '--new-since', 'main', '--format', 'json'], root).stdout);
    assert.deepStrictEqual([names(json.findings), names(json.baselined), names(json.alreadyThere)], [
      ['new-service api api/Dockerfile', 'new-technology fastify web/package.json'],
      ['new-technology koa web/package.json'],
      ['new-technology hapi web/package.json'],
    ]);
    const sarif = JSON.parse(run(['check', '--new-since', 'main', '--format', 'sarif'], root).stdout);
    const koa = sarif.runs[0].results.find((r: { properties: { subject: string } }) => r.properties.subject === 'koa');
    assert.deepStrictEqual([koa.baselineState, koa.suppressions?.[0].status], ['unchanged', 'accepted'], 'known to the baseline and already there');
  });

  test('a stale baseline entry that was stale at REF is already there; one the change adds is new', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-new-since-stale-'));
    write(root, 'techpolicy.json', POLICY);
    write(root, 'web/package.json', webApp({}));
    // an entry for a koa that is no longer used: stale on main already
    write(root, 'techpolicy.baseline.json', { version: 1, findings: [{ file: 'web/package.json', rule: 'new-technology', subject: 'koa', count: 1 }] });
    git(root, 'init', '-q', '-b', 'main');
    commit(root, 'base');
    git(root, 'checkout', '-q', '-b', 'feature');
    write(root, 'README.md', '# shop\n');
    commit(root, 'docs');
    const quiet = JSON.parse(run(['check', '--new-since', 'main', '--format', 'json'], root).stdout);
    assert.deepStrictEqual([names(quiet.findings), names(quiet.alreadyThere)], [[], ['baseline-stale koa techpolicy.baseline.json']]);
    write(root, 'techpolicy.baseline.json', {
      version: 1,
      findings: [
        { file: 'web/package.json', rule: 'new-technology', subject: 'koa', count: 1 },
        { file: 'web/package.json', rule: 'new-technology', subject: 'hapi', count: 1 },
      ],
    });
    commit(root, 'a stale entry');
    const stale = JSON.parse(run(['check', '--new-since', 'main', '--format', 'json'], root).stdout);
    assert.deepStrictEqual([names(stale.findings), names(stale.alreadyThere)], [['baseline-stale hapi techpolicy.baseline.json'], ['baseline-stale koa techpolicy.baseline.json']]);
  });

  test('a branch behind REF is compared with where it started (the merge base), not with what REF did since', () => {
    const root = repository();
    addFrameworkAndService(root);
    // meanwhile main drops koa; the branch still has it, but did not add it
    git(root, 'checkout', '-q', 'main');
    write(root, 'web/package.json', webApp({ moment: '^2.30.0' }));
    commit(root, 'drop koa');
    git(root, 'checkout', '-q', 'feature');
    const json = JSON.parse(run(['check', '--new-since', 'main', '--format', 'json'], root).stdout);
    assert.deepStrictEqual(names(json.findings), ['new-service api api/Dockerfile', 'new-technology fastify web/package.json']);
    assert.deepStrictEqual(names(json.alreadyThere), ['new-technology koa web/package.json']);
    assert.strictEqual(json.newSince.commit, git(root, 'merge-base', 'main', 'feature').trim());
  });

  test('a shallow clone without REF, and a ref that does not exist: one sentence, exit 2', () => {
    const origin = repository();
    addFrameworkAndService(origin);
    const clone = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-new-since-shallow-')), 'shop');
    gitIn(os.tmpdir(), ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin}`, clone]);
    const shallow = run(['check', '--new-since', 'origin/main'], clone);
    assert.deepStrictEqual([shallow.code, shallow.stdout, shallow.stderr], [2, '', 'tech-policy: --new-since: the ref "origin/main" is not in this shallow clone (fetch it first, e.g. git fetch origin main, or check out with fetch-depth: 0).\n']);
    const json = run(['check', '--new-since', 'origin/main', '--format', 'json'], clone);
    assert.strictEqual(json.code, 2);
    assert.match(JSON.parse(json.stdout).errors[0].reason, /is not in this shallow clone/);
    // fetched as the sentence says, the same clone works
    gitIn(clone, ['fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main']);
    assert.match(run(['check', '--new-since', 'origin/main'], clone).stdout, /new in this change/);

    const missing = run(['check', '--new-since', 'no-such-branch'], origin);
    assert.deepStrictEqual([missing.code, missing.stderr], [2, 'tech-policy: --new-since: the ref "no-such-branch" does not exist in this repository (fetch it first, e.g. git fetch origin no-such-branch).\n']);
    const notRef = run(['check', '--new-since', '--help=x'], origin);
    assert.strictEqual(notRef.code, 2);
  });
});

/** Runs the committed Action bundle as the runner does: every input (action.yml's defaults unless given) and the event's variables. */
function runAction(workspace: string, inputs: Record<string, string>, event: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-new-since-action-'));
  const summary = path.join(dir, 'summary.md');
  const output = path.join(dir, 'output.txt');
  fs.writeFileSync(summary, '');
  fs.writeFileSync(output, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: workspace, GIT_CONFIG_NOSYSTEM: '1', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, ...event };
  // action.yml's inputs and their defaults, as the runner passes them (INPUT_<NAME>, hyphens kept)
  const manifest = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  for (const [name, spec] of Object.entries(manifest.inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  const r = spawnSync(process.execPath, [ACTION], { cwd: workspace, env, encoding: 'utf8' });
  const outputs = Object.fromEntries([...fs.readFileSync(output, 'utf8').matchAll(/^([a-z-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)].map((m) => [m[1], m[3]]));
  return { code: r.status, stdout: r.stdout, summary: fs.readFileSync(summary, 'utf8'), outputs };
}

suite('the Action\'s new-since', function () {
  // a repository, a clone and several runs of the Action bundle
  this.timeout(60_000);

  /** The pull request's checkout: a full clone of `origin` with the feature branch checked out (origin/main fetched). */
  function checkout(): string {
    const origin = repository();
    addFrameworkAndService(origin);
    const clone = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-new-since-checkout-')), 'shop');
    gitIn(os.tmpdir(), ['clone', '-q', '--branch', 'feature', `file://${origin}`, clone]);
    return clone;
  }

  const PULL_REQUEST = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main', GITHUB_HEAD_REF: 'feature' };

  test('by default on a pull request: the base branch, so only what it adds is annotated, summarised and fails the step', () => {
    const clone = checkout();
    const r = runAction(clone, { 'report-file': '' }, PULL_REQUEST);
    assert.strictEqual(r.code, 1);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    assert.deepStrictEqual(annotations.map((l) => /file=([^,]+)/.exec(l)?.[1]), ['api/Dockerfile', 'web/package.json']);
    assert.ok(!r.stdout.includes('Koa'), r.stdout);
    assert.match(r.summary, /^## Tech Policy: 2 new in this change, 1 already there at `origin\/main`\n/);
    assert.deepStrictEqual([r.outputs.findings, r.outputs['already-there'], r.outputs.known], ['2', '1', '0']);
  });

  test('on a push every finding counts; new-since given names the ref; empty turns it off', () => {
    const clone = checkout();
    const push = runAction(clone, { 'report-file': '' }, { GITHUB_EVENT_NAME: 'push' });
    assert.deepStrictEqual([push.code, push.outputs.findings, push.outputs['already-there']], [1, '3', '0']);
    assert.match(push.summary, /^## Tech Policy: 3 findings\n/);
    const given = runAction(clone, { 'report-file': '', 'new-since': 'origin/main' }, { GITHUB_EVENT_NAME: 'push' });
    assert.deepStrictEqual([given.outputs.findings, given.outputs['already-there']], ['2', '1']);
    const off = runAction(clone, { 'report-file': '', 'new-since': '' }, PULL_REQUEST);
    assert.deepStrictEqual([off.outputs.findings, off.outputs['already-there']], ['3', '0']);
    // fail-on still reads only the new ones: a pull request that adds nothing passes
    gitIn(clone, ['checkout', '-q', 'origin/main']);
    assert.strictEqual(runAction(clone, { 'report-file': '' }, PULL_REQUEST).code, 0);
  });

  test('the default on a shallow checkout: the step fails with one sentence that says how to fix it', () => {
    const origin = repository();
    addFrameworkAndService(origin);
    const clone = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-new-since-shallow-')), 'shop');
    gitIn(os.tmpdir(), ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin}`, clone]);
    const r = runAction(clone, { 'report-file': '' }, PULL_REQUEST);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(
      r.stdout,
      "::error title=Tech Policy::--new-since: the ref \"origin/main\" is not in this shallow clone (fetch it first, e.g. git fetch origin main, or check out with fetch-depth: 0). The input new-since defaults to the pull request's base (origin/main): check out with fetch-depth: 0, or set new-since: '' to count every finding.\n",
    );
  });
});
