// A keystroke in a manifest makes the diagnostics of the findings that changed and keeps the
// objects of the others (diagnoseFindings): what changes is counted (diagnoseWork), never timed,
// and a kept diagnostic is always the one its finding would make.
import * as assert from 'assert';
import { diagnoseFindings, diagnoseWork, findingsToDiagnostics, findingToDiagnostic, sameFinding, shownDiagnostics } from '../../server/src/core/features/diagnostics';
import { FolderModel } from '../../server/src/core/folder';
import type { Finding } from '../../server/src/core/model';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { memoryHost } from '../support/fixtures';

const POLICY = JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], technologies: { express: { ring: 'adopt' }, lodash: { ring: 'hold' } } });
const folder = new FolderModel('file:///ws');
folder.setPolicyText(POLICY, memoryHost({}));

function manifest(names: string[], above = ''): string {
  return `${above}{\n  "name": "app",\n  "dependencies": {\n${names.map((n) => `    ${JSON.stringify(n)}: "^1.0.0"`).join(',\n')}\n  }\n}\n`;
}

const found = (names: string[], above = '') => folder.checkPackageJson('file:///ws/package.json', scanPackageJson(manifest(names, above)));
const FRAMEWORKS = ['fastify', 'koa', '@hapi/hapi', '@nestjs/core', 'restify', 'sails', '@adonisjs/core', '@feathersjs/feathers', '@loopback/core', 'moleculer'];

/** A finding with every field a diagnostic reads. */
const FULL: Finding = {
  uri: 'file:///ws/package.json',
  range: { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } },
  rule: 'new-technology',
  severity: 'warning',
  subject: 'koa',
  subjectName: 'Koa',
  kind: 'technology',
  message: 'Koa: new web framework',
  folder: 'apps/web',
  category: 'web framework',
  request: { id: 'EX-0001', uri: 'file:///ws/docs/policy-exceptions/EX-0001-koa.md' },
  expired: { id: 'EX-0002', uri: 'file:///ws/docs/policy-exceptions/EX-0002-koa.md', expires: '2026-01-01', rule: 'new-technology' },
  baselined: { since: '2026-02-02' },
  section: { start: { line: 1, character: 0 }, end: { line: 9, character: 3 } },
};

const OPTIONAL = new Set(['folder', 'category', 'request', 'expired', 'baselined', 'section']);

/** Every way of changing one value of a finding: each leaf replaced, each optional field removed. */
function variants(f: Finding): Finding[] {
  const out: Finding[] = [];
  const visit = (value: unknown, rebuild: (v: unknown) => Finding, depth: number) => {
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const at = (next: unknown) => rebuild({ ...(value as object), [k]: next });
        visit(v, at, depth + 1);
        if ((depth === 0 && OPTIONAL.has(k)) || k === 'since') {
          const without = { ...(value as Record<string, unknown>) };
          delete without[k];
          out.push(rebuild(without));
        }
      }
    } else out.push(rebuild(typeof value === 'number' ? value + 1 : typeof value === 'string' ? `${value}x` : !value));
  };
  visit(f, (v) => v as Finding, 0);
  return out;
}

suite('diagnostics made once per finding', () => {
  test('a finding added at the end makes one diagnostic; one removed makes none; a line added above makes them all', () => {
    const names = ['express', 'lodash', ...FRAMEWORKS.slice(1)];
    const first = diagnoseFindings(found(names));
    assert.ok(first.found.length >= 9, `${first.found.length} findings`);
    let work = diagnoseWork.made;
    const added = diagnoseFindings(found([...names, FRAMEWORKS[0]]), 'hint', first);
    assert.strictEqual(diagnoseWork.made - work, 1, 'only the new finding is made');
    assert.strictEqual(added.diagnostics.filter((d) => first.diagnostics.includes(d)).length, first.found.length);
    work = diagnoseWork.made;
    const removed = diagnoseFindings(found(names), 'hint', added);
    assert.strictEqual(diagnoseWork.made - work, 0, 'nothing new to make');
    work = diagnoseWork.made;
    const moved = diagnoseFindings(found(names, '\n'), 'hint', removed);
    assert.strictEqual(diagnoseWork.made - work, moved.found.length, 'every finding moved a line down');
    // what is published is what the findings make, whatever was kept
    for (const d of [added, removed, moved]) assert.deepStrictEqual(shownDiagnostics(d), findingsToDiagnostics(d.found));
  });

  test('the baseline shown as hints or hidden: a change of the setting makes every diagnostic again', () => {
    const f = { ...FULL, request: undefined, expired: undefined, section: undefined };
    const hint = diagnoseFindings([f], 'hint');
    assert.strictEqual(shownDiagnostics(hint)[0].message, 'Known (baseline, since 2026-02-02): Koa: new web framework');
    const hidden = diagnoseFindings([{ ...f }], 'hidden', hint);
    assert.deepStrictEqual(shownDiagnostics(hidden), []);
    const again = diagnoseFindings([{ ...f }], 'hint', hidden);
    assert.deepStrictEqual(shownDiagnostics(again), shownDiagnostics(hint));
  });

  test('two findings are the same only when their diagnostics are: each field of a finding changed in turn', () => {
    const copy = JSON.parse(JSON.stringify(FULL)) as Finding;
    assert.ok(sameFinding(FULL, copy));
    const all = variants(FULL);
    assert.ok(all.length >= 25, `${all.length} variants`);
    for (const v of all) {
      for (const show of ['hint', 'hidden'] as const) {
        const diagnostic = (x: Finding) => JSON.stringify(findingsToDiagnostics([x], show));
        if (sameFinding(FULL, v)) assert.strictEqual(diagnostic(v), diagnostic(FULL), `kept, but its diagnostic differs: ${JSON.stringify(v)}`);
        // and the one a later check makes from it is its own, never the previous one
        const next = diagnoseFindings([v], show, diagnoseFindings([FULL], show));
        assert.strictEqual(JSON.stringify(shownDiagnostics(next)), diagnostic(v));
      }
      // only a finding's category (not shown) may change and keep the diagnostic
      const changed = Object.keys(FULL).filter((k) => JSON.stringify((FULL as unknown as Record<string, unknown>)[k]) !== JSON.stringify((v as unknown as Record<string, unknown>)[k]));
      assert.strictEqual(sameFinding(FULL, v), changed.length === 1 && changed[0] === 'category', changed.join());
    }
    assert.strictEqual(JSON.stringify(findingToDiagnostic(FULL)), JSON.stringify(findingToDiagnostic(copy)));
  });
});
