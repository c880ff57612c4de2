/** `tech-policy check` and `tech-policy init`: the findings of a folder, and the starter policy. */
import * as fs from 'fs';
import * as path from 'path';
import { createPolicyText } from '../core/features/createPolicy';
import { today } from '../core/folder';
import { relativePath } from '../core/paths';
import { DEFAULT_POLICY_FILE } from '../core/policy/defaults';
import { DEFAULT_SETTINGS } from '../protocol';
import { pathToUri, uriToPath } from '../node/files';
import { FolderState } from '../node/folderState';
import { openFolder } from './folder';
import { writeErr, writeOut, writeReport } from './output';
import { folderOrFail, formatOf, InputError, type Options, positionals, UsageError, VERSION } from './options';
import { type BaselineMode, currentCounts, nextBaseline, renderBaseline } from '../core/baseline/baseline';
import type { Finding } from '../core/model';
import { blocking, type CheckReport, formatJson, formatSarif, formatText } from './report';

export async function check(opts: Options): Promise<number> {
  const format = formatOf(opts, ['text', 'json', 'sarif'] as const);
  const root = folderOrFail(positionals(opts, 1)[0] ?? '.');
  const { state, errors, policyErrors, trustErrors, baselineErrors, rel } = await openFolder(root, { policy: opts.policy, trustedPolicy: opts.trustedPolicy, scan: true });
  const loaded = state.model.policy;
  const all = located(state, rel);
  const findings = all.filter((f) => !f.baselined);
  const baselined = all.filter((f) => f.baselined);
  for (const [uri, facts] of state.diskPackageJsons) {
    for (const p of facts.problems) errors.push({ file: rel(uriToPath(uri)), reason: `line ${p.range.start.line + 1}, column ${p.range.start.character + 1}: ${p.message}` });
    const e = facts.syntaxErrors[0];
    if (e && facts.problems.length === 0) errors.push({ file: rel(uriToPath(uri)), reason: `invalid JSON at line ${e.range.start.line + 1}, column ${e.range.start.character + 1}` });
  }
  // scaffolding that does not parse is checked only in part: the editor says so, so does CI
  for (const [uri, { facts }] of state.diskScaffolding) {
    for (const p of facts.problems) {
      errors.push({ file: rel(uriToPath(uri)), reason: `line ${p.range.start.line + 1}, column ${p.range.start.character + 1}: ${p.message}` });
    }
  }

  const exceptionStates = state.model.exceptions.map((e) => e.state);
  const report: CheckReport = {
    findings,
    baselined: state.model.baseline?.usable ? baselined : undefined,
    showBaselined: opts.showBaselined,
    exceptions: { granted: exceptionStates.filter((s) => s === 'granted').length, pending: exceptionStates.filter((s) => s === 'requested').length },
    errors,
    policy: loaded?.policy,
    rootUri: pathToUri(root) + '/',
    version: VERSION,
  };
  const text = format === 'json' ? formatJson(report) : format === 'sarif' ? formatSarif(report) : formatText(report);
  const prefix = !loaded && format === 'text' ? `No ${DEFAULT_POLICY_FILE} in ${root}: nothing is checked. Run "tech-policy init" to create one.\n` : '';
  if (opts.output) {
    try {
      writeReport(opts.output, prefix + text);
    } catch (e) {
      throw new InputError(`--output: ${(e as Error).message}.`);
    }
  }
  else await writeOut(prefix + text);

  if (trustErrors.length > 0) {
    await writeErr(`tech-policy: the trusted policy (${opts.trustedPolicy}) has ${trustErrors.length} problem${trustErrors.length === 1 ? '' : 's'} (listed with the errors), so approvals cannot be judged; fix it on that branch.\n`);
    return 2;
  }
  if (policyErrors.length > 0) {
    await writeErr(`tech-policy: the policy file ${rel(uriToPath(state.model.policyUri))} is invalid (${policyErrors.length} problem${policyErrors.length === 1 ? '' : 's'}, listed with the errors); fix it and run the check again.\n`);
    return 2;
  }
  if (baselineErrors.length > 0) {
    await writeErr(`tech-policy: the baseline ${rel(uriToPath(state.model.baselineUri))} is broken (${baselineErrors.length} problem${baselineErrors.length === 1 ? '' : 's'}, listed with the errors), so it is not applied; fix it and run the check again.\n`);
    return 2;
  }
  return blocking(findings) > 0 ? 1 : 0;
}

/** Every finding of the folder with its `file`, in file and position order. */
function located(state: FolderState, rel: (p: string) => string): Array<Finding & { file: string }> {
  return state
    .checkAll()
    .map((f) => ({ ...f, file: relativePath(state.uri, f.uri) ?? rel(uriToPath(f.uri)) }))
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
  const found = located(state, rel).filter((f) => f.uri !== state.model.baselineUri);
  const entries = nextBaseline(mode, currentCounts(found), existing?.entries ?? [], today());
  const text = renderBaseline(entries);
  fs.writeFileSync(target, text, { flag: existing ? 'w' : 'wx' });
  const total = entries.reduce((n, e) => n + e.count, 0);
  const before = existing?.entries.reduce((n, e) => n + e.count, 0);
  const change = before === undefined ? '' : ` (was ${before})`;
  await writeOut(`Wrote ${target}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, ${total} known finding${total === 1 ? '' : 's'}${change}.\n`);
  return 0;
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

export async function init(opts: Options): Promise<number> {
  const root = folderOrFail(positionals(opts, 1)[0] ?? '.');
  const target = path.join(root, DEFAULT_POLICY_FILE);
  if (isLink(target)) throw new InputError(`${target} is a symbolic link; Tech Policy does not write through it (nothing was written).`);
  if (fs.existsSync(target) && !opts.force) throw new InputError(`${target} already exists; use --force to replace it.`);
  if (fs.existsSync(target) && !fs.statSync(target).isFile()) throw new InputError(`${target} is not a regular file; nothing was written.`);
  const state = new FolderState(pathToUri(root), path.basename(root), { ...DEFAULT_SETTINGS }, () => undefined);
  await state.scan();
  const text = createPolicyText(state.inventory(), today());
  fs.writeFileSync(target, text, { flag: opts.force ? 'w' : 'wx' });
  await writeOut(`Wrote ${target}.\n`);
  return 0;
}
