/**
 * Elixir: the `deps` function of `mix.exs` (`defp deps do [ {:phoenix, "~> 1.7"}, … ] end`, `def
 * deps`, `defp deps, do: [...]`), on the atom. The file is code and is never run; a dependency
 * list built another way is not read. Comments, strings, heredocs and sigils are blanked first
 * (offsets kept), so a `# {:commented, "1.0"}` line or a `@moduledoc` that shows a deps function
 * is no dependency. A dependency is the first atom of each tuple the function's list holds (a
 * tuple nested in an option is none); `hex: :other` names the Hex package fetched instead.
 */
import type { ScanInput } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { dependency } from './common';

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>', '/': '/', '|': '|', '"': '"', "'": "'" };

/** `text` with every comment, string, charlist, heredoc and sigil replaced by spaces (line breaks and offsets kept). One pass. */
export function blankElixir(text: string): string {
  const out: string[] = [];
  let copied = 0;
  const blank = (from: number, to: number) => {
    out.push(text.slice(copied, from), text.slice(from, to).replace(/[^\r\n]/g, ' '));
    copied = to;
  };
  /** The end (exclusive) of a quoted run opened at `from` by `open` (escapes skipped unless `raw`); the text's end when unclosed. */
  const closeOf = (from: number, open: string, close: string, raw: boolean): number => {
    if (open === '"""' || open === "'''") {
      const end = text.indexOf(open, from);
      return end < 0 ? text.length : end + 3;
    }
    for (let j = from; j < text.length; j++) {
      if (!raw && text[j] === '\\') j++;
      else if (text[j] === close) return j + 1;
    }
    return text.length;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      const to = nl < 0 ? text.length : nl;
      blank(i, to);
      i = to;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const to = triple ? closeOf(i + 3, c.repeat(3), c, false) : closeOf(i + 1, c, c, false);
      blank(i, to);
      i = to;
    } else if (c === '~' && /[A-Za-z]/.test(text[i + 1] ?? '')) {
      // a sigil: ~s(…), ~S"""…""", ~r/…/, ~w[…]; an upper-case sigil has no escapes
      let j = i + 1;
      while (/[A-Za-z]/.test(text[j] ?? '')) j++;
      const open = text[j] ?? '';
      const raw = /[A-Z]/.test(text[i + 1]);
      if (!CLOSERS[open]) {
        i = j;
        continue;
      }
      const triple = (open === '"' || open === "'") && text.startsWith(open.repeat(3), j);
      const to = triple ? closeOf(j + 3, open.repeat(3), open, raw) : closeOf(j + 1, open, CLOSERS[open], raw);
      blank(i, to);
      i = to;
    } else if (c === '?' && !/[\w?!]/.test(text[i - 1] ?? '') && i + 1 < text.length) {
      // a character literal: ?" ?# ?\n
      i += text[i + 1] === '\\' ? 3 : 2;
    } else i++;
  }
  out.push(text.slice(copied));
  return out.join('');
}

export function scanMix(input: ScanInput): ManifestDependency[] {
  const out: ManifestDependency[] = [];
  const text = blankElixir(input.text);
  const head = /^([ \t]*)defp?[ \t]+deps\b(?:[ \t]*\(\s*\))?/m.exec(text);
  if (!head) return out;
  // the body ends at the `end` indented like the `defp` (or the next `def` at that indentation)
  const indent = head[1];
  const bodyStart = head.index + head[0].length;
  const close = new RegExp(`^${indent}(end\\b|defp?[ \\t]|@)`, 'm').exec(text.slice(bodyStart));
  const bodyEnd = close ? bodyStart + close.index : text.length;
  // the tuples of the list, by brace depth: the first atom of each is the dependency
  // (a half-typed tuple still counts: one that never closes ends where the next line starts a
  // tuple with an atom, or at the end of the body)
  let depth = 0;
  let tupleStart = -1;
  const lineStartsTuple = /[ \t]*\{\s*:[a-z_]/y;
  for (let i = bodyStart; i < bodyEnd; i++) {
    const c = text[i];
    if (c === '\n' && depth > 0) {
      lineStartsTuple.lastIndex = i + 1;
      if (lineStartsTuple.test(text)) {
        const dep = depTuple(input, text, tupleStart, i);
        if (dep) out.push(dep);
        depth = 0;
        tupleStart = -1;
      }
    } else if (c === '{') {
      if (depth === 0) tupleStart = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0 && tupleStart >= 0) {
        const dep = depTuple(input, text, tupleStart, i);
        if (dep) out.push(dep);
        tupleStart = -1;
      }
    }
  }
  if (tupleStart >= 0) {
    const dep = depTuple(input, text, tupleStart, bodyEnd);
    if (dep) out.push(dep);
  }
  return out;
}

/** The dependency of the tuple `{…}` at [from, to]: its first atom, or the `hex:` option's. */
function depTuple(input: ScanInput, text: string, from: number, to: number): ManifestDependency | undefined {
  const inner = text.slice(from + 1, to);
  const first = /^\s*:([a-z_][a-zA-Z0-9_]*)/.exec(inner);
  if (!first) return undefined;
  // `hex: :other` at the tuple's own level (not inside a nested list or tuple)
  let level = 0;
  const hex = /hex:\s*:([a-z_][a-zA-Z0-9_]*)/y;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '[' || c === '{' || c === '(') level++;
    else if (c === ']' || c === '}' || c === ')') level--;
    else if (level === 0 && c === 'h') {
      hex.lastIndex = i;
      const m = hex.exec(inner);
      if (m && !/\w/.test(inner[i - 1] ?? '')) {
        const start = from + 1 + i + m[0].length - m[1].length;
        return dependency(input, 'hex', m[1], start, start + m[1].length);
      }
    }
  }
  const start = from + 1 + first[0].length - first[1].length;
  return dependency(input, 'hex', first[1], start, start + first[1].length);
}
