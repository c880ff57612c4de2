/**
 * Running the programs Tech Policy uses (git, ssh-keygen, resolved by `programs.ts`): with a
 * timeout, no shell and no terminal to prompt on.
 */
import { execFile, type ExecFileOptions } from 'child_process';

export interface RunResult {
  /** Undefined when the program could not be started. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why it did not run or finish: not found, timed out. */
  failure?: 'not-found' | 'timeout' | 'spawn';
}

/** Runs `program` (an absolute path) without a shell; stdin is empty, so nothing can prompt on it. */
/** `detached`: its own session, so it has no terminal to prompt on (execFile passes it on to spawn). */
export function run(program: string, args: string[], options: ExecFileOptions & { timeout: number; detached?: boolean }): Promise<RunResult> {
  return new Promise((resolve) => {
    try {
      const child = execFile(program, args, { windowsHide: true, maxBuffer: 16 * 1024 * 1024, ...options, encoding: 'utf8' }, (error, stdout, stderr) => {
        const e = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
        if (e && typeof e.code === 'string') resolve({ code: null, stdout: String(stdout), stderr: String(stderr), failure: e.code === 'ENOENT' ? 'not-found' : 'spawn' });
        else if (e?.killed) resolve({ code: null, stdout: String(stdout), stderr: String(stderr), failure: 'timeout' });
        else resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
      });
      child.stdin?.end();
    } catch {
      resolve({ code: null, stdout: '', stderr: '', failure: 'spawn' });
    }
  });
}
