/** Which exceptions cover a finding: by rule, subject and scope. */
import { trimChars } from '../text';
import { compileGlob, isGlob } from '../glob';
import type { RuleId } from '../model';
import type { EvaluatedException } from './evaluate';

export interface Coverage {
  /** A granted (valid, approved, unexpired) exception: the finding is not reported. */
  approved?: EvaluatedException;
  /** Every granted exception that covers it (`approved` is one of them). */
  granted?: EvaluatedException[];
  /** Covered only by an approved exception whose `expires` has passed. */
  expired?: EvaluatedException;
  /** A request (or an approval that is not granted) naming the finding: it stays, and says so. */
  pending?: EvaluatedException;
}

const matchers = new Map<string, (path: string) => boolean>();
/**
 * A scope or ignore entry as a matcher over workspace-relative paths. A leading `/` or `./` is
 * the workspace root; a folder without wildcards means everything in it; a pattern that cannot
 * be compiled matches nothing (the policy or the document reports it).
 */
export function scopeMatcher(glob: string): (path: string) => boolean {
  let m = matchers.get(glob);
  if (!m) {
    let pattern = glob.trim().replace(/^\.?\/+/, '');
    if (!isGlob(pattern)) pattern = trimChars(pattern, '/', 'end') + '{,/**}';
    const compiled = pattern === '' || pattern === '{,/**}' ? undefined : compileGlob(pattern);
    m = compiled === undefined ? () => true : compiled.ok ? compiled.match : () => false;
    if (matchers.size >= 4096) matchers.clear(); // a bounded cache: patterns come from policies and documents
    matchers.set(glob, m);
  }
  return m;
}

export function inScope(scope: string[], relPath: string | undefined): boolean {
  if (scope.length === 0) return true;
  if (relPath === undefined) return false;
  return scope.some((glob) => scopeMatcher(glob)(relPath));
}

/**
 * @param subjectKey normalises a subject for comparison (technology aliases, case).
 */
/** Rules whose subject is a technology: an exception under one covers the technology under each. */
const TECHNOLOGY_RULES: ReadonlySet<string> = new Set<RuleId>(['new-technology', 'hold-technology', 'unlisted-dependency']);

/** True when an exception written under `exceptionRule` may cover a finding of `findingRule`. */
export function sameExceptionRule(exceptionRule: string | undefined, findingRule: RuleId): boolean {
  if (exceptionRule === findingRule) return true;
  return exceptionRule !== undefined && TECHNOLOGY_RULES.has(exceptionRule) && TECHNOLOGY_RULES.has(findingRule);
}

export function coverageFor(
  rule: RuleId,
  subject: string,
  relPath: string | undefined,
  exceptions: readonly EvaluatedException[],
  subjectKey: (s: string) => string = (s) => s.toLowerCase(),
): Coverage {
  const key = subjectKey(subject);
  const coverage: Coverage = {};
  for (const ex of exceptions) {
    const r = ex.record;
    if (!sameExceptionRule(r.rule, rule) || r.subject === undefined || subjectKey(r.subject) !== key) continue;
    if (!inScope(r.scope, relPath)) continue;
    if (ex.state === 'granted') (coverage.granted ??= []).push((coverage.approved = ex));
    else if (ex.state === 'expired') coverage.expired = preferLater(coverage.expired, ex);
    else if (ex.state === 'requested' || ex.state === 'not-granted' || ex.state === 'invalid') coverage.pending = preferLater(coverage.pending, ex);
  }
  return coverage;
}

function preferLater(current: EvaluatedException | undefined, next: EvaluatedException): EvaluatedException {
  if (!current) return next;
  return (next.record.id ?? '') > (current.record.id ?? '') ? next : current;
}
