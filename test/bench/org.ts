/**
 * `npm run bench -- org`: the organisation build, each figure beside its floor; issue 21's goals
 * (the merge ≤ 2×, the scan ≤ 1.2×, the history < 2×) go into the bench's closing line.
 * - 1,000 report JSONs merged into the site (read, checked, every exception verified, merged,
 *   the organisation page and 1,000 repository pages rendered and written), beside reading and
 *   parsing the same files;
 * - 50 local repositories scanned by `tech-policy org` (one process per core), beside the sum of
 *   their single `tech-policy report` times divided by the cores;
 * - a history of 52 weekly snapshots of 1,000 repositories read and rendered as trends, beside
 *   reading every row of it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { Database } from 'sql.js';
import { renderOrgHtml } from '../../server/src/core/org/html';
import { buildOrg, buildOrgSite } from '../../server/src/core/org/model';
import { snapshotOf, withTrends } from '../../server/src/core/org/trends';
import { renderHtml } from '../../server/src/core/report/html';
import { parseExceptionDocument } from '../../server/src/core/exceptions/parse';
import { collectSources, resolveSources } from '../../server/src/node/org';
import { VerifyCache, verifyRepository } from '../../server/src/core/org/verify';
import { appendSnapshot, readHistory } from '../../server/src/node/orgHistory';

type Figure = (what: string, samples: number[], floorWhat: string, floor: number[], options?: { goal?: number }) => void;

const REPO = path.join(__dirname, '..', '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const CORES = os.availableParallelism?.() ?? os.cpus().length;

const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

async function timed(runs: number, f: () => Promise<void> | void): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    out.push(performance.now() - t0);
  }
  return out;
}

function git(cwd: string, args: string[], date?: string): void {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@acme.example', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@acme.example', ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) };
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** examples/shop as a repository with a few weeks of history. */
function shopRepository(dir: string, n: number): void {
  fs.cpSync(path.join(REPO, 'examples', 'shop'), dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'initial'], '2026-10-01T10:00:00Z');
  for (let w = 0; w < 6; w++) {
    fs.appendFileSync(path.join(dir, 'server', `module${w}.js`), `// change ${n} ${w}\n`.repeat(20 + w));
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', `feat: change ${w}`], new Date(Date.now() - (6 - w) * 7 * 86_400_000).toISOString());
  }
}

async function benchMerge(figure: Figure): Promise<void> {
  const count = 1000;
  const seed = tempDir('tp-bench-org-seed-');
  shopRepository(path.join(seed, 'shop'), 0);
  const r = spawnSync(process.execPath, [CLI, 'report', path.join(seed, 'shop'), '--format', 'json', '--since', '8w'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`report: ${r.stderr}`);
  const base = JSON.parse(r.stdout);
  const reports = tempDir('tp-bench-org-reports-');
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(reports, `repo-${i}.json`), JSON.stringify({ ...base, folder: `repo-${i}` }));
  const files = fs.readdirSync(reports).map((f) => path.join(reports, f));
  const floor = await timed(5, () => {
    for (const f of files) JSON.parse(fs.readFileSync(f, 'utf8'));
  });
  // parsing all a report holds: its JSON and the exception documents it carries (their front matter and reasons)
  const floorDocuments = await timed(5, () => {
    for (const f of files) {
      const report = JSON.parse(fs.readFileSync(f, 'utf8'));
      for (const d of report.exceptions.documents) parseExceptionDocument(`org:/${report.folder}/${d.file}`, d.text);
    }
  });
  const out = tempDir('tp-bench-org-site-');
  const today = new Date().toISOString().slice(0, 10);
  const build = async () => {
    const sources = await collectSources(resolveSources([reports]), { scan: async () => [], outDir: out });
    return { sources, ...buildOrgSite({ sources, config: { teams: {} }, today, since: '2026-01-01', until: today }) };
  };
  const merge = await timed(5, async () => {
    const { model } = await build();
    fs.writeFileSync(path.join(out, 'org.json'), JSON.stringify(model));
    fs.writeFileSync(path.join(out, 'index.html'), renderOrgHtml(model));
  });
  const siteOnce = async () => {
    const { sources, model, page } = await build();
    fs.mkdirSync(path.join(out, 'repositories'), { recursive: true });
    // each page as the CLI writes it: the report with the states this build verified
    for (const s of sources) {
      const report = page(s);
      if (report && s.page) fs.writeFileSync(path.join(out, s.page), renderHtml(report));
    }
    fs.writeFileSync(path.join(out, 'org.json'), JSON.stringify(model));
    fs.writeFileSync(path.join(out, 'index.html'), renderOrgHtml(model));
  };
  await siteOnce();
  // the floor a site of files cannot go under: reading and parsing the reports, and writing as many
  // files of the same sizes (the built pages' own text) with one writeFileSync each. The disk is shared and
  // its speed swings from run to run, so each run of the site is timed right after a run of this floor.
  const written = ['org.json', 'index.html', ...fs.readdirSync(path.join(out, 'repositories')).map((f) => path.join('repositories', f))].map((f) => ({ file: f, text: fs.readFileSync(path.join(out, f), 'utf8') }));
  const copies = tempDir('tp-bench-org-copies-');
  fs.mkdirSync(path.join(copies, 'repositories'));
  const floorWrites: number[] = [];
  const site: number[] = [];
  for (let run = 0; run < 5; run++) {
    floorWrites.push(
      ...(await timed(1, () => {
        for (const f of files) JSON.parse(fs.readFileSync(f, 'utf8'));
        for (const w of written) fs.writeFileSync(path.join(copies, w.file), w.text);
      })),
    );
    site.push(...(await timed(1, siteOnce)));
  }
  const megabytes = (written.reduce((n, w) => n + Buffer.byteLength(w.text), 0) / 1024 / 1024).toFixed(0);
  // what verifying costs: the documents parsed and judged (YAML front matter, SSHSIG) with nothing else
  const verify = await timed(5, async () => {
    const sources = await collectSources(resolveSources([reports]), { scan: async () => [], outDir: out });
    // as the build does it: each distinct document judged once per judge
    const cache = new VerifyCache();
    for (const s of sources) if (s.report) verifyRepository(s.name, s.report, cache.judgeOf(s.report), today, () => undefined, cache);
  });
  const documents = base.exceptions.documents.length;
  figure(`org: ${count.toLocaleString('en')} report JSONs merged (checked, ${(count * documents).toLocaleString('en')} exception documents verified again, org.json and index.html written)`, merge, 'reading and parsing the same files', floor, { goal: 2 });
  figure(`org: the same, and the ${count.toLocaleString('en')} repositories' own pages written (the whole site)`, site, 'reading and parsing the same files', floor);
  figure(`org: the whole site (as above)`, site, `reading and parsing the same files, and writing ${written.length.toLocaleString('en')} files of the site's sizes (${megabytes} MB)`, floorWrites);
  figure(`org: of that, reading, checking and verifying the documents alone`, verify, 'reading and parsing the same files', floor);
  figure(`org: ${count.toLocaleString('en')} report JSONs merged (as above)`, merge, 'reading and parsing the same files, the exception documents they carry included', floorDocuments);
  for (const d of [seed, reports, out, copies]) fs.rmSync(d, { recursive: true, force: true });
}

function benchScan(figure: Figure): void {
  const count = 50;
  const clones = tempDir('tp-bench-org-clones-');
  for (let i = 0; i < count; i++) shopRepository(path.join(clones, `shop-${i}`), i);
  const dirs = fs.readdirSync(clones).map((d) => path.join(clones, d));
  const single = (dir: string) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'report', dir, '--format', 'json', '--since', '8w'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`report: ${r.stderr}`);
    return performance.now() - t0;
  };
  const floor: number[] = [];
  const org: number[] = [];
  for (let run = 0; run < 3; run++) {
    floor.push(dirs.reduce((n, d) => n + single(d), 0) / CORES);
    const out = tempDir('tp-bench-org-site-');
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'org', clones, '--output', out, '--since', '8w'], { encoding: 'utf8' });
    org.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`org: ${r.stderr}`);
    fs.rmSync(out, { recursive: true, force: true });
  }
  figure(`org: ${count} local repositories scanned (tech-policy org, process start to exit, ${CORES} cores)`, org, `the sum of their single tech-policy report times ÷ ${CORES} cores`, floor, { goal: 1.2 });
  fs.rmSync(clones, { recursive: true, force: true });
}

async function benchHistory(figure: Figure): Promise<void> {
  const repos = 1000;
  const weeks = 52;
  const dir = tempDir('tp-bench-org-history-');
  const file = path.join(dir, 'history.sqlite');
  const today = new Date().toISOString().slice(0, 10);
  const model = buildOrg({ sources: [], config: { teams: {} }, today, since: today, until: today });
  for (let w = 0; w < weeks; w++) {
    const day = new Date(Date.now() - (weeks - w) * 7 * 86_400_000).toISOString().slice(0, 10);
    const s = snapshotOf(model, `${day}T06:00:00.000Z`);
    s.key = `week ${w}`;
    s.day = day;
    for (let i = 0; i < repos; i++) {
      const name = `repo-${i}`;
      s.repositories.push({ name, commit: `${w}-${i}`, findingsNew: (i + w) % 7, findingsKnown: i % 5, awaiting: i % 3 === 0 ? 1 : 0, granted: i % 4, notGranted: 0, notVerified: 0 });
      if (i % 3 === 0) s.requests.push({ repository: name, id: `EX-${i}`, subject: 'fastify', requestedOn: day, waitingDays: (i + w) % 40 });
      if (i % 10 === 0) s.expiring.push({ repository: name, id: `EX-${i + 1}`, expires: day });
      s.holdUses.push({ repository: name, technology: 'moment', uses: Math.max(0, 20 - w / 3) | 0 }, { repository: name, technology: 'jquery', uses: i % 3 });
    }
    for (let t = 0; t < 40; t++) s.teams.push({ team: `team-${t}`, share: ((t + w) % 10) / 10, platformLines: 100, productLines: 300, otherLines: 20, target: 0.3 });
    await appendSnapshot(file, s);
  }
  const floor = await timed(5, async () => {
    // reading it: the file into SQLite, and every row of every table out of it
    const SQL = await (require('sql.js/dist/sql-wasm.js') as (c: { wasmBinary: ArrayBuffer }) => Promise<{ Database: new (b: Uint8Array) => Database }>)({ wasmBinary: wasm() });
    const db = new SQL.Database(fs.readFileSync(file));
    for (const table of ['snapshots', 'repository_states', 'requests', 'expiring', 'hold_uses', 'team_work']) {
      const st = db.prepare(`SELECT * FROM ${table}`);
      while (st.step()) st.get();
      st.free();
    }
    db.close();
  });
  const render = await timed(5, async () => {
    const points = await readHistory(file);
    renderOrgHtml(withTrends(model, points));
  });
  figure(`org: a history of ${weeks} weekly snapshots of ${repos.toLocaleString('en')} repositories (${Math.round(fs.statSync(file).size / 1024 / 1024)} MiB) read and rendered as trends`, render, 'reading every row of it', floor, { goal: 2 });
  fs.rmSync(dir, { recursive: true, force: true });
}

function wasm(): ArrayBuffer {
  const bytes = fs.readFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export async function benchOrg(figure: Figure): Promise<void> {
  await benchMerge(figure);
  benchScan(figure);
  await benchHistory(figure);
}
