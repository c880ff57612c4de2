/** `new-technology`: a framework or technology the policy has not approved. */
import type { Technology } from '../catalog/technologies';
import type { Finding } from '../model';
import type { Range } from 'vscode-languageserver-types';
import { type RuleContext, severityOf } from './context';

export function approvedAlternatives(tech: Technology, ctx: RuleContext): string[] {
  return ctx.technologies
    .approvedIn(tech.category)
    .filter((t) => t.id !== tech.id)
    .map((t) => t.name)
    .sort((a, b) => a.localeCompare(b));
}

export function newTechnologyMessage(tech: Technology, ctx: RuleContext): string {
  const alternatives = approvedAlternatives(tech, ctx);
  const stack = alternatives.length
    ? `the approved stack uses ${joinNames(alternatives)}`
    : `the policy approves no ${tech.categoryPlural} yet`;
  return `${tech.name} is a new ${tech.categoryLabel}; ${stack}. Adopting it needs an exception signed by an approver.`;
}

export function checkNewTechnology(uri: string, dep: { range: Range }, tech: Technology, ctx: RuleContext): Finding | undefined {
  if (tech.ring !== undefined) return undefined;
  const severity = severityOf(ctx, 'new-technology');
  if (!severity) return undefined;
  return {
    uri,
    range: dep.range,
    rule: 'new-technology',
    severity,
    subject: tech.id,
    subjectName: tech.name,
    kind: 'technology',
    category: tech.categoryLabel,
    message: newTechnologyMessage(tech, ctx),
  };
}

export function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
