/**
 * How a trusted check (`--trusted-policy REF`, the Action's trusted mode) decides what counts: the
 * policy at REF, with its baseline and ignore lists, judges; the working tree's policy and baseline
 * can only make things stricter. Pure: the findings of the same files checked twice (once under
 * each policy) in, the findings that count out.
 *
 * - A finding of the trusted check counts, whatever the working tree's policy says about it.
 * - A finding only the working tree's policy raises (a rule it turned on, a technology it put on
 *   hold, a stricter severity) counts too.
 * - A finding is known (baselined) only when the trusted baseline records it; the working tree's
 *   baseline can take that away (an entry removed), never grant it.
 * - A missing working-tree policy, or one (or a baseline) that would silence a finding the trusted
 *   check reports, is itself a finding: `policy-relaxed`.
 * - `baseline-stale` is about the baseline file as it is in the working tree: only that check's count.
 */
import type { ActiveSeverity, Finding } from './model';
import { START_OF_FILE } from './text';
import type { Policy } from './policy/types';
import { pushAll } from './limits';

export interface TrustedCheck {
  /** The findings under the trusted policy and baseline (the policy at REF). */
  trusted: Finding[];
  /** The findings of the same files under the working tree's policy and baseline (none without a policy). */
  working: Finding[];
  /** The trusted policy: the severity of `policy-relaxed` is its. */
  policy: Policy;
  /** The ref, for messages ("origin/main"). */
  ref: string;
  /** The working tree's policy file, and whether it exists. */
  policyFile: { uri: string; name: string; exists: boolean };
  /** The working tree's baseline file. */
  baselineFile: { uri: string; name: string };
  /** A file's name in messages (relative to the checked folder). */
  describe(uri: string): string;
}

const ORDER: Record<ActiveSeverity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

function keyOf(f: Finding): string {
  return `${f.uri}\u0000${f.rule}\u0000${f.subject.toLowerCase()}\u0000${f.range.start.line}:${f.range.start.character}`;
}

/** At most this many findings are named in a `policy-relaxed` message; the count says the rest. */
const NAMED = 3;

export function judgeTrusted(check: TrustedCheck): Finding[] {
  const working = new Map<string, Finding>();
  for (const f of check.working) working.set(keyOf(f), f);
  const out: Finding[] = [];
  const seen = new Set<string>();
  const silencedByPolicy: Finding[] = [];
  const silencedByBaseline: Finding[] = [];
  for (const t of check.trusted) {
    // the baseline file at REF is not the one in the working tree: its ranges and staleness are not this change's
    if (t.rule === 'baseline-stale') continue;
    const key = keyOf(t);
    if (seen.has(key)) continue;
    seen.add(key);
    const w = working.get(key);
    if (!t.baselined) {
      if (!w) silencedByPolicy.push(t);
      else if (w.baselined) silencedByBaseline.push(t);
    }
    if (!w) {
      out.push(t);
      continue;
    }
    const severity = ORDER[w.severity] > ORDER[t.severity] ? w.severity : t.severity;
    const baselined = t.baselined && w.baselined ? t.baselined : undefined;
    const merged: Finding = { ...t, severity };
    if (!baselined) delete merged.baselined;
    out.push(merged);
  }
  for (const [key, w] of working) {
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(w);
  }
  pushAll(out, relaxed(check, silencedByPolicy, silencedByBaseline));
  return out;
}

/**
 * A trusted check where the ref holds no policy for the folder (none there, or a symbolic link in
 * its place, or one that cannot be read): the working tree never judges alone. Every finding of
 * the working tree's policy counts, none is known from a baseline (no trusted baseline says so),
 * and a `policy-relaxed` error says why the check fails. Exceptions grant nothing: no approver is
 * trusted (the caller gives the folder no trusted approvers).
 */
export function judgeUntrusted(check: { working: Finding[]; ref: string; policyFile: { uri: string; name: string }; reason: string }): Finding[] {
  const out = check.working.map((f) => {
    const counted: Finding = { ...f };
    delete counted.baselined;
    return counted;
  });
  const { uri, name } = check.policyFile;
  out.push({
    uri,
    range: START_OF_FILE,
    rule: 'policy-relaxed',
    severity: 'error',
    subject: name,
    subjectName: name,
    kind: 'policy',
    message: `The trusted ref ${check.ref} has no ${name} for this folder (${check.reason}): nothing at ${check.ref} judges this check, so every finding of this change's policy counts, none is known from a baseline and no exception is granted. Merge the policy on its own first, or check a folder the policy at ${check.ref} covers.`,
  });
  return out;
}

function relaxed(check: TrustedCheck, byPolicy: Finding[], byBaseline: Finding[]): Finding[] {
  const severity = check.policy.rules['policy-relaxed'].severity;
  if (severity === 'off') return [];
  const finding = (uri: string, subject: string, message: string): Finding => ({ uri, range: START_OF_FILE, rule: 'policy-relaxed', severity, subject, subjectName: subject, kind: 'policy', message });
  const judges = `the policy at ${check.ref} judges`;
  if (!check.policyFile.exists) {
    return [finding(check.policyFile.uri, check.policyFile.name, `${check.policyFile.name} is missing: ${judges} this check, and a change without a policy passes nothing. Restore the file (a change to the policy counts once it is merged).`)];
  }
  const out: Finding[] = [];
  if (byPolicy.length) {
    out.push(finding(check.policyFile.uri, check.policyFile.name, `This change's ${check.policyFile.name} would silence ${list(byPolicy, check)}; ${judges}, so ${byPolicy.length === 1 ? 'it counts' : 'they count'} until the policy change is merged on its own.`));
  }
  if (byBaseline.length) {
    out.push(finding(check.baselineFile.uri, check.baselineFile.name, `This change's ${check.baselineFile.name} records ${list(byBaseline, check)} as known; the baseline at ${check.ref} does not, so ${byBaseline.length === 1 ? 'it counts' : 'they count'}. A finding becomes known once the baseline that records it is merged.`));
  }
  return out;
}

function list(findings: Finding[], check: TrustedCheck): string {
  const named = findings.slice(0, NAMED).map((f) => `${f.rule} "${f.subject}" in ${check.describe(f.uri)}`);
  const more = findings.length - named.length;
  const what = `${findings.length} finding${findings.length === 1 ? '' : 's'} the policy at ${check.ref} reports`;
  return `${what} (${named.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
}
