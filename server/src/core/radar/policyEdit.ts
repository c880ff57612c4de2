/**
 * The policy text edits an import makes: a technology added on its own line after the last one,
 * or (--force) its ring and note changed in place. The text is edited, never re-printed, so
 * comments and the layout of everything else survive.
 */
import { applyEdits, findNodeAtLocation, modify, type Node, parseTree } from 'jsonc-parser';
import type { Ring } from '../model';

export function entryText(ring: Ring, note: string | undefined, extra: Record<string, string> = {}): string {
  const fields: Record<string, string> = { ring, ...extra, ...(note ? { note } : {}) };
  return `{ ${Object.entries(fields)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(', ')} }`;
}

export interface Formatting {
  tabSize: number;
  insertSpaces: boolean;
  eol: string;
}

/** A value `modify` writes as a string, replaced by the one-line entry once the edit is placed (a key never contains it: it is escaped). */
const PLACEHOLDER = '\u0001tech-policy-radar\u0001';

function withValue(edits: ReturnType<typeof modify>, value: string): ReturnType<typeof modify> {
  const quoted = JSON.stringify(PLACEHOLDER);
  return edits.map((e) => {
    const at = e.content.lastIndexOf(quoted);
    return at < 0 ? e : { ...e, content: e.content.slice(0, at) + value + e.content.slice(at + quoted.length) };
  });
}

/**
 * Adds `"key": value` to `technologies` (creating it when missing), on its own line after the last
 * entry, indented like it; the entries before it are not touched (jsonc-parser's formatter would
 * re-lay the line it lands on), and a line comment after the last entry stays with that entry.
 */
export function addEntry(text: string, key: string, value: string, formatting: Formatting): string {
  const root = parseTree(text, [], { allowTrailingComma: true })!;
  const section = findNodeAtLocation(root, ['technologies']);
  const property = `${JSON.stringify(key)}: ${value}`;
  if (section?.children?.length) return applyEdits(text, appendEdits(text, section, property, formatting.eol));
  if (!section && root.children?.length) {
    const last = root.children[root.children.length - 1];
    const indent = lineIndent(text, last.offset);
    const unit = formatting.insertSpaces ? ' '.repeat(formatting.tabSize) : '\t';
    const block = `"technologies": {${formatting.eol}${indent}${unit}${property}${formatting.eol}${indent}}`;
    return applyEdits(text, appendEdits(text, root, block, formatting.eol));
  }
  // an empty `technologies` or an empty policy: modify lays out what is new
  return applyEdits(text, withValue(modify(text, ['technologies', key], PLACEHOLDER, { formattingOptions: formatting }), value));
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** The edits that put `property` after the last property of `object`. */
function appendEdits(text: string, object: Node, property: string, eol: string): Array<{ offset: number; length: number; content: string }> {
  const last = object.children![object.children!.length - 1];
  const end = last.offset + last.length;
  const indent = lineIndent(text, last.offset);
  const ownLine = text.lastIndexOf('\n', last.offset - 1) + 1 + indent.length === last.offset;
  const separator = ownLine ? `${eol}${indent}` : ' ';
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  else if (text[lineEnd - 1] === '\r') lineEnd--;
  const comma = /^\s*,/.exec(text.slice(end, lineEnd));
  const afterComma = end + (comma ? comma[0].length : 0);
  if (ownLine && /^\s*\/\//.test(text.slice(afterComma, lineEnd))) {
    // `"last": "adopt" // why`: the comment is the last entry's; the new one goes on the next line
    return [...(comma ? [] : [{ offset: end, length: 0, content: ',' }]), { offset: lineEnd, length: 0, content: `${separator}${property}` }];
  }
  // a trailing comma stays a trailing comma
  if (comma) return [{ offset: afterComma, length: 0, content: `${separator}${property},` }];
  return [{ offset: end, length: 0, content: `,${separator}${property}` }];
}

/** --force: the entry's ring (and note) become the radar's; its other settings (packages, images, category, name) stay. */
export function replaceEntry(text: string, key: string, ring: Ring, note: string | undefined, formatting: Formatting): string {
  const node = findNodeAtLocation(parseTree(text, [], { allowTrailingComma: true })!, ['technologies', key]);
  if (node?.type === 'object') {
    const ringNode = findNodeAtLocation(node, ['ring']);
    let out = text;
    if (ringNode?.value !== ring) {
      out = ringNode ? applyEdits(out, modify(out, ['technologies', key, 'ring'], ring, {})) : applyEdits(out, appendOrModify(out, key, 'ring', ring, formatting));
    }
    const entry = findNodeAtLocation(parseTree(out, [], { allowTrailingComma: true })!, ['technologies', key])!;
    const noteNode = findNodeAtLocation(entry, ['note']);
    if (note !== undefined && noteNode?.value !== note) {
      out = noteNode ? applyEdits(out, modify(out, ['technologies', key, 'note'], note, {})) : applyEdits(out, appendOrModify(out, key, 'note', note, formatting));
    }
    return out;
  }
  if (node?.type === 'string' && node.value === ring && note === undefined) return text;
  // a ring string (or an invalid value): the new value in its place
  return applyEdits(text, withValue(modify(text, ['technologies', key], PLACEHOLDER, {}), note === undefined ? JSON.stringify(ring) : entryText(ring, note)));
}

/** `"field": value` added to the entry object `key`: after its last field, or by modify when it is empty. */
function appendOrModify(text: string, key: string, field: string, value: string, formatting: Formatting): Array<{ offset: number; length: number; content: string }> {
  const entry = findNodeAtLocation(parseTree(text, [], { allowTrailingComma: true })!, ['technologies', key])!;
  if (entry.children?.length) return appendEdits(text, entry, `${JSON.stringify(field)}: ${JSON.stringify(value)}`, formatting.eol);
  return modify(text, ['technologies', key, field], value, { formattingOptions: formatting });
}

export function detectIndent(text: string): { tabSize: number; insertSpaces: boolean } {
  const m = /^([ \t]+)"/m.exec(text);
  if (m && m[1].startsWith('\t')) return { tabSize: 1, insertSpaces: false };
  return { tabSize: m ? m[1].length : 2, insertSpaces: true };
}
