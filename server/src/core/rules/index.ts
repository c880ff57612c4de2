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
import { checkExceptionExpiring } from './exceptionExpiring';
import { checkExceptionUnused } from './exceptionUnused';
import { notGrantedReason } from '../exceptions/state';
import { checkHoldTechnology } from './holdTechnology';
import { checkNewTechnology } from './newTechnology';
import { checkUnlistedDependency } from './unlistedDependency';
import { checkNewLanguage } from './newLanguage';
import { checkNewService, type ServiceDeclaration } from './newService';
import type { ScaffoldingFacts } from '../scan/scaffolding';
import { nearestNamedFolder } from '../scan/scanUtil';

export type { RuleContext } from './context';

/** True when the policy's `ignore` globs exclude the file. */
export function isIgnored(uri: string, ctx: RuleContext): boolean {
  const rel = relativePath(ctx.folderUri, uri);
  return rel !== undefined && !isCheckedPath(rel, ctx.policy.ignore);
}

export function checkPackageJson(uri: string, facts: PackageJsonFacts, ctx: RuleContext, covered?: Set<string>): Finding[] {
  if (isIgnored(uri, ctx)) return [];
  const findings: Finding[] = [];
  const push = (f: Finding | undefined) => f && findings.push(f);
  push(checkNewLanguage(uri, 'javascript', facts.firstLine, ctx));
  const app = workspaceApp(uri, facts, ctx);
  if (app) push(checkNewService(uri, app, ctx));
  for (const dep of facts.dependencies) {
    const tech = ctx.technologies.matchPackage(dep.package);
    push(tech ? checkNewTechnology(uri, dep, tech, ctx) ?? checkHoldTechnology(uri, dep, tech, ctx) : checkUnlistedDependency(uri, dep, ctx));
  }
  return applyExceptions(findings, ctx, covered);
}

/**
 * A workspace app: a package.json below the root that depends on a web-server framework and has
 * a `start` script is a deployable. Its service name is the package name without its scope.
 */
export function workspaceApp(uri: string, facts: PackageJsonFacts, ctx: RuleContext): ServiceDeclaration | undefined {
  const rel = relativePath(ctx.folderUri, uri);
  if (!rel || !rel.includes('/') || !facts.name || !facts.nameRange || !facts.scripts.start) return undefined;
  if (!servesHttp(facts, (pkg) => ctx.technologies.matchPackage(pkg))) return undefined;
  const folder = rel.slice(0, rel.lastIndexOf('/'));
  return { name: appName(folder, facts.name), range: facts.nameRange, folder };
}

/** Meta-frameworks whose `start` runs a server (static site generators do not count). */
const SERVER_META_FRAMEWORKS = new Set(['nextjs', 'nuxt', 'remix', 'sveltekit', 'astro', 'solidstart', 'qwikcity', 'redwood', 'blitz', 'analog']);

/** A package whose runtime dependencies include a web-server framework (or a server-side meta-framework). */
export function servesHttp(facts: PackageJsonFacts, match: (pkg: string) => { id: string; category: string } | undefined): boolean {
  return facts.dependencies.some((d) => {
    const tech = d.section === 'dependencies' ? match(d.package) : undefined;
    return !!tech && (tech.category === 'web-framework' || SERVER_META_FRAMEWORKS.has(tech.id));
  });
}

/** A workspace app is named like its Dockerfile would be: after its folder, else its package name without scope. */
export function appName(folder: string, packageName: string): string {
  return nearestNamedFolder(folder) ?? packageName.replace(/^@[^/]+\//, '');
}

/** Service scaffolding and language manifests: new-service, new-technology for stock images, new-language. */
export function checkScaffolding(uri: string, facts: ScaffoldingFacts, ctx: RuleContext, covered?: Set<string>): Finding[] {
  if (isIgnored(uri, ctx)) return [];
  const findings: Finding[] = [];
  const push = (f: Finding | undefined) => f && findings.push(f);
  for (const service of facts.services) push(checkNewService(uri, service, ctx));
  for (const image of facts.images) {
    const tech = ctx.technologies.matchImage(image.image);
    if (tech) push(checkNewTechnology(uri, image, tech, ctx) ?? checkHoldTechnology(uri, image, tech, ctx));
  }
  for (const language of facts.languages) push(checkNewLanguage(uri, language.language, language.range, ctx));
  return applyExceptions(findings, ctx, covered);
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
 * exception documents that were used.
 */
export function applyExceptions(findings: Finding[], ctx: RuleContext, covered?: Set<string>): Finding[] {
  if (ctx.exceptions.length === 0) return findings;
  const key = (s: string) => ctx.technologies.canonicalId(s);
  const out: Finding[] = [];
  for (const f of findings) {
    const rel = relativePath(ctx.folderUri, f.uri);
    const coverage = coverageFor(f.rule, f.subject, rel, ctx.exceptions, f.kind === 'technology' ? key : undefined);
    if (coverage.approved) {
      covered?.add(coverage.approved.record.uri);
      continue;
    }
    let finding = f;
    if (coverage.expired) {
      // with exception-expired turned off, the original finding stands: an expired exception covers nothing
      finding = checkExceptionExpired(f, coverage.expired, ctx) ?? f;
    }
    if (coverage.pending?.record.id) {
      const r = coverage.pending.record;
      const what = coverage.pending.state === 'requested' ? 'requested, not yet signed' : `not granted: ${notGrantedReason(coverage.pending)}`;
      finding = { ...finding, message: `${finding.message} (exception ${r.id} ${what})`, request: { id: r.id!, uri: r.uri } };
    }
    out.push(finding);
  }
  return out;
}
