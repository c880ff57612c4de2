/** The organisation's SQLite history: snapshots appended once each, and a write interrupted before it lands leaves the previous file whole. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Snapshot } from '../../server/src/core/org/trends';
import { appendSnapshot, readHistory } from '../../server/src/node/orgHistory';

function snapshot(key: string, day: string, moment: number): Snapshot {
  return {
    key,
    takenAt: `${day}T09:00:00.000Z`,
    day,
    trust: 'own',
    repositories: [{ name: 'web', commit: key, findingsNew: moment, findingsKnown: 0, awaiting: 1, granted: 0, notGranted: 0, notVerified: 0 }],
    requests: [{ repository: 'web', id: 'EX-0001', subject: 'fastify', requestedOn: '2026-11-01', waitingDays: 7 }],
    expiring: [],
    holdUses: [{ repository: 'web', technology: 'moment', uses: moment }],
    teams: [{ team: '@acme/web', share: 0.25, platformLines: 10, productLines: 30, otherLines: 0, target: 0.3 }],
  };
}

suite('organisation history (SQLite)', () => {
  // sql.js compiles its WebAssembly once per process (about 200 ms), more on a busy machine
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-history-'));

  test('snapshots are appended in order; the same key twice is one snapshot', async function () {
    this.timeout(20_000);
    const file = path.join(dir, 'a.sqlite');
    assert.strictEqual((await appendSnapshot(file, snapshot('c1', '2026-11-02', 40))).added, true);
    assert.strictEqual((await appendSnapshot(file, snapshot('c2', '2026-11-09', 30))).added, true);
    const again = await appendSnapshot(file, snapshot('c2', '2026-11-09', 30));
    assert.strictEqual(again.added, false);
    assert.deepStrictEqual(again.points.map((p) => [p.day, p.holdUses.moment, p.awaiting, p.oldestWaiting, p.teamShare['@acme/web']]), [['2026-11-02', 40, 1, 7, 0.25], ['2026-11-09', 30, 1, 7, 0.25]]);
    assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.startsWith('.') || f.endsWith('.lock')), [], 'no temporary or lock file left');
  });

  test('a write interrupted before it lands leaves the previous history readable and whole', async function () {
    this.timeout(20_000);
    const file = path.join(dir, 'b.sqlite');
    await appendSnapshot(file, snapshot('c1', '2026-11-02', 40));
    const before = fs.readFileSync(file);
    await assert.rejects(
      appendSnapshot(file, snapshot('c2', '2026-11-09', 30), {
        beforeRename: () => {
          throw new Error('killed');
        },
      }),
      /cannot write .*b\.sqlite: killed/,
    );
    assert.ok(fs.readFileSync(file).equals(before), 'the file is byte for byte what it was');
    assert.deepStrictEqual((await readHistory(file)).map((p) => p.day), ['2026-11-02']);
    // and the next build adds its snapshot as if nothing had happened
    assert.strictEqual((await appendSnapshot(file, snapshot('c2', '2026-11-09', 30))).points.length, 2);
  });

  test('a file that is not a history is refused, never overwritten; a lock held by a live process is respected', async function () {
    this.timeout(20_000);
    const notOurs = path.join(dir, 'c.sqlite');
    fs.writeFileSync(notOurs, 'hello, not SQLite');
    await assert.rejects(appendSnapshot(notOurs, snapshot('c1', '2026-11-02', 1)), /c\.sqlite is not a readable SQLite history/);
    assert.strictEqual(fs.readFileSync(notOurs, 'utf8'), 'hello, not SQLite');
    const locked = path.join(dir, 'd.sqlite');
    fs.writeFileSync(`${locked}.lock`, String(process.pid));
    await assert.rejects(appendSnapshot(locked, snapshot('c1', '2026-11-02', 1)), /being written by another build/);
    // a lock left by a process that is gone is taken over
    fs.writeFileSync(`${locked}.lock`, '999999999');
    assert.strictEqual((await appendSnapshot(locked, snapshot('c1', '2026-11-02', 1))).added, true);
  });
});
