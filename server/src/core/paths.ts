/** URI helpers that stay pure: no file system, only strings. */
import { URI, Utils } from 'vscode-uri';
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

/** `child` relative to `folder` with `/` separators, or undefined when it lies outside. */
export function relativePath(folder: string, child: string): string | undefined {
  const f = trimChars(URI.parse(folder).path, '/', 'end');
  const c = URI.parse(child).path;
  if (c === f) return '';
  if (!c.startsWith(f + '/')) return undefined;
  return c.slice(f.length + 1);
}

export function normalizeUri(uri: string): string {
  return URI.parse(uri).toString();
}
