/**
 * Runs the rules over one file's facts and applies the exceptions: an approved exception
 * removes a finding, an expired one turns it into `exception-expired`, a request annotates it.
 */
import { coverageFor } from '../exceptions/match';
import { isCheckedPath } from '../scan/workspaceFiles';
import type { EvaluatedException } from '../exceptions/evaluate';
import type { Finding } from '../model';
import { relativePath } from '../paths';
import type { PackageJsonFacts } from '../scan/packageJson';
import type { RuleContext } from './context';
import { checkExceptionExpired } from './exceptionExpired';
import { checkExceptionInvalid } from './exceptionInvalid';
import { checkHoldTechnology } from './holdTechnology';
import { checkNewTechnology } from './newTechnology';
import { checkUnlistedDependency } from './unlistedDependency';

export type { RuleContext } from './context';

/** True when the policy's `ignore` globs exclude the file. */
export function isIgnored(uri: string, ctx: RuleContext): boolean {
  const rel = relativePath(ctx.folderUri, uri);
  return rel !== undefined && !isCheckedPath(rel, ctx.policy.ignore);
}

export function checkPackageJson(uri: string, facts: PackageJsonFacts, ctx: RuleContext): Finding[] {
  if (isIgnored(uri, ctx)) return [];
  const findings: Finding[] = [];
  for (const dep of facts.dependencies) {
    const tech = ctx.technologies.matchPackage(dep.package);
    const finding = tech
      ? checkNewTechnology(uri, dep, tech, ctx) ?? checkHoldTechnology(uri, dep, tech, ctx)
      : checkUnlistedDependency(uri, dep, ctx);
    if (finding) findings.push(finding);
  }
  return applyExceptions(findings, ctx);
}

export function checkExceptionDocument(ex: EvaluatedException, ctx: RuleContext): Finding[] {
  return checkExceptionInvalid(ex, ctx);
}

export function applyExceptions(findings: Finding[], ctx: RuleContext): Finding[] {
  if (ctx.exceptions.length === 0) return findings;
  const key = (s: string) => ctx.technologies.canonicalId(s);
  const out: Finding[] = [];
  for (const f of findings) {
    const rel = relativePath(ctx.folderUri, f.uri);
    const coverage = coverageFor(f.rule, f.subject, rel, ctx.exceptions, f.kind === 'technology' ? key : undefined);
    if (coverage.approved) continue;
    let finding = f;
    if (coverage.expired) {
      // with exception-expired turned off, the original finding stands: an expired exception covers nothing
      finding = checkExceptionExpired(f, coverage.expired, ctx) ?? f;
    }
    if (coverage.pending?.record.id) {
      const r = coverage.pending.record;
      const what = coverage.pending.state === 'invalid' ? 'is not valid (see the document)' : 'requested, not yet signed';
      finding = { ...finding, message: `${finding.message} (exception ${r.id} ${what})`, request: { id: r.id!, uri: r.uri } };
    }
    out.push(finding);
  }
  return out;
}
