/** One folder as the command line sees it: the server's folder view over the disk, plus CI's trust root. */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_POLICY_FILE } from '../core/policy/defaults';
import type { PolicyProblem } from '../core/policy/types';
import { DEFAULT_SETTINGS } from '../protocol';
import { pathToUri, uriToPath } from '../node/files';
import type { FileSource } from '../node/fileSource';
import { FolderState } from '../node/folderState';
import { GitError } from '../node/git';
import { loadTrustedPolicy, type TrustedPolicy } from '../node/trustedPolicy';
import { isCheckedPath } from '../core/scan/workspaceFiles';
import type { Finding } from '../core/model';
import { relativePath } from '../core/paths';
import { judgeTrusted, judgeUntrusted } from '../core/trust';
import { InputError } from './options';
import type { CheckError } from './report';
import { pushAll } from '../core/limits';

export interface CliFolder {
  root: string;
  state: FolderState;
  /** Files that could not be read or parsed, and problems of the policy. */
  errors: CheckError[];
  /** The policy's problems at error level (the check exits 2 on them). */
  policyErrors: PolicyProblem[];
  /** Problems of the trusted policy (`--trusted-policy`): the trust root is weakened, so the check exits 2. */
  trustErrors: string[];
  /** Errors in the baseline file: it is not applied (every finding is reported), and the check exits 2. */
  baselineErrors: PolicyProblem[];
  /** The policy at the trusted ref (`--trusted-policy`), when one was asked for. */
  trusted?: TrustedPolicy;
  /** The files checked, when not the disk's (the folder at `--new-since`'s ref). */
  files?: FileSource;
  rel(p: string): string;
}

export interface OpenOptions {
  policy?: string;
  trustedPolicy?: string;
  /** The option that named the trusted ref, for messages (`--new-since` makes its ref judge too). */
  trustedBy?: string;
  /** The trusted policy, already loaded (the check of the folder at `--new-since`'s ref shares the change's judge). */
  trusted?: TrustedPolicy;
  /** Where the folder's files are read from (default: the disk; the files at a ref for `--new-since`). */
  files?: FileSource;
  /** Walk the folder for manifests and scaffolding (check, exceptions), or only read the policy and exceptions (sign, verify). */
  scan: boolean;
}

/** A problem at a place in a file, as the reports list it: the reason starts with the place, which is also given apart. */
export function problemAt(file: string, range: { start: { line: number; character: number } }, message: string, policy = false): CheckError {
  const line = range.start.line + 1;
  const column = range.start.character + 1;
  return { file, reason: `line ${line}, column ${column}: ${message}`, line, column, ...(policy ? { policy } : {}) };
}

export async function openFolder(root: string, options: OpenOptions): Promise<CliFolder> {
  const errors: CheckError[] = [];
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/') || '.';
  let policyFile = DEFAULT_POLICY_FILE;
  if (options.policy) {
    const policyPath = path.resolve(options.policy);
    if (!fs.existsSync(policyPath)) throw new InputError(`the policy file ${options.policy} does not exist.`);
    policyFile = path.relative(root, policyPath);
  }
  const state = new FolderState(pathToUri(root), path.basename(root), { ...DEFAULT_SETTINGS, policyFile }, () => undefined, (p) => errors.push({ file: rel(p.path), reason: p.reason }));
  if (options.files) state.files = options.files;
  state.loadPolicy(() => undefined);
  const loaded = state.model.policy;
  const policyPath = uriToPath(state.model.policyUri);
  if (state.policyUnreadable) throw new InputError(`cannot read the policy file ${rel(policyPath)}: ${state.policyUnreadable}.`);
  const policyErrors = loaded?.problems.filter((p) => p.severity === 'error') ?? [];
  for (const p of policyErrors) {
    errors.push(problemAt(rel(uriToPath(p.uri)), p.range, p.message, true));
  }
  const trustErrors: string[] = [];
  const baselineErrors: PolicyProblem[] = [];
  let trusted: TrustedPolicy | undefined = options.trusted;
  if (!trusted && options.trustedPolicy) {
    try {
      trusted = loadTrustedPolicy(root, state.model.policyUri, options.trustedPolicy);
    } catch (e) {
      if (e instanceof GitError) throw new InputError(`${options.trustedBy ?? '--trusted-policy'}: ${e.message.replace(/\.$/, '')}.`);
      throw e;
    }
  }
  if (trusted) {
    state.model.setTrustedApprovers(trusted);
    // a ref with no policy anywhere (adoption) is said once, in the report's trust line, not as a file that could not be checked
    if (!trusted.adopting) for (const problem of trusted.problems) errors.push({ file: rel(policyPath), reason: problem, policy: true });
    // no policy at the ref fails closed (nobody is trusted); a broken one must not pass quietly
    if (!trusted.missing) trustErrors.push(...trusted.problems);
  }
  await state.loadExceptions(() => undefined);
  state.loadBaseline(() => undefined);
  for (const p of state.model.baseline?.problems ?? []) {
    errors.push(problemAt(rel(uriToPath(p.uri)), p.range, p.message));
    if (p.severity === 'error') baselineErrors.push(p);
  }
  if (options.scan) await state.scan();
  return { root, state, errors, policyErrors, trustErrors, baselineErrors, trusted, files: options.files, rel };
}

/**
 * The folder's findings, and the folder state whose policy, baseline and exceptions judge them: the
 * working tree's; under `--trusted-policy`, the policy at the ref's together with the working
 * tree's (core/trust.ts: the ref judges, the working tree can only add).
 */
export async function folderFindings(folder: CliFolder): Promise<{ found: Finding[]; judging: FolderState; judge?: FolderState }> {
  const { state, trusted, rel } = folder;
  if (!trusted) return { found: state.checkAll(), judging: state };
  const policyUri = state.model.policyUri;
  // no policy anywhere at the ref: the change adopts Tech Policy; its policy judges it, nobody is trusted to grant yet
  if (!trusted.loaded && trusted.adopting) return { found: state.checkAll(), judging: state };
  if (!trusted.loaded) {
    // no policy at the ref for this folder: the working tree never judges alone (no approver is trusted either)
    const found = judgeUntrusted({
      working: state.checkAll(),
      ref: trusted.tree.ref,
      policyFile: { uri: policyUri, name: rel(uriToPath(policyUri)) },
      reason: trusted.missing ? 'none there, or a symbolic link in its place' : 'it cannot be read',
    });
    return { found, judging: state };
  }
  const judge = await openTrustedJudge(folder, trusted);
  // a broken baseline at the ref weakens the trust root like a broken policy there: CI stops on it
  for (const p of judge.model.baseline?.problems ?? []) {
    if (p.severity === 'error') folder.trustErrors.push(`${rel(uriToPath(p.uri))} at ${trusted.tree.ref}, line ${p.range.start.line + 1}: ${p.message}`);
  }
  const baselineUri = state.model.baselineUri;
  const found = judgeTrusted({
    trusted: judge.checkAll(),
    working: state.checkAll(),
    policy: trusted.loaded.policy,
    ref: trusted.tree.ref,
    policyFile: { uri: policyUri, name: rel(uriToPath(policyUri)), exists: state.model.policy !== undefined },
    baselineFile: { uri: baselineUri, name: rel(uriToPath(baselineUri)) },
    describe: (uri) => relativePath(state.uri, uri) ?? rel(uriToPath(uri)),
  });
  return { found, judging: judge, judge };
}

/**
 * The same folder judged by the policy at the trusted ref: that policy, its `extends`, its ignore
 * list and its baseline come from the ref; the exception documents and the files checked come
 * from the disk. Files the change added or changed are judged also in folders the walk skips
 * (vendor, out, target, …): moving a manifest there hides nothing. Only the trusted `ignore` skips them.
 */
export async function openTrustedJudge(folder: CliFolder, trusted: TrustedPolicy): Promise<FolderState> {
  const { state: working, errors, rel } = folder;
  const known = new Set(errors.map((e) => `${e.file}\u0000${e.reason}`));
  const state = new FolderState(working.uri, working.name, { ...working.settings }, () => undefined, (p) => {
    const error = { file: rel(p.path), reason: p.reason };
    if (!known.has(`${error.file}\u0000${error.reason}`)) errors.push(error);
  });
  state.policySource = trusted.host;
  if (folder.files) state.files = folder.files;
  state.loadPolicy(() => undefined);
  await state.loadExceptions(() => undefined);
  state.loadBaseline(() => undefined);
  await state.scan();
  let changed: { files: string[]; gitlinks: string[] };
  try {
    changed = trusted.tree.changedIn('HEAD');
  } catch (e) {
    if (e instanceof GitError) throw new InputError(`--trusted-policy: cannot tell what this change adds since ${trusted.tree.ref} (${e.message.replace(/\.$/, '')}).`);
    throw e;
  }
  // what the walk skipped: pruned folders (other people's code, output) and package.json below build/;
  // the working tree's check reads them too, so that it cannot silence them by not looking
  const anywhere = changed.files.filter((p) => !isCheckedPath(p, []));
  // a submodule the change adds or moves: its files are in no tree of this repository, so they are
  // judged as checked out here, or reported as not checked (a folder the walk enters is judged already);
  // the folder as it was at a ref (--new-since) has no checkout of them: the change's check says it
  for (const gitlink of folder.files ? [] : changed.gitlinks) {
    const files = await state.submoduleFiles(gitlink);
    if (files === undefined) {
      if (isCheckedPath(`${gitlink}/package.json`, state.model.policy?.policy.ignore ?? [], new Set([`${gitlink}/package.json`]))) {
        errors.push({ file: gitlink, reason: `a submodule this change adds or moves to another commit: its files are not in this repository's tree and are not checked out here (git submodule update --init ${gitlink}, then check again)` });
      }
    } else if (!isCheckedPath(`${gitlink}/package.json`, [])) pushAll(anywhere, files);
  }
  state.judgeAnywhere(anywhere);
  working.judgeAnywhere(anywhere);
  return state;
}

/** The folder an exception document belongs to: the nearest folder above it with a policy file. */
export function folderOfFile(file: string, policy?: string): string {
  if (policy) return path.dirname(path.resolve(policy));
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, DEFAULT_POLICY_FILE))) return dir;
    if (path.dirname(dir) === dir) throw new InputError(`no ${DEFAULT_POLICY_FILE} in any folder above ${file}.`);
  }
}
