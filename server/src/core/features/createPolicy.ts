/**
 * "Create Policy from Workspace": a starter techpolicy.json that approves every technology,
 * service and language in use today, so adopting the policy on an existing repository is silent
 * on day one.
 */
import { type Technology, TechnologyIndex } from '../catalog/technologies';
import { DEFAULT_EXCEPTIONS_DIRECTORY } from '../policy/defaults';
import type { PackageJsonFacts } from '../scan/packageJson';
import type { ScaffoldingFacts } from '../scan/scaffolding';
import { appDeclaration, indexHints, serviceDeclarations, technologyRefs } from '../rules/services';

export interface WorkspaceInventory {
  /** Every package.json, with its workspace-relative path. */
  packageJsons: Array<{ rel: string; facts: PackageJsonFacts }>;
  /** Every scaffolding file, with its workspace-relative path. */
  scaffolding: Array<{ rel: string; facts: ScaffoldingFacts }>;
}

export interface InUse {
  technologies: Technology[];
  /** Technology id → every file that uses it (workspace-relative, sorted). */
  technologyFiles: Map<string, string[]>;
  /** Service name → every place it is declared today (its folder, or the file that declares it). */
  services: Map<string, string[]>;
  languages: string[];
}

export function inUse(inventory: WorkspaceInventory, index = new TechnologyIndex({ technologies: {} })): InUse {
  const techs = new Map<string, Technology>();
  const files = new Map<string, Set<string>>();
  const use = (tech: Technology | undefined, rel: string) => {
    if (!tech) return;
    techs.set(tech.id, tech);
    if (!files.has(tech.id)) files.set(tech.id, new Set());
    files.get(tech.id)!.add(rel);
  };
  const useAll = (list: readonly Technology[], rel: string) => {
    for (const tech of list) use(tech, rel);
  };
  const declared = new Map<string, Set<string>>(); // service → places it is declared in
  const declare = (name: string, place: string) => {
    if (!declared.has(name)) declared.set(name, new Set());
    declared.get(name)!.add(place);
  };
  const languages = new Set<string>();
  const hints = indexHints(inventory.scaffolding.map((s) => s.facts.hints));
  const match = (p: string) => index.matchPackage(p);
  for (const { rel, facts } of inventory.packageJsons) {
    languages.add('javascript');
    for (const dep of facts.dependencies) useAll(index.matchPackages(dep.package), rel);
    const app = appDeclaration(rel, facts, match, hints);
    if (app) declare(app.name, app.place);
  }
  for (const { rel, facts } of inventory.scaffolding) {
    for (const s of serviceDeclarations(rel, facts, hints)) if (!s.root && s.name) declare(s.name, s.place);
    for (const i of facts.images) use(index.matchImage(i.image), rel);
    for (const d of facts.dependencies) useAll(index.matchDependencies(d.ecosystem, d.name), rel);
    for (const r of technologyRefs(facts, hints)) use(index.get(r.name) ?? index.matchImage(r.name), rel);
    for (const l of facts.languages) languages.add(l.language);
  }
  const services = new Map<string, string[]>();
  for (const [name, places] of [...declared].sort(([a], [b]) => a.localeCompare(b))) services.set(name, [...places].sort());
  return {
    technologies: [...techs.values()].sort((a, b) => a.categoryLabel.localeCompare(b.categoryLabel) || a.id.localeCompare(b.id)),
    technologyFiles: new Map([...files].map(([id, set]) => [id, [...set].sort()])),
    services,
    languages: [...languages].sort(),
  };
}

export function createPolicyText(inventory: WorkspaceInventory, today: string): string {
  const used = inUse(inventory);
  const out: string[] = [];
  out.push('// Tech Policy: the approved stack, created from what this workspace used on ' + today + '.');
  out.push('// Boring technology: adopt something new only when it enables a product capability the');
  out.push('// current stack cannot deliver, with an exception signed by an approver.');
  out.push('{');
  out.push('  // Who signs exceptions, for example { "name": "Dana Reyes", "email": "dana@acme.example", "role": "CTO" }');
  out.push('  "approvers": [],');
  out.push(`  "exceptionsDirectory": ${JSON.stringify(DEFAULT_EXCEPTIONS_DIRECTORY)},`);
  out.push('  "rules": {');
  out.push('    "new-technology": { "severity": "warning" },');
  out.push('    "hold-technology": { "severity": "warning" },');
  out.push('    "new-service": { "severity": "warning" },');
  out.push('    "new-language": { "severity": "warning" },');
  out.push('    "unlisted-dependency": { "severity": "off" }');
  out.push('  },');
  // written even when empty: an absent list turns new-language off, and a repository with no
  // language manifest today (a compose-only one) must still hear of its first
  const languages = used.languages.includes('javascript') ? [...used.languages, 'typescript'].sort() : used.languages;
  out.push(languages.length ? '  // Languages of this repository: a manifest of any other language is flagged.' : '  // No language manifest today: the first one of any language is flagged.');
  out.push(`  "languages": [${languages.map((l) => JSON.stringify(l)).join(', ')}],`);
  // a file that does not parse fails the check in CI: left out on day one, named, so it is not forgotten
  const broken = notParsing(inventory);
  if (broken.length) {
    out.push(`  // Files that did not parse on ${today}: not checked. Fix each and take it off this list.`);
    out.push(`  "ignore": [${broken.map((rel) => JSON.stringify(escapeGlob(rel))).join(', ')}],`);
  }
  out.push('  // The monolith\'s deployables today, each with where it is declared: any other new service is flagged.');
  out.push('  "services": {');
  // each service with where it is declared: the same name declared anywhere else is a new service
  const services = [...used.services];
  services.forEach(([name, places], i) => {
    const path = places.length === 1 ? JSON.stringify(places[0] || '.') : `[${places.map((p) => JSON.stringify(p || '.')).join(', ')}]`;
    out.push(`    ${JSON.stringify(name)}: { "path": ${path} }${i < services.length - 1 ? ',' : ''}`);
  });
  out.push('  },');
  out.push('  // Rings: adopt, trial (allowed), assess (needs an exception for production), hold (no new use).');
  out.push('  "technologies": {');
  let category = '';
  used.technologies.forEach((t, i) => {
    if (t.categoryPlural !== category) {
      category = t.categoryPlural;
      out.push(`    // ${category}`);
    }
    out.push(`    ${JSON.stringify(t.id)}: { "ring": "adopt" }${i < used.technologies.length - 1 ? ',' : ''}`);
  });
  out.push('  }');
  out.push('}');
  out.push('');
  return out.join('\n');
}

/** The workspace-relative paths of the files that do not parse (each a problem or a syntax error), sorted. */
export function notParsing(inventory: WorkspaceInventory): string[] {
  const broken = [
    ...inventory.packageJsons.filter((p) => p.facts.problems.length > 0 || p.facts.syntaxErrors.length > 0),
    ...inventory.scaffolding.filter((s) => s.facts.problems.length > 0),
  ];
  return [...new Set(broken.map((b) => b.rel))].sort();
}

/** A path as a glob that matches only itself: glob characters escaped. */
function escapeGlob(rel: string): string {
  return rel.replace(/[\\*?[\]{}()!+@]/g, (c) => `\\${c}`);
}
