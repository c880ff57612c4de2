/**
 * `tech-policy org SOURCE... --output DIR`: the whole organisation on one page. Each SOURCE is a
 * repository, a folder of repositories or a report JSON (a CI artifact); repositories are
 * reported in parallel, every exception is verified again here, and with `--history FILE` each
 * build adds a snapshot to an SQLite history whose trends the page shows.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { reportInWorkers } from './reportWorker';
import { today } from '../core/folder';
import { renderOrgHtml } from '../core/org/html';
import { buildOrgSite, type OrgConfig } from '../core/org/model';
import { snapshotOf, withTrends } from '../core/org/trends';
import { renderHtml } from '../core/report/html';
import { periodStart } from '../core/report/work';
import { oneLine } from '../core/text';
import { GitError } from '../node/git';
import { collectSources, documentLink, readOrgConfig, readTrustedPolicy, resolveSources, type SourceItem } from '../node/org';
import { appendSnapshot, HistoryError } from '../node/orgHistory';
import { isLink, writeErr, writeReport } from './output';
import { InputError, type Options, UsageError } from './options';

export async function org(opts: Options): Promise<number> {
  if (opts.positional.length === 0) throw new UsageError('Name at least one SOURCE: a repository, a folder of repositories or a report JSON.');
  if (!opts.output) throw new UsageError('--output DIR is required: the folder the site is written to.');
  const day = today();
  const since = periodStart(opts.since ?? '12w', day);
  if (!since) throw new InputError(`--since ${opts.since}: use a number of days, weeks, months or years (90d, 12w, 6m, 1y) or a date (YYYY-MM-DD) in the past.`);
  const outDir = path.resolve(opts.output);
  if (isLink(outDir) || (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory())) throw new InputError(`--output ${opts.output} is not a folder (or is a symbolic link); nothing was written.`);
  let config: OrgConfig = { teams: {} };
  if (opts.config) {
    try {
      config = readOrgConfig(path.resolve(opts.config));
    } catch (e) {
      throw new InputError(`--config: ${(e as Error).message}.`);
    }
  }
  let trusted: { source: string; policy: import('../core/policy/types').Policy } | undefined;
  if (opts.trustedPolicy) {
    try {
      const t = readTrustedPolicy(opts.trustedPolicy, process.cwd());
      // the trust root fails closed: a broken one would judge every exception of the organisation
      if (t.problems.length) throw new InputError(`--trusted-policy: ${t.problems[0].replace(/\.$/, '')}.`);
      trusted = { source: t.source, policy: t.policy };
    } catch (e) {
      if (e instanceof GitError) throw new InputError(`--trusted-policy: ${e.message.replace(/\.$/, '')}.`);
      throw e;
    }
  }

  const items = resolveSources(opts.positional);
  // one worker thread per core, each the CLI's own bundle making one repository's report after another
  const width = os.availableParallelism?.() ?? os.cpus().length;
  const scan = (dirs: readonly string[]) => reportInWorkers(process.argv[1], dirs, { since, today: day, width });
  const sources = await collectSources(items, { scan, outDir });
  const site = buildOrgSite({ sources, trusted, config, today: day, since, until: day });
  let model = site.model;
  for (const p of model.problems) await writeErr(`tech-policy: ${oneLine(p.source)}: ${oneLine(saidOf(p.message, folderOf(items, p.source)))}.\n`);
  for (const line of noteLines(model.repositories, items)) await writeErr(line);
  const built = model.repositories.filter((r) => !r.problem).length;
  if (built === 0) {
    await writeErr('tech-policy: nothing could be built; no site was written.\n');
    return 2;
  }

  let historyLine = '';
  let historyFailed = false;
  if (opts.history) {
    try {
      const added = await appendSnapshot(path.resolve(opts.history), snapshotOf(model, new Date().toISOString()));
      model = withTrends(model, added.points);
      historyLine = added.added ? ` A snapshot was added to ${opts.history} (${added.points.length} in all).` : ` ${opts.history} already has a snapshot of these commits: none added (${added.points.length} in all).`;
    } catch (e) {
      if (!(e instanceof HistoryError)) throw e;
      historyFailed = true;
      await writeErr(`tech-policy: --history: ${oneLine(e.message)}; the site was built without it.\n`);
    }
  }

  fs.mkdirSync(path.join(outDir, 'repositories'), { recursive: true });
  try {
    for (const s of sources) {
      const report = site.page(s);
      if (!report || !s.page) continue;
      const pageFile = path.join(outDir, s.page);
      const item = items.find((i) => i.kind === 'repository' && i.given === s.source);
      const clone = item?.kind === 'repository' ? item.path : undefined;
      // the repository's page: its register as this build verified it, never the report's own "granted"
      writeReport(pageFile, renderHtml(report, { link: documentLink(report, clone, outDir, path.dirname(pageFile)) }));
    }
    writeReport(path.join(outDir, 'org.json'), JSON.stringify(model, null, 2) + '\n');
    writeReport(path.join(outDir, 'index.html'), renderOrgHtml(model));
  } catch (e) {
    throw new InputError(`--output: ${(e as Error).message}.`);
  }
  const failed = model.repositories.length - built;
  await writeErr(`tech-policy: wrote the organisation page of ${built} repositor${built === 1 ? 'y' : 'ies'}${failed ? ` (${failed} could not be built)` : ''} to ${path.join(opts.output, 'index.html')}.${historyLine}\n`);
  return historyFailed ? 2 : 0;
}

/**
 * What is said of each repository on stderr, one line per kind of note: eighty clones without git
 * are one line naming them, not eighty lines that differ only by a path. A scanned repository's
 * own folder in a note is said as "the folder" (the page keeps the report's words).
 */
export function noteLines(repositories: ReadonlyArray<{ name: string; source: string; notes: string[] }>, items: ReadonlyArray<SourceItem>): string[] {
  const groups = new Map<string, string[]>();
  for (const r of repositories) {
    const folder = folderOf(items, r.source);
    for (const n of r.notes) {
      const said = saidOf(n, folder);
      const names = groups.get(said);
      if (names) names.push(r.name);
      else groups.set(said, [r.name]);
    }
  }
  const shown = 10;
  return [...groups].map(([note, names]) => {
    const who = names.length > shown ? `${names.slice(0, shown).join(', ')} and ${names.length - shown} more` : names.join(', ');
    return `tech-policy: ${oneLine(who)}: ${oneLine(note)}\n`;
  });
}

/** The folder of a repository the command line named (a report file has none here). */
function folderOf(items: ReadonlyArray<SourceItem>, source: string): string | undefined {
  const item = items.find((i) => i.kind !== 'problem' && i.given === source);
  return item && item.kind !== 'problem' ? item.path : undefined;
}

/** A message about a repository with its own folder said as "the folder": the line already names it. */
function saidOf(message: string, folder: string | undefined): string {
  if (!folder) return message;
  // the folder itself, not a longer name that starts the same ("/repos/a" in "/repos/ab")
  const escaped = folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return message.replace(new RegExp(`${escaped}(?![^\\s/:'"])`, 'g'), 'the folder');
}
