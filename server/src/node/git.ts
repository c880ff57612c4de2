/**
 * Git, when it is there: who is asking for an exception, the signing key git uses, and the policy
 * as it is at a trusted ref. A missing git is not an error. Only commands that run no program the
 * repository configures (no hooks, filters, pagers, fsmonitor or textconv): `config --get` and
 * `cat-file blob`, with the riskier settings switched off on the command line.
 */
import { execFileSync } from 'child_process';
import { findExecutable, run } from './exec';

/** Settings that could make git run a program named by the repository; off for every call. */
const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.pager=cat', '--no-pager'];

export async function gitConfig(cwd: string, key: string, notUnder: string[] = [cwd]): Promise<string | undefined> {
  const git = findExecutable('git', notUnder);
  if (!git) return undefined;
  const r = await run(git, [...SAFE, 'config', '--get', key], { cwd, timeout: 3000 });
  return r.code === 0 ? r.stdout.trim() || undefined : undefined;
}

/** "Name <email>", "Name", or undefined when git or its configuration is missing. */
export async function gitIdentity(cwd: string): Promise<string | undefined> {
  const [name, email] = await Promise.all([gitConfig(cwd, 'user.name'), gitConfig(cwd, 'user.email')]);
  if (name && email) return `${name} <${email}>`;
  return name ?? (email ? `<${email}>` : undefined);
}

export class GitError extends Error {}

/**
 * Reads files as they are at `ref` (a branch, tag or commit), for a trusted policy: paths are
 * relative to the repository's top level. Synchronous, as policy loading is.
 */
export class GitRefReader {
  private readonly git: string;
  readonly top: string;

  constructor(
    private readonly cwd: string,
    readonly ref: string,
  ) {
    const git = findExecutable('git', []);
    if (!git) throw new GitError('git was not found on PATH; --trusted-policy needs git and the repository\'s history.');
    this.git = git;
    if (!/^[A-Za-z0-9_./@^~{}:+-]+$/.test(ref) || ref.startsWith('-')) throw new GitError(`"${ref}" is not a git ref.`);
    this.top = this.exec(['rev-parse', '--show-toplevel'], `${cwd} is not inside a git repository`).trim();
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
