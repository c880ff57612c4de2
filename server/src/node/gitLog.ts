/**
 * The history for the report: `git log --numstat` over a period, streamed line by line (never
 * held whole), authors folded through `.mailmap` (`%aN`, `%aE`), merges left out. Like every git
 * call here, nothing the repository configures runs: no hooks, pager, fsmonitor, external diff,
 * textconv or signature program. The caller runs it only in a trusted workspace.
 */
import { spawn } from 'child_process';
import { randomBytes } from 'crypto';
import type { Commit } from '../core/report/work';
import { gitEnv, gitProgram, runGit, SAFE } from './git';

export class HistoryUnavailable extends Error {}

export interface History {
  commits: Commit[];
  /** The repository is a shallow clone: only part of the history is there. */
  shallow: boolean;
}

/**
 * Commits touching `folder` committed on or after `since` (YYYY-MM-DD, UTC), paths relative to the
 * folder. Throws HistoryUnavailable with one sentence when git or the history is missing.
 */
export async function readHistory(folder: string, since: string): Promise<History> {
  const git = gitProgram(folder);
  if (!git.ok) throw new HistoryUnavailable(`${git.reason}. The platform-versus-product section needs git and the repository's history.`);
  const inside = await runGit(folder, ['rev-parse', '--is-inside-work-tree', '--is-shallow-repository'], 5000);
  if (inside.code !== 0) throw new HistoryUnavailable(`${folder} is not inside a git repository: the platform-versus-product section needs its history.`);
  const shallow = inside.stdout.split('\n')[1]?.trim() === 'true';
  // fields are separated by a token made for this run: a subject, a name or a .mailmap entry holding
  // control characters cannot start a commit or shift a field of its own
  const nonce = randomBytes(12).toString('hex');
  const token = `\x1f${nonce}\x1f`;
  const tokenFormat = `%x1f${nonce}%x1f`;
  // %P: the parents (none for the first commit, an initial import)
  const fmt = ['%H', '%aN', '%aE', '%aI', '%P', '%s'].join(tokenFormat);
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
    // a filter, not a walk limit: one commit with an old date does not hide the ones behind it
    `--since-as-filter=${since}T00:00:00Z`,
    `--format=${tokenFormat}${fmt}`,
    '--',
    '.',
  ];
  const child = spawn(git.path, args, { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'], env: gitEnv() });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    if (stderr.length < 4096) stderr += d;
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const failed = new Promise<never>((_, reject) => child.on('error', (e) => reject(new HistoryUnavailable(`git could not be started: ${e.message}.`))));
  const commits: Commit[] = [];
  let current: Commit | undefined;
  const onLine = (line: string) => {
    if (line.startsWith(token)) {
      const fields = line.slice(token.length).split(token);
      const [sha, author, email, date, parents, subject] = fields;
      // a record that is not what the format writes is skipped, never trusted
      current =
        fields.length === 6 && /^[0-9a-f]{40,64}$/.test(sha) && !Number.isNaN(Date.parse(date)) && /^([0-9a-f]{40,64}( |$))*$/.test(parents)
          ? { sha, author, email, date, subject, files: [], root: parents === '' }
          : undefined;
      if (current) commits.push(current);
      return;
    }
    if (!current || line === '') return;
    const m = /^(-|\d+)\t(-|\d+)\t(.+)$/.exec(line);
    if (!m) return;
    current.files.push({ path: unquote(m[3]), added: m[1] === '-' ? undefined : Number(m[1]), deleted: m[2] === '-' ? undefined : Number(m[2]) });
  };
  // lines end at LF only (readline would also split at a lone CR, which a subject may hold)
  const reading = (async () => {
    let rest = '';
    child.stdout.setEncoding('utf8');
    for await (const chunk of child.stdout as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) onLine(line);
    }
    if (rest) onLine(rest);
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
    } else bytes.push(({ a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}
