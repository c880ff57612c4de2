/**
 * Exception documents: Markdown with YAML front matter. Parsing records every field with its
 * exact range so that a problem is reported on the field that causes it. Never throws.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Pair } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { isRuleId } from '../model';
import { LineIndex, trimChars } from '../text';
import { nestingMessage, yamlTextTooDeep, yamlTooDeep } from '../limits';
import { compileGlob } from '../glob';
import { findSignatureBlock, parseArmoredSignature, type SignatureParse, signedContent } from './signature';

export const STATUSES = ['requested', 'approved', 'rejected', 'withdrawn'] as const;
export type ExceptionStatus = (typeof STATUSES)[number];

/** MADR words accepted as synonyms. */
const STATUS_SYNONYMS: Record<string, ExceptionStatus> = {
  proposed: 'requested',
  accepted: 'approved',
  deprecated: 'withdrawn',
  superseded: 'withdrawn',
};

export const EXCEPTION_FIELDS = [
  'id',
  'rule',
  'subject',
  'scope',
  'status',
  'requested-by',
  'requested-on',
  'approved-by',
  'approved-on',
  'expires',
] as const;
export type ExceptionField = (typeof EXCEPTION_FIELDS)[number];

export interface FieldLocation {
  key: Range;
  /** The value, or the key when the value is empty. */
  value: Range;
}

export interface ExceptionProblem {
  field?: ExceptionField;
  range: Range;
  message: string;
}

export interface ExceptionRecord {
  uri: string;
  id?: string;
  rule?: string;
  subject?: string;
  scope: string[];
  status?: ExceptionStatus;
  /** The status as written, when it is not a known word. */
  rawStatus?: string;
  requestedBy?: string;
  requestedOn?: string;
  approvedBy?: string;
  approvedOn?: string;
  expires?: string;
  fields: Partial<Record<ExceptionField, FieldLocation>>;
  /** Problems that do not depend on the policy (syntax, missing fields, bad dates). */
  problems: ExceptionProblem[];
  /** The document's first line, where document-wide problems go. */
  firstLine: Range;
  /** Title (first `# ` heading), for hovers. */
  title?: string;
  /** The two reasons an approval needs, as written in the body. */
  reasons: Record<ReasonId, ReasonSection | undefined>;
  /** The signature block, when the document has one. */
  signature?: { range: Range; parsed: SignatureParse };
  /** The bytes a signature covers (the document without its signature block, LF line endings). */
  signedContent: string;
}

/** The sections whose text is the "why" of an exception: both must be written before it can be granted. */
export const REASONS = {
  capability: 'The product capability this enables',
  why: 'Why the approved stack cannot deliver it',
} as const;
export type ReasonId = keyof typeof REASONS;

export interface ReasonSection {
  heading: Range;
  /** True when the section holds text beyond HTML comments and blank lines. */
  written: boolean;
}

/** EX- and one to nine digits: ids stay numbers that can be counted up, however hostile the folder. */
export const EXCEPTION_ID = /^EX-(\d{1,9})$/;
import { isValidDate } from '../dates';
export { isValidDate };

export function parseExceptionDocument(uri: string, text: string): ExceptionRecord {
  const lines = new LineIndex(text);
  const firstLineEnd = text.search(/\r?\n|$/);
  const block = findSignatureBlock(text);
  const record: ExceptionRecord = {
    uri,
    scope: [],
    fields: {},
    problems: [],
    firstLine: lines.range(0, Math.max(firstLineEnd, 0)),
    reasons: { capability: undefined, why: undefined },
    signedContent: signedContent(text, block),
  };
  // Line breaks are LF or CRLF only. A lone CR, NEL or a Unicode line separator is a line break
  // to some readers and not to others (the YAML parser, the signed bytes, a regular expression, a
  // diff view): a document that holds one could read differently than what was signed.
  const odd = /\r(?!\n)|[\u0085\u2028\u2029]/.exec(text);
  if (odd) {
    record.problems.push({
      range: lines.range(odd.index, odd.index + 1),
      message: `This document holds a line break other than LF or CRLF (${odd[0] === '\r' ? 'a lone CR' : `U+${odd[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`}), which readers disagree on; save it with LF or CRLF line endings.`,
    });
    return record;
  }
  const heading = /^#[ \t]+(\S.*)$/m.exec(text);
  if (heading) record.title = heading[1].trim();
  if (block) {
    const range = lines.range(block.start, Math.max(block.start, block.end - 1));
    record.signature = {
      range,
      parsed: block.problem || !block.armored ? { ok: false, reason: block.problem ?? 'the signature block holds no signature' } : parseArmoredSignature(block.armored),
    };
  }

  const open = /^\uFEFF?---[ \t]*\r?\n/.exec(text);
  const close = open ? /^(?:---|\.\.\.)[ \t]*\r?$/m.exec(text.slice(open[0].length)) : null;
  if (!open || !close) {
    record.problems.push({
      range: record.firstLine,
      message: 'An exception document starts with YAML front matter between "---" lines (id, rule, subject, status, …).',
    });
    return record;
  }
  const bodyStart = open[0].length;
  const yamlText = text.slice(bodyStart, bodyStart + close.index);
  const frontMatterEnd = bodyStart + close.index + close[0].length;
  readReasons(text, frontMatterEnd, block?.start ?? text.length, lines, record);
  if (block && block.start < frontMatterEnd) {
    record.signature = { range: record.signature!.range, parsed: { ok: false, reason: 'the signature block must come after the front matter' } };
  }
  const at = (start: number, end: number) => lines.range(bodyStart + start, bodyStart + end);

  const deep = yamlTextTooDeep(yamlText);
  if (deep !== undefined) {
    record.problems.push({ range: at(deep, deep + 1), message: `The front matter ${nestingMessage()}.` });
    return record;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  for (const err of doc.errors) {
    const message = /call stack/i.test(err.message) ? `The front matter ${nestingMessage()}.` : `Front matter is not valid YAML: ${firstSentence(err.message)}`;
    record.problems.push({ range: at(err.pos[0], Math.max(err.pos[1], err.pos[0] + 1)), message });
  }
  const contents = doc.contents;
  if (yamlTooDeep(contents)) {
    record.problems.push({ range: record.firstLine, message: `The front matter ${nestingMessage()}.` });
    return record;
  }
  if (!isMap(contents)) {
    if (doc.errors.length === 0) record.problems.push({ range: record.firstLine, message: 'The front matter must be a YAML mapping of fields (id, rule, subject, status, …).' });
    return record;
  }

  for (const item of contents.items as Pair[]) {
    if (!isScalar(item.key)) continue;
    const key = String(item.key.value);
    const keyRange = item.key.range ? at(item.key.range[0], item.key.range[1]) : record.firstLine;
    if (!(EXCEPTION_FIELDS as readonly string[]).includes(key)) continue; // extra fields are allowed
    const field = key as ExceptionField;
    const node = item.value;
    const valueRange = (node as { range?: [number, number, number] } | null | undefined)?.range;
    const loc: FieldLocation = {
      key: keyRange,
      value: valueRange && valueRange[1] > valueRange[0] ? at(valueRange[0], valueRange[1]) : keyRange,
    };
    record.fields[field] = loc;
    const raw = node === null || node === undefined ? undefined : (node as { toJSON(): unknown }).toJSON();

    if (field === 'scope') {
      if (raw === undefined || raw === null || raw === '') continue;
      const list = Array.isArray(raw) ? raw : [raw];
      if (!list.every((s) => typeof s === 'string' && s.trim() !== '')) {
        record.problems.push({ field, range: loc.value, message: '"scope" is a list of glob patterns, e.g. ["services/api/**"].' });
        continue;
      }
      record.scope = list.map((s) => String(s).trim());
      for (const glob of record.scope) {
        const compiled = compileGlob(glob);
        if (!compiled.ok) record.problems.push({ field, range: loc.value, message: `The scope pattern "${glob.slice(0, 80)}" cannot be used: ${compiled.reason}.` });
      }
      continue;
    }
    if (raw === undefined || raw === null || raw === '') continue; // empty: reported below if required
    const value = raw instanceof Date ? raw.toISOString().slice(0, 10) : typeof raw === 'object' ? undefined : String(raw).trim();
    if (value === undefined) {
      record.problems.push({ field, range: loc.value, message: `"${field}" must be a single value.` });
      continue;
    }
    switch (field) {
      case 'id':
        record.id = value;
        if (!EXCEPTION_ID.test(value)) record.problems.push({ field, range: loc.value, message: `"id" must look like EX-0007 (at most nine digits), not "${value.slice(0, 40)}${value.length > 40 ? '…' : ''}".` });
        break;
      case 'rule':
        record.rule = value;
        if (!isRuleId(value)) record.problems.push({ field, range: loc.value, message: `Unknown rule "${value}".` });
        break;
      case 'subject':
        record.subject = value;
        break;
      case 'status': {
        const lower = value.toLowerCase();
        const status = (STATUSES as readonly string[]).includes(lower) ? (lower as ExceptionStatus) : STATUS_SYNONYMS[lower];
        if (status) record.status = status;
        else {
          record.rawStatus = value;
          record.problems.push({ field, range: loc.value, message: `Unknown status "${value}": use requested, approved, rejected or withdrawn.` });
        }
        break;
      }
      case 'requested-by':
        record.requestedBy = value;
        break;
      case 'approved-by':
        record.approvedBy = value;
        break;
      case 'requested-on':
      case 'approved-on':
      case 'expires': {
        if (!isValidDate(value)) {
          record.problems.push({ field, range: loc.value, message: `"${field}" must be a date written YYYY-MM-DD, not "${value}".` });
          break;
        }
        if (field === 'requested-on') record.requestedOn = value;
        else if (field === 'approved-on') record.approvedOn = value;
        else record.expires = value;
        break;
      }
    }
  }

  for (const required of ['id', 'rule', 'subject', 'status'] as const) {
    const present = required === 'status' ? record.status ?? record.rawStatus : record[required];
    if (present === undefined) {
      const loc = record.fields[required];
      record.problems.push({
        field: required,
        range: loc ? loc.key : record.firstLine,
        message: `The front matter needs "${required}".`,
      });
    }
  }
  return record;
}

/** Finds the reason sections in the body (before any signature block) and whether they hold text. */
function readReasons(text: string, from: number, to: number, lines: LineIndex, record: ExceptionRecord): void {
  const body = text.slice(from, to);
  const headings: Array<{ level: number; title: string; start: number; end: number }> = [];
  // the title runs to the end of the line; its closing #s and spaces are trimmed after (one pass, no backtracking)
  const re = /^(#{1,6})[ \t]+(\S.*)?$/gm;
  let fence = false;
  let last = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    // headings inside fenced code blocks are not headings
    fence = (body.slice(last, m.index).match(/^(```|~~~)/gm)?.length ?? 0) % 2 === 1 ? !fence : fence;
    last = m.index;
    if (!fence) headings.push({ level: m[1].length, title: trimChars(m[2] ?? '', ' \t#', 'end'), start: m.index, end: m.index + m[0].length });
  }
  const normal = (s: string) => trimChars(s.toLowerCase().replace(/[*_`]/g, '').replace(/\s+/g, ' '), ' :.?!', 'end').trim();
  for (const [id, title] of Object.entries(REASONS) as Array<[ReasonId, string]>) {
    const i = headings.findIndex((h) => normal(h.title) === normal(title));
    if (i < 0) continue;
    const h = headings[i];
    const next = headings.slice(i + 1).find((n) => n.level <= h.level);
    const content = body.slice(h.end, next ? next.start : body.length);
    const written = content.replace(/<!--[\s\S]*?(-->|$)/g, '').trim() !== '';
    record.reasons[id] = { heading: lines.range(from + h.start, from + h.end), written };
  }
}

function firstSentence(message: string): string {
  const line = message.split('\n')[0];
  return line.endsWith('.') ? line : `${line}.`;
}
