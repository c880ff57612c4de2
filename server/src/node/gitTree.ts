/**
 * The files of a folder as they are at a git ref (a branch, tag or commit): what the trusted
 * policy is read from (`--trusted-policy REF`), and what a check of the state at REF scans. The
 * ref is resolved to one commit when the tree is opened, so every read sees the same snapshot.
 *
 * Paths are relative to the checked folder, '/'-separated, mapped into the repository by their
 * text (never through the working tree's links: what the ref holds is what counts). Only regular
 * files are files: a symbolic link or a submodule at the ref is not followed. Reads are bounded
 * like reads from the disk (5 MiB, no binary content) and never fetch: a blob missing from a
 * partial clone is an unreadable file, not a download.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MAX_FILE_BYTES, type ReadResult, textOfBytes } from './files';
import { GitError, gitProgram, gitSync, resolveRef } from './git';

export interface TreeFile {
  /** Relative to the checked folder, '/'-separated. */
  path: string;
  /** The blob's object id. */
  oid: string;
  executable: boolean;
}

/** At most this many bytes are read in one `cat-file --batch` (several calls for more). */
const BATCH_BYTES = 64 * 1024 * 1024;

/** `child` is `parent` or below it (real paths). */
function within(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The checked folder's path inside the repository, from the path as given (never from where its
 * links lead: `git rev-parse --show-prefix` answers for the resolved folder). A path that is, or
 * passes through, a symbolic link inside a repository is refused: a change could otherwise move
 * the folder and link its old name to the new place, so that the trusted ref is read at a folder
 * where it holds no policy. A link above the repository (a workspace reached through one) is fine.
 * `insideWorkTree` asks git whether a folder is in a work tree (only for the rare link outside `top`).
 */
export function prefixAsGiven(folder: string, top: string, insideWorkTree: (dir: string) => boolean): string {
  const given = path.resolve(folder);
  const realTop = fs.realpathSync(top);
  const parts: string[] = [];
  for (let dir = given; ; dir = path.dirname(dir)) {
    if (fs.lstatSync(dir).isSymbolicLink()) {
      const parent = path.dirname(dir);
      if (within(realTop, fs.realpathSync(parent)) || insideWorkTree(parent)) {
        const shown = (p: string) => path.relative(process.cwd(), p) || p;
        throw new GitError(
          `${shown(dir)} is a symbolic link inside the repository (to ${shown(fs.realpathSync(dir))})${dir === given ? '' : `, and the checked folder ${shown(given)} is reached through it`}: a trusted check reads the policy at the ref by the folder's own path, so name the real folder.`,
        );
      }
    }
    if (fs.realpathSync(dir) === realTop) return parts.reverse().map((p) => `${p}/`).join('');
    if (path.dirname(dir) === dir) throw new GitError(`${given} is not inside the repository at ${top}.`);
    parts.push(path.basename(dir));
  }
}

export class GitTree {
  private listing: Map<string, TreeFile> | undefined;

  private constructor(
    private readonly git: string,
    /** The repository's top level on disk (git's cwd). */
    readonly top: string,
    /** The checked folder's path inside the repository ("" at the top, "apps/web/" below it). */
    readonly prefix: string,
    /** The ref as given, for messages. */
    readonly ref: string,
    /** The commit the ref named when the tree was opened. */
    readonly commit: string,
    /** The ref's full name ("refs/remotes/origin/main"), when it was a ref's name rather than a commit id. */
    readonly fullRef?: string,
  ) {}

  /** Opens `ref` for the folder; throws GitError with one sentence when git, the repository or the ref is missing. */
  static open(folder: string, ref: string): GitTree {
    if (!/^[A-Za-z0-9_./@^~{}+-]+$/.test(ref) || ref.startsWith('-')) throw new GitError(`"${ref}" is not a git ref.`);
    const program = gitProgram(folder);
    if (!program.ok) throw new GitError(`${program.reason}. Reading ${ref} needs git and the repository's history.`);
    const git = program.path;
    const ask = (args: string[], failure: string): string => {
      try {
        return gitSync(git, folder, args, { timeout: 10_000 }).toString('utf8').trim();
      } catch {
        throw new GitError(`${failure}.`);
      }
    };
    const notRepo = `${folder} is not inside a git repository`;
    const top = ask(['rev-parse', '--show-toplevel'], notRepo);
    const prefix = prefixAsGiven(folder, top, (dir) => {
      try {
        return gitSync(git, dir, ['rev-parse', '--is-inside-work-tree'], { timeout: 10_000 }).toString('utf8').trim() === 'true';
      } catch {
        return false;
      }
    });
    const hint = ref.replace(/^origin\//, '');
    // one commit for the whole check; a short name that names several refs is refused (a tag must not pick the trusted policy)
    const { fullRef, commit } = resolveRef(git, folder, ref, () => {
      // a shallow clone (CI's default checkout) has only the commit it checked out: say so, and how to get the ref
      const shallow = gitSync(git, folder, ['rev-parse', '--is-shallow-repository'], { timeout: 10_000 }).toString('utf8').trim() === 'true';
      return shallow
        ? `the ref "${ref}" is not in this shallow clone (fetch it first, e.g. git fetch origin ${hint}, or check out with fetch-depth: 0).`
        : `the ref "${ref}" does not exist in this repository (fetch it first, e.g. git fetch origin ${hint}).`;
    });
    if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new GitError(`the ref "${ref}" does not name a commit.`);
    return new GitTree(git, top, prefix, ref, commit, fullRef);
  }

  /** The path inside the repository of a folder-relative path, or undefined when it climbs out of the repository. */
  inRepository(rel: string): string | undefined {
    const joined = path.posix.normalize(`${this.prefix}${rel}`);
    return joined === '..' || joined.startsWith('../') || path.posix.isAbsolute(joined) ? undefined : joined.replace(/\/$/, '');
  }

  /** Every regular file at the ref below the checked folder (listed once, on first use). */
  files(): TreeFile[] {
    return [...this.list().values()];
  }

  /** The regular file at `rel` (folder-relative), or undefined when the ref has none there. */
  file(rel: string): TreeFile | undefined {
    if (this.listing) return this.listing.get(rel);
    const inRepo = this.inRepository(rel);
    if (inRepo === undefined || inRepo === '') return undefined;
    const entry = this.parseListing(this.exec(['ls-tree', '-z', '--full-tree', this.commit, '--', inRepo]), '').get(inRepo);
    return entry && { ...entry, path: rel };
  }

  /** The text of `rel` at the ref; `does not exist` when the ref has no regular file there. */
  read(rel: string): ReadResult {
    const file = this.file(rel);
    if (!file) return { ok: false, reason: 'does not exist' };
    return this.readMany([file]).get(file.path) ?? { ok: false, reason: 'does not exist' };
  }

  /**
   * The texts of several files, each bounded as a disk read is: their sizes from one
   * `git cat-file --batch-check`, then their contents from `git cat-file --batch` (per 64 MiB). A
   * blob the repository does not have (a partial clone) is unreadable, never fetched.
   */
  readMany(files: readonly TreeFile[]): Map<string, ReadResult> {
    const out = new Map<string, ReadResult>();
    if (files.length === 0) return out;
    const sizes = this.sizes(files);
    let batch: Array<{ file: TreeFile; size: number }> = [];
    let bytes = 0;
    const flush = () => {
      if (batch.length) this.batch(batch, out);
      batch = [];
      bytes = 0;
    };
    for (const [i, f] of files.entries()) {
      const size = sizes[i];
      if (size === undefined) out.set(f.path, { ok: false, reason: `is not in the local repository (a partial clone without it? fetch it first)` });
      else if (size > MAX_FILE_BYTES) out.set(f.path, { ok: false, reason: `too large (${Math.round(size / 1024)} KiB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB)` });
      else {
        if (bytes + size > BATCH_BYTES) flush();
        batch.push({ file: f, size });
        bytes += size;
      }
    }
    flush();
    return out;
  }

  /** Each blob's size, or undefined when the repository does not have it (a partial clone). */
  private sizes(files: readonly TreeFile[]): Array<number | undefined> {
    const check = (list: readonly TreeFile[]) => {
      const lines = this.exec(['cat-file', '--batch-check'], list.length * 100 + 1024, list.map((f) => f.oid).join('\n') + '\n').toString('latin1').split('\n');
      return new Map(list.map((f, i) => {
        const [oid, type, size] = (lines[i] ?? '').split(' ');
        return [f.oid, oid === f.oid && type === 'blob' && /^\d+$/.test(size) ? Number(size) : undefined] as const;
      }));
    };
    let known: Map<string, number | undefined>;
    try {
      known = check(files);
    } catch {
      // a partial clone: cat-file stops at the first blob it may not fetch, so ask which ones are missing (without fetching them)
      const missing = new Set<string>();
      const objects = this.exec(['rev-list', '--objects', '--no-walk', '--missing=print', this.commit], 512 * 1024 * 1024).toString('latin1');
      for (const line of objects.split('\n')) if (line.startsWith('?')) missing.add(line.slice(1).trim());
      known = check(files.filter((f) => !missing.has(f.oid)));
    }
    return files.map((f) => known.get(f.oid));
  }

  /**
   * Folder-relative paths whose content at `other` (HEAD: what is checked out) differs from this
   * ref's: added or changed files, renames counted as added, a file turned into a link or back
   * (a type change); `gitlinks` are the submodules added or moved to another commit (their
   * contents are not in this repository's trees). Compares two trees only (no working tree, so no
   * filter or textconv runs).
   */
  changedIn(other = 'HEAD'): { files: string[]; gitlinks: string[] } {
    const known = this.changed.get(other);
    if (known) return known;
    const pathspec = this.prefix ? [this.prefix] : [];
    const raw = this.exec(['diff-tree', '-r', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', '--raw', '--diff-filter=AMT', this.commit, other, '--', ...pathspec]);
    const files: string[] = [];
    const gitlinks: string[] = [];
    // records are ":<old mode> <new mode> <old oid> <new oid> <status>\0<path>\0"
    const fields = raw.toString('utf8').split('\0');
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const meta = fields[i];
      const p = fields[i + 1];
      if (!meta.startsWith(':') || !p.startsWith(this.prefix)) continue;
      const newMode = meta.slice(1).split(' ')[1];
      (newMode === '160000' ? gitlinks : files).push(p.slice(this.prefix.length));
    }
    this.changed.set(other, { files, gitlinks });
    return { files, gitlinks };
  }

  private readonly changed = new Map<string, { files: string[]; gitlinks: string[] }>();

  /**
   * The files of this ref that `other` has under another name: folder-relative old path → new
   * path, as git's rename detection pairs them (`diff-tree -M`: the same or similar content; trees
   * only, so no filter or textconv runs). A file moved into or out of the folder is not paired.
   */
  renamesIn(other = 'HEAD'): Map<string, string> {
    const pathspec = this.prefix ? [this.prefix] : [];
    const raw = this.exec(['diff-tree', '-r', '-z', '-M', '--no-ext-diff', '--no-textconv', '--name-status', '--diff-filter=R', this.commit, other, '--', ...pathspec]).toString('utf8').split('\0');
    const out = new Map<string, string>();
    // records of three fields: "R<score>", the old path, the new path
    for (let i = 0; i + 2 < raw.length; i++) {
      if (!/^R\d*$/.test(raw[i])) continue;
      const [from, to] = [raw[i + 1], raw[i + 2]];
      if (from.startsWith(this.prefix) && to.startsWith(this.prefix)) out.set(from.slice(this.prefix.length), to.slice(this.prefix.length));
      i += 2;
    }
    return out;
  }

  /**
   * The best common ancestor of this ref and `other` (what a pull request's "files changed" compares
   * with), or undefined when the clone has none (a shallow clone whose history does not reach it).
   */
  mergeBase(other = 'HEAD'): string | undefined {
    try {
      const out = this.exec(['merge-base', this.commit, other]).toString('utf8').trim();
      return /^[0-9a-f]{40,64}$/.test(out) ? out : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Whether the ref holds a file of this name anywhere in the repository (any folder, any kind of
   * entry): a ref with no policy at all has not adopted Tech Policy yet, which is not the same as a
   * policy missing for one folder.
   */
  holdsAnywhere(name: string): boolean {
    const raw = this.exec(['ls-tree', '-r', '-z', '--name-only', '--full-tree', this.commit], 512 * 1024 * 1024).toString('utf8');
    for (const entry of raw.split('\0')) if (entry === name || entry.endsWith(`/${name}`)) return true;
    return false;
  }

  private list(): Map<string, TreeFile> {
    if (!this.listing) {
      const pathspec = this.prefix ? [this.prefix] : [];
      this.listing = this.parseListing(this.exec(['ls-tree', '-r', '-z', '--full-tree', this.commit, '--', ...pathspec], 512 * 1024 * 1024), this.prefix);
    }
    return this.listing;
  }

  /** `<mode> blob <oid>\t<path>` records (no sizes: they would need the blobs); only regular files, keyed by path (below `strip`, which is removed). */
  private parseListing(raw: Buffer, strip: string): Map<string, TreeFile> {
    const out = new Map<string, TreeFile>();
    for (const record of raw.toString('utf8').split('\0')) {
      const tab = record.indexOf('\t');
      if (tab < 0) continue;
      const [mode, type, oid] = record.slice(0, tab).split(' ');
      const full = record.slice(tab + 1);
      if (type !== 'blob' || (mode !== '100644' && mode !== '100755') || !full.startsWith(strip)) continue;
      const rel = full.slice(strip.length);
      out.set(rel, { path: rel, oid, executable: mode === '100755' });
    }
    return out;
  }

  private batch(entries: Array<{ file: TreeFile; size: number }>, out: Map<string, ReadResult>): void {
    const total = entries.reduce((n, e) => n + e.size + 100, 0);
    let raw: Buffer;
    try {
      raw = this.exec(['cat-file', '--batch'], total + 1024 * 1024, entries.map((e) => e.file.oid).join('\n') + '\n');
    } catch (e) {
      for (const { file } of entries) out.set(file.path, { ok: false, reason: `cannot be read at ${this.ref} (${(e as Error).message})` });
      return;
    }
    let at = 0;
    for (const { file: f } of entries) {
      const nl = raw.indexOf(0x0a, at);
      const header = raw.subarray(at, nl < 0 ? raw.length : nl).toString('latin1');
      const [, type, size] = header.split(' ');
      if (nl < 0 || type !== 'blob') {
        // "<oid> missing": not in this (partial) clone, and never fetched
        out.set(f.path, { ok: false, reason: `is not in the local repository (a partial clone without it? fetch it first)` });
        at = nl < 0 ? raw.length : nl + 1;
        continue;
      }
      const body = raw.subarray(nl + 1, nl + 1 + Number(size));
      out.set(f.path, textOfBytes(body));
      at = nl + 1 + Number(size) + 1;
    }
  }

  private exec(args: string[], maxBuffer = 16 * 1024 * 1024, input?: string): Buffer {
    return gitSync(this.git, this.top, args, { timeout: 60_000, maxBuffer, input });
  }
}
