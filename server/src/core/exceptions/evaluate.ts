/**
 * Decides what an exception document means under a policy: approved (counts), expired,
 * a request, rejected, withdrawn — or invalid, with the problem on the field that causes it.
 * "It is never ambiguous whether an exception was granted."
 */
import type { Approver, Policy } from '../policy/types';
import type { ExceptionProblem, ExceptionRecord } from './parse';

export type ExceptionState = 'approved' | 'expired' | 'requested' | 'rejected' | 'withdrawn' | 'invalid';

export interface EvaluatedException {
  record: ExceptionRecord;
  state: ExceptionState;
  problems: ExceptionProblem[];
  approver?: Approver;
}

/** "Dana Reyes <dana@acme.example>", "Dana Reyes" or "dana@acme.example". */
export function parsePerson(value: string): { name?: string; email?: string } {
  const m = /^\s*(.*?)\s*<\s*([^>]+?)\s*>\s*$/.exec(value);
  if (m) return { name: m[1] || undefined, email: m[2] };
  if (/^[^\s@]+@[^\s@]+$/.test(value.trim())) return { email: value.trim() };
  return { name: value.trim() };
}

export function findApprover(signature: string, approvers: Approver[]): Approver | undefined {
  const person = parsePerson(signature);
  const lower = (s?: string) => s?.toLowerCase();
  return approvers.find((a) => {
    if (person.email && a.email && lower(person.email) !== lower(a.email)) return false;
    if (person.name) return lower(person.name) === lower(a.name);
    return a.email !== undefined && lower(person.email) === lower(a.email);
  });
}

export function describeApprovers(approvers: Approver[]): string {
  if (approvers.length === 0) return 'the policy names no approvers';
  return `approvers: ${approvers.map((a) => (a.role ? `${a.name} (${a.role})` : a.name)).join(', ')}`;
}

export function evaluateException(record: ExceptionRecord, policy: Policy, today: string): EvaluatedException {
  const problems = [...record.problems];
  const result: EvaluatedException = { record, state: 'invalid', problems };
  const f = record.fields;

  if (record.status === 'approved') {
    if (!record.approvedBy) {
      problems.push({
        field: 'approved-by',
        range: f['approved-by']?.key ?? f.status!.value,
        message: `Marked approved but not signed: "approved-by" must name one of the policy's approvers (${describeApprovers(policy.approvers)}).`,
      });
    } else {
      const approver = findApprover(record.approvedBy, policy.approvers);
      if (!approver) {
        problems.push({
          field: 'approved-by',
          range: f['approved-by']!.value,
          message: `"${record.approvedBy}" is not an approver in the policy (${describeApprovers(policy.approvers)}); this exception is not granted.`,
        });
      } else {
        result.approver = approver;
      }
    }
    if (!record.approvedOn && !problems.some((p) => p.field === 'approved-on')) {
      problems.push({
        field: 'approved-on',
        range: f['approved-on']?.key ?? f.status!.value,
        message: 'Marked approved without a date: "approved-on" must be the date of the signature (YYYY-MM-DD).',
      });
    }
  }

  if (problems.length > 0) return result;
  switch (record.status) {
    case 'approved':
      result.state = record.expires !== undefined && record.expires < today ? 'expired' : 'approved';
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
