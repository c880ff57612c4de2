// The organisation build judges each distinct exception document once per judge: counted, not timed.
import * as assert from 'assert';
import type { ReportModel } from '../../server/src/core/report/model';
import { type Judge, VerifyCache, verifyRepository } from '../../server/src/core/org/verify';
import { exceptionDocument } from '../support/ssh';

const TODAY = '2026-12-01';

function report(folder: string, texts: string[]): ReportModel {
  return {
    version: 1,
    folder,
    generatedOn: TODAY,
    approval: { approvals: 'signed', expiryWarningDays: 30, exceptionsDirectory: 'docs/policy-exceptions', source: 'the policy of the repository', approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', keys: [] }] },
    radar: { blips: [], unlisted: [], held: [] },
    exceptions: { entries: [], expiring30: [], expiring90: [], documents: texts.map((text, i) => ({ file: `docs/policy-exceptions/EX-000${i + 1}.md`, text })) },
    services: { known: [], found: [] },
    languages: { found: [] },
    work: { unavailable: 'no git' },
    summary: [],
  };
}

suite('organisation: each distinct document verified once', () => {
  const texts = [1, 2, 3].map((n) => exceptionDocument({ id: `EX-000${n}`, subject: `tech${n}`, scope: '', 'requested-on': '2026-11-01' }));

  test('a thousand reports of the same three documents: three judged, the rest answered from the cache, each with its own repository', () => {
    const cache = new VerifyCache();
    const results = Array.from({ length: 1000 }, (_, i) => {
      const r = report(`repo-${i}`, texts);
      return verifyRepository(r.folder, r, cache.judgeOf(r), TODAY, () => undefined, cache);
    });
    assert.deepStrictEqual(cache.counts, { judged: 3, cached: 2997 });
    assert.deepStrictEqual(results[999].map((x) => [x.repository, x.id, x.state, x.waitingDays]), [
      ['repo-999', 'EX-0001', 'requested', 30],
      ['repo-999', 'EX-0002', 'requested', 30],
      ['repo-999', 'EX-0003', 'requested', 30],
    ]);
  });

  test('a changed text or other approvers are judged again', () => {
    const cache = new VerifyCache();
    const base = report('a', texts);
    verifyRepository('a', base, cache.judgeOf(base), TODAY, () => undefined, cache);
    // one character more in one document
    const edited = report('b', [texts[0], texts[1], texts[2].replace('tech3', 'tech4')]);
    verifyRepository('b', edited, cache.judgeOf(edited), TODAY, () => undefined, cache);
    assert.deepStrictEqual(cache.counts, { judged: 4, cached: 2 });
    // the same texts under other approvers: a new judge, judged again
    const other = report('c', texts);
    other.approval!.approvers[0].name = 'Kim Ito';
    const judge = cache.judgeOf(other) as Judge;
    assert.notStrictEqual(judge, cache.judgeOf(base));
    verifyRepository('c', other, judge, TODAY, () => undefined, cache);
    assert.deepStrictEqual(cache.counts, { judged: 7, cached: 2 });
  });

  test("the approval section of the report before, field for field, is that report's judge; a section changed in place after it was judged is judged again", () => {
    const cache = new VerifyCache();
    const a = report('a', texts);
    const judgeA = cache.judgeOf(a) as Judge;
    assert.strictEqual(cache.judgeOf(report('b', texts)), judgeA);
    // the section judged first, changed where it lies: a report that now reads like it is not judged by Dana's keys
    a.approval!.approvers[0].name = 'Kim Ito';
    const c = report('c', texts);
    c.approval!.approvers[0].name = 'Kim Ito';
    const judgeC = cache.judgeOf(c) as Judge;
    assert.notStrictEqual(judgeC, judgeA);
    assert.deepStrictEqual(judgeC.approvers.map((x) => x.name), ['Kim Ito']);
    assert.strictEqual(cache.judgeOf(a), judgeC);
    assert.strictEqual(cache.judgeOf(report('d', texts)), judgeA);
  });

  test('twenty texts of one path and one length, each differing from the others by one character: twenty judged, each answered from the cache after, none mistaken for another', () => {
    const cache = new VerifyCache();
    // EX-0010 … EX-0029: the same length, the id its only difference (more than a few of one length)
    const same = Array.from({ length: 20 }, (_, i) => exceptionDocument({ id: `EX-00${10 + i}`, subject: 'tech', scope: '', 'requested-on': '2026-11-01' }));
    assert.strictEqual(new Set(same.map((t) => t.length)).size, 1);
    const ids = (folder: string) =>
      same.map((text) => {
        // each text a fresh string, as each report's own copy read from its file is
        const r = report(folder, [Buffer.from(text).toString()]);
        return verifyRepository(folder, r, cache.judgeOf(r), TODAY, () => undefined, cache)[0].id;
      });
    const want = same.map((_, i) => `EX-00${10 + i}`);
    assert.deepStrictEqual(ids('a'), want);
    assert.deepStrictEqual(cache.counts, { judged: 20, cached: 0 });
    assert.deepStrictEqual(ids('b'), want);
    assert.deepStrictEqual(cache.counts, { judged: 20, cached: 20 });
  });
});
