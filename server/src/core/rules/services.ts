/**
 * Which deployables a file declares, once what other files say is taken into account: the
 * compose service that builds a folder names what is in it (one service seen through several
 * signals is one subject), a kustomization's patches are not workloads, a Helm chart vendored
 * below another is a dependency. Shared by the rules, hovers and "Create Policy from Workspace".
 */
import type { PackageJsonFacts } from '../scan/packageJson';
import { folderServiceName, GENERIC_FOLDERS, nearestNamedFolder } from '../scan/scanUtil';
import type { ScaffoldingFacts, ServiceFact, WorkspaceHints } from '../scan/types';

/** A declaration of a deployable, as the rules judge it. */
export type ServiceDeclaration = Pick<ServiceFact, 'name' | 'range' | 'folder' | 'place' | 'shared' | 'root' | 'note' | 'fromPath'> & {
  /** How it was declared; absent for a workspace app (a package.json). */
  signal?: ServiceFact['signal'];
};

/** Everything the workspace's files say about each other, indexed. */
export interface HintIndex {
  /** Folder → the compose service name that builds it. */
  contexts: Map<string, string>;
  /** Files that a kustomization patches. */
  patches: Set<string>;
  /** Folders that hold a Helm chart. */
  charts: Set<string>;
}

export const NO_HINTS: HintIndex = { contexts: new Map(), patches: new Set(), charts: new Set() };

/** The index of many files' hints; for the same folder, the first file (in the given order) names it. */
export function indexHints(all: Iterable<WorkspaceHints | undefined>): HintIndex {
  const index: HintIndex = { contexts: new Map(), patches: new Set(), charts: new Set() };
  for (const hints of all) {
    for (const c of hints?.contexts ?? []) if (!index.contexts.has(c.folder)) index.contexts.set(c.folder, c.name);
    for (const p of hints?.patches ?? []) index.patches.add(p);
    if (hints?.chart !== undefined) index.charts.add(hints.chart);
  }
  return index;
}

/** `deploy/chart/charts/redis` below `deploy/chart` (a chart): a vendored dependency. */
function isSubchart(folder: string, charts: Set<string>): boolean {
  const segments = folder.split('/');
  for (let i = segments.length - 2; i >= 0; i--) {
    if (segments[i] === 'charts' && charts.has(segments.slice(0, i).join('/'))) return true;
  }
  return false;
}

/** The declarations of a scaffolding file that are deployables, with the names the workspace gives them. */
export function serviceDeclarations(rel: string, facts: ScaffoldingFacts, hints: HintIndex): ServiceDeclaration[] {
  const out: ServiceDeclaration[] = [];
  for (const s of facts.services) {
    if (s.signal === 'helm' && isSubchart(s.folder, hints.charts)) continue;
    if (s.signal === 'kubernetes' && hints.patches.has(rel)) continue;
    // the compose service that builds this place names it: one service, one subject
    const alias = s.shared ? undefined : hints.contexts.get(s.place);
    out.push(alias ? { ...s, name: alias } : s);
  }
  return out;
}

/** Meta-frameworks whose `start` runs a server (static site generators do not count). */
const SERVER_META_FRAMEWORKS = new Set(['nextjs', 'nuxt', 'remix', 'sveltekit', 'astro', 'solidstart', 'qwikcity', 'redwood', 'blitz', 'analog', 'reactrouter']);

/** A package whose runtime dependencies include a web-server framework (or a server-side meta-framework). */
export function servesHttp(facts: PackageJsonFacts, match: (pkg: string) => { id: string; category: string } | undefined): boolean {
  return facts.dependencies.some((d) => {
    const tech = d.section === 'dependencies' ? match(d.package) : undefined;
    return !!tech && (tech.category === 'web-framework' || SERVER_META_FRAMEWORKS.has(tech.id));
  });
}

/**
 * A workspace app: a package.json below the root that depends on a web-server framework and has
 * a `start` script. Named like a Dockerfile in its folder would be, by the compose service that
 * builds the folder, else its folder, else its package name without scope.
 */
export function appDeclaration(rel: string, facts: PackageJsonFacts, match: (pkg: string) => { id: string; category: string } | undefined, hints: HintIndex): ServiceDeclaration | undefined {
  if (!rel.includes('/') || !facts.name || !facts.nameRange || !facts.scripts.start) return undefined;
  if (!servesHttp(facts, match)) return undefined;
  const folder = rel.slice(0, rel.lastIndexOf('/'));
  return { name: hints.contexts.get(folder) ?? appName(folder, facts.name), range: facts.nameRange, folder, place: folder };
}

/** A workspace app's name: its folder's, unless every folder on its path is generic; then its package name without scope. */
export function appName(folder: string, packageName: string): string {
  const unscoped = packageName.replace(/^@[^/]+\//, '');
  return nearestNamedFolder(folder) ?? (unscoped && !GENERIC_FOLDERS.has(unscoped.toLowerCase()) ? unscoped : folderServiceName(folder) ?? unscoped);
}
