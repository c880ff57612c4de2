/**
 * "Is this allowed here, and why": one answer for a technology, a deployable or a language at a
 * place in a workspace folder. It runs the rules themselves on that one fact and applies the
 * exceptions as a check does, so the hover, the check, the language model tools and the MCP
 * server can never disagree: hosts only format the answer. Pure; no I/O.
 */
import type { BaselineEntry } from '../baseline/baseline';
import type { Ecosystem } from '../catalog/ecosystems';
import { BUILTIN_CATALOG, type Technology, type TechnologyIndex } from '../catalog/technologies';
import { type Coverage, coverageFor } from '../exceptions/match';
import type { FolderModel } from '../folder';
import type { Finding, RuleId } from '../model';
import { joinUri, relativePath } from '../paths';
import { NameMatcher } from '../radar/match';
import { applyExceptions, isIgnored, type RuleContext } from '../rules';
import { checkHoldTechnology } from '../rules/holdTechnology';
import { checkNewLanguage } from '../rules/newLanguage';
import { checkNewService, identifyService, type ServiceDeclaration, type ServiceIdentity, serviceSubject } from '../rules/newService';
import { checkNewTechnology } from '../rules/newTechnology';
import { checkUnlistedDependency } from '../rules/unlistedDependency';
import { START_OF_FILE } from '../text';

/**
 * - `approved`: in the approved stack, one of the monolith's services, a listed language;
 * - `granted`: the policy does not approve it, but a granted exception covers it here;
 * - `needs-exception`: a check reports it here (a pending request does not change that);
 * - `not-checked`: nothing judges it (its rule is off, the place is ignored, no policy, a plain library).
 */
export type Verdict = 'approved' | 'granted' | 'needs-exception' | 'not-checked';

/** Why nothing judges a subject. */
export type NotChecked = 'rule-off' | 'ignored' | 'no-policy' | 'plain-library' | 'no-languages';

interface AnswerBase {
  verdict: Verdict;
  /** The rule that judges the subject when the policy does not approve it outright. */
  rule?: RuleId;
  /** The subject a finding and an exception name (technology id, service subject, language id). */
  subject: string;
  /** What a check reports at this place: its rule may be exception-expired, and its message names a pending request. */
  finding?: Finding;
  /** The exceptions naming the subject that apply at this place: granted, expired, pending. */
  coverage: Coverage;
  notChecked?: NotChecked;
}

export interface TechnologyAnswer extends AnswerBase {
  kind: 'technology';
  tech: Technology;
  /** The approved technologies of its category, itself left out. */
  alternatives: Technology[];
  /** The baseline's entry for this file, rule and subject, when it records one. */
  known?: BaselineEntry;
}

/** A dependency that is no technology the catalog or the policy knows. */
export interface LibraryAnswer extends AnswerBase {
  kind: 'library';
  name: string;
  ecosystem: Ecosystem;
}

export interface ServiceAnswer extends AnswerBase {
  kind: 'service';
  declaration: ServiceDeclaration;
  /** The policy's service it is, or the known one whose name it reuses elsewhere. */
  identity: ServiceIdentity;
}

export interface LanguageAnswer extends AnswerBase {
  kind: 'language';
  language: string;
  /** The languages the policy lists (absent: the rule is inactive). */
  listed?: readonly string[];
}

export type Answer = TechnologyAnswer | LibraryAnswer | ServiceAnswer | LanguageAnswer;

/** The place a question is about: a file (or folder) of the workspace folder, as a URI. */
function where(folder: FolderModel, uri: string | undefined): string {
  return uri ?? joinUri(folder.folderUri, '.');
}

/**
 * The finding the rules report for one fact here, exceptions applied (undefined when nothing is
 * reported, or a granted exception covers it), and the exceptions naming it.
 */
function judge(raw: Finding | undefined, ctx: RuleContext, rule: RuleId, subject: string, uri: string, technology: boolean): { finding?: Finding; coverage: Coverage } {
  const key = technology ? (s: string) => ctx.technologies.canonicalId(s) : undefined;
  const coverage = coverageFor(rule, subject, relativePath(ctx.folderUri, uri), ctx.exceptions, key);
  return { finding: raw ? applyExceptions([raw], ctx)[0] : undefined, coverage };
}

function verdictOf(finding: Finding | undefined, coverage: Coverage, flaggable: boolean): { verdict: Verdict; notChecked?: NotChecked } {
  if (finding) return { verdict: 'needs-exception' };
  if (coverage.approved && flaggable) return { verdict: 'granted' };
  return { verdict: 'not-checked', notChecked: 'rule-off' };
}

/** No policy, or a place the policy's `ignore` leaves out: nothing is judged there. */
function unjudged(folder: FolderModel, uri: string): { ctx?: RuleContext; notChecked?: NotChecked } {
  const ctx = folder.context();
  if (!ctx) return { notChecked: 'no-policy' };
  if (isIgnored(uri, ctx)) return { ctx, notChecked: 'ignored' };
  return { ctx };
}

/** A technology used at `uri` (a manifest, a compose file; the folder when absent). */
export function answerTechnology(folder: FolderModel, uri: string | undefined, tech: Technology): TechnologyAnswer {
  const at = where(folder, uri);
  const rule: RuleId | undefined = tech.ring === 'adopt' || tech.ring === 'trial' ? undefined : tech.ring === undefined ? 'new-technology' : 'hold-technology';
  const alternatives = folder.technologies.approvedIn(tech.category).filter((t) => t.id !== tech.id);
  const base = { kind: 'technology' as const, tech, subject: tech.id, rule, alternatives };
  if (!rule) return { ...base, verdict: 'approved', coverage: {} };
  const known = folder.baselineEntry(at, rule, tech.id);
  const { ctx, notChecked } = unjudged(folder, at);
  if (!ctx || notChecked) return { ...base, known, verdict: 'not-checked', notChecked, coverage: {} };
  const raw = checkNewTechnology(at, { range: START_OF_FILE }, tech, ctx) ?? checkHoldTechnology(at, { range: START_OF_FILE }, tech, ctx);
  const { finding, coverage } = judge(raw, ctx, rule, tech.id, at, true);
  return { ...base, ...verdictOf(finding, coverage, !!raw), finding, coverage, known };
}

/** A dependency of an ecosystem by its name as written: each technology it belongs to (the most specific first), or a plain library. */
export function answerDependencies(folder: FolderModel, uri: string | undefined, ecosystem: Ecosystem, name: string): Array<TechnologyAnswer | LibraryAnswer> {
  const techs = folder.technologies.matchDependencies(ecosystem, name);
  return techs.length ? techs.map((tech) => answerTechnology(folder, uri, tech)) : [answerDependency(folder, uri, ecosystem, name)];
}

/** A dependency of an ecosystem by its name as written: the most specific technology it brings in, or a plain library. */
export function answerDependency(folder: FolderModel, uri: string | undefined, ecosystem: Ecosystem, name: string): TechnologyAnswer | LibraryAnswer {
  const tech = folder.technologies.matchDependency(ecosystem, name);
  if (tech) return answerTechnology(folder, uri, tech);
  const at = where(folder, uri);
  const base = { kind: 'library' as const, name, ecosystem, subject: name, rule: 'unlisted-dependency' as const };
  const { ctx, notChecked } = unjudged(folder, at);
  if (!ctx || notChecked) return { ...base, verdict: 'not-checked', notChecked, coverage: {} };
  const raw = checkUnlistedDependency(at, { name, range: START_OF_FILE }, ctx);
  if (!raw) return { ...base, verdict: 'not-checked', notChecked: 'plain-library', coverage: {} };
  const { finding, coverage } = judge(raw, ctx, 'unlisted-dependency', name, at, true);
  return { ...base, ...verdictOf(finding, coverage, true), finding, coverage };
}

/** A deployable declared at `uri` (its Dockerfile, compose file, manifest). */
export function answerService(folder: FolderModel, uri: string | undefined, declaration: ServiceDeclaration): ServiceAnswer {
  const at = where(folder, uri);
  const policy = folder.policy?.policy;
  const identity = policy && !declaration.root ? identifyService(policy, declaration) : undefined;
  const subject = policy && !declaration.root ? serviceSubject(policy, declaration) : declaration.name;
  const base = { kind: 'service' as const, declaration, identity, subject, rule: 'new-service' as const };
  if (declaration.root || (identity && 'known' in identity)) return { ...base, rule: undefined, verdict: 'approved', coverage: {} };
  const { ctx, notChecked } = unjudged(folder, at);
  if (!ctx || notChecked) return { ...base, verdict: 'not-checked', notChecked, coverage: {} };
  const raw = checkNewService(at, declaration, ctx);
  const { finding, coverage } = judge(raw, ctx, 'new-service', subject, at, false);
  return { ...base, ...verdictOf(finding, coverage, !!raw), finding, coverage };
}

/** A language brought in by a manifest at `uri`. */
export function answerLanguage(folder: FolderModel, uri: string | undefined, language: string): LanguageAnswer {
  const at = where(folder, uri);
  const listed = folder.policy?.policy.languages;
  const base = { kind: 'language' as const, language, listed, subject: language, rule: 'new-language' as const };
  const { ctx, notChecked } = unjudged(folder, at);
  if (!ctx || notChecked) return { ...base, verdict: 'not-checked', notChecked, coverage: {} };
  if (!listed) return { ...base, rule: undefined, verdict: 'not-checked', notChecked: 'no-languages', coverage: {} };
  if (listed.includes(language) || (language === 'javascript' && listed.includes('typescript'))) return { ...base, rule: undefined, verdict: 'approved', coverage: {} };
  const raw = checkNewLanguage(at, language, START_OF_FILE, ctx);
  const { finding, coverage } = judge(raw, ctx, 'new-language', language, at, false);
  return { ...base, ...verdictOf(finding, coverage, !!raw), finding, coverage };
}

const matchers = new WeakMap<TechnologyIndex, NameMatcher>();

/** A technology by what a person or an agent calls it: its id or alias, its name, or the same letters and digits ("NextJS"), as a radar's names are read. */
export function technologyNamed(index: TechnologyIndex, name: string): Technology | undefined {
  let matcher = matchers.get(index);
  if (!matcher) matchers.set(index, (matcher = new NameMatcher(index, BUILTIN_CATALOG)));
  return matcher.match(name);
}
