/**
 * The organisation verifies every exception document itself: the text a report carries is parsed
 * and judged with the same exception model as everywhere (parse, evaluate, one wording of the
 * state), under the trusted policy's approvers or, without one, the repository's own. A report's
 * claim that something is granted is never believed; a report without the documents' text has its
 * exceptions shown as "not verified". Pure.
 */
import { type EvaluatedException, evaluateException } from '../exceptions/evaluate';
import { parseExceptionDocument } from '../exceptions/parse';
import { notGrantedReason, type RegisterGroup, registerGroup, stateLabel } from '../exceptions/state';
import { parseSshTime } from '../keys/allowedSigners';
import { parsePublicKeyLine } from '../keys/sshKey';
import { daysBetween } from '../features/register';
import { defaultPolicy } from '../policy/defaults';
import type { ApprovalMode, Approver, Policy } from '../policy/types';
import type { ReportEntry, ReportModel } from '../report/model';
import { TextMap } from '../textMap';

/** One exception document of one repository, as the organisation build judged it. */
export interface OrgException {
  repository: string;
  /** Repository-relative path. */
  file: string;
  /** The repository's web address for the document, else its path on this machine; absent when neither is known. */
  link?: string;
  id?: string;
  rule?: string;
  subject?: string;
  /** The state the build found, or `not-verified` when the report did not carry the document's text. */
  state: EvaluatedException['state'] | 'not-verified';
  group: RegisterGroup | 'not-verified';
  label: string;
  /** Why it is not granted (or not verified). */
  reason?: string;
  requestedBy?: string;
  requestedOn?: string;
  approvedBy?: string;
  approvedOn?: string;
  expires?: string;
  waitingDays?: number;
  /** Days until `expires`, for a granted exception that has an expiry. */
  expiresInDays?: number;
  signer?: { name: string; role?: string; fingerprint: string };
  /** What the report itself said, when the build disagrees with it (a forged or stale claim). */
  claimed?: string;
}

/** Who judges: the trusted policy's approvers, or each repository's own. */
export interface Judge {
  approvers: Approver[];
  approvals: ApprovalMode;
  expiryWarningDays: number;
  /** "techpolicy.json at origin/main", "the repository's own policy". */
  source: string;
}

/** The approvers a report carries, their keys parsed again (a key that does not parse gives no approval). */
export function judgeFromReport(report: ReportModel): Judge | undefined {
  const a = report.approval;
  if (!a || !Array.isArray(a.approvers)) return undefined;
  const approvers: Approver[] = a.approvers.map((x) => ({
    name: String(x.name),
    ...(typeof x.email === 'string' ? { email: x.email } : {}),
    ...(typeof x.role === 'string' ? { role: x.role } : {}),
    keys: (Array.isArray(x.keys) ? x.keys : []).flatMap((k) => {
      const parsed = typeof k?.key === 'string' ? parsePublicKeyLine(k.key) : undefined;
      if (!parsed?.ok) return [];
      // a validity that does not read as ssh-keygen reads it gives the key no approval at all (fail closed)
      const validAfter = k.validAfter === undefined ? undefined : typeof k.validAfter === 'string' ? (parseSshTime(k.validAfter) ?? null) : null;
      const validBefore = k.validBefore === undefined ? undefined : typeof k.validBefore === 'string' ? (parseSshTime(k.validBefore) ?? null) : null;
      if (validAfter === null || validBefore === null) return [];
      return [{ key: parsed.key, source: String(k.source ?? 'the report'), ...(Array.isArray(k.namespaces) ? { namespaces: k.namespaces.map(String) } : {}), ...(validAfter ? { validAfter } : {}), ...(validBefore ? { validBefore } : {}) }];
    }),
  }));
  return { approvers, approvals: a.approvals === 'named' ? 'named' : 'signed', expiryWarningDays: Number.isInteger(a.expiryWarningDays) ? a.expiryWarningDays : 30, source: "the repository's own policy" };
}

/**
 * What one organisation build has judged already: the approvers of each distinct `approval`
 * section, and each distinct exception document (its path and text) under each judge. The same
 * text judged by the same approvers on the same day has the same state, whichever repository it
 * came from, so the copies of a shared policy's documents are parsed and their signatures verified
 * once. Lives for one build.
 */
export class VerifyCache {
  private readonly judges = new TextMap<{ judge: Judge | undefined }>();
  private readonly evaluated = new WeakMap<Judge, { policy: Policy; today: string; byDocument: Map<string, TextMap<Judged>> }>();
  /** Documents judged, and how many of them were answered from the cache (for the tests that count work). */
  readonly counts = { judged: 0, cached: 0 };

  /** The approval section asked about last (a copy of its own, which no caller can change), and its judge: repositories of one organisation often carry the same one. */
  private last?: { approval: unknown; judge: Judge | undefined };

  judgeOf(report: ReportModel): Judge | undefined {
    const approval = report.approval ?? null;
    // the same section as the last one, field for field: its judge, without writing the section out as a key
    if (this.last && sameData(approval, this.last.approval)) return this.last.judge;
    const key = JSON.stringify(approval);
    let seen = this.judges.get(key);
    if (!seen) this.judges.set(key, (seen = { judge: judgeFromReport(report) }));
    this.last = { approval: JSON.parse(key) as unknown, judge: seen.judge };
    return seen.judge;
  }

  /** The document judged (parsed, its signature verified, its state worded), or what judging the same path and text said before. */
  judge(judge: Judge, file: string, text: string, today: string, repository: string): Judged {
    let forJudge = this.evaluated.get(judge);
    // one build has one day; a cache asked about another day starts again rather than mix them
    if (!forJudge || forJudge.today !== today) this.evaluated.set(judge, (forJudge = { policy: forJudge?.policy ?? judgePolicy(judge), today, byDocument: new Map() }));
    // by path, then by the whole text (no key built by joining them: a thousand copies of a document cost a thousand lookups)
    let byText = forJudge.byDocument.get(file);
    if (!byText) forJudge.byDocument.set(file, (byText = new TextMap()));
    const seen = byText.get(text);
    if (seen) {
      this.counts.cached++;
      return seen;
    }
    this.counts.judged++;
    const judged = judgedOf(evaluateException(parseExceptionDocument(`org:/${encodeURIComponent(repository)}/${file}`, text), forJudge.policy, today), today);
    byText.set(text, judged);
    return judged;
  }
}

/** Whether two values read from JSON are the same: equal numbers, text, true, false or null; lists item by item; objects with the same fields in the same order, each the same. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || !sameData((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[ka[i]])) return false;
  return true;
}

export function judgePolicy(judge: Judge): Policy {
  return { ...defaultPolicy(), approvers: judge.approvers, approvals: judge.approvals, expiryWarningDays: judge.expiryWarningDays };
}

/**
 * Every exception of one repository, verified. `judge` undefined: the documents cannot be judged
 * (no trusted policy and the report names no approvers), so they are not verified.
 */
export function verifyRepository(repository: string, report: ReportModel, judge: Judge | undefined, today: string, link: (file: string) => string | undefined, cache = new VerifyCache()): OrgException[] {
  const claims = new Map<string, ReportEntry>();
  for (const e of report.exceptions?.entries ?? []) claims.set(e.file, e);
  const documents = report.exceptions?.documents;
  if (!documents || !judge) {
    // nothing to verify with: list what the report says, and that it is not verified
    return [...claims.values()].map((c) => ({
      repository,
      file: String(c.file),
      ...(link(String(c.file)) ? { link: link(String(c.file)) } : {}),
      id: c.id,
      rule: c.rule,
      subject: c.subject,
      state: 'not-verified' as const,
      group: 'not-verified' as const,
      label: 'not verified',
      reason: !documents ? "the report does not carry the document's text" : 'no approvers to verify it with',
      requestedBy: c.requestedBy,
      requestedOn: c.requestedOn,
      claimed: c.label,
    }));
  }
  const carried = new Set<string>();
  for (const d of documents) carried.add(String(d.file));
  const out: OrgException[] = [];
  // an entry the report lists without its document's text cannot be believed either
  for (const c of claims.values())
    if (!carried.has(String(c.file)))
      out.push({ repository, file: String(c.file), id: c.id, rule: c.rule, subject: c.subject, state: 'not-verified', group: 'not-verified', label: 'not verified', reason: "the report lists it without the document's text", requestedBy: c.requestedBy, requestedOn: c.requestedOn, claimed: c.label });
  for (const doc of documents) {
    const file = String(doc.file);
    const judged = cache.judge(judge, file, String(doc.text), today, repository);
    const claim = claims.get(file);
    const href = link(file);
    out.push({ repository, file, ...(href ? { link: href } : {}), ...judged, ...(claim && claim.label !== judged.label ? { claimed: claim.label } : {}) });
  }
  return out;
}

/** What judging a document says, the same for every repository that carries its text: an OrgException without its repository, link and claim. */
type Judged = Omit<OrgException, 'repository' | 'file' | 'link' | 'claimed'>;

function judgedOf(ev: EvaluatedException, today: string): Judged {
  const r = ev.record;
  const out: Judged = {
    id: r.id,
    rule: r.rule,
    subject: r.subject,
    state: ev.state,
    group: registerGroup(ev),
    label: stateLabel(ev),
    requestedBy: r.requestedBy,
    requestedOn: r.requestedOn,
    approvedBy: r.approvedBy,
    approvedOn: r.approvedOn,
    expires: r.expires,
  };
  if (ev.state === 'not-granted' || ev.state === 'invalid') out.reason = notGrantedReason(ev);
  if (ev.signature) out.signer = { name: ev.signature.approver.name, ...(ev.signature.approver.role ? { role: ev.signature.approver.role } : {}), fingerprint: ev.signature.fingerprint };
  if (ev.state === 'requested' && r.requestedOn) out.waitingDays = daysBetween(r.requestedOn, today);
  if (ev.state === 'granted' && r.expires) out.expiresInDays = daysBetween(today, r.expires);
  return out;
}
