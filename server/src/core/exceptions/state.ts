/**
 * One wording of an exception's state, used by every place that shows it: hovers, the code lens
 * in the document, the status bar, the Policy Exceptions view and the CLI. Plain text; callers
 * escape it for Markdown.
 */
import type { Approver } from '../policy/types';
import { approverName, describeApprovers, type EvaluatedException, type NotGrantedReason } from './evaluate';
import type { RegisterGroup } from './groups';

export { GROUP_TITLES, REGISTER_GROUPS, type RegisterGroup } from './groups';

export function registerGroup(ev: EvaluatedException): RegisterGroup {
  switch (ev.state) {
    case 'requested':
      return 'awaiting';
    case 'granted':
      return ev.expiresInDays !== undefined ? 'expiring' : 'granted';
    case 'expired':
      return 'expired';
    case 'rejected':
    case 'withdrawn':
      return 'closed';
    default:
      return 'not-granted';
  }
}

const REASON_TEXT: Record<NotGrantedReason, string> = {
  unsigned: 'the approval is not signed',
  'edited-after-signing': 'the signature does not match the document (edited after signing)',
  'not-an-approver': '"approved-by" does not name an approver',
  'wrong-key': "it is not signed with the approver's key",
  'missing-reasons': 'a required reason is not written',
  'malformed-signature': 'the signature block is malformed',
  undated: 'the approval has no valid date',
};

/** A short label: "granted", "awaiting signature", "not granted", … Named approvals say so. */
export function stateLabel(ev: EvaluatedException): string {
  switch (ev.state) {
    case 'requested':
      return 'awaiting signature';
    case 'granted': {
      const how = ev.signature ? 'granted' : 'granted (named, not signed)';
      return ev.expiresInDays !== undefined ? `${how}, expiring soon` : how;
    }
    case 'not-granted':
      return 'not granted';
    case 'invalid':
      return 'not granted (malformed)';
    default:
      return ev.state;
  }
}

/** Why an exception is not granted, in a few words. */
export function notGrantedReason(ev: EvaluatedException): string {
  if (ev.state === 'invalid') return 'the document is malformed';
  return ev.reason ? REASON_TEXT[ev.reason] : (ev.problems[0]?.message ?? 'see the document');
}

/**
 * Who granted it: "signed by Dana Reyes (CTO) with a key in this checkout's policy (SHA256:…)" or
 * "named, not signed, by Dana Reyes (CTO)". Without a trust root the key is one this checkout's
 * policy lists for the approver, which a change can add: the text says so, and names the trust
 * root when there is one ("with a key in techpolicy.json at main").
 */
export function grantText(ev: EvaluatedException): string {
  if (ev.signature) return `signed by ${approverName(ev.signature.approver)} with a key in ${ev.signature.approversFrom ?? 'this checkout\'s policy'} (${ev.signature.fingerprint})`;
  return `named, not signed, by ${ev.approver ? approverName(ev.approver) : (ev.record.approvedBy ?? 'nobody')}`;
}

function expiryText(ev: EvaluatedException): string {
  const r = ev.record;
  if (!r.expires) return 'no expiry';
  if (ev.expiresInDays !== undefined) return `expires ${r.expires} (in ${ev.expiresInDays} day${ev.expiresInDays === 1 ? '' : 's'})`;
  return `expires ${r.expires}`;
}

/** The state's details after its label: who, when, until when, or why not. */
export function stateDetail(ev: EvaluatedException, approvers: readonly Approver[] = ev.approver ? [ev.approver] : []): string {
  const r = ev.record;
  switch (ev.state) {
    case 'granted':
      // the label already says when it is named, not signed
      return `${ev.signature ? grantText(ev) : `named by ${ev.approver ? approverName(ev.approver) : r.approvedBy}`}, on ${r.approvedOn}, ${expiryText(ev)}`;
    case 'expired':
      return `on ${r.expires} (was ${grantText(ev)}, on ${r.approvedOn})`;
    case 'requested': {
      const who = [r.requestedBy && `by ${r.requestedBy}`, r.requestedOn && `on ${r.requestedOn}`].filter(Boolean).join(' ');
      return `requested${who ? ` ${who}` : ''}; ${describeApprovers(approvers)}`;
    }
    case 'rejected':
    case 'withdrawn':
      return '';
    case 'invalid':
      return ev.problems[0]?.message ?? '';
    default:
      return notGrantedReason(ev);
  }
}

/** The whole state in one sentence, without the id: what a reviewer or a CTO needs to know. */
export function stateSentence(ev: EvaluatedException, approvers?: readonly Approver[]): string {
  const detail = stateDetail(ev, approvers);
  return detail ? `${stateLabel(ev)}: ${detail}` : stateLabel(ev);
}
