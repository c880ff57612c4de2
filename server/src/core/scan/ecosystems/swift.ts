/**
 * Swift: the package dependencies of a `Package.swift`, every `.package(…)` call (in the
 * `dependencies:` of `Package(…)`, in `package.dependencies += […]`, in either branch of an `#if`),
 * named by the package's identity as SwiftPM computes it:
 * - `.package(url: "https://github.com/vapor/vapor.git", from: "4.0.0")` (and `.upToNextMajor`,
 *   `exact:`, `branch:`, `revision:`, a range `"1.0.0"..<"2.0.0"`, the older `name:` before the
 *   URL): the last component of the URL without `.git`, lower-cased (`vapor`), on that text;
 * - `.package(id: "vapor.vapor", from: "4.0.0")` (a registry package): the name after the scope
 *   (`vapor`), so that one catalog name covers a package however it is fetched;
 * - `.package(path: "../Local")` is a local package: the repository's own code (or a copy it keeps),
 *   not a third-party dependency, and not read.
 * The file is Swift code and is never run: a URL the manifest computes (`"\(base)/vapor.git"`, a
 * variable) is not read. Comments are not code, and a `//` inside a string is text (codeTokens.ts).
 */
import type { ScanInput } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { type CodeToken, codeTokens } from './codeTokens';
import { dependency } from './common';

export function scanPackageSwift(input: ScanInput): ManifestDependency[] {
  const tokens = codeTokens(input.text, 'swift');
  // one pass: each open bracket is a level; a `.package(` level collects the first string of each of its labels
  const levels: Array<Map<string, CodeToken> | undefined> = [];
  const calls: Array<Map<string, CodeToken>> = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{')) {
      // `.package(` or `Package.Dependency.package(`; not another type's `x.package(`
      const call = tokens[i - 1]?.text === 'package' && tokens[i - 2]?.text === '.' && (tokens[i - 3]?.kind !== 'word' || tokens[i - 3].text === 'Dependency');
      const labels = call && t.text === '(' ? new Map<string, CodeToken>() : undefined;
      if (labels) calls.push(labels);
      levels.push(labels);
    } else if (t.kind === 'punct' && (t.text === ')' || t.text === ']' || t.text === '}')) levels.pop();
    else if (t.kind === 'word' && tokens[i + 1]?.text === ':' && tokens[i + 2]?.kind === 'string') {
      const labels = levels[levels.length - 1];
      if (labels && !labels.has(t.text)) labels.set(t.text, tokens[i + 2]);
    }
  }
  const out: ManifestDependency[] = [];
  for (const labels of calls) {
    const url = labels.get('url');
    const id = labels.get('id');
    const dep = url ? fromUrl(input, url) : id ? fromRegistry(input, id) : undefined;
    if (dep) out.push(dep);
  }
  return out;
}

/** SwiftPM's identity of a package fetched from `url`: its last path component without `.git`, lower-cased, on that text. */
function fromUrl(input: ScanInput, url: CodeToken): ManifestDependency | undefined {
  if (url.dynamic) return undefined;
  const { name, offset } = packageIdentity(url.text);
  if (!name) return undefined;
  const start = url.start + offset;
  return dependency(input, 'swift', name.toLowerCase(), start, start + name.length);
}

/**
 * The last path component of a package URL, without a trailing `/` or `.git` (as SwiftPM's
 * PackageIdentity: `https://github.com/vapor/vapor.git`, `git@github.com:vapor/vapor.git` and
 * `https://github.com/vapor/vapor/` are all `vapor`), and where it starts in the URL.
 */
export function packageIdentity(url: string): { name: string; offset: number } {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  const separator = Math.max(url.lastIndexOf('/', end - 1), url.lastIndexOf(':', end - 1));
  const offset = separator + 1;
  let name = url.slice(offset, end);
  if (name.toLowerCase().endsWith('.git')) name = name.slice(0, -4);
  return { name, offset };
}

/** A registry package `scope.name`: its name, on that text. */
function fromRegistry(input: ScanInput, id: CodeToken): ManifestDependency | undefined {
  if (id.dynamic) return undefined;
  const dot = id.text.indexOf('.');
  if (dot <= 0 || dot === id.text.length - 1) return undefined;
  const start = id.start + dot + 1;
  return dependency(input, 'swift', id.text.slice(dot + 1).toLowerCase(), start, id.end);
}
