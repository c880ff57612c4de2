/**
 * The organisation build's Node side: what each SOURCE is (a repository, a folder of them, a
 * report JSON), the report files read and checked, the trusted policy and the configuration read.
 * The CLI makes the repositories' reports (in worker threads, cli/reportWorker.ts); the core
 * merges (core/org/model.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import type { OrgConfig, OrgSource } from '../core/org/model';
import { loadPolicy } from '../core/policy/load';
import type { Policy } from '../core/policy/types';
import type { ReportModel } from '../core/report/model';
import { fileAddress, webAddressOf } from '../core/report/repository';
import { DEFAULT_POLICY_FILE } from '../core/policy/defaults';
import { Boundary, diskPolicyHost, pathToUri } from './files';
import { loadTrustedPolicy } from './trustedPolicy';
import { trimChars } from '../core/text';
import { reportShapeProblem } from '../core/org/reportShape';
import { TextMap } from '../core/textMap';
import { pushAll } from '../core/limits';

/** A report JSON larger than this is not read (a thousand-technology repository's report is a few hundred KiB). */
export const MAX_REPORT_BYTES = 50 * 1024 * 1024;

export type SourceItem = { kind: 'repository'; path: string; given: string } | { kind: 'report'; path: string; given: string } | { kind: 'problem'; given: string; message: string };

function isRepository(dir: string): boolean {
  return fs.existsSync(path.join(dir, '.git')) || fs.existsSync(path.join(dir, DEFAULT_POLICY_FILE));
}

/** Each SOURCE as the repositories and reports it names; a folder of folders is looked into one level deep. */
export function resolveSources(given: readonly string[]): SourceItem[] {
  const out: SourceItem[] = [];
  for (const g of given) {
    const p = path.resolve(g);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      out.push({ kind: 'problem', given: g, message: 'does not exist' });
      continue;
    }
    if (stat.isFile()) {
      out.push({ kind: 'report', path: p, given: g });
      continue;
    }
    if (!stat.isDirectory()) {
      out.push({ kind: 'problem', given: g, message: 'is neither a folder nor a file' });
      continue;
    }
    if (isRepository(p)) {
      out.push({ kind: 'repository', path: p, given: g });
      continue;
    }
    // each entry's kind as the listing gives it (a link is a link, not what it points to), not one lstat per name
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      out.push({ kind: 'problem', given: g, message: `cannot be read: ${(e as Error).message}` });
      continue;
    }
    const found: SourceItem[] = [];
    for (const s of entries) {
      const name = s.name;
      const child = path.join(p, name);
      // a folder of clones, or a folder of downloaded report artifacts
      if (s.isDirectory() && isRepository(child)) found.push({ kind: 'repository', path: child, given: path.join(g, name) });
      else if (s.isDirectory()) {
        for (const inner of safeList(child).filter((n) => n.endsWith('.json'))) found.push({ kind: 'report', path: path.join(child, inner), given: path.join(g, name, inner) });
      } else if (s.isFile() && name.endsWith('.json')) found.push({ kind: 'report', path: child, given: path.join(g, name) });
    }
    if (found.length === 0) out.push({ kind: 'problem', given: g, message: 'holds no repository (a folder with .git or techpolicy.json) and no report JSON' });
    pushAll(out, found);
  }
  return out;
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** A report JSON read and checked for the shape `report --format json` writes; the reason when it is not one. */
export function readReportFile(file: string): { report: ReportModel } | { problem: string } {
  let text: string;
  try {
    // its kind and size first: a FIFO or a folder named like a report is refused with a sentence,
    // not waited on or read (readFileSync on a path is one call: open, size, read, close)
    const st = fs.statSync(file);
    if (st.isDirectory()) return { problem: 'cannot be read: it is a folder, not a file' };
    if (!st.isFile()) return { problem: 'cannot be read: it is not a regular file' };
    if (st.size > MAX_REPORT_BYTES) return { problem: `is too large for a report (${Math.round(st.size / 1024 / 1024)} MiB)` };
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { problem: `cannot be read: ${(e as Error).message}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { problem: `is not JSON: ${(e as Error).message}` };
  }
  return checkReport(data);
}

/** Only the shape is checked here (every field the build reads, core/org/reportShape.ts); every exception's state is verified again by the build. */
export function checkReport(data: unknown): { report: ReportModel } | { problem: string } {
  const r = data as Partial<ReportModel> | null;
  if (!r || typeof r !== 'object' || Array.isArray(r)) return { problem: 'is not a Tech Policy report (not a JSON object)' };
  if (r.version !== 1) return { problem: `is a report of version ${JSON.stringify(r.version ?? null)}; this tech-policy reads version 1 (tech-policy report --format json)` };
  const shape = reportShapeProblem(r);
  if (shape) return { problem: `could not be read: ${shape}` };
  // the page links to these: only a web address as the report itself writes one, and a commit id
  const repo = r.repository;
  if (repo !== undefined) {
    const url = typeof repo?.url === 'string' && webAddressOf(repo.url) === repo.url ? repo.url : undefined;
    const commit = typeof repo?.commit === 'string' && /^[0-9a-f]{40,64}$/.test(repo.commit) ? repo.commit : undefined;
    r.repository = { ...(url ? { url } : {}), ...(commit ? { commit } : {}) };
  }
  return { report: r as ReportModel };
}

/** Makes the reports of local repositories (the CLI runs them in worker threads, one per core). */
export type ScanRepositories = (dirs: readonly string[]) => Promise<Array<{ report: ReportModel } | { problem: string }>>;

/** Names unique on the page: the report's folder name, with " (2)" for a second of the same name. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = n.toLowerCase();
    const count = (seen.get(k) ?? 0) + 1;
    seen.set(k, count);
    return count === 1 ? n : `${n} (${count})`;
  });
}

/** A file name for a repository's page: letters, digits, `-`, `_`, `.`; unique. */
export function pageNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    const base = trimChars(trimChars(n.replace(/[^A-Za-z0-9._-]+/g, '-'), '-.', 'start'), '-', 'end').slice(0, 80) || 'repository';
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}-${i}`;
    used.add(name.toLowerCase());
    return `repositories/${name}.html`;
  });
}

/** Where a document is: its web address at the report's commit, else (a local clone) its path from the site. */
export function documentLink(report: ReportModel, clone: string | undefined, outDir: string, from = outDir): (file: string) => string | undefined {
  const url = report.repository?.url;
  if (url) return (file) => fileAddress(url, report.repository?.commit, file);
  if (clone) return (file) => path.relative(from, path.join(clone, file)).split(path.sep).map(encodeURIComponent).join('/');
  return () => undefined;
}

/** Builds the OrgSource list: reports read, repositories scanned in parallel, names made unique. */
export async function collectSources(items: readonly SourceItem[], o: { scan: ScanRepositories; outDir: string }): Promise<OrgSource[]> {
  const repos = items.filter((i): i is Extract<SourceItem, { kind: 'repository' }> => i.kind === 'repository');
  const scanned = repos.length ? await o.scan(repos.map((r) => r.path)) : [];
  // each scanned repository's result by its place in the scan, looked up, not searched (a thousand clones, a thousand lookups)
  let next = 0;
  // the reports of one organisation carry copies of the same exception documents: each copy is
  // replaced by the first of its text as soon as its report is read, so a thousand reports hold
  // one string per document, not a thousand (a report file's copies die young, before the
  // collector would copy them)
  const texts = new TextMap<string>();
  const made = items.map((item) => {
    if (item.kind === 'problem') return { item, result: { problem: item.message } as { problem: string } };
    const result = item.kind === 'report' ? readReportFile(item.path) : scanned[next++];
    if ('report' in result) for (const d of result.report.exceptions?.documents ?? []) d.text = texts.intern(d.text);
    return { item, result };
  });
  const names = uniqueNames(made.map(({ item, result }) => ('report' in result ? result.report.folder : path.basename(item.kind === 'problem' ? item.given : item.path).replace(/\.json$/i, ''))));
  const pages = pageNames(names);
  return made.map(({ item, result }, i): OrgSource => {
    const kind = item.kind === 'report' ? 'report' : 'repository';
    if (!('report' in result)) return { name: names[i], source: item.given, kind, problem: result.problem, link: () => undefined };
    const clone = item.kind === 'repository' ? item.path : undefined;
    return { name: names[i], source: item.given, kind, report: result.report, page: pages[i], link: documentLink(result.report, clone, o.outDir) };
  });
}

/** `--trusted-policy`: a policy file on disk (a shared policy), else a git ref of the current repository. */
export function readTrustedPolicy(value: string, cwd: string): { source: string; policy: Policy; problems: string[] } {
  const file = path.resolve(cwd, value);
  if (fs.existsSync(file) && fs.statSync(file).isFile()) {
    const boundary = new Boundary([path.dirname(file)]);
    const r = boundary.read(file);
    if (!r.ok) return { source: value, policy: loadPolicy(pathToUri(file), '{}', diskPolicyHost(boundary)).policy, problems: [`${value}: ${r.reason}`] };
    const loaded = loadPolicy(pathToUri(file), r.text, diskPolicyHost(boundary, undefined, false));
    return { source: value, policy: loaded.policy, problems: loaded.problems.filter((p) => p.severity === 'error').map((p) => `${value}, line ${p.range.start.line + 1}: ${p.message}`) };
  }
  const trusted = loadTrustedPolicy(cwd, pathToUri(path.join(cwd, DEFAULT_POLICY_FILE)), value);
  if (!trusted.policy) return { source: trusted.source, policy: { ...loadPolicy(pathToUri(path.join(cwd, DEFAULT_POLICY_FILE)), '{}', { readFile: () => undefined }).policy, approvers: [], approvals: 'signed' }, problems: trusted.problems };
  return { source: trusted.source, policy: trusted.policy, problems: trusted.problems };
}

/**
 * `--config org.json`: `{ "teams": { "payments": ["billing", "checkout"], "platform": { "repositories": [...], "owners": ["@acme/platform"] } }, "target": 0.3 }`.
 * Throws Error with one sentence on a config that cannot be used.
 */
export function readOrgConfig(file: string): OrgConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  const errors: ParseError[] = [];
  const data = parseJsonc(text, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length) throw new Error(`${file} is not valid JSON (at offset ${errors[0].offset})`);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`${file} must hold an object with "teams"`);
  const d = data as { teams?: unknown; target?: unknown };
  // team names are the file's keys: a team called __proto__ is a team, not the object's prototype
  const config: OrgConfig = { teams: Object.create(null) as OrgConfig['teams'] };
  if (d.target !== undefined) {
    if (typeof d.target !== 'number' || !(d.target > 0 && d.target < 1)) throw new Error(`${file}: "target" must be a number between 0 and 1 (0.3 is 30%)`);
    config.target = d.target;
  }
  if (d.teams === undefined) return config;
  if (!d.teams || typeof d.teams !== 'object' || Array.isArray(d.teams)) throw new Error(`${file}: "teams" must be an object of team names`);
  const strings = (v: unknown, what: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`${file}: ${what} must be a list of names`);
    return v as string[];
  };
  for (const [team, entry] of Object.entries(d.teams as Record<string, unknown>)) {
    if (Array.isArray(entry)) config.teams[team] = { repositories: strings(entry, `"teams.${team}"`), owners: [] };
    else if (entry && typeof entry === 'object') {
      const e = entry as { repositories?: unknown; owners?: unknown };
      config.teams[team] = { repositories: strings(e.repositories, `"teams.${team}.repositories"`), owners: strings(e.owners, `"teams.${team}.owners"`) };
    } else throw new Error(`${file}: "teams.${team}" must be a list of repositories or { "repositories": [...], "owners": [...] }`);
  }
  return config;
}
