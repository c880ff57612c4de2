/**
 * "Create Policy from Workspace": a starter techpolicy.json that approves every technology,
 * service and language in use today, so adopting the policy on an existing repository is silent
 * on day one.
 */
import { type Technology, TechnologyIndex } from '../catalog/technologies';
import { DEFAULT_EXCEPTIONS_DIRECTORY } from '../policy/defaults';
import type { PackageJsonFacts } from '../scan/packageJson';
import type { ScaffoldingFacts } from '../scan/scaffolding';
import { appName, servesHttp } from '../rules';
import { ownFolder } from '../rules/newService';

export interface WorkspaceInventory {
  /** Every package.json, with its workspace-relative path. */
  packageJsons: Array<{ rel: string; facts: PackageJsonFacts }>;
  scaffolding: ScaffoldingFacts[];
}

export interface InUse {
  technologies: Technology[];
  /** Service name → its own folder, or undefined when it has none (declared only in shared folders). */
  services: Map<string, string | undefined>;
  languages: string[];
}

export function inUse(inventory: WorkspaceInventory, index = new TechnologyIndex({ technologies: {} })): InUse {
  const techs = new Map<string, Technology>();
  const declared = new Map<string, Set<string>>(); // service → folders it is declared in
  const declare = (name: string, folder: string) => {
    if (!declared.has(name)) declared.set(name, new Set());
    declared.get(name)!.add(folder);
  };
  const languages = new Set<string>();
  for (const { rel, facts } of inventory.packageJsons) {
    languages.add('javascript');
    for (const dep of facts.dependencies) {
      const tech = index.matchPackage(dep.package);
      if (tech) techs.set(tech.id, tech);
    }
    // a workspace app (see rules/index.ts workspaceApp): below the root, a server framework, a start script
    if (rel.includes('/') && facts.name && facts.scripts.start && servesHttp(facts, (p) => index.matchPackage(p))) {
      const folder = rel.slice(0, rel.lastIndexOf('/'));
      declare(appName(folder, facts.name), folder);
    }
  }
  for (const facts of inventory.scaffolding) {
    for (const s of facts.services) if (!s.root && s.name) declare(s.name, ownFolder(s) ?? '');
    for (const i of facts.images) {
      const tech = index.matchImage(i.image);
      if (tech) techs.set(tech.id, tech);
    }
    for (const l of facts.languages) languages.add(l.language);
  }
  // A folder names a service by path only when no other service is declared there: a shared
  // folder (kubernetes-manifests/, the root) as a path would approve every future service in it.
  const servicesIn = new Map<string, number>();
  for (const folders of declared.values()) for (const f of folders) servicesIn.set(f, (servicesIn.get(f) ?? 0) + 1);
  const services = new Map<string, string | undefined>();
  for (const [name, folders] of [...declared].sort(([a], [b]) => a.localeCompare(b))) {
    services.set(name, [...folders].sort().find((f) => f !== '' && servicesIn.get(f) === 1));
  }
  return {
    technologies: [...techs.values()].sort((a, b) => a.categoryLabel.localeCompare(b.categoryLabel) || a.id.localeCompare(b.id)),
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
  if (used.languages.length) {
    const languages = used.languages.includes('javascript') ? [...used.languages, 'typescript'].sort() : used.languages;
    out.push('  // Languages of this repository: a manifest of any other language is flagged.');
    out.push(`  "languages": [${languages.map((l) => JSON.stringify(l)).join(', ')}],`);
  }
  out.push('  // The monolith\'s deployables today: any other new service is flagged.');
  out.push('  "services": {');
  const services = [...used.services];
  services.forEach(([name, folder], i) => {
    out.push(`    ${JSON.stringify(name)}: ${folder ? `{ "path": ${JSON.stringify(folder)} }` : '{}'}${i < services.length - 1 ? ',' : ''}`);
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
