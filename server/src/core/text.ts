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

/**
 * `text` without the characters of `chars` at its start and/or end, in one pass (a `/x+$/` pattern
 * is tried at every position and costs quadratic time on a long run of x that does not end the text).
 */
export function trimChars(text: string, chars: string, where: 'start' | 'end' | 'both' = 'both'): string {
  let start = 0;
  let end = text.length;
  if (where !== 'end') while (start < end && chars.includes(text[start])) start++;
  if (where !== 'start') while (end > start && chars.includes(text[end - 1])) end--;
  return text.slice(start, end);
}

export const START_OF_FILE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Characters that change how text is shown rather than what it says: C0 and C1 controls but tab,
 * line feed and carriage return (an ESC starts a terminal escape sequence), DEL, the line and
 * paragraph separators, and the bidirectional overrides and isolates (which reorder what a reader
 * sees, "Trojan Source").
 */
// eslint-disable-next-line no-control-regex -- the control characters are what is matched
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeCode(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Every control, separator and bidirectional character as a visible `\uXXXX` escape (line breaks and tabs kept). */
export function visibleControls(text: string): string {
  return text.replace(HIDDEN, escapeCode);
}

/**
 * Text from the repository (file names, subjects, messages that quote them) on one line: control
 * characters, line separators and escape sequences are written as escapes, so no repository can
 * print a line that looks like a finding, or colour the terminal.
 */
export function oneLine(text: string): string {
  return visibleControls(text).replace(/[\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

/** A finding as the command line's text report prints it: `file:line:col severity rule message`, one-based, on one line. */
export function findingLine(file: string, f: { range: Range; severity: string; rule: string; message: string }): string {
  return `${oneLine(file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${oneLine(f.message)}`;
}

/**
 * The message of a GitHub workflow command (`::error …::message`): controls made visible (an ESC
 * would reach the log's terminal), then `%`, CR and LF escaped as the runner reads them.
 */
export function escapeWorkflowData(text: string): string {
  return visibleControls(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property of a workflow command: also `:` and `,`, which end a property. */
export function escapeWorkflowProperty(text: string): string {
  return escapeWorkflowData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Repository text inside a Markdown line or table cell (job summaries, reports): no HTML, link,
 * emphasis or cell break can come out of it, and it stays on one line.
 */
export function escapeMarkdown(text: string): string {
  return visibleControls(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+#]|\d+\.)/, '$1\\$2');
}

/**
 * Text from the repository or the policy inside Markdown prose (hovers): every ASCII punctuation
 * character is backslash-escaped (CommonMark renders it unchanged), so no link, image, autolink,
 * emphasis or HTML can come out of it.
 */
export function markdownText(text: string): string {
  return visibleControls(text).replace(/[!-/:-@[-`{-~]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** Repository text as a Markdown code span: nothing inside is Markdown, but a table splits at "|" unless it is escaped. */
export function markdownCode(text: string): string {
  return `\`${visibleControls(text).replace(/`/g, "'").replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|')}\``;
}

/** A link target in Markdown that cannot end early or smuggle Markdown: parentheses, spaces, angle brackets and backslashes percent-encoded. */
export function markdownLinkTarget(target: string): string {
  return visibleControls(target).replace(/[()<>\s\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * A link a policy or repository gives that may be shown as a link: an `https:` or `http:` address
 * and nothing else (no `javascript:`, `data:`, `file:` or `command:`), without spaces or controls.
 * Undefined for anything else: the caller links its own page instead.
 */
export function webLink(link: string | undefined): string | undefined {
  const text = link?.trim();
  return text && /^https?:\/\/[^\s/?#\\][^\s\\]*$/i.test(text) && !new RegExp(HIDDEN.source).test(text) ? text : undefined;
}

const HTML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** What escapeHtml changes, in one pass: the HTML characters and every character visibleControls makes visible (its escapes hold no HTML character). */
const HTML_UNSAFE = new RegExp(`[&<>"']|${HIDDEN.source}`, 'g');
const HTML_UNSAFE_ONE = new RegExp(HTML_UNSAFE.source);

/** Text for HTML: controls made visible as visibleControls does, then `& < > " '` as entities, in one regex pass (most text has neither, and is returned as it is). */
export function escapeHtml(text: string): string {
  if (!HTML_UNSAFE_ONE.test(text)) return text;
  return text.replace(HTML_UNSAFE, (c) => HTML_ENTITY[c] ?? escapeCode(c));
}
