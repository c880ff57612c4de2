/**
 * Decides what an exception document means under a policy: granted (counts), expired, a
 * request, rejected, withdrawn, not granted (with the reason, on the field that causes it) — or
 * invalid (a malformed document). "It is never ambiguous whether an exception was granted."
 */
import type { Range } from 'vscode-languageserver-types';
import type { Approver, ApproverKey, Policy } from '../policy/types';
import { type ExceptionProblem, type ExceptionRecord, REASONS, type ReasonId } from './parse';
import { type CryptoVerdict, SIGNATURE_NAMESPACE, verifySignature, type ParsedSignature } from './signature';
import { matchPatternList } from '../keys/allowedSigners';

export type ExceptionState = 'granted' | 'expired' | 'requested' | 'not-granted' | 'rejected' | 'withdrawn' | 'invalid';

/** Why an approval does not count. */
export type NotGrantedReason = 'unsigned' | 'edited-after-signing' | 'not-an-approver' | 'wrong-key' | 'missing-reasons' | 'malformed-signature' | 'undated';

export interface VerifiedSignature {
  approver: Approver;
  fingerprint: string;
  keyType: string;
  /** Where the key is listed. */
  keySource: string;
  /** The trust root the approvers came from ("techpolicy.json at main"); undefined: this checkout's own policy. */
  approversFrom?: string;
}

export interface EvaluatedException {
  record: ExceptionRecord;
  state: ExceptionState;
  problems: ExceptionProblem[];
  /** The approver named in `approved-by`, when it names one. */
  approver?: Approver;
  /** A valid signature by an approver's key, when the document has one. */
  signature?: VerifiedSignature;
  /** For not-granted: the first reason. */
  reason?: NotGrantedReason;
  /** For granted: how many days are left before `expires`, when that is within the policy's warning window. */
  expiresInDays?: number;
  /** The policy's approval mode this was judged under. */
  mode: Policy['approvals'];
  /** When the verdict may change by itself (a key's valid-after or valid-before passes), in ms since the epoch. */
  changesAt?: number;
}

/** "Dana Reyes <dana@acme.example>", "Dana Reyes" or "dana@acme.example". */
export function parsePerson(value: string): { name?: string; email?: string } {
  // by position, not by a backtracking pattern: a 100,000-character value costs one pass
  const text = value.trim();
  const open = text.lastIndexOf('<');
  if (open >= 0 && text.endsWith('>') && !text.slice(open + 1, -1).includes('>')) {
    const email = text.slice(open + 1, -1).trim();
    if (email) return { name: text.slice(0, open).trim() || undefined, email };
  }
  if (!/\s/.test(text) && text.indexOf('@') > 0 && text.indexOf('@') === text.lastIndexOf('@') && !text.endsWith('@')) return { email: text };
  return { name: text };
}

/**
 * The approver a signature line names. An email, when given, must be the approver's own: a
 * name with someone else's email (or an email where the approver has none) is not that approver.
 */
export function findApprover(signature: string, approvers: readonly Approver[]): Approver | undefined {
  const person = parsePerson(signature);
  const lower = (s?: string) => s?.toLowerCase();
  return approvers.find((a) => {
    if (person.email && lower(person.email) !== lower(a.email)) return false;
    if (person.name) return lower(person.name) === lower(a.name);
    return a.email !== undefined;
  });
}

export function describeApprovers(approvers: readonly Approver[]): string {
  if (approvers.length === 0) return 'the policy names no approvers';
  return `approvers: ${approvers.map(approverName).join(', ')}`;
}

export function approverName(a: Pick<Approver, 'name' | 'role'>): string {
  return a.role ? `${a.name} (${a.role})` : a.name;
}

/** The approver whose key this is, with the key entry. */
export function findKeyOwner(blob: Buffer, approvers: readonly Approver[]): { approver: Approver; key: ApproverKey } | undefined {
  for (const approver of approvers) {
    const key = approver.keys.find((k) => k.key.blob.equals(blob));
    if (key) return { approver, key };
  }
  return undefined;
}

/** Crypto verdicts per record and key: a record is replaced when its text changes, so this is exact. */
const verdicts = new WeakMap<ExceptionRecord, Map<string, CryptoVerdict>>();

function cryptoVerdict(record: ExceptionRecord, sig: ParsedSignature): CryptoVerdict {
  let byKey = verdicts.get(record);
  if (!byKey) verdicts.set(record, (byKey = new Map()));
  let v = byKey.get(sig.keyFingerprint);
  if (!v) byKey.set(sig.keyFingerprint, (v = verifySignature(sig, record.signedContent)));
  return v;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** How many documents have been evaluated: the unit tests count it to show that a change evaluates one, not all. */
export const evaluationCount = { evaluations: 0 };

/**
 * `today` (YYYY-MM-DD) dates the approval and the expiry; `now` (ms since the epoch) is the time of
 * verification, against which an allowed_signers key's validity is checked (as ssh-keygen -Y verify
 * does), never against a date the document states.
 */
export function evaluateException(record: ExceptionRecord, policy: Policy, today: string, now: number = Date.now()): EvaluatedException {
  evaluationCount.evaluations++;
  const problems = [...record.problems];
  const result: EvaluatedException = { record, state: 'invalid', problems, mode: policy.approvals };
  const f = record.fields;
  const notGranted = (reason: NotGrantedReason, range: Range, message: string, field?: ExceptionProblem['field']) => {
    result.reason ??= reason;
    problems.push({ field, range, message });
  };
  const statusRange = f.status?.value ?? record.firstLine;

  if (record.status === 'approved' && record.problems.length === 0) {
    // who: approved-by must name an approver
    if (!record.approvedBy) {
      notGranted('unsigned', f['approved-by']?.key ?? statusRange, `Not granted: marked approved, but "approved-by" is empty. It must name one of the policy's approvers (${describeApprovers(policy.approvers)}).`, 'approved-by');
    } else {
      result.approver = findApprover(record.approvedBy, policy.approvers);
      if (!result.approver) {
        notGranted('not-an-approver', f['approved-by']!.value, `Not granted: "${record.approvedBy}" is not an approver in the policy (${describeApprovers(policy.approvers)}).`, 'approved-by');
      }
    }
    // one reason is enough: a signature is checked only for an approval that names an approver
    if (result.approver) checkSignature(record, policy, result, notGranted, now);
    // why: both reasons written
    const absent: string[] = [];
    for (const [id, title] of Object.entries(REASONS) as Array<[ReasonId, string]>) {
      const section = record.reasons[id];
      if (!section) absent.push(`"## ${title}"`);
      else if (!section.written) notGranted('missing-reasons', section.heading, `Not granted: "${title}" is not written yet (only the template's comment). An approval counts only with the reason written.`);
    }
    if (absent.length) {
      notGranted('missing-reasons', statusRange, `Not granted: the document has no section ${absent.join(' or ')}. An approval counts only with the reasons written.`, 'status');
    }
    // when: a real date, not in the future, not before the request
    if (!record.approvedOn) {
      notGranted('undated', f['approved-on']?.key ?? statusRange, 'Not granted: marked approved without a date. "approved-on" must be the date of the approval (YYYY-MM-DD).', 'approved-on');
    } else if (record.approvedOn > today) {
      notGranted('undated', f['approved-on']!.value, `Not granted: "approved-on" (${record.approvedOn}) is in the future.`, 'approved-on');
    } else if (record.requestedOn && record.approvedOn < record.requestedOn) {
      notGranted('undated', f['approved-on']!.value, `Not granted: "approved-on" (${record.approvedOn}) is before the request (${record.requestedOn}).`, 'approved-on');
    }
  }

  if (problems.length > 0) {
    result.state = record.problems.length > 0 ? 'invalid' : 'not-granted';
    return result;
  }
  switch (record.status) {
    case 'approved':
      if (record.expires !== undefined && record.expires < today) result.state = 'expired';
      else {
        result.state = 'granted';
        if (record.expires !== undefined) {
          const days = daysBetween(today, record.expires);
          if (days <= policy.expiryWarningDays) result.expiresInDays = days;
        }
      }
      break;
    case 'requested':
    case 'rejected':
    case 'withdrawn':
      result.state = record.status;
      break;
    default:
      result.state = 'invalid';
  }
  return result;
}

type Report = (reason: NotGrantedReason, range: Range, message: string, field?: ExceptionProblem['field']) => void;

/**
 * Why an approver's key entry does not allow a signature made now (`seconds`, the time of
 * verification in whole seconds as ssh-keygen compares it; both ends included), or undefined.
 * Namespaces are ssh-keygen's pattern list: a matching "!" entry refuses.
 */
function keyRefusal(key: ApproverKey, seconds: number): { message: string; startsAt?: number } | undefined {
  if (key.namespaces && matchPatternList(SIGNATURE_NAMESPACE, key.namespaces) !== 1) {
    return { message: `Not granted: ${key.source} allows this key only for namespaces ${key.namespaces.join(', ')}; add "${SIGNATURE_NAMESPACE}" to sign exceptions with it.` };
  }
  if (key.validAfter && seconds < key.validAfter.seconds) {
    return {
      message: `Not granted: ${key.source} allows this key only from ${key.validAfter.text}, which has not come yet (a key is judged at the time of verification, not by the date the document states).`,
      startsAt: key.validAfter.seconds * 1000,
    };
  }
  if (key.validBefore && seconds > key.validBefore.seconds) {
    return { message: `Not granted: ${key.source} allows this key only until ${key.validBefore.text}, which has passed (a key is judged at the time of verification, not by the date the document states). An approver signs it again with a current key.` };
  }
  return undefined;
}

/** In `signed` mode an approval needs an approver's valid signature; in `named` mode a signature, when present, must still be valid. */
function checkSignature(record: ExceptionRecord, policy: Policy, result: EvaluatedException, report: Report, now: number): void {
  const at = record.fields['approved-by']?.value ?? record.fields.status?.value ?? record.firstLine;
  if (!record.signature) {
    // an empty approved-by is reported already
    if (policy.approvals === 'signed' && record.approvedBy) {
      report(
        'unsigned',
        at,
        'Not granted: the approval is not signed. In this policy an approval counts only with an approver\'s SSH signature ("Tech Policy: Approve and Sign Exception", or `tech-policy sign`); a typed name is not a signature.',
        'approved-by',
      );
    }
    return;
  }
  const where = record.signature.range;
  const parsed = record.signature.parsed;
  if (!parsed.ok) {
    report('malformed-signature', where, `Not granted: the signature block cannot be read: ${parsed.reason}. Sign the document again.`);
    return;
  }
  const sig = parsed.sig;
  const owner = sig.publicKey && findKeyOwner(sig.publicKey.blob, policy.approvers);
  if (!owner) {
    report('wrong-key', where, `Not granted: signed with the key ${sig.keyFingerprint}, which is not an approver's key in the policy (${describeApprovers(policy.approvers)}).`);
    return;
  }
  const verdict = cryptoVerdict(record, sig);
  if (!verdict.ok) {
    const edited = verdict.reason === 'the signature does not match the document';
    report(
      edited ? 'edited-after-signing' : 'malformed-signature',
      where,
      edited
        ? `Not granted: the signature by ${approverName(owner.approver)} does not match the document: it was edited after signing. An approver must sign it again.`
        : `Not granted: ${verdict.reason}.`,
    );
    return;
  }
  // the same key may be listed on several lines (allowed_signers, `keys`): any entry that allows the signature grants, as ssh-keygen tries each line
  const seconds = Math.floor(now / 1000);
  const entries = owner.approver.keys.filter((k) => k.key.blob.equals(owner.key.key.blob));
  const refusals = entries.map((k) => keyRefusal(k, seconds));
  const allowed = entries.find((_, i) => refusals[i] === undefined);
  if (!allowed) {
    const first = refusals[0]!;
    // the folder is judged again when the earliest entry that is not valid yet becomes valid
    const starts = refusals.map((r) => r?.startsAt).filter((t): t is number => t !== undefined);
    if (starts.length) result.changesAt = Math.min(...starts);
    report('wrong-key', where, first.message);
    return;
  }
  const key = allowed;
  if (key.validBefore) result.changesAt = (key.validBefore.seconds + 1) * 1000;
  if (result.approver && result.approver !== owner.approver) {
    report('wrong-key', record.fields['approved-by']!.value, `Not granted: "approved-by" names ${result.approver.name}, but the signature was made with ${owner.approver.name}'s key.`, 'approved-by');
    return;
  }
  result.signature = { approver: owner.approver, fingerprint: sig.keyFingerprint, keyType: sig.publicKey!.type, keySource: key.source, ...(policy.approversFrom ? { approversFrom: policy.approversFrom } : {}) };
}
