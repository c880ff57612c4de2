/**
 * The baseline: findings a team knows about and records in `techpolicy.baseline.json` (next to
 * the policy), so that only new ones are reported. An entry is a file, a rule, a subject and a
 * count, never a line: unrelated edits never invalidate it. Pure: parse, match, render.
 */
import { findNodeAtLocation, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Range } from 'vscode-languageserver-types';
import { jsonTooDeep, nestingMessage } from '../limits';
import type { Finding, RuleId } from '../model';
import { dirnameUri, joinUri } from '../paths';
import type { PolicyProblem } from '../policy/types';
import { LineIndex, withoutBom } from '../text';

export const BASELINE_FILE = 'techpolicy.baseline.json';
export const BASELINE_SCHEMA_URL = 'https://raw.githubusercontent.com/tech-policy/tech-policy/main/schemas/techpolicy.baseline.schema.json';

/** The rules whose findings are debt that a baseline may record (exception documents and the baseline's own findings are not). */
export const BASELINE_RULES: readonly RuleId[] = ['new-technology', 'hold-technology', 'new-service', 'new-language', 'unlisted-dependency'];

export function baselineUriFor(policyUri: string): string {
  return joinUri(dirnameUri(policyUri), BASELINE_FILE);
}

export interface BaselineEntry {
  /** Workspace-folder-relative path, '/'-separated. */
  file: string;
  rule: RuleId;
  subject: string;
  count: number;
  /** The day the entry was first recorded (YYYY-MM-DD). */
  since?: string;
  /** Where the entry is in the baseline file. */
  range: Range;
}

export interface LoadedBaseline {
  uri: string;
  entries: BaselineEntry[];
  /** file → rule → subject → entry: a lookup per finding, built once per load. */
  byKey: Map<string, BaselineEntry>;
  problems: PolicyProblem[];
  /** False when the file has an error: then nothing is baselined (a broken baseline never silences a check). */
  usable: boolean;
}

export function baselineKey(file: string, rule: string, subject: string): string {
  return `${file}\u0000${rule}\u0000${subject.toLowerCase()}`;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseBaseline(uri: string, text: string): LoadedBaseline {
  const lines = new LineIndex(text);
  const problems: PolicyProblem[] = [];
  const entries: BaselineEntry[] = [];
  const problem = (node: { offset: number; length: number } | undefined, message: string, severity: 'error' | 'warning' = 'error') =>
    problems.push({ uri, range: node ? lines.range(node.offset, node.offset + node.length) : lines.range(0, 0), message, severity });
  const result = (usable: boolean): LoadedBaseline => {
    const byKey = new Map<string, BaselineEntry>();
    if (usable) for (const e of entries) byKey.set(baselineKey(e.file, e.rule, e.subject), e);
    return { uri, entries: usable ? entries : [], byKey, problems, usable };
  };
  const deep = jsonTooDeep(text);
  if (deep !== undefined) {
    problem({ offset: deep, length: 1 }, `The baseline file ${nestingMessage()}: it is not applied, every finding is reported.`);
    return result(false);
  }
  const errors: ParseError[] = [];
  const root = parseTree(withoutBom(text), errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const e = errors[0];
    problem({ offset: e.offset, length: e.length }, `The baseline file is not valid JSON (${printParseErrorCode(e.error)}): it is not applied, every finding is reported until it is fixed.`);
    return result(false);
  }
  if (root?.type !== 'object') {
    problem(root, 'The baseline file is an object with a "findings" list (written by "tech-policy baseline"): it is not applied.');
    return result(false);
  }
  const version = findNodeAtLocation(root, ['version']);
  if (version && version.value !== 1) problem(version, 'This baseline was written by a newer Tech Policy ("version" 1 is known): it is not applied.');
  const list = findNodeAtLocation(root, ['findings']);
  if (!list || list.type !== 'array') {
    problem(list ?? root, '"findings" must be a list of { "file", "rule", "subject", "count" } entries: the baseline is not applied.');
    return result(false);
  }
  const seen = new Set<string>();
  for (const item of list.children ?? []) {
    const entry = readEntry(item, problem);
    if (!entry) continue;
    const key = baselineKey(entry.file, entry.rule, entry.subject);
    if (seen.has(key)) {
      problem(item, `A second entry for ${entry.rule} "${entry.subject}" in ${entry.file}: one entry per file, rule and subject, with its count.`);
      continue;
    }
    seen.add(key);
    entry.range = lines.range(item.offset, item.offset + item.length);
    entries.push(entry);
  }
  return result(!problems.some((p) => p.severity === 'error'));
}

function readEntry(item: Node, problem: (node: Node | undefined, message: string, severity?: 'error' | 'warning') => void): BaselineEntry | undefined {
  if (item.type !== 'object') {
    problem(item, 'A baseline entry is an object: { "file", "rule", "subject", "count" }.');
    return undefined;
  }
  const str = (key: string) => {
    const n = findNodeAtLocation(item, [key]);
    return n?.type === 'string' && String(n.value).trim() !== '' ? String(n.value) : undefined;
  };
  const file = str('file')?.replace(/\\/g, '/').replace(/^\.\//, '');
  const rule = str('rule');
  const subject = str('subject');
  const countNode = findNodeAtLocation(item, ['count']);
  const count = countNode?.type === 'number' && Number.isInteger(countNode.value) && countNode.value > 0 ? (countNode.value as number) : undefined;
  if (!file || !rule || !subject || count === undefined) {
    problem(item, 'A baseline entry needs "file", "rule" and "subject" (non-empty strings) and "count" (a whole number above 0).');
    return undefined;
  }
  if (!(BASELINE_RULES as readonly string[]).includes(rule)) {
    problem(findNodeAtLocation(item, ['rule']), `"${rule}" findings are not recorded in a baseline (${BASELINE_RULES.join(', ')} are).`);
    return undefined;
  }
  if (file.startsWith('/') || /^[a-z]:/i.test(file) || file.split('/').includes('..')) {
    problem(findNodeAtLocation(item, ['file']), '"file" is a path inside the workspace folder, relative to it.');
    return undefined;
  }
  const since = str('since');
  const entry: BaselineEntry = { file, rule: rule as RuleId, subject, count, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  if (since && DATE.test(since)) entry.since = since;
  return entry;
}

export type BaselineMode = 'create' | 'update' | 'prune';

/** The findings a baseline would record now: file, rule, subject → count. */
export function currentCounts(findings: Iterable<Finding & { file: string }>): Map<string, Omit<BaselineEntry, 'range'>> {
  const out = new Map<string, Omit<BaselineEntry, 'range'>>();
  for (const f of findings) {
    if (!(BASELINE_RULES as readonly string[]).includes(f.rule)) continue;
    const key = baselineKey(f.file, f.rule, f.subject);
    const entry = out.get(key);
    if (entry) entry.count++;
    else out.set(key, { file: f.file, rule: f.rule, subject: f.subject, count: 1 });
  }
  return out;
}

/**
 * The entries of a new baseline. `create`: every current finding. `update`: every current finding,
 * keeping the day each known one was first recorded. `prune`: the existing entries only, each
 * lowered to what is still found (and dropped at zero): the baseline only shrinks.
 */
export function nextBaseline(mode: BaselineMode, current: Map<string, Omit<BaselineEntry, 'range'>>, existing: readonly BaselineEntry[], today: string): Array<Omit<BaselineEntry, 'range'>> {
  const known = new Map(existing.map((e) => [baselineKey(e.file, e.rule, e.subject), e]));
  const out: Array<Omit<BaselineEntry, 'range'>> = [];
  if (mode === 'prune') {
    for (const [key, e] of known) {
      const now = current.get(key)?.count ?? 0;
      if (now > 0) out.push({ file: e.file, rule: e.rule, subject: e.subject, count: Math.min(e.count, now), since: e.since ?? today });
    }
  } else {
    for (const [key, c] of current) out.push({ ...c, since: (mode === 'update' ? known.get(key)?.since : undefined) ?? today });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule) || a.subject.localeCompare(b.subject));
}

/** The baseline file's text: one entry per line, so a pull request that grows it shows each entry in its diff. */
export function renderBaseline(entries: ReadonlyArray<Omit<BaselineEntry, 'range'>>): string {
  const line = (e: Omit<BaselineEntry, 'range'>) =>
    `    { "file": ${JSON.stringify(e.file)}, "rule": ${JSON.stringify(e.rule)}, "subject": ${JSON.stringify(e.subject)}, "count": ${e.count}${e.since ? `, "since": ${JSON.stringify(e.since)}` : ''} }`;
  return `{\n  "$schema": ${JSON.stringify(BASELINE_SCHEMA_URL)},\n  "version": 1,\n  "findings": [${entries.length ? `\n${entries.map(line).join(',\n')}\n  ` : ''}]\n}\n`;
}
