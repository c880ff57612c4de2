/** The checker's text and JSON reports, and the report every format starts from. Pure: findings in, a string out. */
import type { Finding, RuleId } from '../core/model';
import { findingLine, oneLine } from '../core/text';
import type { Policy } from '../core/policy/types';

export interface CheckError {
  file: string;
  reason: string;
  /** One-based position of the problem in the file, where it has one. */
  line?: number;
  column?: number;
  /** A problem of the policy (or of a file it extends): the check did not run against the policy meant. */
  policy?: boolean;
}

/** An exception request awaiting a decision, for the reports that list them. */
export interface PendingRequest {
  id: string;
  subject: string;
  rule: string;
  file: string;
  requestedBy?: string;
  requestedOn?: string;
}

/** A finding as the reports show it: its path as every format names it, and whether it was already there at `--new-since`'s ref. */
export type ReportedFinding = Finding & { file: string; atRef?: boolean };

export interface CheckReport {
  /**
   * Findings with `file` `/`-separated, relative to the working directory when the checked folder
   * is inside it, else to the checked folder: one rule for every format (`reportPath` in check.ts).
   */
  findings: ReportedFinding[];
  /** Known findings the baseline records: counted, listed only on request, never in the exit code. */
  baselined?: ReportedFinding[];
  /** List the known findings (the baseline's, and those already there at `--new-since`'s ref) in the text report too (`--show-baselined`). */
  showBaselined?: boolean;
  /**
   * `--new-since REF`: the ref, the commit the folder was compared with, and the findings already
   * there (known, like the baseline's: counted apart, never in the exit code). A finding the
   * baseline records stays under `baselined` (with `atRef` when it was there too).
   */
  newSince?: { ref: string; commit: string; findings: ReportedFinding[] };
  /** Exception documents that are granted, and requests awaiting a decision (counted apart from the baseline). */
  exceptions?: { granted: number; pending: number };
  /** Requests awaiting a decision (the Markdown summary lists them). */
  requests?: PendingRequest[];
  errors: CheckError[];
  /** Why the check's result cannot be trusted as a whole (an invalid policy, trusted policy or baseline): exit 2. */
  problems: string[];
  /** The policy has errors: SARIF reports no results from it. */
  policyBroken: boolean;
  policy: Policy | undefined;
  version: string;
  /** Under `--trusted-policy`: the ref as given, its full name when it is a ref's, and the commit read. */
  trusted?: { ref: string; fullRef?: string; commit: string };
  /** The approvers and keys came from a ref (`--trusted-policy`, or `--new-since`'s ref), not from this checkout. */
  approversFromRef?: boolean;
  /** The trusted ref has no policy file anywhere yet: this change adopts Tech Policy and judges itself (nobody can grant yet). */
  adopting?: { ref: string; policyFile: string };
}

export function blocking(findings: readonly Finding[]): number {
  return findings.filter((f) => f.severity === 'error' || f.severity === 'warning').length;
}

export function formatText(report: CheckReport): string {
  const lines = report.findings.map((f) => findingLine(f.file, f));
  if (report.showBaselined) {
    const known = (f: ReportedFinding, why: string) => `${oneLine(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} known ${f.rule} ${oneLine(f.message)} (${why})`;
    for (const f of report.baselined ?? []) lines.push(known(f, `baseline${f.baselined?.since ? ` since ${f.baselined.since}` : ''}`));
    for (const f of report.newSince?.findings ?? []) lines.push(known(f, `already there at ${oneLine(report.newSince?.ref ?? '')}`));
  }
  for (const e of report.errors) lines.push(`${oneLine(e.file)}: could not be checked: ${oneLine(e.reason)}`);
  const trust = trustLine(report);
  if (trust) lines.push(trust);
  lines.push(summaryLine(report));
  return lines.join('\n') + '\n';
}

/**
 * "3 findings (3 at error or warning level), 12 known (baseline), 2 exceptions granted, 1 pending, 0 files not checked.";
 * with `--new-since`: "2 new in this change (2 at error or warning level), 5 already there at origin/main, …".
 */
export function summaryLine(report: Pick<CheckReport, 'findings' | 'baselined' | 'exceptions' | 'errors' | 'newSince'>): string {
  const n = report.findings.length;
  const level = `(${blocking(report.findings)} at error or warning level)`;
  const parts = report.newSince ? [`${n} new in this change ${level}`, `${report.newSince.findings.length} already there at ${oneLine(report.newSince.ref)}`] : [`${n} finding${n === 1 ? '' : 's'} ${level}`];
  const known = report.baselined?.length ?? 0;
  if (report.baselined && known) parts.push(`${known} known (baseline)`);
  const ex = report.exceptions;
  if (ex && (ex.granted || ex.pending)) parts.push(`${ex.granted} exception${ex.granted === 1 ? '' : 's'} granted`, `${ex.pending} pending`);
  const unchecked = new Set(report.errors.map((e) => e.file)).size;
  parts.push(`${unchecked} file${unchecked === 1 ? '' : 's'} not checked`);
  return parts.join(', ') + '.';
}

/**
 * Whose policy judged the check, when it matters: under `--trusted-policy`, the ref and commit
 * read; without it, that granted exceptions were checked against keys this checkout itself lists
 * (a change can add its own key under an approver's name: only a trusted check can tell).
 */
export function trustLine(report: Pick<CheckReport, 'trusted' | 'exceptions' | 'approversFromRef' | 'adopting'>): string | undefined {
  const a = report.adopting;
  if (a) return `${oneLine(a.ref)} has no ${oneLine(a.policyFile)} yet: this change adopts Tech Policy, so its own policy and baseline judge it; an exception is granted once an approver's key is in the policy at ${oneLine(a.ref)}.`;
  const t = report.trusted;
  if (t) return `Judged by the policy at ${oneLine(t.fullRef ?? t.ref)}, commit ${t.commit}${t.fullRef && t.fullRef !== t.ref ? ` (given as ${oneLine(t.ref)})` : ''}.`;
  const granted = report.exceptions?.granted ?? 0;
  if (granted === 0 || report.approversFromRef) return undefined;
  return `${granted === 1 ? 'The granted exception is' : `The ${granted} granted exceptions are`} signed by a key in this checkout's own policy; a signature is verified against a trusted branch only with --trusted-policy REF.`;
}

/** Files of the repository that could not be read or parsed (not the policy's problems, which exit 2): each fails the check. */
export function notCheckedCount(report: Pick<CheckReport, 'errors'>): number {
  return new Set(report.errors.filter((e) => !e.policy).map((e) => e.file)).size;
}

export function formatJson(report: CheckReport): string {
  const out = {
    version: 1,
    findings: report.findings.map((f) => ({
      file: f.file,
      range: f.range,
      rule: f.rule,
      subject: f.subject,
      severity: f.severity,
      message: f.message,
      exception: f.request?.id ?? null,
    })),
    baselined: (report.baselined ?? []).map((f) => ({ file: f.file, range: f.range, rule: f.rule, subject: f.subject, severity: f.severity, message: f.message, since: f.baselined?.since ?? null })),
    // --new-since only: the ref and commit compared with, and the findings already there (known, not counted)
    ...(report.newSince
      ? {
          newSince: { ref: report.newSince.ref, commit: report.newSince.commit },
          alreadyThere: report.newSince.findings.map((f) => ({ file: f.file, range: f.range, rule: f.rule, subject: f.subject, severity: f.severity, message: f.message, exception: f.request?.id ?? null })),
        }
      : {}),
    errors: report.errors.map(({ policy: _policy, ...e }) => e),
    ...(report.trusted ? { trusted: { ref: report.trusted.ref, fullRef: report.trusted.fullRef ?? null, commit: report.trusted.commit } } : {}),
    ...(report.adopting ? { adopting: { ref: report.adopting.ref, policyFile: report.adopting.policyFile } } : {}),
  };
  return JSON.stringify(out, null, 2) + '\n';
}

/** What `--format json` prints when the check could not run at all: still one JSON document. */
export function formatJsonFailure(reason: string): string {
  return JSON.stringify({ version: 1, findings: [], baselined: [], errors: [{ file: '.', reason }] }, null, 2) + '\n';
}

/** What each rule is about, in a few words (SARIF's short description, the Markdown summary's headings). */
export const RULE_TITLES: Record<RuleId, string> = {
  'new-technology': 'A framework or technology the policy has not approved',
  'hold-technology': 'A technology on hold or being assessed',
  'new-service': 'A new deployable service outside the monolith',
  'new-language': 'A language the policy does not list',
  'unlisted-dependency': 'A dependency the policy does not list',
  'exception-invalid': 'An exception document that does not count',
  'exception-expired': 'An exception that has expired',
  'exception-expiring': 'A granted exception that expires soon',
  'exception-unused': 'A granted exception that covers nothing any more',
  'baseline-stale': 'A baseline entry that no longer matches the repository',
  'agents-instructions-stale': 'The Tech Policy section of AGENTS.md is out of date',
  'policy-relaxed': 'A change to the policy or baseline that a trusted check does not apply',
};
