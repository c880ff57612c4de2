/**
 * The one place that decides which git and ssh-keygen Tech Policy runs, for every host (the
 * language server, the command line, the GitHub Action). A program is taken from PATH only at an
 * absolute path that is outside every folder being checked and the repository each folder is in,
 * and outside any `node_modules` (where a dependency's `bin` is linked, scripts or not). Anything
 * else is skipped, and when nothing is left the caller gets one sentence saying what was skipped
 * and why. Resolved once per process (again only when PATH or the guarded folders change).
 */
import * as fs from 'fs';
import * as path from 'path';

export type ProgramName = 'git' | 'ssh-keygen';

export type Resolved = { ok: true; path: string } | { ok: false; reason: string };

/** Folders whose programs never run: workspace folders, checked folders and their repositories, by real path. */
const guarded = new Set<string>();
const cache = new Map<string, Resolved>();
let cachedFor = '';

/** The real path of `p`, or `p` resolved when it does not exist. */
function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The repository root above `folder` (the nearest folder holding a `.git` entry), or undefined. */
export function repositoryRoot(folder: string): string | undefined {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Adds folders (a workspace folder, the checked folder) to what is guarded, with the repository
 * each is in: a program below any of them is the repository's, never ours.
 */
export function guardFolders(folders: readonly string[]): void {
  for (const folder of folders) {
    guarded.add(real(folder));
    const repo = repositoryRoot(folder);
    if (repo) guarded.add(real(repo));
  }
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Why a candidate may not run, or undefined when it may. */
function refusal(entry: string, file: string): string | undefined {
  if (!path.isAbsolute(entry)) return 'a relative PATH entry';
  const locations = [path.resolve(file), real(path.dirname(file)), real(file)];
  if (locations.some((p) => p.split(path.sep).includes('node_modules'))) return 'inside node_modules';
  const root = [...guarded].find((g) => locations.some((p) => isInside(p, g)));
  if (root) return `inside ${root}, which is being checked`;
  return undefined;
}

/**
 * The absolute path of `name` on PATH, outside everything guarded (with `folders` added to it), or
 * one sentence saying it was not found and which candidates were skipped.
 */
export function resolveProgram(name: ProgramName, folders: readonly string[] = []): Resolved {
  guardFolders(folders);
  const env = process.env.PATH ?? '';
  const key = `${env}\u0000${[...guarded].join('\u0000')}`;
  if (key !== cachedFor) {
    cache.clear();
    cachedFor = key;
  }
  let resolved = cache.get(name);
  if (!resolved) {
    resolved = search(name, env);
    cache.set(name, resolved);
  }
  return resolved;
}

function search(name: ProgramName, env: string): Resolved {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  const skipped: string[] = [];
  for (const entry of env.split(path.delimiter)) {
    // an empty entry means the current folder to a shell: relative too
    const dir = entry === '' ? '.' : entry;
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      if (!executable(file)) continue;
      const why = refusal(dir, file);
      if (!why) return { ok: true, path: path.resolve(file) };
      if (skipped.length < 5) skipped.push(`${file} (${why})`);
    }
  }
  const tail = skipped.length ? `; skipped ${skipped.join(', ')}: a program the repository brings never runs` : '';
  return { ok: false, reason: `${name} was not found on PATH${tail}` };
}

/** For tests: forget the guarded folders and what was resolved. */
export function resetPrograms(): void {
  guarded.clear();
  cache.clear();
  cachedFor = '';
}
