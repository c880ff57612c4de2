/** Offsets to LSP positions, over a document's text. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';

export class LineIndex {
  private readonly doc: TextDocument;
  constructor(text: string) {
    this.doc = TextDocument.create('mem://text', 'plaintext', 0, text);
  }
  range(start: number, end: number): Range {
    return { start: this.doc.positionAt(start), end: this.doc.positionAt(end) };
  }
  offsetAt(position: { line: number; character: number }): number {
    return this.doc.offsetAt(position);
  }
}

export function containsPosition(range: Range, pos: { line: number; character: number }): boolean {
  if (pos.line < range.start.line || pos.line > range.end.line) return false;
  if (pos.line === range.start.line && pos.character < range.start.character) return false;
  if (pos.line === range.end.line && pos.character > range.end.character) return false;
  return true;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return !(
    a.end.line < b.start.line ||
    (a.end.line === b.start.line && a.end.character < b.start.character) ||
    b.end.line < a.start.line ||
    (b.end.line === a.start.line && b.end.character < a.start.character)
  );
}

/** A leading byte-order mark becomes a space: JSON parsers reject it, and offsets stay the same. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
}

export const START_OF_FILE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Text from the repository (file names, subjects, messages that quote them) on one line: control
 * characters, line separators and escape sequences are written as escapes, so no repository can
 * print a line that looks like a finding, or colour the terminal.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters are what is escaped
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** A finding as the command line's text report prints it: `file:line:col severity rule message`, one-based, on one line. */
export function findingLine(file: string, f: { range: Range; severity: string; rule: string; message: string }): string {
  return `${oneLine(file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${oneLine(f.message)}`;
}

/**
 * Repository text inside a Markdown line or table cell (job summaries, reports): no HTML, link,
 * emphasis or cell break can come out of it, and it stays on one line.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+#]|\d+\.)/, '$1\\$2');
}

/** Repository text as a Markdown code span: nothing inside is Markdown, but a table splits at "|" unless it is escaped. */
export function markdownCode(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|')}\``;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
