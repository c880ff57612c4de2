/** Throwaway git repositories with dated commits, for the report and organisation tests. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** git with no global or system configuration; fails the test on an error. */
export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...env } });
  assert.strictEqual(r.status, 0, r.stderr);
  return r.stdout;
}

/** A commit on `date` by `author` ("Name <email>") that appends `lines` lines (and a newline) to each file. */
export function commitAt(repo: string, date: string, author: string, subject: string, files: Record<string, number>): void {
  for (const [file, lines] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.appendFileSync(path.join(repo, file), Array.from({ length: lines }, (_, i) => `line ${i} ${subject}`).join('\n') + '\n');
  }
  git(repo, ['add', '-A']);
  const [name, email] = author.split(' <');
  const env = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email.slice(0, -1), GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email.slice(0, -1) };
  git(repo, ['commit', '-q', '--allow-empty', '-m', subject], env);
}
