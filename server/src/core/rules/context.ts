import type { TechnologyIndex } from '../catalog/technologies';
import type { EvaluatedException } from '../exceptions/evaluate';
import type { ActiveSeverity, RuleId } from '../model';
import type { Policy } from '../policy/types';
import type { HintIndex } from './services';

/** Everything a rule may look at besides the facts of the file being checked. */
export interface RuleContext {
  /** The workspace folder the file belongs to; scopes and `ignore` are relative to it. */
  folderUri: string;
  policy: Policy;
  technologies: TechnologyIndex;
  exceptions: readonly EvaluatedException[];
  /** YYYY-MM-DD, for expiry. */
  today: string;
  /** What the workspace's other files say (compose build contexts, kustomize patches, Helm charts). */
  hints: HintIndex;
  /** The hash the Tech Policy section of AGENTS.md records when it says what this policy says (computed once per policy). */
  instructionsHash?: () => string;
  /** Files (folder-relative) judged in any folder, even one otherwise skipped (a trusted check: what the change put there). */
  anywhere?: ReadonlySet<string>;
}

export function severityOf(ctx: RuleContext, rule: RuleId): ActiveSeverity | undefined {
  const s = ctx.policy.rules[rule].severity;
  return s === 'off' ? undefined : s;
}
