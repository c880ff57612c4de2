/** The Node host's file system: reads with a size limit, never writes a user's file. */
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { PolicyHost } from '../core/policy/load';

/** Files larger than this are skipped with a note: no manifest is that big. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export function uriToPath(uri: string): string {
  return URI.parse(uri).fsPath;
}

export function pathToUri(p: string): string {
  return URI.file(p).toString();
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

/** A file's bytes as text, as every read takes them: binary content refused, a byte-order mark dropped. */
export function textOfBytes(buffer: Buffer): ReadResult {
  if (buffer.subarray(0, 8000).includes(0)) return { ok: false, reason: 'binary content' };
  const text = buffer.toString('utf8');
  // like an editor: a byte-order mark is not part of the text (positions then agree with VS Code's)
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

export function readTextFile(p: string): ReadResult {
  try {
    const stat = fs.statSync(p);
    if (!stat.isFile()) return { ok: false, reason: 'not a file' };
    if (stat.size > MAX_FILE_BYTES) return { ok: false, reason: `too large (${Math.round(stat.size / 1024)} KiB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB)` };
    return textOfBytes(fs.readFileSync(p));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, reason: err.code === 'ENOENT' ? 'does not exist' : err.code === 'EACCES' ? 'permission denied' : err.message };
  }
}

/**
 * The part of the disk a folder's checks may read: the workspace folder (and, when the user
 * points the policy outside it on purpose, that policy's folder), by real path, so neither `..`
 * nor a symbolic link can lead a repository's files to the rest of the machine.
 */
export class Boundary {
  private readonly roots: string[];

  constructor(roots: string[]) {
    this.roots = [...new Set(roots.map(realOrResolved))];
  }

  /** Why `p` may not be read, or undefined when it may (a missing file may: it is simply not there). */
  refuse(p: string): string | undefined {
    const real = realOrResolved(p);
    if (this.roots.some((r) => real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep))) return undefined;
    return p === real || !fs.existsSync(p) ? 'it is outside the workspace folder' : 'it is a link to a file outside the workspace folder';
  }

  read(p: string): ReadResult {
    const refused = this.refuse(p);
    return refused ? { ok: false, reason: refused } : readTextFile(p);
  }
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest. */
function realOrResolved(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  for (let dir = abs; ; dir = path.dirname(dir)) {
    try {
      return path.join(fs.realpathSync(dir), ...rest);
    } catch {
      if (path.dirname(dir) === dir) return abs;
      rest.unshift(path.basename(dir));
    }
  }
}

export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export async function listDirectory(p: string): Promise<string[]> {
  try {
    return await fs.promises.readdir(p);
  } catch {
    return [];
  }
}

/**
 * A policy host over the disk, inside `boundary`. `extends` packages are resolved from the
 * node_modules folders between the policy's folder and the workspace root (never above it),
 * unless `allowPackages` is false (an untrusted workspace).
 */
export function diskPolicyHost(boundary: Boundary, readOverride?: (uri: string) => string | undefined, allowPackages = true): PolicyHost {
  return {
    readFile(uri) {
      const open = readOverride?.(uri);
      if (open !== undefined) return open;
      const r = boundary.read(uriToPath(uri));
      return r.ok ? r.text : undefined;
    },
    refuse(uri) {
      const p = uriToPath(uri);
      const refused = boundary.refuse(p);
      if (refused) return refused;
      return fs.existsSync(p) && !fs.statSync(p).isFile() ? 'it is not a regular file' : undefined;
    },
    resolvePackage(fromDirUri, name) {
      if (!allowPackages || !/^(@[a-z0-9._~-]+\/)?[a-z0-9._~-]+(\/[^/].*)?$/i.test(name) || name.split('/').includes('..')) return undefined;
      for (let dir = uriToPath(fromDirUri); boundary.refuse(dir) === undefined; dir = path.dirname(dir)) {
        const file = policyFileOfPackage(path.join(dir, 'node_modules', name), boundary);
        if (file) return pathToUri(file);
        if (path.dirname(dir) === dir) return undefined;
      }
      return undefined;
    },
  };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A package's policy: a JSON file named directly, its `techpolicy.json`, or the file its package.json `techPolicy`/`main` names. */
function policyFileOfPackage(p: string, boundary: Boundary): string | undefined {
  if (isFile(p)) return p;
  if (!isDirectory(p)) return isFile(`${p}.json`) ? `${p}.json` : undefined;
  const direct = path.join(p, 'techpolicy.json');
  if (isFile(direct)) return direct;
  const manifest = boundary.read(path.join(p, 'package.json'));
  if (!manifest.ok) return undefined;
  try {
    const parsed = JSON.parse(manifest.text) as { techPolicy?: unknown; main?: unknown };
    const named = typeof parsed.techPolicy === 'string' ? parsed.techPolicy : typeof parsed.main === 'string' && parsed.main.endsWith('.json') ? parsed.main : undefined;
    if (named && isFile(path.join(p, named))) return path.join(p, named);
  } catch {
    // not a JSON manifest: not a policy package
  }
  return undefined;
}
