/**
 * Hover on a dependency: the technology, its category and ring, the rule and the policy's
 * rationale, the exception covering it (or the pending request), links to the policy entry. The
 * hover is shown below the diagnostic at the same place, so it does not repeat what that says.
 */
import { retirement } from '../radar/retire';
import type { Hover, Position } from 'vscode-languageserver-types';
import type { Technology } from '../catalog/technologies';
import type { EvaluatedException } from '../exceptions/evaluate';
import { grantText, stateDetail, stateLabel } from '../exceptions/state';
import type { Approver } from '../policy/types';
import type { Coverage } from '../exceptions/match';
import { type Answer, answerLanguage, answerService, answerTechnology } from '../answer/answer';
import type { FolderModel } from '../folder';
import { ruleDocUrl, type RuleId } from '../model';
import { relativePath } from '../paths';
import type { PackageJsonFacts } from '../scan/packageJson';
import type { ScaffoldingFacts } from '../scan/scaffolding';
import { workspaceApp } from '../rules';
import { languageName } from '../rules/newLanguage';
import { LISTED_NAMES } from '../rules/newTechnology';
import type { ServiceDeclaration } from '../rules/newService';
import { serviceDeclarations, technologyRefs } from '../rules/services';
import { containsPosition, markdownLinkTarget, markdownText, webLink } from '../text';

export function hoverPackageJson(folder: FolderModel | undefined, uri: string, facts: PackageJsonFacts, position: Position): Hover | undefined {
  const ctx = folder?.context();
  if (folder && ctx && facts.nameRange && containsPosition(facts.nameRange, position)) {
    const app = workspaceApp(uri, facts, ctx);
    return app ? markdown(serviceHover(folder, uri, app), app.range) : undefined;
  }
  const dep = facts.dependencies.find((d) => containsPosition(d.range, position));
  if (!dep) {
    if (folder && ctx && position.line === 0 && ctx.policy.languages) return markdown(languageHover(folder, uri, 'javascript'), facts.firstLine);
    return undefined;
  }
  if (!folder?.policy) {
    return markdown(
      [
        `**Tech Policy** — no policy file for this folder, so nothing is checked.`,
        '',
        'Run **Tech Policy: Create Policy from Workspace** to approve what is in use today.',
      ],
      dep.range,
    );
  }
  const techs = folder.technologies.matchPackages(dep.package);
  if (techs.length === 0) return undefined; // a plain library: nothing to say
  return markdown(technologiesHover(folder, uri, techs), dep.range);
}

/** Hover on a service declaration, a stock image or a language manifest. */
export function hoverScaffolding(folder: FolderModel, uri: string, facts: ScaffoldingFacts, position: Position): Hover | undefined {
  if (!folder.policy) return undefined;
  const service = serviceDeclarations(relativePath(folder.folderUri, uri) ?? '', facts, folder.hints).find((s) => containsPosition(s.range, position));
  if (service) return markdown(serviceHover(folder, uri, service), service.range);
  const image = facts.images.find((i) => containsPosition(i.range, position));
  const tech = image && folder.technologies.matchImage(image.image);
  if (image && tech) return markdown(technologyHover(folder, uri, tech), image.range);
  const dep = facts.dependencies.find((d) => containsPosition(d.range, position));
  const depTechs = dep ? folder.technologies.matchDependencies(dep.ecosystem, dep.name) : [];
  if (dep && depTechs.length) return markdown(technologiesHover(folder, uri, depTechs), dep.range);
  const ref = technologyRefs(facts, folder.hints).find((r) => containsPosition(r.range, position));
  const refTech = ref && (folder.technologies.get(ref.name) ?? folder.technologies.matchImage(ref.name));
  if (ref && refTech) return markdown(technologyHover(folder, uri, refTech), ref.range);
  const language = facts.languages.find((l) => containsPosition(l.range, position));
  if (language && folder.policy.policy.languages) return markdown(languageHover(folder, uri, language.language), language.range);
  return undefined;
}

/** Every technology a dependency belongs to (a Spring Boot starter for Redis is both), the most specific first, one section each. */
function technologiesHover(folder: FolderModel, uri: string, techs: readonly Technology[]): string[] {
  return techs.flatMap((tech, i) => (i === 0 ? technologyHover(folder, uri, tech) : ['', '---', '', ...technologyHover(folder, uri, tech)]));
}

export function serviceHover(folder: FolderModel, uri: string, service: ServiceDeclaration): string[] {
  const policy = folder.policy!.policy;
  const lines: string[] = [];
  if (service.root) {
    lines.push(`**${escape(service.name || 'The monolith')}** — deployable service · the monolith itself`);
    return lines;
  }
  const answer = answerService(folder, uri, service);
  const id = answer.identity;
  if (id && 'known' in id) {
    lines.push(`**${escape(service.name)}** — ${service.process ? 'process of the monolith · known' : 'deployable service · part of the monolith'}`);
    lines.push('', `Listed in the policy as "${escape(id.known)}" (${policyLink(folder)}).`);
    return lines;
  }
  const config = policy.rules['new-service'];
  const found = standing(answer);
  if (found.coverage.approved) {
    lines.push(allowedLine(found.coverage.approved, policy.approvers), '');
    lines.push(`**${escape(service.name)}** — deployable service · outside the monolith; rule \`new-service\` would flag it without the exception.`);
  } else if (service.process && !id?.second) {
    lines.push(`**${escape(service.name)}** — new process of the monolith: the monolith's code, deployed and scaled on its own`);
    lines.push('', `**Rule \`new-service\`**${config.severity === 'off' ? ' (turned off in this policy)' : ''}: ${escape(config.rationale ?? '')}`);
  } else {
    lines.push(`**${escape(service.name)}** — deployable service · not part of the monolith`);
    lines.push('', `**Rule \`new-service\`**${config.severity === 'off' ? ' (turned off in this policy)' : ''}: ${escape(config.rationale ?? '')}`);
  }
  // the diagnostic already names the known deployables (or, for a second one, where the known one is)
  if (id?.second && !found.diagnostic) lines.push('', `A second "${escape(service.name)}": this one is in ${escape(service.place || 'the workspace root')}; the known one is declared in ${id.second.places.map((p) => escape(p || 'the workspace root')).join(', ')}.`);
  const services = Object.keys(policy.services);
  if (!found.diagnostic || id?.second || services.length > LISTED_NAMES) lines.push('', services.length ? `The monolith's deployables: ${services.map(escape).join(', ')}.` : 'The policy lists no services besides the monolith.');
  if (!found.coverage.approved) lines.push('', exceptionLine(found, policy.approvers));
  lines.push('', linksLine(folder, 'new-service', config.link, found));
  return lines;
}

export function languageHover(folder: FolderModel, uri: string, language: string): string[] {
  const policy = folder.policy!.policy;
  const listed = policy.languages ?? [];
  const answer = answerLanguage(folder, uri, language);
  const title = `**${languageName(language)}** — language`;
  if (answer.verdict === 'approved') return [`${title} · allowed by the policy`];
  const config = policy.rules['new-language'];
  const found = standing(answer);
  const lines: string[] = [];
  if (found.coverage.approved) {
    lines.push(allowedLine(found.coverage.approved, policy.approvers), '');
    lines.push(`${title} · not in the policy's languages; rule \`new-language\` would flag it without the exception.`);
  } else {
    lines.push(`${title} · not in the policy's languages`);
    lines.push('', `**Rule \`new-language\`**${config.severity === 'off' ? ' (turned off in this policy)' : ''}: ${escape(config.rationale ?? '')}`);
  }
  // the diagnostic already names the languages the policy allows
  if (!found.diagnostic || listed.length > LISTED_NAMES) lines.push('', `Languages of this repository: ${listed.map(languageName).join(', ') || 'none listed'}.`);
  if (!found.coverage.approved) lines.push('', exceptionLine(found, policy.approvers));
  lines.push('', linksLine(folder, 'new-language', config.link, found));
  return lines;
}

function policyLink(folder: FolderModel, text = 'the policy'): string {
  return mdLink(text, folder.policy!.uri);
}

function ringText(tech: Technology): string {
  switch (tech.ring) {
    case 'adopt':
    case 'trial':
      return `approved (${tech.ring})`;
    case 'hold':
      return 'on hold';
    case 'assess':
      return 'being assessed (needs an exception for production use)';
    default:
      return 'not approved';
  }
}

/**
 * Hover on a technology. What the diagnostic at the same place already says (the approved
 * alternatives, the policy's note, the rule's documentation link) is not said again; a use that a
 * granted exception allows starts with that fact.
 */
export function technologyHover(folder: FolderModel, uri: string, tech: Technology): string[] {
  const policy = folder.policy!.policy;
  const lines: string[] = [];
  const title = `**${escape(tech.name)}** — ${escape(tech.categoryLabel)}`;
  const answer = answerTechnology(folder, uri, tech);
  if (answer.verdict === 'approved') {
    lines.push(`${title} · ${ringText(tech)}`, '');
    lines.push(`Part of the approved stack: ring \`${tech.ring}\` in ${policyEntryLink(folder, tech.id)}.`);
    if (tech.note) lines.push('', escape(tech.note));
    return lines;
  }
  const rule = answer.rule!;
  const config = policy.rules[rule];
  const found = standing(answer);
  if (found.coverage.approved) {
    lines.push(allowedLine(found.coverage.approved, policy.approvers), '');
    lines.push(`${title} · ${tech.ring === undefined ? 'not in the approved stack' : ringText(tech)}; rule \`${rule}\` would flag it without the exception.`);
  } else {
    lines.push(`${title} · ${ringText(tech)}`, '');
    lines.push(`**Rule \`${rule}\`**${config.severity === 'off' ? ' (turned off in this policy)' : ''}: ${escape(config.rationale ?? '')}`);
  }
  const known = answer.known;
  if (known) {
    const when = known.since ? ` on ${known.since}` : '';
    const line = tech.ring === 'hold' ? 'no new use allowed' : tech.ring === 'assess' ? 'no new use in production without a signed exception' : 'a new use elsewhere is reported';
    lines.push('', `**Known use**, recorded in the baseline${when} (${escape(known.count === 1 ? 'one use' : `${known.count} uses`)} in this file); ${line}.`);
  }
  const retireBy = tech.ring === 'hold' ? Object.entries(policy.technologies).find(([id]) => folder.technologies.canonicalId(id) === tech.id)?.[1].retireBy : undefined;
  if (retireBy) {
    const today = folder.context()?.today ?? retireBy;
    lines.push('', `**Retiring:** ${escape(retirement(retireBy, today, [{ day: today, uses: folder.heldUses(tech.id) }]).sentence)}`);
  }
  // hold-technology's message carries the note, or else the alternatives; new-technology's the alternatives
  const said = found.diagnostic ? (rule === 'hold-technology' ? (tech.note ? 'note' : 'alternatives') : 'alternatives') : undefined;
  if (tech.note && said !== 'note') lines.push('', `Policy note: ${escape(tech.note)}`);
  const alternatives = answer.alternatives;
  // a diagnostic lists a few names, then "and N more": the hover lists them all then
  if (alternatives.length && (said !== 'alternatives' || alternatives.length > LISTED_NAMES)) lines.push('', `Approved ${escape(tech.categoryPlural)}: ${alternatives.map((t) => escape(t.name)).join(', ')}.`);
  if (!found.coverage.approved) lines.push('', exceptionLine(found, policy.approvers));
  lines.push('', linksLine(folder, rule, config.link, found));
  return lines;
}

/** Where a subject stands here: the exceptions naming it, and whether the rule's own diagnostic shows at this place. */
interface Standing {
  coverage: Coverage;
  /** True when a diagnostic of this rule, with its own message (and its code linking to the rule's page), is shown here. */
  diagnostic: boolean;
  /** True when the finding shows as exception-expired instead. */
  expiredDiagnostic: boolean;
}

/** The answer as the hover reads it: what the diagnostic below which it shows already says. */
function standing(answer: Answer): Standing {
  const shown = answer.finding?.rule;
  return { coverage: answer.coverage, diagnostic: shown !== undefined && shown === answer.rule, expiredDiagnostic: shown === 'exception-expired' };
}

/** "✓ Allowed by EX-0001: granted, signed by …, on …, expires …. Scope: …" */
function allowedLine(ex: EvaluatedException, approvers: readonly Approver[]): string {
  const more = stateDetail(ex, approvers);
  return `✓ Allowed by ${link(ex)}: **${escape(stateLabel(ex))}**${more ? `, ${escape(more)}` : ''}.${scopeText(ex)}`;
}

function scopeText(ex: EvaluatedException): string {
  return ex.record.scope.length ? ` Scope: ${ex.record.scope.map((s) => `"${escape(s)}"`).join(', ')}.` : '';
}

/** The exception line of a subject that no granted exception covers: the expired one, the request, or none. */
function exceptionLine(found: Standing, approvers: readonly Approver[]): string {
  const ex = found.coverage.expired ?? found.coverage.pending;
  if (!ex) return 'Exception: none. Use the quick fix to request one.';
  // the diagnostic here starts with the request's id and state: the hover adds who and when, or where to look
  if (found.diagnostic && ex === found.coverage.pending && ex.record.id) {
    if (ex.state === 'requested') return `Exception ${link(ex)}: ${escape(stateDetail(ex, approvers))}.${scopeText(ex)}`;
    return `Exception ${link(ex)}: the document says what its approval lacks.`;
  }
  // exception-expired's message says which one expired and when: the hover adds who had granted it
  if (found.expiredDiagnostic && ex === found.coverage.expired) return `Exception ${link(ex)}: was ${escape(grantText(ex))}, on ${escape(ex.record.approvedOn ?? '')}.${scopeText(ex)}`;
  const more = stateDetail(ex, approvers);
  return `Exception ${link(ex)}: **${escape(stateLabel(ex))}**${more ? ` — ${escape(more)}` : ''}.${scopeText(ex)}`;
}

/**
 * Policy · Rule documentation: the policy's own page for the rule when it names one, and Tech
 * Policy's page unless the diagnostic here already links it (through its code).
 */
function linksLine(folder: FolderModel, rule: RuleId, configured: string | undefined, found: Standing): string {
  const links = [mdLink('Policy', folder.policy!.uri)];
  const own = ruleLink(configured, rule);
  const custom = own !== ruleDocUrl(rule);
  if (custom) links.push(mdLink('Rule documentation', own));
  if (!found.diagnostic) links.push(mdLink(custom ? 'Rule documentation (Tech Policy)' : 'Rule documentation', ruleDocUrl(rule)));
  return links.join(' · ');
}

function link(ex: EvaluatedException): string {
  return mdLink(ex.record.id ?? 'exception', ex.record.uri);
}

/** A link Tech Policy makes: escaped text, and a target that cannot end early or smuggle Markdown. */
function mdLink(text: string, target: string): string {
  return `[${escape(text)}](${markdownLinkTarget(target)})`;
}

/** The policy's documentation link for a rule when it is a web page, else Tech Policy's own. */
function ruleLink(link: string | undefined, rule: RuleId): string {
  return webLink(link) ?? ruleDocUrl(rule);
}

function policyEntryLink(folder: FolderModel, id: string): string {
  const loc = folder.policy?.locations.technologies[id] ?? Object.entries(folder.policy?.locations.technologies ?? {}).find(([k]) => folder.technologies.canonicalId(k) === id)?.[1];
  const base = folder.policy!.uri;
  return mdLink('the policy', loc ? `${base}#L${loc.start.line + 1}` : base);
}

const escape = markdownText;

function markdown(lines: string[], range: Hover['range']): Hover {
  return { contents: { kind: 'markdown', value: lines.join('\n') }, range };
}
