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

/** Messages per technology, for the index that made it (which knows what is approved): neither changes. */
const messages = new WeakMap<Technology, { index: RuleContext['technologies']; message: string }>();

/** What a diagnostic says first, kept short (the Problems panel cuts at ~120 characters): "Fastify: new web framework (approved: Express). Needs a signed exception." */
export function newTechnologyMessage(tech: Technology, ctx: RuleContext): string {
  const known = messages.get(tech);
  if (known?.index === ctx.technologies) return known.message;
  const alternatives = approvedAlternatives(tech, ctx);
  const message = `${tech.name}: new ${tech.categoryLabel} (approved: ${alternatives.length ? shortList(alternatives) : 'none yet'}). Needs a signed exception.`;
  messages.set(tech, { index: ctx.technologies, message });
  return message;
}

/** How many names a diagnostic lists before "and N more". */
export const LISTED_NAMES = 3;

/** "A, B and C", or "A, B, C and 2 more" past LISTED_NAMES. */
export function shortList(names: string[]): string {
  if (names.length <= LISTED_NAMES) return joinNames(names);
  return `${names.slice(0, LISTED_NAMES).join(', ')} and ${names.length - LISTED_NAMES} more`;
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
