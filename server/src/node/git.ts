/**
 * Git, when it is there: who is asking for an exception, the signing key git uses, and the policy
 * as it is at a trusted ref. A missing git is not an error. Only commands that run no program the
 * repository configures (no hooks, filters, pagers, fsmonitor or textconv): `config --get` and
 * `cat-file blob`, with the riskier settings switched off on the command line.
 */
import { execFileSync } from 'child_process';
import { findExecutable, run } from './exec';

/** Settings that could make git run a program named by the repository; off for every call. */
export const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.pager=cat', '--no-pager'];

/** What Tech Policy reads from git's configuration: who you are and the key you sign commits with. */
export interface GitSettings {
  /** "Name <email>", "Name", or undefined. */
  identity?: string;
  /** `user.signingKey` when `gpg.format` is `ssh`. */
  sshSigningKey?: string;
}

/** One `git config --get-regexp` for everything: a missing git or configuration is no error. */
export async function gitSettings(cwd: string, notUnder: string[] = [cwd]): Promise<GitSettings> {
  const git = findExecutable('git', notUnder);
  if (!git) return {};
  const r = await run(git, [...SAFE, 'config', '--get-regexp', '^(user\\.(name|email|signingkey)|gpg\\.format)$'], { cwd, timeout: 3000 });
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

export class GitError extends Error {}

/**
 * Reads files as they are at `ref` (a branch, tag or commit), for a trusted policy: paths are
 * relative to the repository's top level. Synchronous, as policy loading is.
 */
export class GitRefReader {
  private readonly git: string;
  readonly top: string;
  /** The checked folder's path inside the repository ("" at the top, "apps/web/" below it). */
  readonly prefix: string;

  constructor(
    private readonly cwd: string,
    readonly ref: string,
  ) {
    // never a git inside the checked folder (node_modules/.bin is on PATH under npx)
    const git = findExecutable('git', [cwd]);
    if (!git) throw new GitError('git was not found on PATH; --trusted-policy needs git and the repository\'s history.');
    this.git = git;
    if (!/^[A-Za-z0-9_./@^~{}:+-]+$/.test(ref) || ref.startsWith('-')) throw new GitError(`"${ref}" is not a git ref.`);
    this.top = this.exec(['rev-parse', '--show-toplevel'], `${cwd} is not inside a git repository`).trim();
    this.prefix = this.exec(['rev-parse', '--show-prefix'], `${cwd} is not inside a git repository`).trim();
    this.exec(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], `the ref "${ref}" does not exist in this repository (fetch it first, e.g. git fetch origin ${ref.replace(/^origin\//, '')})`);
  }

  /** The file's text at the ref, or undefined when it does not exist there. */
  read(relToTop: string): string | undefined {
    try {
      return execFileSync(this.git, [...SAFE, 'cat-file', 'blob', `${this.ref}:${relToTop}`], { cwd: this.cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000, maxBuffer: 8 * 1024 * 1024 }).toString('utf8');
    } catch {
      return undefined;
    }
  }

  private exec(args: string[], failure: string): string {
    try {
      return execFileSync(this.git, [...SAFE, ...args], { cwd: this.cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).toString('utf8');
    } catch {
      throw new GitError(`${failure}.`);
    }
  }
}
