/** `retireBy` on a held technology: the policy reads it, and the hover, the report and the organisation page say whether the uses reach zero by then. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hoverPackageJson } from '../../server/src/core/features/hover';
import { loadPolicy } from '../../server/src/core/policy/load';
import { retirement } from '../../server/src/core/radar/retire';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { pathToUri } from '../../server/src/node/files';
import { FolderState } from '../../server/src/node/folderState';
import { folderReport } from '../../server/src/node/report';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { unescapeMarkdown } from '../support/markdown';

suite('retireBy', () => {
  test('the forecast: on track, behind (the uses left on the date at the current pace), one measurement, retired, overdue', () => {
    const series = [
      { day: '2027-01-04', uses: 40 },
      { day: '2027-02-01', uses: 36 },
      { day: '2027-03-01', uses: 32 },
    ];
    // four fewer every four weeks: 32 left on 2027-03-01, about 17 weeks of pace to 2027-06-30
    assert.deepStrictEqual(retirement('2027-06-30', '2027-03-01', series), { state: 'behind', remaining: 15, sentence: 'At the current pace, 15 uses remain on 2027-06-30.' });
    assert.deepStrictEqual(retirement('2028-06-30', '2027-03-01', series), { state: 'on-track', sentence: 'On track: at the current pace the last use goes before 2028-06-30.' });
    assert.deepStrictEqual(retirement('2027-06-30', '2027-03-01', [{ day: '2027-03-01', uses: 1 }]), { state: 'no-trend', remaining: 1, sentence: '1 use remains, 121 days before the retire-by date 2027-06-30.' });
    assert.strictEqual(retirement('2027-06-30', '2027-03-01', [...series, { day: '2027-03-02', uses: 0 }]).state, 'retired');
    assert.deepStrictEqual(retirement('2027-01-31', '2027-03-01', series), { state: 'overdue', remaining: 32, sentence: '32 uses remain, past the retire-by date 2027-01-31.' });
    // rising uses never meet the date
    assert.strictEqual(retirement('2030-01-01', '2027-03-01', [...series].reverse().map((p, i) => ({ ...p, day: series[i].day }))).state, 'behind');
  });

  test('the policy reads it on a technology; a date that is not one is a problem at its value', () => {
    const text = JSON.stringify({ technologies: { moment: { ring: 'hold', retireBy: '2027-06-30' }, jquery: { ring: 'hold', retireBy: '2027-02-30' } } }, null, 2);
    const loaded = loadPolicy('file:///w/techpolicy.json', text, { readFile: () => undefined });
    assert.strictEqual(loaded.policy.technologies.moment.retireBy, '2027-06-30');
    assert.strictEqual(loaded.policy.technologies.jquery.retireBy, undefined);
    assert.deepStrictEqual(
      loaded.problems.map((p) => [p.message, p.range.start.line]),
      [['"retireBy" must be a date (YYYY-MM-DD), the day by which the technology should be gone.', text.split('\n').findIndex((l) => l.includes('2027-02-30'))]],
    );
  });

  test("the hover of a held technology and the repository's report say the uses left and the date", async function () {
    // a FolderState over a temporary folder with git off: well under a second, more on a busy machine
    this.timeout(10_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-retire-'));
    fs.writeFileSync(path.join(dir, 'techpolicy.json'), JSON.stringify({ technologies: { moment: { ring: 'hold', retireBy: '2999-01-01' } } }));
    for (const app of ['a', 'b']) {
      fs.mkdirSync(path.join(dir, app));
      fs.writeFileSync(path.join(dir, app, 'package.json'), JSON.stringify({ name: app, dependencies: { moment: '2' } }, null, 2));
    }
    const state = new FolderState(pathToUri(dir), 'w', DEFAULT_SETTINGS, () => undefined);
    state.loadPolicy(() => undefined);
    await state.scan();
    state.checkAll();
    const uri = pathToUri(path.join(dir, 'a', 'package.json'));
    const text = fs.readFileSync(path.join(dir, 'a', 'package.json'), 'utf8');
    const hover = (hoverPackageJson(state.model, uri, scanPackageJson(text), { line: 3, character: 6 })?.contents as { value: string }).value;
    assert.match(unescapeMarkdown(hover), /\*\*Retiring:\*\* 2 uses remain, \d+ days before the retire-by date 2999-01-01\./);
    const today = new Date().toISOString().slice(0, 10);
    const model = await folderReport(state, { since: today, until: today, today, trusted: false });
    assert.deepStrictEqual(
      model.radar.held.map((b) => [b.id, b.retireBy, b.retirement?.replace(/\d+ days/, 'N days')]),
      [['moment', '2999-01-01', '2 uses remain, N days before the retire-by date 2999-01-01.']],
    );
  });
});
