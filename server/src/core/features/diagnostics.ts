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
  return shownDiagnostics(diagnoseFindings(found, baselineShow));
}

/** A file's findings with the diagnostic of each (undefined: not shown), as one check made them. */
export interface DiagnosedFindings {
  readonly found: readonly Finding[];
  readonly diagnostics: ReadonlyArray<Diagnostic | undefined>;
  readonly baselineShow: 'hint' | 'hidden';
}

/** How many diagnostics have been made from findings: the unit tests count it to show that a keystroke makes what changed. */
export const diagnoseWork = { made: 0 };

/**
 * The diagnostic of each finding. With the file's `previous` check, a finding equal to one of it
 * (matched in order: a keystroke adds or removes a finding or two) takes that one's diagnostic
 * object, neither made nor compared again: the publication reuses it, and the stdio writer the
 * JSON it keeps for it (lsp/transport.ts).
 */
export function diagnoseFindings(found: readonly Finding[], baselineShow: 'hint' | 'hidden' = 'hint', previous?: DiagnosedFindings): DiagnosedFindings {
  const diagnostics: Array<Diagnostic | undefined> = new Array(found.length);
  const kept: boolean[] = new Array(found.length).fill(false);
  if (previous && previous.baselineShow === baselineShow) {
    const old = previous;
    matchInOrder(found, old.found, sameFinding, (i, k) => {
      diagnostics[i] = old.diagnostics[k];
      kept[i] = true;
    });
  }
  for (let i = 0; i < found.length; i++) if (!kept[i]) diagnostics[i] = diagnosticOf(found[i], baselineShow);
  return { found, diagnostics, baselineShow };
}

/**
 * Pairs each of `next` with an equal one of `previous`, in order: the next unmatched one, or one a
 * little further on (some were removed before it). A keystroke adds or removes a finding or two;
 * one that moves every line below it changes them all. Linear: at most four comparisons each.
 */
export function matchInOrder<T>(next: readonly T[], previous: readonly T[], same: (a: T, b: T) => boolean, matched: (i: number, k: number) => void): void {
  let j = 0;
  for (let i = 0; i < next.length && j < previous.length; i++) {
    for (let k = j; k < Math.min(j + 4, previous.length); k++) {
      if (same(next[i], previous[k])) {
        matched(i, k);
        j = k + 1;
        break;
      }
    }
  }
}

/** The diagnostics shown, in order. */
export function shownDiagnostics(diagnosed: DiagnosedFindings): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of diagnosed.diagnostics) if (d) out.push(d);
  return out;
}

function diagnosticOf(f: Finding, baselineShow: 'hint' | 'hidden'): Diagnostic | undefined {
  diagnoseWork.made++;
  if (!f.baselined) return findingToDiagnostic(f);
  if (baselineShow === 'hidden') return undefined;
  const d = findingToDiagnostic(f);
  return { ...d, severity: DiagnosticSeverity.Hint, message: `Known (baseline${f.baselined.since ? `, since ${f.baselined.since}` : ''}): ${f.message}`, data: { ...(d.data as FindingData), baselined: true } };
}

/**
 * Equal in everything `diagnosticOf` reads (a finding's `category` is not shown): two findings
 * that are give the same diagnostic. A field added to a diagnostic is added here (the unit tests
 * change each field of a finding and hold the two to each other).
 */
export function sameFinding(a: Finding, b: Finding): boolean {
  return (
    a.message === b.message &&
    sameRange(a.range, b.range) &&
    a.rule === b.rule &&
    a.severity === b.severity &&
    a.subject === b.subject &&
    a.subjectName === b.subjectName &&
    a.kind === b.kind &&
    a.uri === b.uri &&
    a.folder === b.folder &&
    (a.request === b.request || (!!a.request && !!b.request && a.request.id === b.request.id && a.request.uri === b.request.uri)) &&
    (a.expired === b.expired || (!!a.expired && !!b.expired && a.expired.id === b.expired.id && a.expired.uri === b.expired.uri && a.expired.expires === b.expired.expires && a.expired.rule === b.expired.rule)) &&
    (a.section === b.section || (!!a.section && !!b.section && sameRange(a.section, b.section))) &&
    (a.baselined === b.baselined || (!!a.baselined && !!b.baselined && a.baselined.since === b.baselined.since))
  );
}

function sameRange(p: Range, q: Range): boolean {
  return p.start.line === q.start.line && p.start.character === q.start.character && p.end.line === q.end.line && p.end.character === q.end.character;
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
