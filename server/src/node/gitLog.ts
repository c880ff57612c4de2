/**
 * The history for the report: `git log --numstat` over a period, streamed line by line (never
 * held whole), authors folded through `.mailmap` (`%aN`, `%aE`), merges left out. Like every git
 * call here, nothing the repository configures runs: no hooks, pager, fsmonitor, external diff,
 * textconv or signature program. The caller runs it only in a trusted workspace.
 */
import { spawn } from 'child_process';
import * as readline from 'readline';
import type { Commit } from '../core/report/work';
import { findExecutable, run } from './exec';

const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.pager=cat', '-c', 'log.showSignature=false', '--no-pager'];

export class HistoryUnavailable extends Error {}

export interface History {
  commits: Commit[];
  /** The repository is a shallow clone: only part of the history is there. */
  shallow: boolean;
}

/**
 * Commits touching `folder` from `since` to `until` (YYYY-MM-DD, inclusive), paths relative to the
 * folder. Throws HistoryUnavailable with one sentence when git or the history is missing.
 */
export async function readHistory(folder: string, since: string, until: string): Promise<History> {
  const git = findExecutable('git', [folder]);
  if (!git) throw new HistoryUnavailable('git was not found on PATH: the platform-versus-product section needs git and the repository\'s history.');
  const inside = await run(git, [...SAFE, 'rev-parse', '--is-inside-work-tree', '--is-shallow-repository'], { cwd: folder, timeout: 5000 });
  if (inside.code !== 0) throw new HistoryUnavailable(`${folder} is not inside a git repository: the platform-versus-product section needs its history.`);
  const shallow = inside.stdout.split('\n')[1]?.trim() === 'true';
  const args = [
    ...SAFE,
    'log',
    '--no-merges',
    '--no-renames',
    '--no-ext-diff',
    '--no-textconv',
    '--numstat',
    '--relative',
    '--use-mailmap',
    `--since=${since}T00:00:00Z`,
    `--until=${until}T23:59:59Z`,
    '--format=%x1e%H%x1f%aN%x1f%aE%x1f%aI%x1f%s',
    '--',
    '.',
  ];
  const child = spawn(git, args, { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    if (stderr.length < 4096) stderr += d;
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const failed = new Promise<never>((_, reject) => child.on('error', (e) => reject(new HistoryUnavailable(`git could not be started: ${e.message}.`))));
  const commits: Commit[] = [];
  let current: Commit | undefined;
  const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
  const reading = (async () => {
    for await (const line of lines) {
      if (line.startsWith('\x1e')) {
        const [sha, author, email, date, ...subject] = line.slice(1).split('\x1f');
        current = { sha, author, email, date, subject: subject.join('\x1f'), files: [] };
        commits.push(current);
        continue;
      }
      if (!current || line === '') continue;
      const m = /^(-|\d+)\t(-|\d+)\t(.+)$/.exec(line);
      if (!m) continue;
      current.files.push({ path: unquote(m[3]), added: m[1] === '-' ? undefined : Number(m[1]), deleted: m[2] === '-' ? undefined : Number(m[2]) });
    }
  })();
  await Promise.race([reading, failed]);
  const code = await exited;
  if (code !== 0) {
    // a repository without any commit yet has no history, which is no error
    if (/does not have any commits yet|bad default revision/i.test(stderr)) return { commits: [], shallow };
    throw new HistoryUnavailable(`git log failed: ${stderr.trim().split('\n')[0] || `exit ${code}`}.`);
  }
  return { commits, shallow };
}

/** A path git quoted (non-ASCII or special characters): "a\303\251.txt" → "aé.txt". */
function unquote(p: string): string {
  if (!p.startsWith('"') || !p.endsWith('"')) return p;
  const bytes: number[] = [];
  const body = p.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[++i];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(({ n: 10, t: 9, r: 13, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}
