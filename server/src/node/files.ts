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

export function readTextFile(p: string): ReadResult {
  try {
    const stat = fs.statSync(p);
    if (!stat.isFile()) return { ok: false, reason: 'not a file' };
    if (stat.size > MAX_FILE_BYTES) return { ok: false, reason: `too large (${Math.round(stat.size / 1024)} KiB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB)` };
    const buffer = fs.readFileSync(p);
    if (buffer.subarray(0, 8000).includes(0)) return { ok: false, reason: 'binary content' };
    const text = buffer.toString('utf8');
    // like an editor: a byte-order mark is not part of the text (positions then agree with VS Code's)
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, reason: err.code === 'ENOENT' ? 'does not exist' : err.code === 'EACCES' ? 'permission denied' : err.message };
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
 * A policy host over the disk. `extends` packages are resolved from node_modules, walking up
 * from the policy's folder, unless `allowPackages` is false (an untrusted workspace).
 */
export function diskPolicyHost(readOverride?: (uri: string) => string | undefined, allowPackages = true): PolicyHost {
  return {
    readFile(uri) {
      const open = readOverride?.(uri);
      if (open !== undefined) return open;
      const r = readTextFile(uriToPath(uri));
      return r.ok ? r.text : undefined;
    },
    resolvePackage(fromDirUri, name) {
      if (!allowPackages || !/^(@[a-z0-9._~-]+\/)?[a-z0-9._~-]+(\/[^/].*)?$/i.test(name)) return undefined;
      let dir = uriToPath(fromDirUri);
      for (;;) {
        const candidate = path.join(dir, 'node_modules', name);
        const file = policyFileOfPackage(candidate);
        if (file) return pathToUri(file);
        const parent = path.dirname(dir);
        if (parent === dir) return undefined;
        dir = parent;
      }
    },
  };
}

/** A package's policy: a JSON file named directly, its `techpolicy.json`, or the file its package.json `techPolicy`/`main` names. */
function policyFileOfPackage(p: string): string | undefined {
  try {
    const stat = fs.statSync(p);
    if (stat.isFile()) return p;
    if (!stat.isDirectory()) return undefined;
  } catch {
    if (fs.existsSync(`${p}.json`)) return `${p}.json`;
    return undefined;
  }
  const direct = path.join(p, 'techpolicy.json');
  if (fs.existsSync(direct)) return direct;
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(p, 'package.json'), 'utf8')) as { techPolicy?: string; main?: string };
    const named = manifest.techPolicy ?? (manifest.main?.endsWith('.json') ? manifest.main : undefined);
    if (named && fs.existsSync(path.join(p, named))) return path.join(p, named);
  } catch {
    // no manifest: not a policy package
  }
  return undefined;
}
