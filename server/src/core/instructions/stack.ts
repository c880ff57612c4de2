/**
 * The approved stack as an agent (or a newcomer) reads it: per category, the technologies the
 * policy approves with their rings and notes; what is on hold; the monolith's deployables; the
 * languages; who signs exceptions. One summary, two renderings: the MCP resource and the section
 * `tech-policy agents` keeps in AGENTS.md. Pure; from the policy and its technology index.
 */
import { BUILTIN_CATALOG, type Technology, type TechnologyIndex } from '../catalog/technologies';
import { approverName } from '../exceptions/evaluate';
import type { Policy } from '../policy/types';
import { languageName } from '../rules/newLanguage';
import { joinNames } from '../rules/newTechnology';
import { oneLine } from '../text';

export interface StackEntry {
  id: string;
  name: string;
  ring: 'adopt' | 'trial' | 'assess' | 'hold';
  note?: string;
}

export interface StackSummary {
  /** Approved (adopt, trial) technologies by category, in the catalog's category order. */
  categories: Array<{ id: string; label: string; technologies: StackEntry[] }>;
  /** On hold or being assessed: no new use (production use) without a signed exception. */
  restricted: StackEntry[];
  services: Array<{ name: string; paths: string[] }>;
  /** Absent: the policy lists none (new-language is off). */
  languages?: string[];
  approvers: string[];
  exceptionsDirectory: string;
}

function entry(t: Technology): StackEntry {
  return { id: t.id, name: t.name, ring: t.ring!, ...(t.note ? { note: t.note } : {}) };
}

const byName = (a: StackEntry, b: StackEntry) => a.name.localeCompare(b.name, 'en');

export function stackSummary(policy: Policy, index: TechnologyIndex): StackSummary {
  const order = new Map(BUILTIN_CATALOG.categories.map((c, i) => [c.id, i]));
  const categories = new Map<string, { id: string; label: string; technologies: StackEntry[] }>();
  const restricted: StackEntry[] = [];
  for (const t of index.all()) {
    if (t.ring === 'hold' || t.ring === 'assess') restricted.push(entry(t));
    if (t.ring !== 'adopt' && t.ring !== 'trial') continue;
    const c = categories.get(t.category) ?? { id: t.category, label: t.categoryPlural, technologies: [] };
    c.technologies.push(entry(t));
    categories.set(t.category, c);
  }
  const rank = (id: string) => order.get(id) ?? order.size;
  const list = [...categories.values()].sort((a, b) => rank(a.id) - rank(b.id) || a.label.localeCompare(b.label, 'en'));
  for (const c of list) c.technologies.sort(byName);
  return {
    categories: list,
    restricted: restricted.sort(byName),
    services: Object.entries(policy.services).map(([name, e]) => ({ name, paths: e.path === undefined ? [] : Array.isArray(e.path) ? [...e.path] : [e.path] })),
    languages: policy.languages?.map(languageName),
    approvers: policy.approvers.map(approverName),
    exceptionsDirectory: policy.exceptionsDirectory,
  };
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "Express", "Fastify (trial)". */
function named(e: StackEntry): string {
  return e.ring === 'adopt' ? e.name : `${e.name} (${e.ring})`;
}

/** "web and worker (server)". */
export function servicesText(services: StackSummary['services']): string {
  return joinNames(services.map((s) => (s.paths.length ? `${s.name} (${s.paths.map((p) => p.replace(/^\.\/?$/, '') || 'the root').join(', ')})` : s.name)));
}

/** One line per category: "Web frameworks: Express, Koa (trial)." */
export function categoryLines(summary: StackSummary): string[] {
  return summary.categories.map((c) => oneLine(`${capital(c.label)}: ${c.technologies.map(named).join(', ')}.`));
}

export function restrictedLines(summary: StackSummary): string[] {
  return summary.restricted.map((e) => oneLine(`${e.name} (${e.ring === 'hold' ? 'on hold' : 'being assessed'})${e.note ? `: ${e.note.trim()}` : ''}`));
}

/** The approved stack as a Markdown page (the MCP resource). Repository text stays on its line. */
export function stackMarkdown(summary: StackSummary, policyName: string): string {
  const out = [`# The approved stack (${oneLine(policyName)})`, ''];
  out.push('Technologies the policy approves, by category (ring adopt, or trial). Anything else a check reports as new, and it needs an exception signed by an approver.', '');
  if (summary.categories.length === 0) out.push('The policy approves no technology yet.', '');
  for (const line of categoryLines(summary)) out.push(`- ${line}`);
  if (summary.categories.length) out.push('');
  if (summary.restricted.length) {
    out.push('## On hold or being assessed', '', 'No new use (no production use, for those being assessed) without a signed exception.', '');
    for (const line of restrictedLines(summary)) out.push(`- ${line}`);
    out.push('');
  }
  out.push('## Deployables', '', 'One monolith: new work goes into its deployables. A new Dockerfile, service, function or app needs a signed exception.', '');
  out.push(summary.services.length ? `- ${oneLine(servicesText(summary.services))}` : '- The policy lists none besides the monolith itself.', '');
  out.push('## Languages', '');
  out.push(summary.languages ? `- ${oneLine(joinNames(summary.languages))}${summary.languages.length ? '' : 'none listed'}` : '- Not restricted (the policy lists no languages).', '');
  out.push('## Exceptions', '');
  out.push(`- Signed by: ${oneLine(summary.approvers.length ? joinNames(summary.approvers) : 'the policy names no approvers yet')}.`);
  out.push(`- Documents in ${oneLine(summary.exceptionsDirectory)}/: a request is not an exception until an approver signs it.`, '');
  return out.join('\n');
}
