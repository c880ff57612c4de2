/** URI helpers that stay pure: no file system, only strings. */
import { URI, Utils } from 'vscode-uri';
import { LruCache } from './lru';
import { trimChars } from './text';

/** Lone surrogates (half of a character) cannot be percent-encoded: they become U+FFFD, never a URIError. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function joinUri(base: string, ...segments: string[]): string {
  return Utils.joinPath(URI.parse(base), ...segments.map(wellFormed)).toString();
}

export function dirnameUri(uri: string): string {
  return Utils.dirname(URI.parse(uri)).toString();
}

export function basenameUri(uri: string): string {
  return Utils.basename(URI.parse(uri));
}

/** Paths of URIs already parsed: every check asks where its file lies, often of the same few URIs. */
const parsedPaths = new LruCache<string, string>(8192);

/** A `file:` URI of characters that need no decoding: its path is what follows `file://`. */
const PLAIN_FILE_URI = /^file:\/\/(\/[A-Za-z0-9._~/-]*)$/;

/** The decoded path of a URI (`file:///a%20b/c` → `/a b/c`). */
function pathOf(uri: string): string {
  let p = parsedPaths.get(uri);
  if (p === undefined) {
    p = PLAIN_FILE_URI.exec(uri)?.[1] ?? URI.parse(uri).path;
    parsedPaths.set(uri, p);
  }
  return p;
}

/** `child` relative to `folder` with `/` separators, or undefined when it lies outside. */
export function relativePath(folder: string, child: string): string | undefined {
  const f = trimChars(pathOf(folder), '/', 'end');
  const c = pathOf(child);
  if (c === f) return '';
  if (!c.startsWith(f + '/')) return undefined;
  return c.slice(f.length + 1);
}

export function normalizeUri(uri: string): string {
  return URI.parse(uri).toString();
}
