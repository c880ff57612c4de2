/**
 * The organisation's history: an SQLite file with one snapshot per build (schema in
 * docs/org-history.md, so people can query it with the `sqlite3` shell). SQLite through sql.js
 * (WebAssembly: no native module, installs offline, runs on every Node the CLI supports, and the
 * bundle carries it; see docs/decisions.md). sql.js holds the database in memory: a build reads the
 * file, adds its snapshot in one transaction, and writes a whole new file beside the old one,
 * flushed, then renamed over it. An interrupted build leaves the previous file as it was.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Database, SqlJsStatic } from 'sql.js';
import { pointOf, type Snapshot, type TrendPoint } from '../core/org/trends';

export const HISTORY_SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
  id INTEGER PRIMARY KEY,
  taken_at TEXT NOT NULL,
  day TEXT NOT NULL,
  trust TEXT NOT NULL,
  identity TEXT NOT NULL UNIQUE,
  repositories INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS repository_states (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  repository TEXT NOT NULL,
  commit_sha TEXT,
  findings_new INTEGER NOT NULL,
  findings_known INTEGER NOT NULL,
  awaiting INTEGER NOT NULL,
  granted INTEGER NOT NULL,
  not_granted INTEGER NOT NULL,
  not_verified INTEGER NOT NULL,
  PRIMARY KEY (snapshot_id, repository)
);
CREATE TABLE IF NOT EXISTS requests (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  repository TEXT NOT NULL,
  exception_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  requested_on TEXT,
  waiting_days INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS expiring (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  repository TEXT NOT NULL,
  exception_id TEXT NOT NULL,
  expires TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hold_uses (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  repository TEXT NOT NULL,
  technology TEXT NOT NULL,
  uses INTEGER NOT NULL,
  PRIMARY KEY (snapshot_id, repository, technology)
);
CREATE TABLE IF NOT EXISTS team_work (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  team TEXT NOT NULL,
  share REAL,
  platform_lines REAL NOT NULL,
  product_lines REAL NOT NULL,
  other_lines REAL NOT NULL,
  target REAL NOT NULL,
  PRIMARY KEY (snapshot_id, team)
);
`;

export class HistoryError extends Error {}

let sqlPromise: Promise<SqlJsStatic> | undefined;

/** sql.js with its WebAssembly: beside the bundle (dist/sql-wasm.wasm), else from node_modules (tests from out/). */
function sqlJs(): Promise<SqlJsStatic> {
  sqlPromise ??= (async () => {
    const init = require('sql.js/dist/sql-wasm.js') as (config: { wasmBinary: ArrayBuffer }) => Promise<SqlJsStatic>;
    const candidates = [path.join(__dirname, 'sql-wasm.wasm')];
    try {
      candidates.push(require.resolve('sql.js/dist/sql-wasm.wasm'));
    } catch {
      // the packaged CLI has no node_modules: the file beside the bundle is the one
    }
    const file = candidates.find((f) => fs.existsSync(f));
    if (!file) throw new HistoryError('the SQLite engine (sql-wasm.wasm) is missing beside the program; reinstall tech-policy');
    const bytes = fs.readFileSync(file);
    return init({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
  })();
  return sqlPromise;
}

export interface AppendResult {
  /** False when a snapshot of the same repositories at the same commits was there already. */
  added: boolean;
  points: TrendPoint[];
}

/** Opens the history file (a missing file is an empty history), checks it is ours. */
async function open(file: string): Promise<Database> {
  const SQL = await sqlJs();
  let bytes: Uint8Array | undefined;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new HistoryError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let db: Database;
  try {
    db = bytes && bytes.length ? new SQL.Database(bytes) : new SQL.Database();
    db.exec('PRAGMA foreign_keys = ON;');
    if (bytes && bytes.length) {
      const version = db.exec("SELECT value FROM meta WHERE key = 'schema_version'")[0]?.values[0]?.[0];
      if (version === undefined) throw new HistoryError(`${file} is an SQLite file, but not a Tech Policy history`);
      if (Number(version) > HISTORY_SCHEMA_VERSION) throw new HistoryError(`${file} was written by a newer Tech Policy (history schema ${version}); this one reads schema ${HISTORY_SCHEMA_VERSION}`);
    }
  } catch (e) {
    if (e instanceof HistoryError) throw e;
    throw new HistoryError(`${file} is not a readable SQLite history: ${(e as Error).message}`);
  }
  db.exec(SCHEMA);
  db.run("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", [String(HISTORY_SCHEMA_VERSION)]);
  return db;
}

/** Every snapshot's totals, oldest first: the trends. Aggregated by SQLite, so 52 × 1,000 repositories stay quick. */
export function readPoints(db: Database): TrendPoint[] {
  const rows = (sql: string) => db.exec(sql)[0]?.values ?? [];
  const points = new Map<number, TrendPoint>();
  for (const [id, takenAt, day, repositories] of rows('SELECT id, taken_at, day, repositories FROM snapshots ORDER BY taken_at, id')) {
    points.set(Number(id), { day: String(day), takenAt: String(takenAt), repositories: Number(repositories), findingsNew: 0, findingsKnown: 0, awaiting: 0, oldestWaiting: 0, meanWaiting: 0, granted: 0, expiring: 0, holdUses: Object.create(null) as Record<string, number>, teamShare: Object.create(null) as Record<string, number | null> });
  }
  for (const [id, fn, fk, granted] of rows('SELECT snapshot_id, SUM(findings_new), SUM(findings_known), SUM(granted) FROM repository_states GROUP BY snapshot_id')) {
    const p = points.get(Number(id));
    if (p) Object.assign(p, { findingsNew: Number(fn), findingsKnown: Number(fk), granted: Number(granted) });
  }
  for (const [id, n, oldest, mean] of rows('SELECT snapshot_id, COUNT(*), MAX(waiting_days), ROUND(AVG(waiting_days)) FROM requests GROUP BY snapshot_id')) {
    const p = points.get(Number(id));
    if (p) Object.assign(p, { awaiting: Number(n), oldestWaiting: Number(oldest), meanWaiting: Number(mean) });
  }
  for (const [id, n] of rows('SELECT snapshot_id, COUNT(*) FROM expiring GROUP BY snapshot_id')) {
    const p = points.get(Number(id));
    if (p) p.expiring = Number(n);
  }
  for (const [id, tech, uses] of rows('SELECT snapshot_id, technology, SUM(uses) FROM hold_uses GROUP BY snapshot_id, technology')) {
    const p = points.get(Number(id));
    if (p) p.holdUses[String(tech)] = Number(uses);
  }
  for (const [id, team, share] of rows('SELECT snapshot_id, team, share FROM team_work')) {
    const p = points.get(Number(id));
    if (p) p.teamShare[String(team)] = share === null ? null : Number(share);
  }
  return [...points.values()];
}

function insert(db: Database, s: Snapshot): void {
  db.run('INSERT INTO snapshots (taken_at, day, trust, identity, repositories) VALUES (?, ?, ?, ?, ?)', [s.takenAt, s.day, s.trust, s.key, s.repositories.length]);
  const id = Number(db.exec('SELECT last_insert_rowid()')[0].values[0][0]);
  const many = (sql: string, rows: unknown[][]) => {
    const st = db.prepare(sql);
    try {
      for (const r of rows) st.run(r as never);
    } finally {
      st.free();
    }
  };
  many(
    'INSERT INTO repository_states VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    s.repositories.map((r) => [id, r.name, r.commit ?? null, r.findingsNew, r.findingsKnown, r.awaiting, r.granted, r.notGranted, r.notVerified]),
  );
  many('INSERT INTO requests VALUES (?, ?, ?, ?, ?, ?)', s.requests.map((r) => [id, r.repository, r.id, r.subject, r.requestedOn ?? null, r.waitingDays]));
  many('INSERT INTO expiring VALUES (?, ?, ?, ?)', s.expiring.map((r) => [id, r.repository, r.id, r.expires]));
  many('INSERT INTO hold_uses VALUES (?, ?, ?, ?)', s.holdUses.map((r) => [id, r.repository, r.technology, r.uses]));
  many('INSERT INTO team_work VALUES (?, ?, ?, ?, ?, ?, ?)', s.teams.map((t) => [id, t.team, t.share ?? null, t.platformLines, t.productLines, t.otherLines, t.target]));
}

/**
 * Adds the snapshot (unless one of the same repositories at the same commits is there) and
 * returns every snapshot's totals. `beforeRename` lets a test interrupt the write.
 */
export async function appendSnapshot(file: string, snapshot: Snapshot, hooks: { beforeRename?: () => void } = {}): Promise<AppendResult> {
  const lock = acquireLock(file);
  try {
    const db = await open(file);
    try {
      const exists = db.exec('SELECT 1 FROM snapshots WHERE identity = ?', [snapshot.key]).length > 0;
      if (!exists) {
        db.exec('BEGIN');
        try {
          insert(db, snapshot);
          db.exec('COMMIT');
        } catch (e) {
          db.exec('ROLLBACK');
          throw e;
        }
        writeWhole(file, db.export(), hooks.beforeRename);
      }
      return { added: !exists, points: readPoints(db) };
    } finally {
      db.close();
    }
  } finally {
    lock();
  }
}

/** Reads the history without changing it (the bench, a page without a new snapshot). */
export async function readHistory(file: string): Promise<TrendPoint[]> {
  const db = await open(file);
  try {
    return readPoints(db);
  } finally {
    db.close();
  }
}

/** The snapshot's totals as a point, for a page built without a history file. */
export { pointOf };

/** A new file beside the old one, flushed to disk, renamed over it: readers see the old file or the new, never half of one. */
function writeWhole(file: string, bytes: Uint8Array, beforeRename?: () => void): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'wx', 0o644);
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    beforeRename?.();
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new HistoryError(`cannot write ${file}: ${(e as Error).message}`);
  }
}

/** One build writes the history at a time: a lock file beside it, taken over only from a process that is gone. */
function acquireLock(file: string): () => void {
  const lock = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new HistoryError(`cannot lock ${file}: ${(e as Error).message}`);
      const pid = Number(fs.readFileSync(lock, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new HistoryError(`${file} is being written by another build (process ${pid}); run again when it is done`);
      fs.rmSync(lock, { force: true });
    }
  }
  throw new HistoryError(`cannot lock ${file}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
