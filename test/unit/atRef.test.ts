/**
 * The pull-request view's matching (`check --new-since REF`): which findings were already there at
 * REF, by file, rule and subject with a count, following files the change moved.
 */
import * as assert from 'assert';
import { alreadyThere, countAtRef } from '../../server/src/core/baseline/atRef';
import type { Finding, RuleId } from '../../server/src/core/model';

type Located = Finding & { file: string };

function finding(file: string, rule: RuleId, subject: string, line: number): Located {
  const range = { start: { line, character: 4 }, end: { line, character: 10 } };
  return { uri: `file:///ws/${file}`, file, range, rule, subject, subjectName: subject, severity: 'warning', kind: 'technology', message: `${rule} ${subject}` };
}

const describe = (set: Set<Located>) => [...set].map((f) => `${f.file}:${f.range.start.line} ${f.rule} ${f.subject}`).sort();

suite('new since a ref: what was already there', () => {
  test('known by file, rule and subject with a count, never by line: the first as many as REF had, in file order, the rest new', () => {
    const atRef = [finding('web/package.json', 'new-technology', 'koa', 3), finding('web/package.json', 'new-technology', 'koa', 9), finding('api/Dockerfile', 'new-service', 'api', 0)];
    // lines moved (an edit above), a third koa, fastify new, the same subject in another file new
    const now = [
      finding('web/package.json', 'new-technology', 'koa', 12),
      finding('web/package.json', 'new-technology', 'koa', 5),
      finding('web/package.json', 'new-technology', 'koa', 20),
      finding('web/package.json', 'new-technology', 'fastify', 6),
      finding('admin/package.json', 'new-technology', 'koa', 5),
      finding('api/Dockerfile', 'new-service', 'api', 0),
    ];
    assert.deepStrictEqual(describe(alreadyThere(now, countAtRef(atRef))), ['api/Dockerfile:0 new-service api', 'web/package.json:12 new-technology koa', 'web/package.json:5 new-technology koa']);
  });

  test('a file the change moved keeps its findings known under its new path, and the old path knows nothing any more', () => {
    const atRef = [finding('web/package.json', 'new-technology', 'koa', 3)];
    const renames = new Map([['web/package.json', 'site/package.json']]);
    const now = [finding('site/package.json', 'new-technology', 'koa', 3), finding('web/package.json', 'new-technology', 'koa', 3)];
    assert.deepStrictEqual(describe(alreadyThere(now, countAtRef(atRef, renames))), ['site/package.json:3 new-technology koa']);
  });

  test('subjects match without regard to case, as the baseline matches them; another rule for the same subject is new', () => {
    const atRef = [finding('package.json', 'new-technology', 'Moment', 3)];
    const now = [finding('package.json', 'new-technology', 'moment', 3), finding('package.json', 'hold-technology', 'moment', 3)];
    assert.deepStrictEqual(describe(alreadyThere(now, countAtRef(atRef))), ['package.json:3 new-technology moment']);
  });

  test('policy-relaxed is about this change\'s own policy: never already there', () => {
    const relaxed = finding('techpolicy.json', 'policy-relaxed', 'techpolicy.json', 0);
    assert.strictEqual(countAtRef([relaxed]).size, 0);
    assert.strictEqual(alreadyThere([relaxed], new Map([['techpolicy.json\u0000policy-relaxed\u0000techpolicy.json', 1]])).size, 0);
  });
});
