/**
 * "Create Policy from Workspace": a starter techpolicy.json that approves every technology in
 * use today, so adopting the policy on an existing repository is silent on day one.
 */
import { TechnologyIndex } from '../catalog/technologies';
import { DEFAULT_EXCEPTIONS_DIRECTORY } from '../policy/defaults';
import type { PackageJsonFacts } from '../scan/packageJson';

export interface WorkspaceInventory {
  packageJsons: PackageJsonFacts[];
}

export function technologiesInUse(inventory: WorkspaceInventory, index = new TechnologyIndex({ technologies: {} })) {
  const found = new Map<string, ReturnType<TechnologyIndex['matchPackage']> & object>();
  for (const facts of inventory.packageJsons) {
    for (const dep of facts.dependencies) {
      const tech = index.matchPackage(dep.package);
      if (tech) found.set(tech.id, tech);
    }
  }
  return [...found.values()].sort((a, b) => a.categoryLabel.localeCompare(b.categoryLabel) || a.id.localeCompare(b.id));
}

export function createPolicyText(inventory: WorkspaceInventory, today: string): string {
  const techs = technologiesInUse(inventory);
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
  out.push('  // Rings: adopt, trial (allowed), assess (needs an exception for production), hold (no new use).');
  out.push('  "technologies": {');
  let category = '';
  techs.forEach((t, i) => {
    if (t.categoryPlural !== category) {
      category = t.categoryPlural;
      out.push(`    // ${category}`);
    }
    out.push(`    ${JSON.stringify(t.id)}: { "ring": "adopt" }${i < techs.length - 1 ? ',' : ''}`);
  });
  out.push('  }');
  out.push('}');
  out.push('');
  return out.join('\n');
}
