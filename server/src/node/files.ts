/** The Node host's file system: reads with a size limit, never writes a user's file. */
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { PolicyHost } from '../core/policy/load';

/** Files larger than this are skipped with a note: no manifest is that big. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * An absolute POSIX path of characters a URI carries as they are (letters, digits, `/._~-`, no
 * `//`): its URI is `file://` and the path, and back. The start-up walk turns thousands of
 * paths into URIs; vscode-uri handles everything else (Windows, spaces, `%`, `#`, Unicode).
 */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9._~-]+)+$/;
const posix = process.platform !== 'win32';

export function uriToPath(uri: string): string {
  if (posix && uri.startsWith('file:///') && PLAIN_PATH.test(uri.slice(7))) return uri.slice(7);
  return URI.parse(uri).fsPath;
}

export function pathToUri(p: string): string {
  if (posix && PLAIN_PATH.test(p)) return `file://${p}`;
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
    // the kind first: opening a FIFO or a device could block or do something
    const stat = fs.statSync(p);
    if (!stat.isFile()) return { ok: false, reason: 'not a file' };
    if (stat.size > MAX_FILE_BYTES) return tooLarge(stat.size);
    return textOfBytes(fs.readFileSync(p));
  } catch (e) {
    return failed(e as NodeJS.ErrnoException);
  }
}

function tooLarge(size: number): ReadResult {
  return { ok: false, reason: `too large (${Math.round(size / 1024)} KiB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB)` };
}

function failed(err: NodeJS.ErrnoException): ReadResult {
  return { ok: false, reason: err.code === 'ENOENT' ? 'does not exist' : err.code === 'EACCES' ? 'permission denied' : err.message };
}

/**
 * Open flags that refuse a symbolic link in the file's place (ELOOP) and never wait on a FIFO;
 * undefined where the platform has neither (Windows).
 */
const FOUND_FLAGS = fs.constants.O_NOFOLLOW === undefined || fs.constants.O_NONBLOCK === undefined ? undefined : fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

/** Where small files are read (reads are synchronous, and the text is decoded before the next one). */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * Opens and reads, without asking the file system about the file first (the walk listed it as a
 * regular file): reading stops past the size limit, and what is no regular file after all fails
 * to read (a directory) or has nothing to read yet (a FIFO, opened without waiting).
 */
function readNoFollow(p: string, flags: number): ReadResult {
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, flags);
    let buffer = readBuffer;
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > MAX_FILE_BYTES) return tooLarge(fs.fstatSync(fd).size);
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 4, MAX_FILE_BYTES + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    // nothing read: an empty file, or a FIFO without a writer
    if (length === 0 && !fs.fstatSync(fd).isFile()) return { ok: false, reason: 'not a file' };
    return textOfBytes(buffer.subarray(0, length));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ELOOP') return { ok: false, reason: 'it is a link (the walk follows none)' };
    if (err.code === 'EISDIR' || err.code === 'EAGAIN') return { ok: false, reason: 'not a file' };
    return failed(err);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
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

  /**
   * A file the workspace walk found below a folder inside the boundary: the walk entered no link
   * to reach it (it lists folders and files by their own type), so its real path is inside, and
   * the file is opened refusing a link in its place rather than resolved again, component by
   * component, for each of thousands of manifests. Where the platform cannot refuse links on
   * open, the full check is made.
   */
  readFound(p: string): ReadResult {
    return FOUND_FLAGS === undefined ? this.read(p) : readNoFollow(p, FOUND_FLAGS);
  }
}

/**
 * The operating system's realpath(3) where it is reliable: one call instead of a JavaScript
 * lstat of every component (a read of every manifest asks). Windows keeps Node's own, which
 * also handles drives that the native call does not.
 */
const realpath = process.platform === 'win32' ? fs.realpathSync : fs.realpathSync.native;

/** The real path of `p`, or of its nearest existing ancestor joined with the rest. */
function realOrResolved(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  for (let dir = abs; ; dir = path.dirname(dir)) {
    try {
      return path.join(realpath(dir), ...rest);
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

/** The names in a folder (none when it cannot be read). Synchronous underneath: a short listing costs less than fs.promises' first use. */
export async function listDirectory(p: string): Promise<string[]> {
  try {
    return fs.readdirSync(p);
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
