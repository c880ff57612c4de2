/** `tech-policy check` and `tech-policy init`: the findings of a folder, and the starter policy. */
import * as fs from 'fs';
import * as path from 'path';
import { createPolicyText, notParsing } from '../core/features/createPolicy';
import { today } from '../core/folder';
import { relativePath } from '../core/paths';
import { DEFAULT_POLICY_FILE } from '../core/policy/defaults';
import { DEFAULT_SETTINGS } from '../protocol';
import { pathToUri, uriToPath } from '../node/files';
import { FolderState } from '../node/folderState';
import { type CliFolder, folderFindings, openFolder, openTrustedJudge, problemAt } from './folder';
import { GitError } from '../node/git';
import { GitTree } from '../node/gitTree';
import { gitTreeFiles } from '../node/fileSource';
import { alreadyThere, countAtRef } from '../core/baseline/atRef';
import { isLink, writeErr, writeOut, writeReport } from './output';
import { folderOrFail, formatOf, InputError, type Options, positionals, UsageError, VERSION } from './options';
import { type BaselineMode, currentCounts, nextBaseline, renderBaseline } from '../core/baseline/baseline';
import type { Finding } from '../core/model';
import { formatGithub, formatMarkdown } from './github';
import { blocking, type CheckReport, formatJson, formatText, notCheckedCount, type PendingRequest, type ReportedFinding, summaryLine } from './report';
import { formatSarif } from './sarif';
import { oneLine } from '../core/text';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github', 'markdown'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckRun {
  report: CheckReport;
  /** The folder has no policy file: nothing was checked. */
  noPolicy: boolean;
  root: string;
}

/**
 * One check of a folder, as every host reports it (the CLI's formats, the GitHub Action): the
 * findings, the known ones, the files not checked and the problems that make the run exit 2.
 */
export async function runCheck(root: string, options: { policy?: string; trustedPolicy?: string; newSince?: string; showBaselined?: boolean; cwd?: string }): Promise<CheckRun> {
  // the ref first: a shallow clone without it is one sentence before anything is read
  const since = options.newSince === undefined ? undefined : openRef(root, options.newSince, '--new-since');
  // --new-since makes its ref's policy judge, as --trusted-policy does (which names another judge when given too)
  const trustedPolicy = options.trustedPolicy ?? options.newSince;
  const folder = await openFolder(root, { policy: options.policy, trustedPolicy, trustedBy: options.trustedPolicy ? '--trusted-policy' : '--new-since', scan: true });
  const { state, errors, policyErrors, trustErrors, baselineErrors, rel } = folder;
  const { found, judging, judge } = await folderFindings(folder);
  const loaded = judging.model.policy;
  const reported = new Set<string>();
  for (const s of judge ? [state, judge] : [state]) {
    for (const [uri, facts] of s.diskPackageJsons) {
      if (reported.has(uri)) continue;
      reported.add(uri);
      for (const p of facts.problems) errors.push(problemAt(rel(uriToPath(uri)), p.range, p.message));
      const e = facts.syntaxErrors[0];
      if (e && facts.problems.length === 0) {
        errors.push({ file: rel(uriToPath(uri)), reason: `invalid JSON at line ${e.range.start.line + 1}, column ${e.range.start.character + 1}`, line: e.range.start.line + 1, column: e.range.start.character + 1 });
      }
    }
    // scaffolding that does not parse is checked only in part: the editor says so, so does CI
    for (const [uri, { facts }] of s.diskScaffolding) {
      if (reported.has(uri)) continue;
      reported.add(uri);
      for (const p of facts.problems) errors.push(problemAt(rel(uriToPath(uri)), p.range, p.message));
    }
  }
  // In CI a file that could not be read or parsed is broken: it is listed as not checked, none of
  // its findings are (the editor shows what parses while you type; a report does not half-trust a
  // file), and it fails the check (exitCodeOf). docs/decisions.md, "A file that does not parse".
  const notChecked = new Set(errors.filter((e) => !e.policy).map((e) => e.file));
  const all: ReportedFinding[] = located(state.uri, found, rel).filter((f) => !notChecked.has(f.file));
  const atRef = since ? await knownAtRef(since, folder, all, options.policy) : undefined;
  for (const f of all) if (atRef?.known.has(f)) f.atRef = true;
  const findings = all.filter((f) => !f.baselined && !f.atRef);
  const baselined = all.filter((f) => f.baselined);

  const problems: string[] = [];
  if (trustErrors.length > 0) {
    problems.push(`The trusted policy (${trustedPolicy}) has ${trustErrors.length} problem${trustErrors.length === 1 ? '' : 's'} (listed with the errors), so approvals cannot be judged; fix it on that branch.`);
  }
  if (policyErrors.length > 0) {
    problems.push(`The policy file ${rel(uriToPath(state.model.policyUri))} is invalid (${policyErrors.length} problem${policyErrors.length === 1 ? '' : 's'}, listed with the errors); fix it and run the check again.`);
  }
  if (baselineErrors.length > 0) {
    problems.push(`The baseline ${rel(uriToPath(state.model.baselineUri))} is broken (${baselineErrors.length} problem${baselineErrors.length === 1 ? '' : 's'}, listed with the errors), so it is not applied; fix it and run the check again.`);
  }
  const exceptions = judging.model.exceptions;
  const requests: PendingRequest[] = exceptions
    .filter((e) => e.state === 'requested')
    .map((e) => ({ id: e.record.id ?? '?', subject: e.record.subject ?? '?', rule: e.record.rule ?? '?', file: rel(uriToPath(e.record.uri)), requestedBy: e.record.requestedBy, requestedOn: e.record.requestedOn }));
  const shown = reportPath(root, options.cwd ?? process.cwd());
  const report: CheckReport = {
    findings: findings.map((f) => ({ ...f, file: shown(f.file) })),
    baselined: judging.model.baseline?.usable || state.model.baseline?.usable ? baselined.map((f) => ({ ...f, file: shown(f.file) })) : undefined,
    showBaselined: options.showBaselined,
    newSince: since && atRef ? { ref: since.ref, commit: atRef.commit, findings: all.filter((f) => f.atRef && !f.baselined).map((f) => ({ ...f, file: shown(f.file) })) } : undefined,
    exceptions: { granted: exceptions.filter((e) => e.state === 'granted').length, pending: requests.length },
    requests: requests.map((r) => ({ ...r, file: shown(r.file) })),
    errors: errors.map((e) => ({ ...e, file: shown(e.file) })),
    problems,
    policyBroken: policyErrors.length > 0,
    policy: loaded?.policy,
    version: VERSION,
    ...(folder.trusted ? { approversFromRef: true } : {}),
    ...(folder.trusted && options.trustedPolicy && !folder.trusted.adopting ? { trusted: { ref: folder.trusted.tree.ref, fullRef: folder.trusted.tree.fullRef, commit: folder.trusted.tree.commit } } : {}),
    ...(folder.trusted?.adopting ? { adopting: { ref: folder.trusted.tree.ref, policyFile: path.basename(uriToPath(state.model.policyUri)) } } : {}),
  };
  return { report, noPolicy: !loaded, root };
}

/**
 * How every format names a file (PRODUCT.md, "Command line"): relative to the working directory
 * when the checked folder is inside it, so a text line is clickable in the terminal that ran the
 * check and GitHub reads annotations and SARIF against the repository root; else relative to the
 * checked folder (an absolute path of this machine means nothing in an uploaded report).
 * `file` is relative to the checked folder, `/`-separated; "." is the folder itself.
 */
export function reportPath(root: string, cwd: string): (file: string) => string {
  const fromCwd = path.relative(path.resolve(cwd), root);
  const inside = fromCwd !== '' && !fromCwd.startsWith('..') && !path.isAbsolute(fromCwd);
  if (!inside) return (file) => file;
  const prefix = fromCwd.split(path.sep).join('/');
  return (file) => (file === '.' || file === '' ? prefix : `${prefix}/${file}`);
}

export function formatReport(format: CheckFormat, report: CheckReport, env: NodeJS.ProcessEnv = process.env): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'github':
      return formatGithub(report);
    case 'markdown':
      return formatMarkdown(report, { blobBase: githubBlobBase(env) });
    default:
      return formatText(report);
  }
}

/** `https://github.com/OWNER/REPO/blob/SHA/` inside a GitHub Actions run, else undefined. */
export function githubBlobBase(env: NodeJS.ProcessEnv): string | undefined {
  const server = env.GITHUB_SERVER_URL;
  const repo = env.GITHUB_REPOSITORY;
  const sha = env.GITHUB_SHA;
  if (!server || !repo || !sha || !/^https:\/\/[^\s/]+$/.test(server) || !/^[\w.-]+\/[\w.-]+$/.test(repo) || !/^[0-9a-f]{40,64}$/.test(sha)) return undefined;
  return `${server}/${repo}/blob/${sha}/`;
}

/**
 * The exit code of a check: 2 when it could not be trusted, 1 with findings at or above `failOn`
 * or a file that could not be checked (a broken file counts as an error), else 0.
 */
export function exitCodeOf(report: CheckReport, failOn: 'error' | 'warning' | 'never' = 'warning'): number {
  if (report.problems.length > 0) return 2;
  if (failOn === 'never') return 0;
  const failing = failOn === 'error' ? report.findings.filter((f) => f.severity === 'error').length : blocking(report.findings);
  return failing > 0 || notCheckedCount(report) > 0 ? 1 : 0;
}

export async function check(opts: Options): Promise<number> {
  const format = formatOf(opts, CHECK_FORMATS);
  const root = folderOrFail(positionals(opts, 1)[0] ?? '.');
  const { report, noPolicy } = await runCheck(root, { policy: opts.policy, trustedPolicy: opts.trustedPolicy, newSince: opts.newSince, showBaselined: opts.showBaselined });
  const text = formatReport(format, report);
  const prefix = noPolicy && format === 'text' ? noPolicyLine(root) : '';
  if (opts.output) {
    try {
      writeReport(opts.output, prefix + text);
    } catch (e) {
      throw new InputError(`--output: ${(e as Error).message}.`);
    }
    // the report went to a file: the log still says what it holds
    await writeErr(`tech-policy: ${summaryLine(report)} Report written to ${opts.output}.\n`);
  } else await writeOut(prefix + text);
  for (const problem of report.problems) await writeErr(`tech-policy: ${oneLine(problem.charAt(0).toLowerCase() + problem.slice(1))}\n`);
  return exitCodeOf(report);
}

/**
 * What a check of a folder without a policy says: where a folder above it has one (a check run
 * from a subfolder), which folder to check instead, not to create a second, nested policy.
 */
function noPolicyLine(root: string): string {
  const head = `No ${DEFAULT_POLICY_FILE} in ${root}: nothing is checked.`;
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, DEFAULT_POLICY_FILE))) {
      const above = path.relative(process.cwd(), dir) || '.';
      return `${head} The policy in ${dir} covers this folder: check that folder ("tech-policy check ${above}").\n`;
    }
    if (path.dirname(dir) === dir) break;
  }
  return `${head} Run "tech-policy init" to create one.\n`;
}

/** A ref of the checked folder's repository; a missing one (a shallow clone without it) is one sentence, exit 2. */
function openRef(root: string, ref: string, option: string): GitTree {
  try {
    return GitTree.open(root, ref);
  } catch (e) {
    if (e instanceof GitError) throw new InputError(`${option}: ${e.message.replace(/\.$/, '')}.`);
    throw e;
  }
}

/**
 * `--new-since REF`: the findings of the checked folder that were already there. The folder is
 * checked as it was where this change started (the merge base of REF and HEAD, which is REF itself
 * when HEAD contains it, as a pull request's merge commit does; REF when a shallow clone has no
 * common commit): its files and exception documents read from git, through the same scanners and
 * judged by the same policies (the trusted one and the working tree's, with their baselines) as the
 * change, so a finding counts only when the change's files bring it. Files the change moved keep
 * their findings known.
 */
async function knownAtRef(since: GitTree, current: CliFolder, all: readonly ReportedFinding[], policy: string | undefined): Promise<{ commit: string; known: Set<ReportedFinding> }> {
  const root = current.root;
  let base = since;
  try {
    const commit = since.mergeBase('HEAD');
    if (commit && commit !== since.commit) base = GitTree.open(root, commit);
    const trusted = current.trusted;
    // the change keeps the trusted policy as it is (most pull requests): that policy alone judges the folder at REF, as it judges the change
    const samePolicy = trusted?.loaded !== undefined && current.state.model.policy !== undefined && JSON.stringify(trusted.loaded.policy) === JSON.stringify(current.state.model.policy.policy);
    const atRef = await openFolder(root, { policy, trusted, files: gitTreeFiles(base, root), scan: !samePolicy });
    let found = trusted?.loaded && samePolicy ? (await openTrustedJudge(atRef, trusted)).checkAll() : (await folderFindings(atRef)).found;
    // a policy the change edits makes the AGENTS.md section stale; the policy at REF says whether it was stale already
    if (!samePolicy) found = found.filter((f) => f.rule !== 'agents-instructions-stale');
    const counts = countAtRef(located(atRef.state.uri, found, atRef.rel), base.renamesIn('HEAD'));
    return { commit: base.commit, known: alreadyThere(all, counts) };
  } catch (e) {
    if (e instanceof GitError) throw new InputError(`--new-since: cannot read the folder at ${since.ref} (${e.message.replace(/\.$/, '')}).`);
    throw e;
  }
}

/** Findings with their `file`, in file and position order. */
function located(folderUri: string, found: Finding[], rel: (p: string) => string): Array<Finding & { file: string }> {
  return found
    .map((f) => ({ ...f, file: relativePath(folderUri, f.uri) ?? rel(uriToPath(f.uri)) }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/**
 * `tech-policy baseline`: records the folder's findings in techpolicy.baseline.json. A new file
 * records every finding; an existing one is only rewritten with --update (every current finding,
 * each entry keeping its date) or --prune (entries lowered or removed, never added).
 */
export async function baseline(opts: Options): Promise<number> {
  if (opts.update && opts.prune) throw new UsageError('--update and --prune do not go together: --update records today\'s findings, --prune only removes what is gone.');
  const root = folderOrFail(positionals(opts, 1)[0] ?? '.');
  const { state, policyErrors, rel } = await openFolder(root, { policy: opts.policy, scan: true });
  if (!state.model.policy) throw new InputError(`no ${DEFAULT_POLICY_FILE} in ${root}: a baseline records findings against a policy. Run "tech-policy init" first.`);
  if (policyErrors.length) throw new InputError(`the policy ${rel(uriToPath(state.model.policyUri))} has errors; fix them first, or the baseline would record findings of a policy you did not mean.`);
  const target = uriToPath(state.model.baselineUri);
  const existing = state.model.baseline;
  const mode: BaselineMode = opts.update ? 'update' : opts.prune ? 'prune' : 'create';
  if (existing && mode === 'create') throw new InputError(`${rel(target)} already exists: a baseline never grows silently. Use --update to record today's findings (new ones too), or --prune to remove what is gone.`);
  if (!existing && mode === 'prune') throw new InputError(`there is no ${rel(target)} to prune; run "tech-policy baseline" to write one.`);
  if (existing && !existing.usable) throw new InputError(`${rel(target)} has errors (see "tech-policy check"); fix them or delete the file before it is rewritten.`);
  if (isLink(target)) throw new InputError(`${target} is a symbolic link; Tech Policy does not write through it (nothing was written).`);
  const refused = state.boundary.refuse(target);
  if (refused) throw new InputError(`${target} would not be written: ${refused}.`);
  const found = located(state.uri, state.checkAll(), rel).filter((f) => f.uri !== state.model.baselineUri);
  const entries = nextBaseline(mode, currentCounts(found), existing?.entries ?? [], today());
  const text = renderBaseline(entries);
  fs.writeFileSync(target, text, { flag: existing ? 'w' : 'wx' });
  const total = entries.reduce((n, e) => n + e.count, 0);
  const before = existing?.entries.reduce((n, e) => n + e.count, 0);
  const change = before === undefined ? '' : ` (was ${before})`;
  await writeOut(`Wrote ${target}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, ${total} known finding${total === 1 ? '' : 's'}${change}.\n`);
  return 0;
}

export async function init(opts: Options): Promise<number> {
  const root = folderOrFail(positionals(opts, 1)[0] ?? '.');
  const target = path.join(root, DEFAULT_POLICY_FILE);
  if (isLink(target)) throw new InputError(`${target} is a symbolic link; Tech Policy does not write through it (nothing was written).`);
  if (fs.existsSync(target) && !opts.force) throw new InputError(`${target} already exists; use --force to replace it.`);
  if (fs.existsSync(target) && !fs.statSync(target).isFile()) throw new InputError(`${target} is not a regular file; nothing was written.`);
  const state = new FolderState(pathToUri(root), path.basename(root), { ...DEFAULT_SETTINGS }, () => undefined);
  await state.scan();
  const inventory = state.inventory();
  const text = createPolicyText(inventory, today());
  fs.writeFileSync(target, text, { flag: opts.force ? 'w' : 'wx' });
  // files that do not parse are named in the policy's ignore (else day one would fail on them): say so, not only in the file
  const broken = notParsing(inventory);
  const ignored = broken.length ? ` ${broken.length} file${broken.length === 1 ? '' : 's'} that do${broken.length === 1 ? 'es' : ''} not parse ${broken.length === 1 ? 'is' : 'are'} in its ignore list (${broken.slice(0, 3).join(', ')}${broken.length > 3 ? ', …' : ''}): fix and remove ${broken.length === 1 ? 'it' : 'them'} from ignore to check ${broken.length === 1 ? 'it' : 'them'}.` : '';
  await writeOut(`Wrote ${target}.${ignored}\n`);
  return 0;
}
