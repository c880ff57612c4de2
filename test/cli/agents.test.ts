// `tech-policy agents`: writes and refreshes the Tech Policy section of AGENTS.md (and of
// .github/copilot-instructions.md when it exists), never touching the rest; `check` reports the
// section as stale after a policy change, and no more after a refresh.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../support/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function shop(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-agents-cli-'));
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'shop'), root, { recursive: true });
  return root;
}

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const staleLines = (out: string) => out.split('\n').filter((l) => l.includes('agents-instructions-stale'));

suite('command line: tech-policy agents', function () {
  // each test runs the CLI a few times (Node start-up each): more than a second on a busy machine
  this.timeout(60_000);

  test('creates AGENTS.md with the section, then finds it up to date', () => {
    const root = shop();
    assert.deepStrictEqual(run(['agents', root]), { code: 0, stdout: 'AGENTS.md: created it with the Tech Policy section.\n', stderr: '' });
    const text = read(root, 'AGENTS.md');
    assert.match(text, /^<!-- tech-policy:begin policy=[0-9a-f]{12} \(written by "tech-policy agents"; it replaces everything between these markers\) -->\n## Engineering policy \(Tech Policy\)\n/);
    assert.ok(text.endsWith('<!-- tech-policy:end -->\n'));
    assert.deepStrictEqual(run(['agents'], root), { code: 0, stdout: 'AGENTS.md: the Tech Policy section is up to date.\n', stderr: '' });
    assert.strictEqual(read(root, 'AGENTS.md'), text);
  });

  test('adds to an existing AGENTS.md and refreshes only between the markers; copilot-instructions.md only when it exists; check reports the stale section until then', () => {
    const root = shop();
    const mine = '# Shop\n\nRun `npm ci` before the tests.\n';
    fs.writeFileSync(path.join(root, 'AGENTS.md'), mine);
    fs.mkdirSync(path.join(root, '.github'));
    fs.writeFileSync(path.join(root, '.github', 'copilot-instructions.md'), 'Answer in British English.');
    assert.strictEqual(run(['agents', root]).stdout, 'AGENTS.md: added the Tech Policy section at the end.\n.github/copilot-instructions.md: added the Tech Policy section at the end.\n');
    const first = read(root, 'AGENTS.md');
    assert.ok(first.startsWith(`${mine}\n<!-- tech-policy:begin policy=`), first);
    assert.ok(read(root, '.github/copilot-instructions.md').startsWith('Answer in British English.\n\n<!-- tech-policy:begin policy='));
    // people keep writing below the section
    fs.appendFileSync(path.join(root, 'AGENTS.md'), '\n## Releases\nTag from main.\n');
    assert.deepStrictEqual(staleLines(run(['check', root]).stdout), []);

    // the policy changes: koa on trial
    const policy = path.join(root, 'techpolicy.json');
    fs.writeFileSync(policy, read(root, 'techpolicy.json').replace('"express": { "ring": "adopt" },', '"express": { "ring": "adopt" },\n    "koa": { "ring": "trial" },'));
    const stale = run(['check', root, '--format', 'json']);
    const findings = (JSON.parse(stale.stdout) as { findings: Array<{ file: string; rule: string; severity: string; range: { start: { line: number } } }> }).findings.filter((f) => f.rule === 'agents-instructions-stale');
    assert.deepStrictEqual(findings.map((f) => [f.file, f.severity, f.range.start.line]), [['.github/copilot-instructions.md', 'info', 2], ['AGENTS.md', 'info', 4]]);
    assert.strictEqual(stale.code, 1, 'the other findings are warnings; an info finding alone would not fail the check');

    assert.strictEqual(run(['agents', root]).stdout, 'AGENTS.md: refreshed the Tech Policy section.\n.github/copilot-instructions.md: refreshed the Tech Policy section.\n');
    const refreshed = read(root, 'AGENTS.md');
    assert.ok(refreshed.startsWith(`${mine}\n<!-- tech-policy:begin policy=`) && refreshed.endsWith('<!-- tech-policy:end -->\n\n## Releases\nTag from main.\n'), refreshed);
    assert.ok(refreshed.includes('  - Web frameworks: Express, Koa (trial).\n'), refreshed);
    assert.deepStrictEqual(staleLines(run(['check', root]).stdout), []);
  });

  test('broken markers, a link, no policy: exit 2 with one sentence, nothing written', () => {
    const root = shop();
    const broken = 'intro\n<!-- tech-policy:begin policy=000000000000 -->\nold text\n';
    fs.writeFileSync(path.join(root, 'AGENTS.md'), broken);
    const r = run(['agents', root]);
    assert.deepStrictEqual([r.code, r.stdout, r.stderr], [2, '', 'tech-policy: AGENTS.md, line 2: "tech-policy:begin" without its "tech-policy:end" marker below it. Fix the markers; nothing was written.\n']);
    assert.strictEqual(read(root, 'AGENTS.md'), broken);
    // check shows where the markers are broken
    assert.match(run(['check', root]).stdout, /^AGENTS\.md: could not be checked: line 2, column 1: the Tech Policy section's markers are broken/m);

    const linked = shop();
    const elsewhere = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-elsewhere-')), 'AGENTS.md');
    fs.writeFileSync(elsewhere, 'theirs\n');
    fs.symlinkSync(elsewhere, path.join(linked, 'AGENTS.md'));
    assert.deepStrictEqual(run(['agents', linked]), { code: 2, stdout: '', stderr: 'tech-policy: AGENTS.md is a symbolic link; Tech Policy does not write through it (nothing was written).\n' });
    assert.strictEqual(fs.readFileSync(elsewhere, 'utf8'), 'theirs\n');

    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-agents-none-'));
    const none = run(['agents', empty]);
    assert.strictEqual(none.code, 2);
    assert.match(none.stderr, /^tech-policy: no techpolicy\.json in .*: the section states what the policy says\. Run "tech-policy init" first\.\n$/);
    assert.deepStrictEqual(fs.readdirSync(empty), []);
  });

  test('help says what it writes and where', () => {
    const help = run(['help', 'agents']);
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /^Usage: tech-policy agents \[folder\] \[--policy FILE\]\n/);
    assert.match(run(['--help']).stdout, /\n {2}tech-policy agents \[folder\] \[--policy FILE\]\n {2}tech-policy mcp \[folder\] \[--policy FILE\] \[--trusted\]\n/);
  });
});
