/**
 * The workspace walk: finds the files the core reads, once at start. Never enters
 * node_modules, VCS folders, build output or symlinked folders (no loops); honours `ignore`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { scopeMatcher } from '../core/exceptions/match';
import { PRUNED_DIRECTORIES } from '../core/scan/workspaceFiles';

export interface WalkOptions {
  /** Globs relative to the root, from the policy's `ignore`. */
  ignore?: string[];
  /** Which files to return, by path relative to the root. */
  accept: (relPath: string, name: string) => boolean;
  /** Called for directories that could not be read. */
  onError?: (relPath: string, reason: string) => void;
  maxFiles?: number;
  /** Start below the root (a folder that just appeared); results stay relative to the root. */
  from?: string;
}

export async function walk(root: string, options: WalkOptions): Promise<string[]> {
  const matchers = (options.ignore ?? []).map(scopeMatcher);
  const ignored = matchers.length ? (p: string) => matchers.some((m) => m(p)) : undefined;
  const found: string[] = [];
  const max = options.maxFiles ?? 200_000;
  // breadth first through an index, not shift(): shift() is linear, and 100,000 folders made the walk quadratic
  const queue: string[] = [options.from ?? ''];
  for (let next = 0; next < queue.length && found.length < max; next++) {
    const rel = queue[next];
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(path.join(root, rel), { withFileTypes: true });
    } catch (e) {
      options.onError?.(rel, (e as NodeJS.ErrnoException).code ?? String(e));
      continue;
    }
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (PRUNED_DIRECTORIES.has(entry.name)) continue;
        if (ignored?.(childRel)) continue;
        queue.push(childRel);
      } else if (entry.isFile()) {
        if (ignored?.(childRel)) continue;
        if (options.accept(childRel, entry.name)) found.push(childRel);
      }
      // symbolic links are not followed: no loops, no files outside the workspace
    }
  }
  return found;
}
