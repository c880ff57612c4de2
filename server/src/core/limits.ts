/**
 * The bounds that keep every parser linear on hostile input (docs/decisions.md, "Limits"): how
 * deep a document may nest, and a guard that turns a parser's failure into a problem for that
 * file instead of an exception that would lose every other file's findings.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { isCollection, isPair, type Node as YamlNode } from 'yaml';
import type { Range } from 'vscode-languageserver-types';

/** No manifest, policy or front matter a person writes nests this deep; recursive parsers overflow far deeper. */
export const MAX_NESTING = 200;

/** YAML documents read per file: a Kubernetes file of a few hundred is large; 1.3 million empty ones took minutes and gigabytes. */
export const MAX_YAML_DOCUMENTS = 1000;

/** YAML aliases followed per file: real files use a few dozen; each one followed is work the text did not pay for. */
export const MAX_YAML_ALIASES = 1000;

/**
 * Images, services and technology references read per file, which bounds the findings of a file:
 * a deployment file a person writes has dozens.
 */
export const MAX_ENTRIES_PER_FILE = 2000;

/**
 * Dependencies read per manifest: a manifest a person writes has hundreds, a generated one a few
 * thousand, and one of 20,000 is checked whole (the benchmark edits one, issue 20). This bounds a
 * manifest's findings even with `unlisted-dependency` on (130,000 dependencies in 2 MB made
 * 130,000 findings).
 */
export const MAX_DEPENDENCIES_PER_FILE = 20_000;

/**
 * The longest package name looked up among the catalog's and the policy's names and patterns: npm's
 * own limit (214 characters) for npm; 300 for the other ecosystems, the most their manifest
 * readers keep. With patterns bounded too (MAX_PACKAGE_PATTERN_LENGTH in glob.ts), one match costs
 * at most the product of the two, whatever a file or a policy holds.
 */
export function maxPackageNameLength(ecosystem: string): number {
  return ecosystem === 'npm' ? 214 : 300;
}

/** What a manifest says of a dependency whose name is longer than its ecosystem allows. */
export function packageNameTooLongMessage(ecosystem: string, length: number): string {
  const limit = ecosystem === 'npm' ? `more than npm allows (${maxPackageNameLength(ecosystem)})` : `more than the ${maxPackageNameLength(ecosystem)} read for a package name (no registry's names are that long)`;
  return `This dependency's name has ${length.toLocaleString('en')} characters, ${limit}: it is not checked.`;
}

/**
 * Keeps the first `max` entries of `list` (in place); when there were more, the first one left out
 * becomes a problem for the file, and the rest of the file is still checked.
 */
export function capEntries<T extends { range: Range }>(list: T[], what: string, problems: Array<{ range: Range; message: string }>, max = MAX_ENTRIES_PER_FILE): void {
  if (list.length <= max) return;
  const limit = max.toLocaleString('en');
  problems.push({ range: list[max].range, message: `This file has more than ${limit} ${what}; only the first ${limit} are checked (no manifest has that many).` });
  list.length = max;
}

export function nestingMessage(): string {
  return `nests more than ${MAX_NESTING} levels deep (no manifest does)`;
}

/** The offset where a JSON text first nests deeper than `limit`, or undefined. Iterative, linear. */
export function jsonTooDeep(text: string, limit = MAX_NESTING): number | undefined {
  // nesting deeper than `limit` takes more than `limit` brackets: most texts are settled by counting them
  if (countUpTo(text, '{', limit + 1) + countUpTo(text, '[', limit + 1) <= limit) return undefined;
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > limit) return scanner.getTokenOffset();
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/**
 * The offset where a TOML text first nests deeper than `limit` (arrays and inline tables; strings
 * and comments skipped), or undefined. Iterative, linear: the TOML parser builds every level
 * before anything can refuse it (100,000 nested inline tables in 400 KB took 2 s, most of it
 * collecting garbage, and the reader of its tree then overflowed the stack).
 */
export function tomlTooDeep(text: string, limit = MAX_NESTING): number | undefined {
  if (countUpTo(text, '{', limit + 1) + countUpTo(text, '[', limit + 1) <= limit) return undefined;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return undefined;
      i = nl;
    } else if (c === '"' || c === "'") {
      i = tomlStringEnd(text, i, c);
    } else if (c === '{' || c === '[') {
      if (++depth > limit) return i;
    } else if (c === '}' || c === ']') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** The offset of the last character of the string opening at `start` (basic or literal, one line or three quotes), or of where it stops unclosed. */
function tomlStringEnd(text: string, start: number, quote: string): number {
  const triple = text.startsWith(quote.repeat(3), start);
  let j = start + (triple ? 3 : 1);
  for (; j < text.length; j++) {
    const d = text[j];
    if (d === '\\' && quote === '"') j++;
    else if (!triple && d === '\n') return j;
    else if (d === quote && (!triple || text.startsWith(quote.repeat(3), j))) break;
  }
  if (!triple) return j;
  // a multi-line string may end in up to two more quotes ("""a""""): they belong to it
  let end = j + 2;
  while (text[end + 1] === quote && end - j < 4) end++;
  return end;
}

/** How many times `c` occurs in `text`, counting no further than `max`. */
function countUpTo(text: string, c: string, max: number): number {
  let n = 0;
  for (let i = text.indexOf(c); i >= 0 && n < max; i = text.indexOf(c, i + 1)) n++;
  return n;
}

/**
 * The offset where a YAML text may nest deeper than `limit`, found before parsing (the YAML
 * parser recurses once per level, and a stack overflow deep inside it can take the process down
 * rather than throw): flow collections (`[`, `{` outside quotes and comments) are counted, and a
 * block line's indentation plus its compact `- - -` entries bound its depth. Linear; errs towards
 * "too deep" only for texts no person writes (an indentation of hundreds of columns).
 */
export function yamlTextTooDeep(text: string, limit = MAX_NESTING): number | undefined {
  let flow = 0;
  let quote = '';
  let lineStart = true;
  let indent = 0;
  let dashes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      dashes = 0;
      if (quote === "'" || quote === '"') continue; // quoted scalars may span lines
      continue;
    }
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (lineStart) {
      if (c === ' ') {
        indent++;
        continue;
      }
      if (c === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        if (indent + ++dashes * 2 > limit * 2) return i;
        i++;
        continue;
      }
      lineStart = false;
      // a blank line (spaces only, or a comment) nests nothing, however far it is indented
      if (c !== '\r' && c !== '#' && indent > limit * 2) return i;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl - 1;
    } else if (c === '"' || c === "'") {
      // a quote opens a scalar only where one may start; inside plain text it is a character
      if (i === 0 || /[\s[{,:]/.test(text[i - 1])) quote = c;
    } else if (c === '[' || c === '{') {
      if (++flow > limit) return i;
    } else if (c === ']' || c === '}') {
      flow = Math.max(0, flow - 1);
    }
  }
  return undefined;
}

/** True when a parsed YAML node nests deeper than `limit` (checked without recursion). */
export function yamlTooDeep(root: unknown, limit = MAX_NESTING): boolean {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    if (isPair(node)) {
      stack.push([node.key, depth], [node.value, depth]);
    } else if (isCollection(node)) {
      for (const item of (node as { items: YamlNode[] }).items) stack.push([item, depth + 1]);
    }
  }
  return false;
}

/**
 * Runs a parser; if it throws anyway (a stack overflow the limits above did not foresee, a bug),
 * the caller gets `fallback(reason)`: a problem for that file, never a lost check.
 */
export function guarded<T>(parse: () => T, fallback: (reason: string) => T): T {
  try {
    return parse();
  } catch (e) {
    const reason = e instanceof RangeError ? nestingMessage() : `could not be read (${(e as Error)?.message ?? String(e)})`;
    return fallback(reason);
  }
}

/**
 * Appends every item, one by one. Never `into.push(...items)` for a list the input decides the
 * length of: a call takes at most ~100,000 arguments, and a manifest of 200,000 dependencies threw a
 * RangeError that was reported as nesting, with none of its dependencies read.
 */
export function pushAll<T>(into: T[], items: Iterable<T>): T[] {
  for (const item of items) into.push(item);
  return into;
}
