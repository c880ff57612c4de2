/**
 * Hover on a dependency: the technology, its category and ring, the rule and the policy's
 * rationale, the exception covering it (or the pending request), links to the policy entry.
 */
import type { Hover, Position } from 'vscode-languageserver-types';
import type { Technology } from '../catalog/technologies';
import type { EvaluatedException } from '../exceptions/evaluate';
import { stateDetail, stateLabel } from '../exceptions/state';
import type { Approver } from '../policy/types';
import { coverageFor } from '../exceptions/match';
import type { FolderModel } from '../folder';
import { ruleDocUrl, type RuleId } from '../model';
import { relativePath } from '../paths';
import type { PackageJsonFacts } from '../scan/packageJson';
import type { ScaffoldingFacts } from '../scan/scaffolding';
import { workspaceApp } from '../rules';
import { languageName } from '../rules/newLanguage';
import { identifyService, type ServiceDeclaration, serviceSubject } from '../rules/newService';
import { serviceDeclarations, technologyRefs } from '../rules/services';
import { containsPosition } from '../text';

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
  const tech = folder.technologies.matchPackage(dep.package);
  if (!tech) return undefined; // a plain library: nothing to say
  return markdown(technologyHover(folder, uri, tech), dep.range);
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
  const depTech = dep && folder.technologies.matchDependency(dep.ecosystem, dep.name);
  if (dep && depTech) return markdown(technologyHover(folder, uri, depTech), dep.range);
  const ref = technologyRefs(facts, folder.hints).find((r) => containsPosition(r.range, position));
  const refTech = ref && (folder.technologies.get(ref.name) ?? folder.technologies.matchImage(ref.name));
  if (ref && refTech) return markdown(technologyHover(folder, uri, refTech), ref.range);
  const language = facts.languages.find((l) => containsPosition(l.range, position));
  if (language && folder.policy.policy.languages) return markdown(languageHover(folder, uri, language.language), language.range);
  return undefined;
}

export function serviceHover(folder: FolderModel, uri: string, service: ServiceDeclaration): string[] {
  const policy = folder.policy!.policy;
  const lines: string[] = [];
  if (service.root) {
    lines.push(`**${escape(service.name || 'The monolith')}** — deployable service · the monolith itself`);
    return lines;
  }
  const id = identifyService(policy, service);
  if (id && 'known' in id) {
    lines.push(`**${escape(service.name)}** — deployable service · part of the monolith`);
    lines.push('', `Listed in the policy as "${escape(id.known)}" (${policyLink(folder)}).`);
    return lines;
  }
  const config = policy.rules['new-service'];
  lines.push(`**${escape(service.name)}** — deployable service · not part of the monolith`);
  if (id?.second) lines.push('', `A second "${escape(service.name)}": this one is in ${escape(service.place || 'the workspace root')}; the known one is declared in ${id.second.places.map((p) => escape(p || 'the workspace root')).join(', ')}.`);
  lines.push('', `**Rule \`new-service\`**${config.severity === 'off' ? ' (turned off in this policy)' : ''}: ${escape(config.rationale ?? '')}`);
  const services = Object.keys(policy.services);
  lines.push('', services.length ? `The monolith's deployables: ${services.map(escape).join(', ')}.` : 'The policy lists no services besides the monolith.');
  lines.push('', exceptionLine(folder, uri, 'new-service', serviceSubject(policy, service), policy.approvers));
  lines.push('', [policyLink(folder, 'Policy'), mdLink('Rule documentation', ruleLink(config.link, 'new-service'))].join(' · '));
  return lines;
}

export function languageHover(folder: FolderModel, uri: string, language: string): string[] {
  const policy = folder.policy!.policy;
  const listed = policy.languages ?? [];
  const ok = listed.includes(language) || (language === 'javascript' && listed.includes('typescript'));
  const lines = [`**${languageName(language)}** — language · ${ok ? 'allowed by the policy' : 'not in the policy\'s languages'}`];
  if (ok) return lines;
  const config = policy.rules['new-language'];
  lines.push('', `**Rule \`new-language\`**: ${escape(config.rationale ?? '')}`);
  lines.push('', `Languages of this repository: ${listed.map(languageName).join(', ') || 'none listed'}.`);
  lines.push('', exceptionLine(folder, uri, 'new-language', language, policy.approvers));
  lines.push('', [policyLink(folder, 'Policy'), mdLink('Rule documentation', ruleLink(config.link, 'new-language'))].join(' · '));
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

export function technologyHover(folder: FolderModel, uri: string, tech: Technology): string[] {
  const loaded = folder.policy!;
  const policy = loaded.policy;
  const lines: string[] = [];
  lines.push(`**${escape(tech.name)}** — ${escape(tech.categoryLabel)} · ${ringText(tech)}`);
  lines.push('');
  const policyLink = policyEntryLink(folder, tech.id);
  if (tech.ring === 'adopt' || tech.ring === 'trial') {
    lines.push(`Part of the approved stack: ring \`${tech.ring}\` in ${policyLink}.`);
    if (tech.note) lines.push('', escape(tech.note));
    return lines;
  }
  const rule: RuleId = tech.ring === undefined ? 'new-technology' : 'hold-technology';
  const config = policy.rules[rule];
  lines.push(`**Rule \`${rule}\`**${config.severity === 'off' ? ' (turned off in this policy)' : ''}: ${escape(config.rationale ?? '')}`);
  const known = folder.baselineEntry(uri, rule, tech.id);
  if (known) {
    const when = known.since ? ` on ${known.since}` : '';
    const line = tech.ring === 'hold' ? 'no new use allowed' : tech.ring === 'assess' ? 'no new use in production without a signed exception' : 'a new use elsewhere is reported';
    lines.push('', `**Known use**, recorded in the baseline${when} (${escape(known.count === 1 ? 'one use' : `${known.count} uses`)} in this file); ${line}.`);
  }
  if (tech.note) lines.push('', `Policy note: ${escape(tech.note)}`);
  const alternatives = folder.technologies.approvedIn(tech.category).filter((t) => t.id !== tech.id);
  if (alternatives.length) lines.push('', `Approved ${escape(tech.categoryPlural)}: ${alternatives.map((t) => escape(t.name)).join(', ')}.`);
  lines.push('', exceptionLine(folder, uri, rule, tech.id, policy.approvers));
  const links = [mdLink('Policy', loaded.uri), mdLink('Rule documentation', ruleLink(config.link, rule))];
  if (ruleLink(config.link, rule) !== ruleDocUrl(rule)) links.push(mdLink('Rule documentation (Tech Policy)', ruleDocUrl(rule)));
  lines.push('', links.join(' · '));
  return lines;
}

export function exceptionLine(folder: FolderModel, uri: string, rule: RuleId, subject: string, approvers: readonly Approver[]): string {
  const rel = relativePath(folder.folderUri, uri);
  const coverage = coverageFor(rule, subject, rel, folder.exceptions, (s) => folder.technologies.canonicalId(s));
  const ex = coverage.approved ?? coverage.expired ?? coverage.pending;
  if (!ex) return 'Exception: none. Use the quick fix to request one.';
  const scope = ex.record.scope.length ? ` Scope: ${ex.record.scope.map((s) => `"${escape(s)}"`).join(', ')}.` : '';
  const detail = ex.state === 'not-granted' ? ` ${escape(ex.problems[0]?.message ?? '')}` : '';
  const more = stateDetail(ex, approvers);
  return `Exception ${link(ex)}: **${escape(stateLabel(ex))}**${more ? ` — ${escape(more)}` : ''}.${scope}${detail}`;
}

function link(ex: EvaluatedException): string {
  return mdLink(ex.record.id ?? 'exception', ex.record.uri);
}

/**
 * A link Tech Policy makes: escaped text, and a target that cannot end early or smuggle
 * Markdown (parentheses, spaces and angle brackets percent-encoded).
 */
function mdLink(text: string, target: string): string {
  return `[${escape(text)}](${target.replace(/[()<>\s\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
}

/** The policy's documentation link for a rule when it is a web page, else Tech Policy's own. */
function ruleLink(link: string | undefined, rule: RuleId): string {
  return link && /^https?:\/\/[^\s]+$/i.test(link) ? link : ruleDocUrl(rule);
}

function policyEntryLink(folder: FolderModel, id: string): string {
  const loc = folder.policy?.locations.technologies[id] ?? Object.entries(folder.policy?.locations.technologies ?? {}).find(([k]) => folder.technologies.canonicalId(k) === id)?.[1];
  const base = folder.policy!.uri;
  return mdLink('the policy', loc ? `${base}#L${loc.start.line + 1}` : base);
}

/**
 * Text from the repository or the policy, shown as text: every ASCII punctuation character is
 * backslash-escaped (CommonMark renders it unchanged), so no link, image, autolink, emphasis or
 * HTML can come out of it.
 */
function escape(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&').replace(/\r?\n/g, ' ');
}

function markdown(lines: string[], range: Hover['range']): Hover {
  return { contents: { kind: 'markdown', value: lines.join('\n') }, range };
}
