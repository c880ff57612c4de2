import type { RuleId } from '../model';
import type { Policy, RuleConfig } from './types';

export const DEFAULT_POLICY_FILE = 'techpolicy.json';
export const DEFAULT_EXCEPTIONS_DIRECTORY = 'docs/policy-exceptions';
export const DEFAULT_EXPIRY_WARNING_DAYS = 30;

/** The strategy in its own words, used when a policy gives no rationale of its own. */
export const DEFAULT_RULES: Record<RuleId, RuleConfig> = {
  'new-technology': {
    severity: 'warning',
    rationale:
      'Boring technology: we use reliable, well-understood technology and adopt something new only when it enables a product capability the current stack cannot deliver. A new framework or technology needs an exception in writing, signed by an approver.',
  },
  'hold-technology': {
    severity: 'warning',
    rationale:
      'This technology is on hold (or still being assessed): no new use without a signed exception. Prefer the approved alternative.',
  },
  'new-service': {
    severity: 'warning',
    rationale:
      'One monolith: everything is built and deployed as part of the monolith. A new deployable service needs an exception in writing, signed by an approver.',
  },
  'new-language': {
    severity: 'warning',
    rationale:
      'Boring technology: every language the repository uses must be one the team knows how to build, test and operate. A new language needs a signed exception.',
  },
  'unlisted-dependency': {
    severity: 'off',
    rationale: 'Every dependency is a long-term commitment; this policy asks that each one be listed.',
  },
  'exception-invalid': {
    severity: 'error',
    rationale:
      'Exceptions in writing: an exception counts only when it says why it is permitted and is approved, dated and signed by an approver named in the policy. It is never ambiguous whether an exception was granted.',
  },
  'exception-expiring': {
    severity: 'info',
    rationale: 'A granted exception expires soon: renew it with a new signed exception, or plan the removal.',
  },
  'exception-unused': {
    severity: 'hint',
    rationale: 'A granted exception that covers nothing in the workspace any more: withdraw it so the register stays true.',
  },
  'baseline-stale': {
    severity: 'warning',
    rationale: 'The baseline only shrinks: an entry that no longer matches what is in the repository must be removed (tech-policy baseline --prune), so that the debt it recorded cannot come back unnoticed.',
  },
  'agents-instructions-stale': {
    severity: 'info',
    rationale: 'Coding agents read the Tech Policy section of AGENTS.md: when the policy changes, the section must say what the policy says now (tech-policy agents refreshes it).',
  },
  'exception-expired': {
    severity: 'warning',
    rationale: 'The exception that allowed this has expired: renew it with a new signed exception or remove the use.',
  },
  'policy-relaxed': {
    severity: 'error',
    rationale:
      'Under a trusted check (--trusted-policy) the policy and baseline of the trusted branch judge: a change cannot approve its own technology, service or finding by editing or deleting them. Merge the policy change on its own first, or have an approver sign an exception.',
  },
};

export function defaultPolicy(): Policy {
  const rules = {} as Record<RuleId, RuleConfig>;
  for (const [id, config] of Object.entries(DEFAULT_RULES)) rules[id as RuleId] = { ...config };
  return {
    approvers: [],
    approvals: 'named',
    expiryWarningDays: DEFAULT_EXPIRY_WARNING_DAYS,
    exceptionsDirectory: DEFAULT_EXCEPTIONS_DIRECTORY,
    rules,
    technologies: {},
    services: {},
    ignore: [],
    platformWork: { target: DEFAULT_PLATFORM_TARGET, paths: [], productPaths: [] },
  };
}

/** The platform share of platform + product work a report compares against when the policy names none. */
export const DEFAULT_PLATFORM_TARGET = 0.3;
