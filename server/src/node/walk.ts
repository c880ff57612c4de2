/**
 * The workspace walk: finds the files the core reads, once at start. Never enters
 * node_modules, VCS folders, build output or symlinked folders (no loops); honours `ignore`.
 *
 * Folders are listed with readdirSync, breadth first, in slices of a few milliseconds with a
 * turn of the event loop between them: as cheap as a plain synchronous walk (a listing through
 * the thread pool costs more than the listing itself: twice the CPU on 100,000 empty folders),
 * and the server still answers while it walks a huge tree.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { scopeMatcher } from '../core/exceptions/match';
import { PRUNED_DIRECTORIES } from '../core/scan/workspaceFiles';

export interface WalkOptions {
  /** Globs relative to the root, from the policy's `ignore`. */
  ignore?: string[];
  /** Which files to return, by path relative to the root. */
  accept: (relPath: string, name: string) => boolean;
  /** Asked first, of the name alone: false settles a file without building its path (most files of a tree). */
  candidate?: (name: string) => boolean;
  /** Called for directories that could not be read. */
  onError?: (relPath: string, reason: string) => void;
  /**
   * Called for a symbolic link the walk would have accepted as a file (a manifest's name): the
   * walk follows no link, so the caller reads it through its boundary or says it was not checked.
   */
  onLink?: (relPath: string) => void;
  /** At most this many files (and links) are accepted; MAX_WALK_FILES unless given. */
  maxFiles?: number;
  /** Called once when one more file would pass the limit: the folder it is in is the first not walked (in full). */
  onLimit?: (relFolder: string, max: number) => void;
  /** Start below the root (a folder that just appeared); results stay relative to the root. */
  from?: string;
}

/** The files (and links) a walk accepts at most, unless told otherwise: past it, the caller is told where it stopped. */
export const MAX_WALK_FILES = 200_000;

/** How long the walk keeps the event loop before letting it turn. */
const SLICE_MS = 15;

export async function walk(root: string, options: WalkOptions): Promise<string[]> {
  const matchers = (options.ignore ?? []).map(scopeMatcher);
  const ignored = matchers.length ? (p: string) => matchers.some((m) => m(p)) : undefined;
  const found: string[] = [];
  const max = options.maxFiles ?? MAX_WALK_FILES;
  // breadth first through an index, not shift(): shift() is linear, and 100,000 folders made the walk quadratic
  const queue: string[] = [options.from ?? ''];
  let slice = performance.now();
  let accepted = 0;
  let full = false;
  for (let next = 0; next < queue.length && !full; next++) {
    if (performance.now() - slice > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
    const rel = queue[next];
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch (e) {
      options.onError?.(rel, (e as NodeJS.ErrnoException).code ?? String(e));
      continue;
    }
    for (const entry of entries) {
      const isFile = entry.isFile();
      // symbolic links are not followed (no loops, no files outside the workspace), but a link in
      // a file's place is handed to the caller to read or report, never left out in silence
      const isLink = !isFile && entry.isSymbolicLink();
      if ((isFile || isLink) && options.candidate && !options.candidate(entry.name)) continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (PRUNED_DIRECTORIES.has(entry.name)) continue;
        if (ignored?.(childRel)) continue;
        queue.push(childRel);
      } else if (isFile || (isLink && options.onLink)) {
        if (ignored?.(childRel)) continue;
        if (!options.accept(childRel, entry.name)) continue;
        if (accepted === max) {
          // never silent: the caller reports the limit and where the walk stopped
          options.onLimit?.(rel, max);
          full = true;
          break;
        }
        accepted++;
        if (isFile) found.push(childRel);
        else options.onLink!(childRel);
      }
    }
  }
  return found;
}

/**
 * The walk's rules over a list of files instead of the disk (the files at a git ref): what
 * `walk` would return for a folder holding exactly these regular files. Pruned folders, `ignore`
 * (on each folder and on the file), `candidate`, `accept`, `from` and `maxFiles` apply as there;
 * each folder's verdict is worked out once.
 */
export function walkListing(files: Iterable<string>, options: WalkOptions): string[] {
  const matchers = (options.ignore ?? []).map(scopeMatcher);
  const ignored = (p: string) => matchers.some((m) => m(p));
  const from = options.from ? `${options.from}/` : '';
  const max = options.maxFiles ?? MAX_WALK_FILES;
  const folders = new Map<string, boolean>([['', true]]);
  const entered = (dir: string): boolean => {
    let ok = folders.get(dir);
    if (ok === undefined) {
      const slash = dir.lastIndexOf('/');
      const name = dir.slice(slash + 1);
      ok = entered(slash < 0 ? '' : dir.slice(0, slash)) && !PRUNED_DIRECTORIES.has(name) && !(matchers.length && ignored(dir));
      folders.set(dir, ok);
    }
    return ok;
  };
  const found: string[] = [];
  for (const rel of files) {
    if (from && !rel.startsWith(from)) continue;
    const slash = rel.lastIndexOf('/');
    const name = rel.slice(slash + 1);
    if (options.candidate && !options.candidate(name)) continue;
    if (!entered(slash < 0 ? '' : rel.slice(0, slash))) continue;
    if (matchers.length && ignored(rel)) continue;
    if (!options.accept(rel, name)) continue;
    if (found.length === max) {
      // never silent, as on the disk: the folder of the first file past the limit
      options.onLimit?.(slash < 0 ? '' : rel.slice(0, slash), max);
      break;
    }
    found.push(rel);
  }
  return found;
}
