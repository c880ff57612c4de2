/**
 * The shape of a report JSON (`tech-policy report --format json`, version 1) as the organisation
 * build reads it: every field a page or the merge reads, checked for its type before anything is
 * read, so one malformed or hostile report is named ("exceptions.entries[0].label is an object,
 * not text") and the other sources are still built. Unknown fields are ignored (a newer report
 * may add some). Pure.
 */
import { QUADRANTS, RINGS } from '../radar/quadrants';

/** A problem with one field: where, and what is wrong, as one phrase. */
type Check = (value: unknown, at: string) => string | undefined;

function what(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return v.length > 40 ? 'text' : JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? `the number ${v}` : 'not a finite number';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

const wrong = (at: string, v: unknown, expected: string) => `${at} is ${what(v)}, not ${expected}`;

const text: Check = (v, at) => (typeof v === 'string' ? undefined : wrong(at, v, 'text'));
/** Text that names something: not empty, and not one of the names every JavaScript object already has. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);
const name: Check = (v, at) => text(v, at) ?? ((v as string).length === 0 ? `${at} is empty` : PROTOTYPE_KEYS.has(v as string) ? `${at} is ${JSON.stringify(v)}, which is not a name` : undefined);
const count: Check = (v, at) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : wrong(at, v, 'a number of at least 0'));
const share: Check = (v, at) => (typeof v === 'number' && Number.isFinite(v) ? undefined : wrong(at, v, 'a number'));
const flag: Check = (v, at) => (typeof v === 'boolean' ? undefined : wrong(at, v, 'true or false'));
const day: Check = (v, at) => text(v, at) ?? (/^\d{4}-\d{2}-\d{2}$/.test(v as string) ? undefined : `${at} is ${what(v)}, not a date (YYYY-MM-DD)`);
const oneOf =
  (values: readonly string[]): Check =>
  (v, at) =>
    typeof v === 'string' && values.includes(v) ? undefined : wrong(at, v, `one of ${values.join(', ')}`);
const list =
  (item: Check): Check =>
  (v, at) => {
    if (!Array.isArray(v)) return wrong(at, v, 'a list');
    for (let i = 0; i < v.length; i++) {
      const p = item(v[i], `${at}[${i}]`);
      if (p) return p;
    }
    return undefined;
  };
const optional =
  (c: Check): Check =>
  (v, at) =>
    v === undefined ? undefined : c(v, at);
const object =
  (fields: Record<string, Check>): Check =>
  (v, at) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return wrong(at, v, 'an object');
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      // own fields only: a report's `{}` has no `toString` field, whatever Object.prototype has
      const p = fields[key](Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined, at ? `${at}.${key}` : key);
      if (p) return p;
    }
    return undefined;
  };
const required =
  (c: Check): Check =>
  (v, at) =>
    v === undefined ? `${at} is missing` : c(v, at);

const texts = list(text);
const kinds = object({ platform: required(share), product: required(share), other: required(share) });

const blip = object({
  id: required(name),
  name: required(text),
  category: required(text),
  quadrant: required(oneOf(QUADRANTS.map((q) => q.id))),
  ring: optional(oneOf(RINGS)),
  files: required(texts),
  findings: required(count),
  note: optional(text),
  retireBy: optional(text),
  retirement: optional(text),
});

/** A finding a granted exception covers (the report's `covers`): what counts again when the grant is not believed. */
const covered = object({ file: required(text), line: required(count), rule: required(text), subject: required(text), severity: required(text), known: optional(flag) });

const entry = object({
  uri: optional(text),
  file: required(name),
  id: optional(text),
  rule: optional(text),
  subject: optional(text),
  title: optional(text),
  state: required(text),
  group: required(text),
  label: required(text),
  sentence: optional(text),
  reason: optional(text),
  requestedBy: optional(text),
  requestedOn: optional(text),
  approvedBy: optional(text),
  approvedOn: optional(text),
  expires: optional(text),
  signer: optional(object({ name: required(text), role: optional(text), fingerprint: required(text) })),
  waitingDays: optional(share),
  expiresInDays: optional(share),
  unused: optional(flag),
  covers: optional(list(covered)),
});

const row = object({ name: required(text), places: required(texts), exception: optional(object({ id: required(text), state: required(text) })) });

const week = object({
  week: required(day),
  lines: required(kinds),
  authorDays: required(kinds),
  commits: required(count),
  share: optional(share),
  rolling: optional(share),
  aboveTarget: required(flag),
  outliers: optional(count),
});
const outlier = object({ sha: required(text), day: required(text), week: required(text), kind: required(text), subject: required(text), author: required(text), lines: required(share), repository: optional(text) });
const workFields = {
  since: required(day),
  until: required(day),
  target: required(share),
  weeks: required(list(week)),
  totals: required(object({ lines: required(kinds), authorDays: required(kinds), commits: required(count), authors: required(count) })),
  bots: required(object({ commits: required(count), authors: required(texts) })),
  share: optional(share),
  verdict: required(oneOf(['above', 'below', 'no-data'])),
  drivers: required(list(object({ path: required(text), lines: required(share) }))),
  outliers: required(list(outlier)),
  sentence: required(text),
};
const work: Check = (v, at) => {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'unavailable' in v) return object({ unavailable: required(text) })(v, at);
  return object({ ...workFields, teams: optional(list(object({ team: required(text), ...workFields }))) })(v, at);
};

const approval = object({
  approvals: required(oneOf(['signed', 'named'])),
  expiryWarningDays: required(count),
  exceptionsDirectory: required(text),
  source: required(text),
  approvers: required(
    list(
      object({
        name: required(text),
        email: optional(text),
        role: optional(text),
        keys: required(list(object({ key: required(text), source: required(text), namespaces: optional(texts), validAfter: optional(text), validBefore: optional(text) }))),
      }),
    ),
  ),
});

/** Every field of a version 1 report that the organisation build reads. */
const report = object({
  folder: required(name),
  generatedOn: required(day),
  repository: optional(object({ url: optional(text), commit: optional(text) })),
  policyProblems: optional(texts),
  approval: optional(approval),
  radar: required(object({ blips: required(list(blip)), unlisted: required(list(blip)), held: required(list(blip)) })),
  exceptions: required(
    object({
      entries: required(list(entry)),
      expiring30: required(list(entry)),
      expiring90: required(list(entry)),
      documents: optional(list(object({ file: required(name), text: required(text) }))),
    }),
  ),
  services: required(object({ known: required(list(row)), found: required(list(row)) })),
  findings: optional(object({ new: required(count), known: required(count) })),
  languages: required(object({ allowed: optional(texts), found: required(list(row)) })),
  work: required(work),
  summary: required(texts),
});

/** The first field of a version 1 report that is missing or of the wrong kind ("radar.held[0] is null, not an object"), or undefined when it reads. */
export function reportShapeProblem(data: unknown): string | undefined {
  return report(data, '');
}
