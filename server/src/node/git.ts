/**
 * Git, when it is there: who is asking for an exception, the signing key git uses, the history for
 * the report and the files at a trusted ref. A missing git is not an error. Every invocation goes
 * through `gitArgs`/`gitEnv` below: nothing the repository configures may run a program (no hooks,
 * pager, fsmonitor, external diff, textconv, signature program, transport or lazy fetch), and
 * git itself is resolved by `programs.ts`, never from the repository.
 */
import { execFileSync, type ExecFileSyncOptions } from 'child_process';
import { run, type RunResult } from './exec';
import { resolveProgram } from './programs';

/**
 * Settings that could make git run a program named by the repository, off for every call:
 * fsmonitor and hooks (an index refresh may start both), the pager, signature checking in log, and
 * every transport (a partial clone's promisor remote would otherwise fetch lazily, over a
 * `core.sshCommand` of the repository's choosing). An implicit bare repository (a folder of the
 * checked tree that looks like one, with its own config) is not entered.
 */
export const SAFE = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'core.pager=cat',
  '-c', 'log.showSignature=false',
  '-c', 'protocol.allow=never',
  '-c', 'safe.bareRepository=explicit',
  '--no-pager',
  '--no-replace-objects',
];

/**
 * The environment of every git call: no prompt, no optional index writes, no lazy fetch (git 2.44+),
 * and no transport at all whatever `protocol.<name>.allow` the repository sets (GIT_ALLOW_PROTOCOL
 * overrides the configuration; it names none here).
 */
export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_LAZY_FETCH: '1',
    GIT_ALLOW_PROTOCOL: 'tech-policy-allows-no-transport',
    GIT_NO_REPLACE_OBJECTS: '1',
  };
}

export class GitError extends Error {}

/** The git program for work in `folder` (never one below it or its repository), or a sentence why there is none. */
export function gitProgram(folder: string): { ok: true; path: string } | { ok: false; reason: string } {
  return resolveProgram('git', [folder]);
}

/** Runs git in `folder` with the safe settings; `not-found` when there is no git to run. */
export async function runGit(folder: string, args: string[], timeout: number): Promise<RunResult> {
  const git = gitProgram(folder);
  if (!git.ok) return { code: null, stdout: '', stderr: git.reason, failure: 'not-found' };
  return run(git.path, [...SAFE, ...args], { cwd: folder, timeout, env: gitEnv() });
}

/**
 * Runs git synchronously (policy loading is synchronous) and returns its stdout as bytes; throws
 * GitError with `failure` (or git's own first line) when it fails.
 */
export function gitSync(git: string, folder: string, args: string[], options: { timeout?: number; maxBuffer?: number; input?: string } = {}): Buffer {
  const opts: ExecFileSyncOptions = {
    cwd: folder,
    env: gitEnv(),
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    timeout: options.timeout ?? 30_000,
    maxBuffer: options.maxBuffer ?? 16 * 1024 * 1024,
    windowsHide: true,
    input: options.input,
  };
  try {
    return execFileSync(git, [...SAFE, ...args], opts) as Buffer;
  } catch (e) {
    const err = e as { stderr?: Buffer; code?: string };
    const first = err.stderr?.toString('utf8').trim().split('\n')[0];
    throw new GitError(err.code === 'ENOBUFS' ? 'git wrote more than expected' : first || 'git failed');
  }
}

/** What Tech Policy reads from git's configuration: who you are and the key you sign commits with. */
export interface GitSettings {
  /** "Name <email>", "Name", or undefined. */
  identity?: string;
  /** `user.signingKey` when `gpg.format` is `ssh`. */
  sshSigningKey?: string;
}

/** One `git config --get-regexp` for everything: a missing git or configuration is no error. */
export async function gitSettings(cwd: string): Promise<GitSettings> {
  const r = await runGit(cwd, ['config', '--get-regexp', '^(user\\.(name|email|signingkey)|gpg\\.format)$'], 3000);
  if (r.code !== 0) return {};
  const values = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const m = /^(\S+)\s(.*)$/.exec(line.trim());
    if (m) values.set(m[1].toLowerCase(), m[2].trim()); // the last value wins, as in git
  }
  const name = values.get('user.name') || undefined;
  const email = values.get('user.email') || undefined;
  return {
    identity: name && email ? `${name} <${email}>` : (name ?? (email ? `<${email}>` : undefined)),
    sshSigningKey: values.get('gpg.format') === 'ssh' ? values.get('user.signingkey') || undefined : undefined,
  };
}

/** A ref resolved once: the commit, and the full name of the ref when the name was a ref's (not a commit id). */
export interface ResolvedRef {
  /** "refs/remotes/origin/main"; undefined for a commit id or an expression git resolves otherwise. */
  fullRef?: string;
  commit: string;
}

/** The short-name rules of git (refs.c, ref_rev_parse_rules) after the first (a file at the top of .git, such as HEAD). */
const SHORT_NAME_RULES = ['refs/%s', 'refs/tags/%s', 'refs/heads/%s', 'refs/remotes/%s', 'refs/remotes/%s/HEAD'];

/**
 * Resolves `ref` (as given: "origin/main", "refs/remotes/origin/main", "main~1", a commit id) to one
 * commit, refusing a short name that git would resolve with only a warning: a tag named
 * `origin/main` wins over the remote branch (refs/tags comes first), and anyone who may push a tag
 * could choose the trusted policy. A short name that names more than one ref (or a ref and an
 * abbreviated commit id) throws GitError naming the candidates; a full name (`refs/…`) is taken as
 * it is. Throws GitError(`missing()`, one sentence) when nothing resolves.
 */
export function resolveRef(git: string, folder: string, ref: string, missing: () => string): ResolvedRef {
  const ask = (args: string[]): string | undefined => {
    try {
      return gitSync(git, folder, args, { timeout: 10_000 }).toString('utf8').trim();
    } catch {
      return undefined;
    }
  };
  // the name, and what follows it (~1, ^{commit}, @{upstream}): only the name is looked up as a ref
  const cut = ref.search(/[~^@:]/);
  const name = cut < 0 ? ref : ref.slice(0, cut);
  const suffix = cut < 0 ? '' : ref.slice(cut);
  let fullRef: string | undefined;
  if (name !== '' && !name.startsWith('refs/') && name !== 'HEAD' && !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(name)) {
    const rules = SHORT_NAME_RULES.map((rule) => rule.replace('%s', name));
    const listed = (ask(['for-each-ref', '--format=%(refname)', '--', ...rules]) ?? '').split('\n');
    const candidates = rules.filter((r) => listed.includes(r));
    // an abbreviated commit id that is also a ref's name: git takes the ref, with a warning
    if (candidates.length > 0 && /^[0-9a-f]{4,}$/.test(name) && ask(['rev-parse', '--disambiguate=' + name])) candidates.push(`the commit ${name}…`);
    if (candidates.length > 1) {
      throw new GitError(`the ref "${ref}" is ambiguous: it names ${candidates.join(' and ')}; give its full name (e.g. ${candidates[candidates.length - 1].startsWith('the commit') ? candidates[0] : candidates[candidates.length - 1]}${suffix}) so that the trusted policy is not chosen by whoever may push a tag or branch of that name.`);
    }
    fullRef = candidates[0];
  } else if (name.startsWith('refs/') && ask(['rev-parse', '--verify', '--quiet', '--symbolic-full-name', '--end-of-options', name]) === name) {
    fullRef = name;
  }
  const target = fullRef ? `${fullRef}${suffix}` : ref;
  const commit = ask(['rev-parse', '--verify', '--quiet', '--end-of-options', `${target}^{commit}`]);
  if (commit === undefined) throw new GitError(missing());
  return { fullRef: fullRef && target, commit };
}

