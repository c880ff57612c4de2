// Every test here runs the tech-policy command as a process (often several, often over a generated
// workspace): a second or more each on a busy 2-core machine; npm run test:cli gives each test 20 s
// (--timeout 20000), and the suites that need more say so.
// tech-policy report over a throwaway git repository with dated commits of known kinds: the
// numbers of the JSON report exactly; .mailmap, merges, bots, a shallow clone, no git.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../support/fixtures';
import { commitAt, git } from '../support/gitRepo';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface WorkJson {
  weeks: Array<{ week: string; commits: number; lines: Record<string, number>; authorDays: Record<string, number>; share?: number; rolling?: number; aboveTarget: boolean }>;
  totals: { lines: Record<string, number>; authorDays: Record<string, number>; commits: number; authors: number };
  bots: { commits: number; authors: string[] };
  share: number;
  verdict: string;
  drivers: Array<{ path: string; lines: number }>;
  sentence: string;
}

suite('command line: tech-policy report over a git history', () => {
  let repo = '';

  suiteSetup(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-report-'));
    git(repo, ['init', '-q', '-b', 'main']);
    fs.writeFileSync(path.join(repo, 'techpolicy.json'), JSON.stringify({ technologies: { express: 'adopt', moment: { ring: 'hold', note: 'Use date-fns.' } }, platformWork: { target: 0.25, paths: ['platform/**'] } }));
    fs.writeFileSync(path.join(repo, '.mailmap'), 'Sam Lee <sam@acme.example> <sam@old-laptop.local>\n');
    commitAt(repo, '2026-11-02T10:00:00+00:00', 'Sam Lee <sam@acme.example>', 'feat: checkout', { 'src/checkout.ts': 80, 'package.json': 0 });
    fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'shop', dependencies: { express: '4', moment: '2' } }));
    commitAt(repo, '2026-11-03T10:00:00+00:00', 'Sam Lee <sam@old-laptop.local>', 'add deps', { 'src/cart.ts': 19 });
    commitAt(repo, '2026-11-04T10:00:00+00:00', 'Kim Ito <kim@acme.example>', 'ci: cache', { '.github/workflows/ci.yml': 20, 'src/ci-helper.ts': 5 });
    commitAt(repo, '2026-11-10T10:00:00+00:00', 'Kim Ito <kim@acme.example>', 'terraform', { 'infra/main.tf': 60, 'platform/auth.ts': 40 });
    commitAt(repo, '2026-11-11T10:00:00+00:00', 'Kim Ito <kim@acme.example>', 'docs: runbook', { 'docs/runbook.md': 30 });
    commitAt(repo, '2026-11-11T12:00:00+00:00', 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>', 'chore(deps): bump', { 'package-lock.json': 500 });
    // a merge is not a change of its own
    git(repo, ['checkout', '-q', '-b', 'topic']);
    commitAt(repo, '2026-11-12T10:00:00+00:00', 'Sam Lee <sam@acme.example>', 'fix: totals', { 'src/totals.ts': 10 });
    git(repo, ['checkout', '-q', 'main']);
    git(repo, ['merge', '-q', '--no-ff', '-m', 'Merge topic', 'topic'], { GIT_AUTHOR_DATE: '2026-11-12T11:00:00+00:00', GIT_COMMITTER_DATE: '2026-11-12T11:00:00+00:00', GIT_AUTHOR_NAME: 'Sam Lee', GIT_AUTHOR_EMAIL: 'sam@acme.example', GIT_COMMITTER_NAME: 'Sam Lee', GIT_COMMITTER_EMAIL: 'sam@acme.example' });
  });

  test('the JSON numbers, exactly: weekly lines by kind, author-days, shares, bots apart, merges out, authors folded', () => {
    const r = run(['report', '.', '--since', '2026-11-01', '--format', 'json'], repo);
    assert.strictEqual(r.code, 0, r.stderr);
    const work = JSON.parse(r.stdout).work as WorkJson;
    // the period ends today: only the weeks with changes are checked here
    const weeks = work.weeks.filter((w) => w.commits > 0).map((w) => [w.week, w.commits, w.lines, w.authorDays]);
    assert.deepStrictEqual(weeks, [
      // feat: 80 product, and the first package.json, policy and .mailmap lines (platform); 19 product and package.json's 2 lines; ci: 25 platform
      ['2026-11-02', 3, { platform: 30, product: 99, other: 0 }, { platform: 1, product: 2, other: 0 }],
      // infra 60 + platform/** 40; docs 30 other; fix 10 product; the merge and the bot not counted
      ['2026-11-09', 3, { platform: 100, product: 10, other: 30 }, { platform: 1, product: 1, other: 1 }],
    ]);
    assert.strictEqual(work.totals.commits, 6);
    assert.strictEqual(work.totals.authors, 2, 'sam@old-laptop.local is Sam Lee through .mailmap');
    assert.deepStrictEqual(work.bots, { commits: 1, authors: ['dependabot[bot]'] });
    assert.strictEqual(work.share, 130 / 239);
    assert.strictEqual(work.verdict, 'above');
    assert.deepStrictEqual(work.drivers, [{ path: 'infra/', lines: 60 }, { path: 'platform/', lines: 40 }, { path: '.github/workflows/', lines: 20 }]);
    assert.match(work.sentence, /^Platform work was 54% of platform and product changes from 2026-11-01 to \d{4}-\d{2}-\d{2}, above the 25% target; most platform lines were in infra\/, platform\/, \.github\/workflows\/\.$/);
    const nov9 = work.weeks.find((w) => w.week === '2026-11-09')!;
    assert.strictEqual(nov9.rolling, 130 / 239);
    assert.strictEqual(nov9.aboveTarget, true);
  });

  test('a commit cannot forge lines or commits: CR, separators and a 0x1f in a name are just text', () => {
    const forged = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-report-forged-'));
    git(forged, ['init', '-q', '-b', 'main']);
    fs.writeFileSync(path.join(forged, 'techpolicy.json'), '{}');
    commitAt(forged, '2026-11-02T10:00:00+00:00', 'Sam Lee <sam@acme.example>', 'feat: base', { 'src/a.ts': 10 });
    commitAt(forged, '2026-11-03T10:00:00+00:00', 'Sam Lee <sam@acme.example>', 'feat: small\r99999\t0\t.github/workflows/ci.yml', { 'src/b.ts': 5 });
    commitAt(forged, '2026-11-04T10:00:00+00:00', 'Sam Lee <sam@acme.example>', 'fix: y\r\x1edeadbeef\x1fMallory\x1fm@x.y\x1f2026-11-04T10:00:00+00:00\x1fci: fake', { 'src/c.ts': 5 });
    commitAt(forged, '2026-11-05T10:00:00+00:00', 'Bob\x1fX <bob@acme.example>', 'feat: odd name', { 'src/d.ts': 5 });
    const r = run(['report', '.', '--since', '2026-11-01', '--format', 'json'], forged);
    assert.strictEqual(r.code, 0, r.stderr);
    const work = JSON.parse(r.stdout).work as WorkJson;
    assert.strictEqual(work.totals.commits, 4);
    assert.strictEqual(work.totals.authors, 2);
    // only what the commits changed: the policy and .mailmap-free files, no forged 99999
    assert.deepStrictEqual(work.totals.lines, { platform: 1, product: 25, other: 0 });
  });

  test('HTML: one self-contained page with the radar, the register, the deployables and the weekly bars', () => {
    const out = path.join(repo, 'report.html');
    const r = run(['report', '.', '--since', '2026-11-01', '--output', out], repo);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, /^tech-policy: wrote the report of .* to .*report\.html\.\n$/);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    for (const id of ['radar', 'exceptions', 'deployables', 'work']) assert.ok(html.includes(`<section id="${id}">`), id);
    assert.match(html, /<g class="blip" data-id="moment" data-ring="hold" data-quadrant="tools" data-uses="1">/);
    assert.strictEqual((html.match(/<rect class="bar k-platform" data-week="2026-11-09" data-kind="platform" data-lines="100"/g) ?? []).length, 1);
    assert.match(html, /<path class="above" data-week="2026-11-09"/);
    assert.ok(!/<script|(src|href)="https?:/i.test(html));
    fs.rmSync(out);
  });

  test('a shallow clone is said plainly, never "no platform work"', () => {
    const shallow = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-report-shallow-'));
    git(shallow, ['clone', '-q', '--depth', '1', `file://${repo}`, 'clone']);
    const r = run(['report', 'clone', '--since', '2026-11-01', '--format', 'json'], shallow);
    assert.strictEqual(r.code, 0, r.stderr);
    const model = JSON.parse(r.stdout);
    assert.match(model.work.unavailable, /^this is a shallow clone: only part of the history is here/);
    assert.ok(model.summary.some((s: string) => s.startsWith('Platform versus product work: this is a shallow clone')));
  });

  test('no git on PATH, or no repository: the section says why; the rest of the report is there', () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-report-nogit-'));
    fs.copyFileSync(path.join(repo, 'techpolicy.json'), path.join(bare, 'techpolicy.json'));
    const noRepo = JSON.parse(run(['report', '.', '--format', 'json'], bare, { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(bare) }).stdout);
    assert.match(noRepo.work.unavailable, /is not inside a git repository/);
    // a PATH with node and nothing else
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-report-bin-'));
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const noGit = JSON.parse(run(['report', '.', '--format', 'json'], repo, { PATH: bin, HOME: process.env.HOME }).stdout);
    assert.match(noGit.work.unavailable, /^git was not found on PATH/);
    assert.strictEqual(noGit.radar.blips.length, 2);
  });

  test('bad --since, no policy: one sentence, exit 2', () => {
    const bad = run(['report', '.', '--since', 'soon'], repo);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /^tech-policy: --since soon: use a number of days, weeks, months or years/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-report-empty-'));
    const none = run(['report', '.'], empty);
    assert.strictEqual(none.code, 2);
    assert.match(none.stderr, /no techpolicy\.json in .*Run "tech-policy init" first\./);
  });
});
