/**
 * Runs the rules over one file's facts and applies the exceptions: an approved exception
 * removes a finding, an expired one turns it into `exception-expired`, a request annotates it.
 */
import type { Range } from 'vscode-languageserver-types';
import type { Technology } from '../catalog/technologies';
import { coverageFor } from '../exceptions/match';
import { isCheckedPath } from '../scan/workspaceFiles';
import type { EvaluatedException } from '../exceptions/evaluate';
import type { Finding } from '../model';
import { relativePath } from '../paths';
import type { PackageJsonFacts } from '../scan/packageJson';
import type { RuleContext } from './context';
import { checkExceptionExpired } from './exceptionExpired';
import { checkExceptionInvalid } from './exceptionInvalid';
import { checkExceptionExpiring } from './exceptionExpiring';
import { checkExceptionUnused } from './exceptionUnused';
import { notGrantedReason } from '../exceptions/state';
import { checkHoldTechnology } from './holdTechnology';
import { checkNewTechnology } from './newTechnology';
import { checkUnlistedDependency } from './unlistedDependency';
import { checkNewLanguage } from './newLanguage';
import { checkNewService } from './newService';
import { checkAgentsInstructions } from './agentsInstructionsStale';
import type { ScaffoldingFacts } from '../scan/types';
import { appDeclaration, type ServiceDeclaration, serviceDeclarations, technologyRefs } from './services';

export { appName, servesHttp } from './services';

export type { RuleContext } from './context';

/** A finding a granted exception removed, with the URIs of every granted exception that covers it. */
export interface CoveredFinding {
  finding: Finding;
  by: string[];
}

/** True when the policy's `ignore` globs exclude the file. */
export function isIgnored(uri: string, ctx: RuleContext): boolean {
  const rel = relativePath(ctx.folderUri, uri);
  return rel !== undefined && !isCheckedPath(rel, ctx.policy.ignore, ctx.anywhere);
}

export function checkPackageJson(uri: string, facts: PackageJsonFacts, ctx: RuleContext, covered?: Set<string>, coveredFindings?: CoveredFinding[]): Finding[] {
  if (isIgnored(uri, ctx)) return [];
  const findings: Finding[] = [];
  const push = (f: Finding | undefined) => f && findings.push(f);
  push(checkNewLanguage(uri, 'javascript', facts.firstLine, ctx));
  const app = workspaceApp(uri, facts, ctx);
  if (app) push(checkNewService(uri, app, ctx));
  // the dependency itself: its range is made only for a finding
  for (const dep of facts.dependencies) checkDependency(uri, dep, ctx.technologies.matchPackages(dep.package), ctx, push);
  return applyExceptions(findings, ctx, covered, coveredFindings);
}

/** The workspace app a package.json declares (rules/services.ts), with the workspace's names. */
export function workspaceApp(uri: string, facts: PackageJsonFacts, ctx: RuleContext): ServiceDeclaration | undefined {
  const rel = relativePath(ctx.folderUri, uri);
  return rel === undefined ? undefined : appDeclaration(rel, facts, (pkg) => ctx.technologies.matchPackage(pkg), ctx.hints);
}

/** Service scaffolding and language manifests: new-service, new-technology for stock images and named technologies, new-language. */
export function checkScaffolding(uri: string, facts: ScaffoldingFacts, ctx: RuleContext, covered?: Set<string>, coveredFindings?: CoveredFinding[]): Finding[] {
  if (isIgnored(uri, ctx)) return [];
  const findings: Finding[] = [];
  const push = (f: Finding | undefined) => f && findings.push(f);
  for (const service of serviceDeclarations(relativePath(ctx.folderUri, uri) ?? '', facts, ctx.hints)) push(checkNewService(uri, service, ctx));
  for (const image of facts.images) {
    const tech = ctx.technologies.matchImage(image.image);
    if (tech) push(checkNewTechnology(uri, image, tech, ctx) ?? checkHoldTechnology(uri, image, tech, ctx));
  }
  for (const ref of technologyRefs(facts, ctx.hints)) {
    const tech = ctx.technologies.get(ref.name) ?? ctx.technologies.matchImage(ref.name);
    if (tech) push(checkNewTechnology(uri, ref, tech, ctx) ?? checkHoldTechnology(uri, ref, tech, ctx));
  }
  for (const dep of facts.dependencies) checkDependency(uri, dep, ctx.technologies.matchDependencies(dep.ecosystem, dep.name), ctx, push);
  for (const language of facts.languages) push(checkNewLanguage(uri, language.language, language.range, ctx));
  if (facts.instructions) push(checkAgentsInstructions(uri, facts.instructions, ctx));
  return applyExceptions(findings, ctx, covered, coveredFindings);
}

/**
 * A dependency of any ecosystem: each technology it belongs to that is new or held (a Spring Boot
 * starter for Redis is checked as Redis and as Spring Boot), or (when that rule is on) an unlisted library.
 */
function checkDependency(uri: string, dep: { name: string; range: Range }, techs: readonly Technology[], ctx: RuleContext, push: (f: Finding | undefined) => void): void {
  if (techs.length === 0) push(checkUnlistedDependency(uri, dep, ctx));
  for (const tech of techs) push(checkNewTechnology(uri, dep, tech, ctx) ?? checkHoldTechnology(uri, dep, tech, ctx));
}

/**
 * The exception document's own findings: why it does not count, that it expires soon, or that
 * it covers nothing any more (`used` is false once the workspace has been checked without a use).
 */
export function checkExceptionDocument(ex: EvaluatedException, ctx: RuleContext, used = true): Finding[] {
  const out = checkExceptionInvalid(ex, ctx);
  const expiring = checkExceptionExpiring(ex, ctx);
  if (expiring) out.push(expiring);
  if (!used) {
    const unused = checkExceptionUnused(ex, ctx);
    if (unused) out.push(unused);
  }
  return out;
}

/**
 * Removes the findings that a granted exception covers, turns those covered only by an expired
 * one into exception-expired, and names pending requests. `covered` collects the URIs of the
 * exception documents that were used; `coveredFindings` the findings removed, with every granted
 * exception that covers each (the report says which findings each exception covers).
 */
export function applyExceptions(findings: Finding[], ctx: RuleContext, covered?: Set<string>, coveredFindings?: CoveredFinding[]): Finding[] {
  if (ctx.exceptions.length === 0) return findings;
  const key = (s: string) => ctx.technologies.canonicalId(s);
  const out: Finding[] = [];
  for (const f of findings) {
    const rel = relativePath(ctx.folderUri, f.uri);
    const coverage = coverageFor(f.rule, f.subject, rel, ctx.exceptions, f.kind === 'technology' ? key : undefined);
    if (coverage.approved) {
      covered?.add(coverage.approved.record.uri);
      coveredFindings?.push({ finding: f, by: coverage.granted!.map((g) => g.record.uri) });
      continue;
    }
    let finding = f;
    if (coverage.expired) {
      // with exception-expired turned off, the original finding stands: an expired exception covers nothing
      finding = checkExceptionExpired(f, coverage.expired, ctx) ?? f;
    }
    if (coverage.pending?.record.id) {
      const r = coverage.pending.record;
      // the state first: it is what changes while the finding stays
      const what = coverage.pending.state === 'requested' ? 'requested, not yet signed' : `not granted (${notGrantedReason(coverage.pending)})`;
      finding = { ...finding, message: `${r.id} ${what}: ${withoutNeeds(finding.message)}`, request: { id: r.id!, uri: r.uri } };
    }
    out.push(finding);
  }
  return out;
}

/** A message without its "Needs a signed exception." ending: with the request named in front, that goes without saying. */
function withoutNeeds(message: string): string {
  return message.replace(/ (?:(?:New|Production) use needs|Needs) a signed exception\.$/, '');
}
