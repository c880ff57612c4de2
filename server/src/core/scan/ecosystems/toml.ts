/**
 * TOML through `toml-eslint-parser` (a TOML 1.0 parser with exact source ranges). A half-typed
 * file is read again with the broken line blanked, a few times, so the lines that parse still
 * yield their findings and the first error is reported where it is.
 */
import { type AST, ParseError, parseTOML } from 'toml-eslint-parser';
import type { ScanInput } from '../scanUtil';
import { blankLineAt, type Problems } from './common';
import { nestingMessage, tomlTooDeep } from '../../limits';

export type TomlValueNode = AST.TOMLContentNode;

/** Offsets of one key segment as written (quotes included), or undefined where it cannot be placed. */
export type TomlSegment = { start: number; end: number } | undefined;

/** One `key = value` of the document, with the full key path (tables, dotted keys and inline tables resolved). */
export interface TomlEntry {
  path: string[];
  /** Offsets of the last key segment, quotes included. */
  keyStart: number;
  keyEnd: number;
  value: TomlValueNode;
  /** Where each segment of `path` is written: in the table header, the dotted key or the enclosing inline table. */
  segments: TomlSegment[];
}

/** A `[table]` header (not `[[array]]` ones): its path and where each segment is written. */
export interface TomlTable {
  path: string[];
  segments: TomlSegment[];
}

const MAX_RECOVERIES = 4;
/** Above this many tables a broken file is not recovered table by table (its first error is still reported). */
const MAX_CHUNKS = 2000;
const TABLE_HEADER = /^[ \t]*\[/;

export interface ParsedToml {
  entries: TomlEntry[];
  tables: TomlTable[];
  problems: Problems;
}

export function parseToml(input: ScanInput): ParsedToml {
  const problems: Problems = [];
  const text = input.text.charCodeAt(0) === 0xfeff ? ' ' + input.text.slice(1) : input.text;
  // a text that may nest deeper than any manifest is not handed to the parser at all
  const deep = tomlTooDeep(text);
  if (deep !== undefined) return { entries: [], tables: [], problems: [{ range: input.lines.range(deep, deep + 1), message: `This TOML document ${nestingMessage()}.` }] };
  const whole = parseRecovering(text, 0, problems, input);
  if (whole && problems.length === 0) return { ...whole, problems };
  // broken: each table on its own (parsed alone, its offsets moved back to where it is), so one
  // unclosed array or string costs its own table, not every table after it
  const starts = [0];
  for (let nl = text.indexOf('\n'); nl >= 0 && starts.length <= MAX_CHUNKS; nl = text.indexOf('\n', nl + 1)) {
    const lineEnd = text.indexOf('\n', nl + 1);
    if (TABLE_HEADER.test(text.slice(nl + 1, lineEnd < 0 ? text.length : lineEnd))) starts.push(nl + 1);
  }
  if (starts.length > MAX_CHUNKS) return { entries: whole?.entries ?? [], tables: whole?.tables ?? [], problems };
  const entries: TomlEntry[] = [];
  const tables: TomlTable[] = [];
  starts.forEach((from, i) => {
    const to = starts[i + 1] ?? text.length;
    const part = parseRecovering(text.slice(from, to), MAX_RECOVERIES, [], input);
    for (const entry of part?.entries ?? []) entries.push(shifted(entry, from));
    for (const table of part?.tables ?? []) tables.push({ path: table.path, segments: table.segments.map((seg) => shiftSegment(seg, from)) });
  });
  return { entries, tables, problems };
}

function shiftSegment(seg: TomlSegment, by: number): TomlSegment {
  return seg && { start: seg.start + by, end: seg.end + by };
}

/** Parses `text`, blanking a broken line up to `recoveries` times; the first error goes to `problems`. */
function parseRecovering(source: string, recoveries: number, problems: Problems, input: ScanInput): { entries: TomlEntry[]; tables: TomlTable[] } | undefined {
  let text = source;
  let previous = -1;
  for (let attempt = 0; attempt <= recoveries; attempt++) {
    try {
      return entriesOf(parseTOML(text).body[0]);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      const at = Math.min(Math.max(error.index, 0), text.length);
      if (problems.length === 0) problems.push({ range: input.lines.range(at, Math.min(at + 1, input.text.length)), message: `TOML syntax error: ${error.message}` });
      // the parser may stop at the token after the broken line (`key =` then a newline): an error
      // on a line's first token blames the line before it first; when blanking did not move the
      // error on, the other line is tried
      const leading = text.slice(text.lastIndexOf('\n', at - 1) + 1, at).trim() === '';
      const blankPrevious = leading !== at <= previous;
      text = blankLineAt(text, blankPrevious ? previousLineStart(text, at) : at);
      previous = at;
    }
  }
  return undefined;
}

/** An entry of a table parsed alone, its offsets moved to where the table starts in the file. */
function shifted(entry: TomlEntry, by: number): TomlEntry {
  const seen = new Set<object>();
  const move = (node: { range: [number, number]; type: string }) => {
    if (seen.has(node)) return;
    seen.add(node);
    node.range = [node.range[0] + by, node.range[1] + by];
    const n = node as TomlValueNode;
    if (n.type === 'TOMLArray') n.elements.forEach(move);
    else if (n.type === 'TOMLInlineTable') n.body.forEach((kv) => move(kv.value));
  };
  move(entry.value);
  return { ...entry, keyStart: entry.keyStart + by, keyEnd: entry.keyEnd + by, segments: entry.segments.map((seg) => shiftSegment(seg, by)) };
}

/** An offset on the last non-blank line before the one holding `offset` (0 when there is none). */
function previousLineStart(text: string, offset: number): number {
  let end = text.lastIndexOf('\n', offset - 1);
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    if (text.slice(start, end).trim() !== '') return start;
    end = start - 1;
  }
  return 0;
}

function keyNames(key: AST.TOMLKey): string[] {
  return key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
}

function entriesOf(top: AST.TOMLTopLevelTable): { entries: TomlEntry[]; tables: TomlTable[] } {
  const out: TomlEntry[] = [];
  const tables: TomlTable[] = [];
  const segmentsOf = (key: AST.TOMLKey): TomlSegment[] => key.keys.map((k) => ({ start: k.range[0], end: k.range[1] }));
  const visit = (prefix: string[], prefixSegments: TomlSegment[], kv: AST.TOMLKeyValue) => {
    const path = [...prefix, ...keyNames(kv.key)];
    const segments = [...prefixSegments, ...segmentsOf(kv.key)];
    const last = kv.key.keys[kv.key.keys.length - 1];
    out.push({ path, keyStart: last.range[0], keyEnd: last.range[1], value: kv.value, segments });
    if (kv.value.type === 'TOMLInlineTable') for (const inner of kv.value.body) visit(path, segments, inner);
  };
  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue') {
      visit([], [], item);
      continue;
    }
    const path = item.resolvedKey.map(String);
    // a table below an array of tables has an index in its path: its segments cannot be placed one to one
    const segments = item.resolvedKey.length === item.key.keys.length ? segmentsOf(item.key) : path.map(() => undefined);
    if (item.kind === 'standard') tables.push({ path, segments });
    for (const kv of item.body) visit(path, segments, kv);
  }
  return { entries: out, tables };
}

/**
 * The keys a table of names holds, however the file writes them: `name = …` in the table, a
 * dotted key `name.version = …`, an inline table, or a table of its own `[table.name]`. `depthOf`
 * says, for a key path, whether it names one (its length: the name is its last segment) and in
 * which section. Each name once, at its first place, with the entries written below it.
 */
export function tomlNamedKeys(parsed: Pick<ParsedToml, 'entries' | 'tables'>, sectionOf: (path: string[]) => string | undefined, maxDepth: number): Array<{ path: string[]; name: string; section: string; segment: TomlSegment; below: TomlEntry[] }> {
  const byPath = new Map<string, { path: string[]; name: string; section: string; segment: TomlSegment; below: TomlEntry[] }>();
  const note = (path: string[], segments: TomlSegment[], entry?: TomlEntry) => {
    for (let depth = 1; depth <= Math.min(maxDepth, path.length); depth++) {
      const head = path.slice(0, depth);
      const section = sectionOf(head);
      if (section === undefined) continue;
      const key = head.join('\u0000');
      let found = byPath.get(key);
      if (!found) {
        found = { path: head, name: head[depth - 1], section, segment: segments[depth - 1], below: [] };
        byPath.set(key, found);
      }
      if (entry && entry.path.length > depth) found.below.push(entry);
      return;
    }
  };
  // in file order: tables and entries interleave, but each name's first place is what counts
  const all: Array<{ at: number; path: string[]; segments: TomlSegment[]; entry?: TomlEntry }> = [
    ...parsed.tables.map((t) => ({ at: t.segments[t.segments.length - 1]?.start ?? 0, path: t.path, segments: t.segments })),
    ...parsed.entries.map((e) => ({ at: e.keyStart, path: e.path, segments: e.segments, entry: e })),
  ].sort((a, b) => a.at - b.at);
  for (const item of all) note(item.path, item.segments, item.entry);
  return [...byPath.values()];
}

/** A string value's content offsets (quotes excluded), or undefined for another kind of value. */
export function tomlString(node: TomlValueNode | undefined): { value: string; start: number; end: number } | undefined {
  if (!node || node.type !== 'TOMLValue' || node.kind !== 'string') return undefined;
  const quote = node.multiline ? 3 : 1;
  return { value: node.value, start: node.range[0] + quote, end: node.range[1] - quote };
}

/** The entries of an inline table value, by key. */
export function tomlTableValue(node: TomlValueNode | undefined, key: string): TomlValueNode | undefined {
  if (!node || node.type !== 'TOMLInlineTable') return undefined;
  for (const kv of node.body) {
    const names = keyNames(kv.key);
    if (names.length === 1 && names[0] === key) return kv.value;
  }
  return undefined;
}

/** The string elements of an array value. */
export function tomlStrings(node: TomlValueNode | undefined): Array<{ value: string; start: number; end: number }> {
  if (!node || node.type !== 'TOMLArray') return [];
  return node.elements.map(tomlString).filter((s): s is { value: string; start: number; end: number } => s !== undefined);
}

/** True when `path` starts with `prefix` (`*` matches any one segment). */
export function pathStarts(path: string[], prefix: string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === '*' || p === path[i]);
}
