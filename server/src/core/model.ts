/**
 * The vocabulary shared by every layer of the core: rule ids, severities and findings.
 * Pure data; no I/O.
 */
import type { Range } from 'vscode-languageserver-types';

export const RULE_IDS = [
  'new-technology',
  'hold-technology',
  'new-service',
  'new-language',
  'unlisted-dependency',
  'exception-invalid',
  'exception-expired',
  'exception-expiring',
  'exception-unused',
  'baseline-stale',
  'agents-instructions-stale',
  'policy-relaxed',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type ActiveSeverity = Exclude<Severity, 'off'>;

export const RINGS = ['adopt', 'trial', 'assess', 'hold'] as const;
export type Ring = (typeof RINGS)[number];

export type SubjectKind = 'technology' | 'service' | 'language' | 'exception' | 'baseline' | 'instructions' | 'policy';

/** Where a rule's documentation lives; used as the diagnostic's codeDescription.href. */
export const RULE_DOCS_BASE = 'https://github.com/tech-policy/tech-policy/blob/main/docs/rules/';

export function ruleDocUrl(rule: RuleId): string {
  return `${RULE_DOCS_BASE}${rule}.md`;
}

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

/** One thing a rule found, in one file, at one exact range. */
export interface Finding {
  uri: string;
  range: Range;
  rule: RuleId;
  severity: ActiveSeverity;
  /** Technology id, service name or language id: the value an exception's `subject` names. */
  subject: string;
  /** Display name of the subject ("Fastify"). */
  subjectName: string;
  kind: SubjectKind;
  message: string;
  /** For a service: the workspace-relative folder it is declared in (to approve it by path). */
  folder?: string;
  /** Category label of a technology ("web framework"). */
  category?: string;
  /** A pending request that names this finding: id and document uri. */
  request?: { id: string; uri: string };
  /** For exception-expired: the expired exception. */
  expired?: { id: string; uri: string; expires: string; rule: RuleId };
  /** A known finding the baseline records: reported as known (a hint, or hidden), never counted. */
  baselined?: { since?: string };
  /** For agents-instructions-stale: the whole section, from its begin marker through its end marker (what a refresh replaces). */
  section?: Range;
}

/**
 * A finding the status bar counts (and current_findings lists): not known from the baseline; about
 * an exception document or the agents' instructions, only at error or warning level (their default
 * infos and hints are reminders, not findings to fix in the code).
 */
export function isCounted(f: Finding): boolean {
  return !f.baselined && ((f.kind !== 'exception' && f.kind !== 'instructions') || f.severity === 'error' || f.severity === 'warning');
}
