/** Findings and policy problems → LSP diagnostics. `data` carries what a code action needs. */
import { type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { type ActiveSeverity, type Finding, ruleDocUrl, RULE_DOCS_BASE, type RuleId, type SubjectKind } from '../model';
import type { PolicyProblem } from '../policy/types';

export const SOURCE = 'tech-policy';
/** Code of diagnostics about the policy file itself (not a rule: it cannot be turned off). */
export const POLICY_PROBLEM_CODE = 'policy-invalid';

/**
 * What a code action reads (codeActions.ts), and nothing else: a keystroke in a manifest with
 * hundreds of findings sends each of them again, so every byte here is paid for per finding.
 */
export interface FindingData {
  rule: RuleId;
  subject: string;
  /** For titles: "Request an exception for Fastify". */
  subjectName: string;
  kind: SubjectKind;
  /** For a service: its folder. */
  folder?: string;
  /** The file the finding is in. */
  file: string;
  request?: { id: string; uri: string };
  expired?: { id: string; uri: string; expires: string; rule: RuleId };
  /** A known finding of the baseline (shown as a hint). */
  baselined?: boolean;
  /** agents-instructions-stale: the section a refresh replaces. */
  section?: Range;
}

const SEVERITY: Record<ActiveSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnosticSeverity(s: ActiveSeverity): DiagnosticSeverity {
  return SEVERITY[s];
}

/**
 * The diagnostics of a file's findings: a known finding of the baseline is a hint that says so
 * (or, with `baselineShow` "hidden", not shown at all).
 */
export function findingsToDiagnostics(found: readonly Finding[], baselineShow: 'hint' | 'hidden' = 'hint'): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of found) {
    if (!f.baselined) out.push(findingToDiagnostic(f));
    else if (baselineShow === 'hint') {
      const d = findingToDiagnostic(f);
      out.push({ ...d, severity: DiagnosticSeverity.Hint, message: `Known (baseline${f.baselined.since ? `, since ${f.baselined.since}` : ''}): ${f.message}`, data: { ...(d.data as FindingData), baselined: true } });
    }
  }
  return out;
}

export function findingToDiagnostic(f: Finding): Diagnostic {
  const data: FindingData = { rule: f.rule, subject: f.subject, subjectName: f.subjectName, kind: f.kind, file: f.uri };
  // only what a finding has: a key written as undefined is still read and skipped on every keystroke
  if (f.folder !== undefined) data.folder = f.folder;
  if (f.request) data.request = f.request;
  if (f.expired) data.expired = f.expired;
  if (f.section) data.section = f.section;
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.rule,
    codeDescription: { href: ruleDocUrl(f.rule) },
    message: f.message,
    data,
  };
}

export function policyProblemToDiagnostic(p: PolicyProblem): Diagnostic {
  return {
    range: p.range,
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: SOURCE,
    code: POLICY_PROBLEM_CODE,
    codeDescription: { href: `${RULE_DOCS_BASE}${POLICY_PROBLEM_CODE}.md` },
    message: p.message,
  };
}

/** Code of diagnostics for a file that does not parse (checked in part) or could not be checked at all. */
export const PARSE_PROBLEM_CODE = 'parse-error';

/**
 * A file that does not parse, as the editor says it: checked in part while you type (the findings
 * beside it come from what parses), and a file CI reports as not checked, which fails the check.
 * `checked: 'not'` is for a check that failed as a whole. docs/decisions.md, "A file that does not parse".
 */
export function parseProblemToDiagnostic(p: { range: Diagnostic['range']; message: string }, checked: 'in part' | 'not' = 'in part'): Diagnostic {
  const trimmed = p.message.trimEnd();
  const reason = trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
  return {
    range: p.range,
    severity: DiagnosticSeverity.Warning,
    source: SOURCE,
    code: PARSE_PROBLEM_CODE,
    message:
      checked === 'in part'
        ? `Checked in part: ${reason}. Findings here come from what parses; CI reports this file as not checked (a failure).`
        : `Tech Policy cannot check this file: ${reason}.`,
  };
}

export function isFindingData(value: unknown): value is FindingData {
  const v = value as FindingData | undefined;
  return !!v && typeof v === 'object' && typeof v.rule === 'string' && typeof v.subject === 'string' && typeof v.kind === 'string';
}
