/**
 * Where a folder's files are read from: the disk (the working tree), or the files at a git ref
 * (`check --new-since REF` checks the folder as it was there). FolderState lists, reads and scans
 * through this interface only, so the same code checks either; the policy, its `extends` and the
 * baseline come through a PolicyHost of their own (`FolderState.policySource`).
 *
 * Paths are absolute paths of the folder on disk: a file at a ref is named by where it would be in
 * the working tree, so its findings carry the same URIs as the working tree's.
 */
import * as path from 'path';
import { type Boundary, listDirectory, type ReadResult } from './files';
import type { GitTree } from './gitTree';
import { walk, walkListing, type WalkOptions } from './walk';

export interface FileSource {
  /** The files below `root` that the walk's rules accept, relative to `root` ('/'-separated). */
  list(root: string, options: WalkOptions): Promise<string[]>;
  /** Reads files that `list` returned, one at a time as the caller iterates (in batches where the source reads in batches). */
  readListed(files: readonly string[]): Iterable<[string, ReadResult]>;
  /** Reads any file of the folder (not one the listing returned: the disk checks it against the boundary). */
  read(file: string): ReadResult;
  /** The names in a folder; none when it cannot be read or is not there. */
  names(dir: string): Promise<string[]>;
  /** Why `p` may not be read, or undefined when it may. */
  refuse(p: string): string | undefined;
}

/** The disk, inside the folder's boundary (which the folder replaces when its policy is read again). */
export function diskFiles(boundary: () => Boundary): FileSource {
  return {
    list: (root, options) => walk(root, options),
    *readListed(files) {
      // read as the caller goes: a huge tree's manifests are never all in memory at once
      for (const file of files) yield [file, boundary().readFound(file)];
    },
    read: (file) => boundary().read(file),
    names: (dir) => listDirectory(dir),
    refuse: (p) => boundary().refuse(p),
  };
}

/** Files read from a ref per `git cat-file --batch`: enough to keep the process count low, few enough to bound memory. */
const READ_BATCH = 5000;

/**
 * The files of `root` as they are at the tree's ref. Only what the ref holds as regular files is
 * there (no symbolic link, no submodule); reads are bounded as on the disk and never fetch. Each
 * text is kept once read: a check at a ref scans the same files under two policies.
 */
export function gitTreeFiles(tree: GitTree, root: string): FileSource {
  const base = path.resolve(root);
  const texts = new Map<string, ReadResult>();
  const rel = (p: string): string | undefined => {
    const r = path.relative(base, path.resolve(p));
    if (r.startsWith('..') || path.isAbsolute(r)) return undefined;
    return r.split(path.sep).join('/');
  };
  const missing: ReadResult = { ok: false, reason: 'does not exist' };
  const read = (files: readonly string[]): void => {
    const wanted = files.map(rel).filter((r): r is string => r !== undefined && r !== '' && !texts.has(r));
    const entries = wanted.map((r) => tree.file(r)).filter((f) => f !== undefined);
    for (const [r, result] of tree.readMany(entries)) texts.set(r, result);
    for (const r of wanted) if (!texts.has(r)) texts.set(r, missing);
  };
  return {
    list: async (_root, options) => walkListing(tree.files().map((f) => f.path), options),
    *readListed(files) {
      for (let i = 0; i < files.length; i += READ_BATCH) {
        const batch = files.slice(i, i + READ_BATCH);
        read(batch);
        for (const file of batch) yield [file, texts.get(rel(file) ?? '') ?? missing];
      }
    },
    read(file) {
      const r = rel(file);
      if (r === undefined || r === '') return missing;
      if (!texts.has(r)) read([file]);
      return texts.get(r) ?? missing;
    },
    async names(dir) {
      const r = rel(dir);
      if (r === undefined) return [];
      const prefix = r === '' ? '' : `${r}/`;
      return tree
        .files()
        .filter((f) => f.path.startsWith(prefix) && !f.path.includes('/', prefix.length))
        .map((f) => f.path.slice(prefix.length));
    },
    refuse: (p) => (rel(p) === undefined ? `it is outside the folder at ${tree.ref}` : undefined),
  };
}
