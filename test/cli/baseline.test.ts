// Every test here runs the tech-policy command as a process (often several, often over a generated
// workspace): a second or more each on a busy 2-core machine; npm run test:cli gives each test 20 s
// (--timeout 20000), and the suites that need more say so.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copyFixture, REPO_ROOT } from '../support/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const addMoment = (root: string, rel: string) => {
  const file = path.join(root, rel);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"react": "^18.3.1",', '"react": "^18.3.1",\n    "moment": "^2.30.1",'));
};

suite('command line: tech-policy baseline and check with a baseline', () => {
  test('the hold journey: 3 warnings; baseline; 0 and exit 0; a new use: 1 and exit 1; the summary counts the known apart', () => {
    const root = copyFixture('baseline-hold');
    let r = run(['check', root]);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.stdout.trimEnd().split('\n').pop(), '3 findings (3 at error or warning level), 0 files not checked.');
    r = run(['baseline', root]);
    assert.deepStrictEqual([r.code, r.stdout], [0, `Wrote ${path.join(root, 'techpolicy.baseline.json')}: 3 entries, 3 known findings.\n`]);
    r = run(['check', root]);
    assert.deepStrictEqual([r.code, r.stdout], [0, '0 findings (0 at error or warning level), 3 known (baseline), 0 files not checked.\n']);
    addMoment(root, 'packages/ui/package.json');
    r = run(['check', root]);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(r.stdout.trimEnd().split('\n'), [
      'packages/ui/package.json:6:5 warning hold-technology moment: on hold. Use date-fns for new code. New use needs a signed exception.',
      '1 finding (1 at error or warning level), 3 known (baseline), 0 files not checked.',
    ]);
    r = run(['check', root, '--show-baselined']);
    assert.ok(r.stdout.includes('apps/web/package.json:6:5 known hold-technology moment: on hold. Use date-fns for new code. New use needs a signed exception. (baseline since '), r.stdout);
  });

  test('it only shrinks: baseline refuses to grow an existing file; a removed use is stale (exit 1) until --prune; --update records new ones', () => {
    const root = copyFixture('baseline-hold');
    assert.strictEqual(run(['baseline', root]).code, 0);
    const before = fs.readFileSync(path.join(root, 'techpolicy.baseline.json'), 'utf8');
    addMoment(root, 'packages/ui/package.json');
    let r = run(['baseline', root]);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /techpolicy\.baseline\.json already exists: a baseline never grows silently\. Use --update/);
    assert.strictEqual(fs.readFileSync(path.join(root, 'techpolicy.baseline.json'), 'utf8'), before, 'untouched');
    // a known use goes away: its entry is stale
    const web = path.join(root, 'apps/web/package.json');
    fs.writeFileSync(web, fs.readFileSync(web, 'utf8').replace(',\n    "moment": "^2.30.1"', ''));
    r = run(['check', root, '--format', 'json']);
    assert.strictEqual(r.code, 1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ file: string; rule: string }>; baselined: Array<{ file: string; since: string }> };
    assert.deepStrictEqual(report.findings.map((f) => `${f.file} ${f.rule}`), ['packages/ui/package.json hold-technology', 'techpolicy.baseline.json baseline-stale']);
    assert.deepStrictEqual(report.baselined.map((f) => f.file), ['apps/admin/package.json', 'apps/reports/package.json']);
    r = run(['baseline', root, '--prune']);
    assert.deepStrictEqual([r.code, r.stdout], [0, `Wrote ${path.join(root, 'techpolicy.baseline.json')}: 2 entries, 2 known findings (was 3).\n`]);
    assert.ok(!fs.readFileSync(path.join(root, 'techpolicy.baseline.json'), 'utf8').includes('packages/ui'), 'prune never adds');
    r = run(['check', root]);
    assert.strictEqual(r.code, 1, 'the new use is still new');
    assert.strictEqual(run(['baseline', root, '--update']).code, 0);
    assert.strictEqual(run(['check', root]).code, 0);
    assert.ok(fs.readFileSync(path.join(root, 'techpolicy.baseline.json'), 'utf8').includes('packages/ui/package.json'));
    assert.strictEqual(run(['baseline', root, '--update', '--prune']).code, 2);
  });

  test('a broken baseline: every finding reported, the problem listed with the errors, exit 2', () => {
    const root = copyFixture('baseline-parity');
    fs.writeFileSync(path.join(root, 'techpolicy.baseline.json'), '{ "version": 1, "findings": [ ');
    const r = run(['check', root, '--format', 'json']);
    assert.strictEqual(r.code, 2);
    const report = JSON.parse(r.stdout) as { findings: Array<{ rule: string }>; errors: Array<{ file: string; reason: string }>; baselined: unknown[] };
    assert.strictEqual(report.findings.filter((f) => f.rule === 'hold-technology').length, 4, 'nothing is baselined');
    assert.deepStrictEqual(report.baselined, []);
    assert.strictEqual(report.errors[0].file, 'techpolicy.baseline.json');
    assert.match(report.errors[0].reason, /^line 1, column \d+: The baseline file is not valid JSON/);
    assert.match(r.stderr, /the baseline techpolicy\.baseline\.json is broken \(1 problem, listed with the errors\), so it is not applied/);
  });

  test('SARIF: known findings are results with an accepted external suppression, so code scanning does not alert on them', () => {
    const root = copyFixture('baseline-parity');
    const sarif = JSON.parse(run(['check', root, '--format', 'sarif']).stdout) as { runs: Array<{ results: Array<{ ruleId: string; suppressions?: Array<{ kind: string; status: string; justification: string }>; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    const results = sarif.runs[0].results;
    const suppressed = results.filter((x) => x.suppressions).map((x) => x.locations[0].physicalLocation.artifactLocation.uri);
    assert.deepStrictEqual(suppressed.sort(), ['apps/admin/package.json', 'apps/web/package.json']);
    assert.deepStrictEqual(results.find((x) => x.suppressions)!.suppressions, [{ kind: 'external', status: 'accepted', justification: 'recorded in techpolicy.baseline.json on 2026-11-01' }]);
    assert.strictEqual(results.filter((x) => x.ruleId === 'baseline-stale').length, 2);
  });

  test('baseline refuses without a policy, with a broken policy, through a link, and --prune without a file', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-nopolicy-'));
    assert.match(run(['baseline', empty]).stderr, /no techpolicy\.json in .*: a baseline records findings against a policy/);
    const root = copyFixture('baseline-hold');
    assert.match(run(['baseline', root, '--prune']).stderr, /there is no techpolicy\.baseline\.json to prune/);
    fs.symlinkSync('/tmp/elsewhere.json', path.join(root, 'techpolicy.baseline.json'));
    const r = run(['baseline', root]);
    assert.strictEqual(r.code, 2);
    assert.ok(!fs.existsSync('/tmp/elsewhere.json'), 'nothing written through the link');
  });
});
