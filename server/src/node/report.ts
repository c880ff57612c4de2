/**
 * The report of one folder, as the CLI and the editor build it: the folder view the check uses,
 * plus the history from git (only when the workspace is trusted; said plainly when it is shallow,
 * missing or not allowed).
 */
import type { Finding } from '../core/model';
import { relativePath } from '../core/paths';
import { buildReport, type ReportModel } from '../core/report/model';
import { classifyCommit, pathClassifier, summarizeWork, type WorkSummary } from '../core/report/work';
import type { FolderState } from './folderState';
import { uriToPath } from './files';
import { HistoryUnavailable, readHistory } from './gitLog';
import { readCodeowners } from './codeowners';
import { runGit } from './git';
import { webAddressOf } from '../core/report/repository';

export interface ReportOptions {
  since: string;
  until: string;
  /** Git may run (the CLI; a trusted workspace in the editor). */
  trusted: boolean;
}

export async function folderWork(state: FolderState, options: ReportOptions): Promise<WorkSummary | { unavailable: string }> {
  if (!options.trusted) return { unavailable: 'the workspace is not trusted, so git is not run. Trust the workspace to see the history.' };
  const settings = state.model.policy?.policy.platformWork ?? { target: 0.3, paths: [], productPaths: [] };
  try {
    const history = await readHistory(uriToPath(state.uri), options.since);
    if (history.shallow) {
      return { unavailable: 'this is a shallow clone: only part of the history is here, so platform and product work cannot be counted. Fetch the whole history (git fetch --unshallow, or actions/checkout with fetch-depth: 0).' };
    }
    const classify = pathClassifier(settings);
    // each changed path's team: the first owner of the rule CODEOWNERS applies ('' where none does)
    const codeowners = readCodeowners(state.fsPath, state.boundary);
    const owner = codeowners && ((p: string) => codeowners.owners.ownersOf(p)[0] ?? '');
    // weeks are UTC weeks: the period runs to today in UTC as well (west of UTC it is already tomorrow there)
    const utcToday = new Date().toISOString().slice(0, 10);
    const until = utcToday > options.until ? utcToday : options.until;
    return summarizeWork(history.commits.map((c) => classifyCommit(c, classify, owner)), options.since, until, settings.target);
  } catch (e) {
    if (e instanceof HistoryUnavailable) return { unavailable: e.message };
    throw e;
  }
}

/**
 * `found`: the folder's findings as the host already has them (the language server: what it
 * published, open documents included); the CLI lets the folder be checked from disk here.
 */
export async function folderReport(
  state: FolderState,
  options: ReportOptions & { today: string; documents?: boolean },
  found: readonly Finding[] = state.checkAll(),
): Promise<ReportModel> {
  const findings = found.map((f) => ({ ...f, file: relativePath(state.uri, f.uri) ?? uriToPath(f.uri) }));
  // the documents' text, as on disk, for a reader that verifies them again (the organisation page)
  const documents = options.documents
    ? state.model.exceptions.flatMap((ev) => {
        const r = state.boundary.read(uriToPath(ev.record.uri));
        return r.ok ? [{ file: relativePath(state.uri, ev.record.uri) ?? '', text: r.text }] : [];
      })
    : undefined;
  const repository = options.trusted ? await repositoryOf(state.fsPath) : undefined;
  return buildReport({ folder: state.model, folderName: state.name, inventory: state.inventory(), findings, today: options.today, work: await folderWork(state, options), documents, repository });
}

/** The `origin` remote's web address and the commit checked out, when git knows them (never the remote's credentials). */
async function repositoryOf(folder: string): Promise<ReportModel['repository']> {
  const [head, origin] = await Promise.all([runGit(folder, ['rev-parse', '--verify', '--quiet', 'HEAD'], 5000), runGit(folder, ['config', '--get', 'remote.origin.url'], 5000)]);
  const commit = head.code === 0 && /^[0-9a-f]{40,64}$/.test(head.stdout.trim()) ? head.stdout.trim() : undefined;
  const url = origin.code === 0 ? webAddressOf(origin.stdout) : undefined;
  return commit || url ? { ...(url ? { url } : {}), ...(commit ? { commit } : {}) } : undefined;
}
