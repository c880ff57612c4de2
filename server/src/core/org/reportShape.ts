/**
 * The shape of a report JSON (`tech-policy report --format json`, version 1) as the organisation
 * build reads it: every field a page or the merge reads, checked for its type before anything is
 * read, so one malformed or hostile report is named ("exceptions.entries[0].label is an object,
 * not text") and the other sources are still built. Unknown fields are ignored (a newer report
 * may add some). Pure.
 */
import { QUADRANTS, RINGS } from '../radar/quadrants';

/**
 * A problem with one field: the path to it (innermost first, as the failure climbs back out) and
 * what is wrong. A check that passes allocates nothing: the path is only made for a failure.
 */
interface Failure {
  path: Array<string | number>;
  wrong: string;
}
type Check = (value: unknown) => Failure | undefined;

function what(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return v.length > 40 ? 'text' : JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? `the number ${v}` : 'not a finite number';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

const fail = (wrong: string): Failure => ({ path: [], wrong });
const wrong = (v: unknown, expected: string) => fail(`is ${what(v)}, not ${expected}`);

const text: Check = (v) => (typeof v === 'string' ? undefined : wrong(v, 'text'));
/** Text that names something: not empty, and not one of the names every JavaScript object already has. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);
const name: Check = (v) => text(v) ?? ((v as string).length === 0 ? fail('is empty') : PROTOTYPE_KEYS.has(v as string) ? fail(`is ${JSON.stringify(v)}, which is not a name`) : undefined);
const count: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : wrong(v, 'a number of at least 0'));
const share: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : wrong(v, 'a number'));
const flag: Check = (v) => (typeof v === 'boolean' ? undefined : wrong(v, 'true or false'));
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day: Check = (v) => text(v) ?? (DAY.test(v as string) ? undefined : wrong(v, 'a date (YYYY-MM-DD)'));
const oneOf = (values: readonly string[]): Check => {
  const allowed = new Set(values);
  return (v) => (typeof v === 'string' && allowed.has(v) ? undefined : wrong(v, `one of ${values.join(', ')}`));
};
const list =
  (item: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return wrong(v, 'a list');
    for (let i = 0; i < v.length; i++) {
      const f = item(v[i]);
      if (f) {
        f.path.push(i);
        return f;
      }
    }
    return undefined;
  };
/** What a field's check is inside `optional` or `required`: the object's loop tests for a missing field itself, one call less per field. */
const wrapped = new WeakMap<Check, { inner: Check; mustHave: boolean }>();
const optional = (c: Check): Check => {
  const o: Check = (v) => (v === undefined ? undefined : c(v));
  wrapped.set(o, { inner: c, mustHave: false });
  return o;
};
const required = (c: Check): Check => {
  const r: Check = (v) => (v === undefined ? fail('is missing') : c(v));
  wrapped.set(r, { inner: c, mustHave: true });
  return r;
};
const hasOwn = Object.prototype.hasOwnProperty;
/**
 * Whether a field of a plain object (as JSON.parse makes) can be read without asking whether it
 * is its own: true while Object.prototype has none of the fields a report has. Set for each
 * report checked.
 */
let prototypeClean = false;
const FIELD_NAMES = new Set<string>();
const object = (fields: Record<string, Check>): Check => {
  const keys = Object.keys(fields);
  for (const k of keys) FIELD_NAMES.add(k);
  const checks = keys.map((k) => wrapped.get(fields[k])?.inner ?? fields[k]);
  // 1: required, 0: optional, -1: neither (the check itself says what undefined is)
  const presence = keys.map((k) => {
    const w = wrapped.get(fields[k]);
    return w ? (w.mustHave ? 1 : 0) : -1;
  });
  return (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return wrong(v, 'an object');
    const o = v as Record<string, unknown>;
    const plain = prototypeClean && Object.getPrototypeOf(o) === Object.prototype;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      // own fields only: a report's `{}` has no `toString` field, whatever Object.prototype has
      let x = o[key];
      if (x !== undefined && !plain && !hasOwn.call(o, key)) x = undefined;
      let f: Failure | undefined;
      if (x === undefined && presence[i] >= 0) f = presence[i] ? fail('is missing') : undefined;
      else f = checks[i](x);
      if (f) {
        f.path.push(key);
        return f;
      }
    }
    return undefined;
  };
};

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
const unavailable = object({ unavailable: required(text) });
const summaryOfWork = object({ ...workFields, teams: optional(list(object({ team: required(text), ...workFields }))) });
const work: Check = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && 'unavailable' in v ? unavailable(v) : summaryOfWork(v));

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
  prototypeClean = true;
  for (const k of FIELD_NAMES) if (k in Object.prototype) prototypeClean = false;
  const f = report(data);
  if (!f) return undefined;
  const where = f.path.reverse().reduce<string>((out, k) => (typeof k === 'number' ? `${out}[${k}]` : out ? `${out}.${k}` : k), '');
  return `${where || 'the report'} ${f.wrong}`;
}
