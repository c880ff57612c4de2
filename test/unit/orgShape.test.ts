/**
 * The report's shape check reads a plain object's fields without asking whether each is its own
 * while Object.prototype has none of a report's field names: these hold it to "own fields only"
 * when it has one, and for objects that are not plain.
 */
import * as assert from 'assert';
import { reportShapeProblem } from '../../server/src/core/org/reportShape';

const valid = () => ({
  version: 1,
  folder: 'shop',
  generatedOn: '2026-12-01',
  radar: { blips: [], unlisted: [], held: [] },
  exceptions: { entries: [], expiring30: [], expiring90: [] },
  services: { known: [], found: [] },
  languages: { found: [] },
  work: { unavailable: 'no git' },
  summary: [],
});

const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

suite("organisation: a report's shape, own fields only", () => {
  test('a valid report reads; a missing field is named, as a plain object and as one without a prototype', () => {
    assert.strictEqual(reportShapeProblem(valid()), undefined);
    const noFolder = without(valid(), 'folder');
    assert.strictEqual(reportShapeProblem(noFolder), 'folder is missing');
    assert.strictEqual(reportShapeProblem(Object.assign(Object.create(null), noFolder)), 'folder is missing');
    assert.strictEqual(reportShapeProblem(Object.assign(Object.create(null), valid())), undefined);
  });

  test('a field Object.prototype has (set by some other code) is not taken for the report\'s own: still missing, or still checked', () => {
    const proto = Object.prototype as Record<string, unknown>;
    Object.defineProperty(Object.prototype, 'folder', { value: 'from the prototype', configurable: true, writable: true });
    Object.defineProperty(Object.prototype, 'summary', { value: 'not a list', configurable: true, writable: true });
    try {
      const noFolder = without(valid(), 'folder');
      assert.strictEqual(reportShapeProblem(noFolder), 'folder is missing');
      assert.strictEqual(reportShapeProblem(valid()), undefined);
      // a nested object missing a required field the prototype has
      const r = valid() as Record<string, unknown>;
      r.services = { known: [], found: [{ places: [] }] };
      Object.defineProperty(Object.prototype, 'name', { value: 'x', configurable: true, writable: true });
      assert.strictEqual(reportShapeProblem(r), 'services.found[0].name is missing');
    } finally {
      delete proto.folder;
      delete proto.summary;
      delete proto.name;
    }
    // and once it is gone, the same reads as before
    const noFolder = without(valid(), 'folder');
    assert.strictEqual(reportShapeProblem(noFolder), 'folder is missing');
  });
});
