/**
 * Glob patterns from the policy (`scope`, `ignore`, technology `packages`), matched without
 * backtracking regular expressions: within a path segment in time linear in the name (a pass per
 * chunk between stars, 32 pattern characters a step; see compileTokens), so a hostile pattern
 * (`*a*a*a*a*a*b`) against a long name costs microseconds, not minutes. `**` over whole segments
 * backtracks to the last `**` (segments × pattern segments at worst; paths are a few segments
 * deep). See docs/decisions.md.
 *
 * Supported: `*` (any characters but `/`), `**` (any number of path segments), `?`, classes
 * `[abc]`, `[a-z]`, `[!x]`/`[^x]`, braces `{a,b}` (nested, at most MAX_ALTERNATIVES after
 * expansion) and `\` escapes. Dot files match like any other file.
 */

/** Bounds on what a pattern may be: longer or wider ones are reported, not compiled. */
export const MAX_PATTERN_LENGTH = 1024;
export const MAX_ALTERNATIVES = 64;
/**
 * A technology's package patterns (`packages`, `pypi`, …) are at most this long (no package name is
 * longer; names are bounded too, limits.ts maxPackageNameLength): a match then costs at most a few
 * hundred steps per name, whatever the policy and the manifest say.
 */
export const MAX_PACKAGE_PATTERN_LENGTH = 256;

type Token = { kind: 'char'; c: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; negate: boolean; ranges: Array<[string, string]> };
/** A path segment of a pattern: `**`, or a list of tokens. */
type Segment = 'globstar' | ((name: string) => boolean);

export type CompiledGlob = { ok: true; match: (path: string) => boolean } | { ok: false; reason: string };

export function compileGlob(pattern: string): CompiledGlob {
  if (pattern.length > MAX_PATTERN_LENGTH) return { ok: false, reason: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  const alternatives = expandBraces(pattern);
  if (!alternatives) return { ok: false, reason: `the pattern's braces expand to more than ${MAX_ALTERNATIVES} alternatives` };
  const compiled = alternatives.map(parseSegments);
  return { ok: true, match: (path) => compiled.some((segments) => matchSegments(segments, path.split('/'))) };
}

/** `{a,b}x{1,2}` → ax1, ax2, bx1, bx2; undefined past the limit. A lone `{` or `{a}` is literal. */
function expandBraces(pattern: string): string[] | undefined {
  const open = findUnescaped(pattern, '{', 0);
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      close = i;
      break;
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close < 0 || commas.length === 0) {
    // not an alternation: the brace is a literal character; expand what follows it
    const rest = expandBraces(pattern.slice(open + 1));
    return rest?.map((r) => `${pattern.slice(0, open)}\\{${r}`);
  }
  const head = pattern.slice(0, open);
  const tail = expandBraces(pattern.slice(close + 1));
  if (!tail) return undefined;
  const bounds = [open, ...commas, close];
  const out: string[] = [];
  for (let k = 0; k < bounds.length - 1; k++) {
    const inner = expandBraces(pattern.slice(bounds[k] + 1, bounds[k + 1]));
    if (!inner) return undefined;
    for (const i of inner) for (const t of tail) {
      out.push(head + i + t);
      if (out.length > MAX_ALTERNATIVES) return undefined;
    }
  }
  return out;
}

function findUnescaped(s: string, c: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === c) return i;
  }
  return -1;
}

function parseSegments(pattern: string): Segment[] {
  const segments: Segment[] = [];
  for (const part of splitUnescaped(pattern)) {
    if (part === '**') {
      if (segments[segments.length - 1] !== 'globstar') segments.push('globstar');
    } else segments.push(compileTokens(tokens(part)));
  }
  return segments;
}

function splitUnescaped(pattern: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\' && i + 1 < pattern.length) current += pattern[i] + pattern[++i];
    else if (pattern[i] === '/') {
      parts.push(current);
      current = '';
    } else current += pattern[i];
  }
  parts.push(current);
  return parts;
}

function tokens(segment: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '\\' && i + 1 < segment.length) out.push({ kind: 'char', c: segment[++i] });
    else if (c === '*') {
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') out.push({ kind: 'any' });
    else if (c === '[') {
      const cls = readClass(segment, i);
      if (cls) {
        out.push(cls.token);
        i = cls.end;
      } else out.push({ kind: 'char', c });
    } else out.push({ kind: 'char', c });
  }
  return out;
}

function readClass(s: string, start: number): { token: Token; end: number } | undefined {
  let i = start + 1;
  const negate = s[i] === '!' || s[i] === '^';
  if (negate) i++;
  const ranges: Array<[string, string]> = [];
  let first = true;
  for (; i < s.length; i++) {
    let c = s[i];
    if (c === ']' && !first) return { token: { kind: 'class', negate, ranges }, end: i };
    first = false;
    if (c === '\\' && i + 1 < s.length) c = s[++i];
    if (s[i + 1] === '-' && i + 2 < s.length && s[i + 2] !== ']') {
      let to = s[i + 2];
      i += 2;
      if (to === '\\' && i + 1 < s.length) to = s[++i];
      ranges.push([c, to]);
    } else ranges.push([c, c]);
  }
  return undefined; // unclosed: a literal "["
}

function tokenMatches(t: Token, c: string): boolean {
  switch (t.kind) {
    case 'char':
      return t.c === c;
    case 'any':
      return true;
    case 'class': {
      const hit = t.ranges.some(([a, b]) => c >= a && c <= b);
      return t.negate ? !hit : hit;
    }
    default:
      return false;
  }
}

/** Steps the matchers have taken: what a match costs, counted (the unit tests assert growth on it, never time). */
export const globWork = { steps: 0 };

/**
 * A segment's tokens as a matcher of one name, in time linear in the name: the pattern is cut at
 * its stars into chunks; the first chunk must match at the start, the last at the end, and each one
 * between is found at its leftmost place after the one before (leftmost is always right for `*`),
 * by a bit-parallel scan (shift-and: one pass over the name, 32 pattern positions per word). A
 * two-pointer match that backtracks to the last star cost O(pattern × name): 33 s for 20 names of
 * 20,000 characters and one pattern of 10,000.
 */
function compileTokens(pattern: Token[]): (name: string) => boolean {
  const chunks: Token[][] = [[]];
  for (const t of pattern) {
    if (t.kind === 'star') chunks.push([]);
    else chunks[chunks.length - 1].push(t);
  }
  const first = chunks[0];
  if (chunks.length === 1) return (name) => name.length === first.length && matchesAt(first, name, 0);
  const last = chunks[chunks.length - 1];
  const middle = chunks.slice(1, -1).filter((c) => c.length > 0).map(bitChunk);
  return (name) => {
    const end = name.length - last.length;
    if (end < first.length || !matchesAt(first, name, 0) || !matchesAt(last, name, end)) return false;
    let at = first.length;
    for (const chunk of middle) {
      const found = findChunk(chunk, name, at, end);
      if (found < 0) return false;
      at = found + chunk.tokens.length;
    }
    return true;
  };
}

function matchesAt(tokens: Token[], name: string, at: number): boolean {
  for (let j = 0; j < tokens.length; j++) {
    globWork.steps++;
    if (!tokenMatches(tokens[j], name[at + j])) return false;
  }
  return true;
}

interface BitChunk {
  tokens: Token[];
  words: number;
  /** Per character: bit j set when token j matches it (computed once per character met). */
  masks: Map<string, Uint32Array>;
}

function bitChunk(tokens: Token[]): BitChunk {
  return { tokens, words: Math.ceil(tokens.length / 32), masks: new Map() };
}

function maskOf(chunk: BitChunk, c: string): Uint32Array {
  let mask = chunk.masks.get(c);
  if (!mask) {
    mask = new Uint32Array(chunk.words);
    for (let j = 0; j < chunk.tokens.length; j++) {
      globWork.steps++;
      if (tokenMatches(chunk.tokens[j], c)) mask[j >>> 5] |= 1 << (j & 31);
    }
    chunk.masks.set(c, mask);
  }
  return mask;
}

/** The leftmost start of the chunk in name[from, to), or -1: one pass of shift-and. */
function findChunk(chunk: BitChunk, name: string, from: number, to: number): number {
  const m = chunk.tokens.length;
  const words = chunk.words;
  const state = new Uint32Array(words);
  const top = (m - 1) >>> 5;
  const topBit = 1 << ((m - 1) & 31);
  for (let i = from; i < to; i++) {
    const mask = maskOf(chunk, name[i]);
    let carry = 1;
    for (let k = 0; k < words; k++) {
      globWork.steps++;
      const d = state[k];
      state[k] = ((d << 1) | carry) & mask[k];
      carry = d >>> 31;
    }
    if (state[top] & topBit) return i - m + 1;
  }
  return -1;
}

/** Segments against path segments, `**` as the wildcard over whole segments (the same algorithm, one level up). */
function matchSegments(pattern: Segment[], path: string[]): boolean {
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < path.length) {
    globWork.steps++;
    const s = pattern[p];
    if (s !== undefined && s !== 'globstar' && s(path[n])) {
      p++;
      n++;
    } else if (s === 'globstar') {
      starP = p++;
      starN = n;
    } else if (starP >= 0) {
      p = starP + 1;
      n = ++starN;
    } else return false;
  }
  while (pattern[p] === 'globstar') p++;
  return p === pattern.length;
}

/**
 * `*` as "any characters" and `?` as "one character" over a whole string: the catalog's package
 * patterns (`@nestjs/*`, `@acme/ui-*`) and ssh-keygen's pattern lists. Linear in the text (32
 * pattern characters a step); callers bound both lengths too (MAX_PACKAGE_PATTERN_LENGTH, maxPackageNameLength).
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  return compileWildcard(pattern)(text);
}

/** `wildcardMatch` with the pattern read once, for a pattern tried against many names. */
export function compileWildcard(pattern: string): (text: string) => boolean {
  const tokens = [...pattern].map((c): Token => (c === '*' ? { kind: 'star' } : c === '?' ? { kind: 'any' } : { kind: 'char', c }));
  return compileTokens(tokens);
}

/** True when the pattern has any glob syntax (otherwise it names a file or folder). */
export function isGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern.replace(/\\./g, ''));
}
