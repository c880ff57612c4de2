/**
 * The baseline (techpolicy.baseline.json): known findings by file, rule and subject with a count;
 * what matches is known, what is beyond the count is new, what no longer matches is stale.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { baselineKey, currentCounts, nextBaseline, parseBaseline, renderBaseline } from '../../server/src/core/baseline/baseline';
import { hoverPackageJson } from '../../server/src/core/features/hover';
import type { Finding } from '../../server/src/core/model';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { pathToUri } from '../../server/src/node/files';
import { FolderState } from '../../server/src/node/folderState';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { fixturePath, summarize } from '../support/fixtures';

async function open(root: string): Promise<{ state: FolderState; findings: Finding[]; lines: string[] }> {
  const state = new FolderState(pathToUri(root), 'shop', { ...DEFAULT_SETTINGS }, () => undefined);
  state.trusted = false;
  state.loadPolicy(() => undefined);
  state.loadBaseline(() => undefined);
  await state.loadExceptions(() => undefined);
  await state.scan();
  const findings = state.checkAll();
  const lines = findings.map((f) => `${summarize([f], root)[0]}${f.baselined ? ' (known)' : ''}`).sort();
  return { state, findings, lines };
}

function copy(name: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `tp-baseline-${name}-`));
  fs.cpSync(fixturePath(name), root, { recursive: true });
  return root;
}

const located = (state: FolderState, findings: Finding[]) => findings.map((f) => ({ ...f, file: path.relative(state.fsPath, new URL(f.uri).pathname) }));

suite('baseline: recording what is known', () => {
  test('a new baseline records every finding by file, rule and subject, one entry per line, sorted', async () => {
    const root = copy('baseline-hold');
    const { state, findings } = await open(root);
    const text = renderBaseline(nextBaseline('create', currentCounts(located(state, findings)), [], '2026-12-01'));
    assert.strictEqual(
      text,
      [
        '{',
        '  "$schema": "https://raw.githubusercontent.com/tech-policy/tech-policy/main/schemas/techpolicy.baseline.schema.json",',
        '  "version": 1,',
        '  "findings": [',
        '    { "file": "apps/admin/package.json", "rule": "hold-technology", "subject": "moment", "count": 1, "since": "2026-12-01" },',
        '    { "file": "apps/reports/package.json", "rule": "hold-technology", "subject": "moment", "count": 1, "since": "2026-12-01" },',
        '    { "file": "apps/web/package.json", "rule": "hold-technology", "subject": "moment", "count": 1, "since": "2026-12-01" }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    assert.strictEqual(renderBaseline([]), `{\n  "$schema": "https://raw.githubusercontent.com/tech-policy/tech-policy/main/schemas/techpolicy.baseline.schema.json",\n  "version": 1,\n  "findings": []\n}\n`);
  });

  test('update records today\'s findings and keeps each known entry\'s date; prune only lowers or removes, never adds', () => {
    const existing = parseBaseline('file:///ws/techpolicy.baseline.json', renderBaseline([
      { file: 'a/package.json', rule: 'hold-technology', subject: 'moment', count: 2, since: '2026-01-01' },
      { file: 'b/package.json', rule: 'hold-technology', subject: 'moment', count: 1, since: '2026-01-01' },
    ])).entries;
    const now = new Map([
      [baselineKey('a/package.json', 'hold-technology', 'moment'), { file: 'a/package.json', rule: 'hold-technology' as const, subject: 'moment', count: 1 }],
      [baselineKey('c/package.json', 'new-technology', 'koa'), { file: 'c/package.json', rule: 'new-technology' as const, subject: 'koa', count: 1 }],
    ]);
    assert.deepStrictEqual(nextBaseline('update', now, existing, '2026-12-01'), [
      { file: 'a/package.json', rule: 'hold-technology', subject: 'moment', count: 1, since: '2026-01-01' },
      { file: 'c/package.json', rule: 'new-technology', subject: 'koa', count: 1, since: '2026-12-01' },
    ]);
    assert.deepStrictEqual(nextBaseline('prune', now, existing, '2026-12-01'), [{ file: 'a/package.json', rule: 'hold-technology', subject: 'moment', count: 1, since: '2026-01-01' }]);
  });
});

suite('baseline: matching, counts and stale entries', () => {
  test('hold without a baseline: every use is a warning; with one: known uses are marked, a 4th package is the one new finding', async () => {
    const root = copy('baseline-hold');
    assert.deepStrictEqual((await open(root)).lines, [
      'apps/admin/package.json:6:5 hold-technology moment',
      'apps/reports/package.json:6:5 hold-technology moment',
      'apps/web/package.json:6:5 hold-technology moment',
    ]);
    const { state, findings } = await open(root);
    fs.writeFileSync(path.join(root, 'techpolicy.baseline.json'), renderBaseline(nextBaseline('create', currentCounts(located(state, findings)), [], '2026-12-01')));
    const ui = path.join(root, 'packages/ui/package.json');
    fs.writeFileSync(ui, fs.readFileSync(ui, 'utf8').replace('"react": "^18.3.1",', '"react": "^18.3.1",\n    "moment": "^2.30.1",'));
    assert.deepStrictEqual((await open(root)).lines, [
      'apps/admin/package.json:6:5 hold-technology moment (known)',
      'apps/reports/package.json:6:5 hold-technology moment (known)',
      'apps/web/package.json:6:5 hold-technology moment (known)',
      'packages/ui/package.json:6:5 hold-technology moment',
    ]);
  });

  test('more findings than the count: the first ones (in file order) are known, the rest are new', async () => {
    const root = copy('baseline-hold');
    const web = path.join(root, 'apps/web/package.json');
    fs.writeFileSync(web, fs.readFileSync(web, 'utf8').replace('  }\n}', '  },\n  "devDependencies": {\n    "moment": "^2.30.1"\n  }\n}'));
    fs.writeFileSync(path.join(root, 'techpolicy.baseline.json'), renderBaseline([{ file: 'apps/web/package.json', rule: 'hold-technology', subject: 'moment', count: 1 }]));
    const { lines } = await open(root);
    assert.deepStrictEqual(lines.filter((l) => l.startsWith('apps/web/')), ['apps/web/package.json:6:5 hold-technology moment (known)', 'apps/web/package.json:9:5 hold-technology moment']);
  });

  test('stale: an entry whose finding a granted exception now covers says which exception, not "no longer found"', async () => {
    const root = copy('baseline-hold');
    fs.writeFileSync(path.join(root, 'techpolicy.baseline.json'), renderBaseline([{ file: 'apps/web/package.json', rule: 'hold-technology', subject: 'moment', count: 1 }]));
    fs.mkdirSync(path.join(root, 'docs/policy-exceptions'), { recursive: true });
    const doc = ['---', 'id: EX-0009', 'rule: hold-technology', 'subject: moment', 'status: approved', 'requested-by: Sam Lee <sam@acme.example>', 'requested-on: 2026-11-01', 'approved-by: Dana Reyes', 'approved-on: 2026-11-02', '---', '# Exception request: keep Moment', '', '## The product capability this enables', 'Reports in the customer\'s own calendar.', '', '## Why the approved stack cannot deliver it', 'date-fns has no Hijri calendar.', ''].join('\n');
    fs.writeFileSync(path.join(root, 'docs/policy-exceptions/EX-0009-moment.md'), doc);
    const { findings } = await open(root);
    const stale = findings.filter((f) => f.rule === 'baseline-stale').map((f) => f.message);
    assert.deepStrictEqual(stale, ['The baseline records hold-technology "moment" in apps/web/package.json, which EX-0009 (granted) now covers: the entry is no longer needed. The baseline only shrinks: run "tech-policy baseline --prune" to remove it.']);
  });

  test('stale: an entry no longer found (naming where the finding went), one that matches less than its count; an ignored file is left alone', async () => {
    const root = copy('baseline-parity');
    const { lines, findings } = await open(root);
    assert.deepStrictEqual(lines, [
      'apps/admin/package.json:6:5 hold-technology moment (known)',
      'apps/reports/package.json:6:5 hold-technology moment',
      'apps/web/package.json:6:5 hold-technology moment (known)',
      'packages/ui/package.json:6:5 hold-technology moment',
      'techpolicy.baseline.json:4:5 baseline-stale moment',
      'techpolicy.baseline.json:5:5 baseline-stale moment',
    ]);
    const stale = findings.filter((f) => f.rule === 'baseline-stale').map((f) => f.message);
    assert.strictEqual(stale[0], 'The baseline records 2 × hold-technology "moment" in apps/admin/package.json; 1 is left. The baseline only shrinks: run "tech-policy baseline --prune" to lower the count.');
    assert.match(stale[1], /^The baseline records hold-technology "moment" in apps\/gone\/package\.json, which is no longer found there\. .* The same finding is now in (apps\/reports|packages\/ui)\/package\.json \(moved\?\)/);
    // the policy ignores apps/gone: its entry says nothing either way
    const policy = path.join(root, 'techpolicy.json');
    fs.writeFileSync(policy, fs.readFileSync(policy, 'utf8').replace('"approvers"', '"ignore": ["apps/gone/**"],\n  "approvers"'));
    assert.ok(!(await open(root)).lines.includes('techpolicy.baseline.json:5:5 baseline-stale moment'));
  });

  test('a broken baseline is not applied: every finding is reported, and the problem is at its place', async () => {
    const root = copy('baseline-parity');
    const file = path.join(root, 'techpolicy.baseline.json');
    const text = fs.readFileSync(file, 'utf8').replace('"count": 2', '"count": "two"');
    fs.writeFileSync(file, text);
    const { state, lines } = await open(root);
    assert.strictEqual(state.model.baseline?.usable, false);
    assert.deepStrictEqual(state.model.baseline?.problems.map((p) => [p.message, p.range.start.line]), [['A baseline entry needs "file", "rule" and "subject" (non-empty strings) and "count" (a whole number above 0).', 3]]);
    assert.ok(!lines.some((l) => l.includes('(known)') || l.includes('baseline-stale')), lines.join('\n'));
    fs.writeFileSync(file, '{ "version": 1, "findings": [ { "file": ');
    const broken = (await open(root)).state.model.baseline!;
    assert.match(broken.problems[0].message, /^The baseline file is not valid JSON \(.*\): it is not applied, every finding is reported until it is fixed\.$/);
    for (const bad of ['[]', '{ "version": 2, "findings": [] }', '{ "findings": [ { "file": "../x/package.json", "rule": "new-technology", "subject": "x", "count": 1 } ] }', '{ "findings": [ { "file": "a/package.json", "rule": "exception-invalid", "subject": "x", "count": 1 } ] }']) {
      assert.strictEqual(parseBaseline('file:///ws/techpolicy.baseline.json', bad).usable, false, bad);
    }
  });

  test('a known use says so on hover, with the date (the note is in the hint above it)', async () => {
    const root = copy('baseline-parity');
    const { state } = await open(root);
    const uri = pathToUri(path.join(root, 'apps/web/package.json'));
    const text = fs.readFileSync(path.join(root, 'apps/web/package.json'), 'utf8');
    const hover = hoverPackageJson(state.model, uri, scanPackageJson(text), { line: 5, character: 6 });
    const md = (hover?.contents as { value: string }).value;
    assert.match(md, /\*\*Known use\*\*, recorded in the baseline on 2026-11-01 \(one use in this file\); no new use allowed\./);
    assert.doesNotMatch(md, /Policy note/, 'the hint diagnostic at the same place carries the note');
    const ui = pathToUri(path.join(root, 'packages/ui/package.json'));
    const uiText = fs.readFileSync(path.join(root, 'packages/ui/package.json'), 'utf8');
    assert.doesNotMatch((hoverPackageJson(state.model, ui, scanPackageJson(uiText), { line: 5, character: 6 })?.contents as { value: string }).value, /Known use/);
  });
});
