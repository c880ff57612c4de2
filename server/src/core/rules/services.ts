/**
 * Which deployables a file declares, once what other files say is taken into account: the
 * compose service that builds a folder names what is in it (one service seen through several
 * signals is one subject), a kustomization's patches are not workloads, a Helm chart vendored
 * below another is a dependency. Shared by the rules, hovers and "Create Policy from Workspace".
 */
import type { PackageJsonFacts } from '../scan/packageJson';
import { folderServiceName, GENERIC_FOLDERS, nearestNamedFolder } from '../scan/scanUtil';
import type { ScaffoldingFacts, ServiceFact, TechnologyRefFact, WorkspaceHints } from '../scan/types';
import { trimChars } from '../text';

/** A declaration of a deployable, as the rules judge it. */
export type ServiceDeclaration = Pick<ServiceFact, 'name' | 'range' | 'folder' | 'place' | 'shared' | 'root' | 'process' | 'note' | 'fromPath'> & {
  /** How it was declared; absent for a workspace app (a package.json). */
  signal?: ServiceFact['signal'];
  /** The name its folder gave it, when another folder gives the same one and it is named by its path instead. */
  pathName?: string;
};

/** Everything the workspace's files say about each other, indexed. */
export interface HintIndex {
  /** Folder → the compose service name that builds it. */
  contexts: Map<string, string>;
  /** A compose service name (lower case) → the folder it builds. */
  built: Map<string, string>;
  /** Files that a kustomization patches. */
  patches: Set<string>;
  /** Folders that hold a Helm chart. */
  charts: Set<string>;
  /** A name taken from a folder path (lower case) → the places it names. */
  pathNames: Map<string, Set<string>>;
  /** Images some place builds from (repository, lower case, no tag), with the places that do. */
  bases: Map<string, Set<string>>;
  /** A place → the image repositories compose calls what it builds there. */
  images: Map<string, Set<string>>;
  /** A .NET project id → the name an Aspire AppHost gives it, and → its folder. */
  aspireNames: Map<string, string>;
  projects: Map<string, string>;
  /** Conditions met somewhere in the workspace (a parent pom that applies the Spring Boot plugin). */
  enables: Set<string>;
  /** Places whose Dockerfile only wraps a stock image. */
  wrapped: Set<string>;
  /** `file\0service`: services of a template file that compose files only `extends`. */
  templates: Set<string>;
  /** Every place that builds from an image (the users of `bases`). */
  places: Set<string>;
}

export const NO_HINTS: HintIndex = { contexts: new Map(), built: new Map(), patches: new Set(), charts: new Set(), pathNames: new Map(), bases: new Map(), images: new Map(), aspireNames: new Map(), projects: new Map(), enables: new Set(), wrapped: new Set(), templates: new Set(), places: new Set() };

/** `ghcr.io/acme/app-base:1.2@sha256:…` → `ghcr.io/acme/app-base` (lower case). */
function repositoryOf(image: string): string {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return (colon > slash ? noDigest.slice(0, colon) : noDigest).toLowerCase();
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

/**
 * True when the image built at `place` is a base other places build from: another place's
 * `FROM` (or compose build arg) names it, by the image name compose gives the build there, or by
 * a repository named after the place (`acme/base`, `app-base` for a folder `base`). Such an image
 * is never deployed itself.
 */
export function isBaseImage(place: string, hints: HintIndex): boolean {
  if (hints.bases.size === 0) return false;
  for (const [repository, users] of hints.bases) {
    if (!namesPlace(repository, place, hints)) continue;
    // built from by another place that is not itself built from this one: two Dockerfiles that are
    // each other's base (a cycle, which no build can finish) are not "only a base image", both are judged
    for (const user of users) if (user !== place && !buildsFrom(place, user, hints, new Set())) return true;
  }
  return false;
}

/** True when an image repository (lower case, no tag) is the image of a place: compose calls it so, or it is named after the place. */
function namesPlace(repository: string, place: string, hints: HintIndex): boolean {
  if (hints.images.get(place)?.has(repository)) return true;
  const leaf = place.slice(place.lastIndexOf('/') + 1).toLowerCase().replace(/^(docker|container)file[._-]|[._-]?(docker|container)file$/g, '');
  if (!leaf || GENERIC_FOLDERS.has(leaf)) return false;
  const last = repository.slice(repository.lastIndexOf('/') + 1);
  // a bare name (`node`, `python`) is an official image; a base of the team's is named after its folder
  return (last === leaf && repository.includes('/')) || last.endsWith(`-${leaf}`) || last.endsWith(`_${leaf}`);
}

/** True when `from` builds, directly or through other places' images, from the image of `target`. */
function buildsFrom(from: string, target: string, hints: HintIndex, seen: Set<string>): boolean {
  if (seen.has(from) || seen.size > 32) return false;
  seen.add(from);
  for (const [repository, users] of hints.bases) {
    if (!users.has(from)) continue;
    if (namesPlace(repository, target, hints)) return true;
    // the place this image belongs to, and what it builds from in turn
    for (const other of hints.places) if (other !== from && namesPlace(repository, other, hints) && buildsFrom(other, target, hints, seen)) return true;
  }
  return false;
}

/** The index of many files' hints; for the same folder, the first file (in the given order) names it. */
export function indexHints(all: Iterable<WorkspaceHints | undefined>): HintIndex {
  const index: HintIndex = { contexts: new Map(), built: new Map(), patches: new Set(), charts: new Set(), pathNames: new Map(), bases: new Map(), images: new Map(), aspireNames: new Map(), projects: new Map(), enables: new Set(), wrapped: new Set(), templates: new Set(), places: new Set() };
  const list = [...all];
  for (const hints of list) for (const key of hints?.templates ?? []) index.templates.add(key);
  for (const hints of list) {
    for (const c of hints?.contexts ?? []) {
      // a template's name is not the service's: the compose files that extend it name it
      if (c.file !== undefined && index.templates.has(`${c.file}\u0000${c.name}`)) continue;
      if (!index.contexts.has(c.folder)) index.contexts.set(c.folder, c.name);
      if (!index.built.has(c.name.toLowerCase())) index.built.set(c.name.toLowerCase(), c.folder);
    }
    for (const p of hints?.patches ?? []) index.patches.add(p);
    if (hints?.chart !== undefined) index.charts.add(hints.chart);
    for (const { image, from } of hints?.bases ?? []) {
      addTo(index.bases, repositoryOf(image), from);
      index.places.add(from);
    }
    for (const { image, place } of hints?.images ?? []) addTo(index.images, place, repositoryOf(image));
    for (const { project, name } of hints?.aspireNames ?? []) if (!index.aspireNames.has(project)) index.aspireNames.set(project, name);
    for (const { project, place } of hints?.projects ?? []) if (!index.projects.has(project)) index.projects.set(project, place);
    for (const key of hints?.enables ?? []) index.enables.add(key);
    for (const place of hints?.wrapped ?? []) index.wrapped.add(place);
    for (const { name, place } of hints?.pathNames ?? []) {
      const key = name.toLowerCase();
      const places = index.pathNames.get(key) ?? new Set<string>();
      places.add(place);
      index.pathNames.set(key, places);
    }
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
    // a service other compose files only `extends` from a template file: they are the deployables
    if (s.signal === 'compose' && hints.templates.has(`${rel}\u0000${s.name}`)) continue;
    // a module that is an application only when its parent build says so
    if (s.condition && !s.condition.split('\n').some((c) => hints.enables.has(c))) continue;
    // compose building a Dockerfile that only wraps a stock image runs that technology
    // (also when several services build it: `auth-mongodb` and `account-mongodb` both run MongoDB)
    if (s.signal === 'compose' && hints.wrapped.has(s.place)) continue;
    // an image other places build from (a base or builder image) is never deployed itself
    if ((s.signal === 'dockerfile' || s.signal === 'compose') && !s.shared && isBaseImage(s.place, hints)) continue;
    // the compose service that builds this place names it: one service, one subject
    const alias = s.shared ? undefined : hints.contexts.get(s.place) ?? (s.project ? hints.aspireNames.get(s.project) : undefined);
    if (alias) out.push({ ...s, name: alias });
    // an AppHost's `AddProject<Projects.X>("name")` is project X, where that project is
    else if (s.shared && s.project && hints.projects.has(s.project)) out.push({ ...s, place: hints.projects.get(s.project)!, shared: false });
    // a manifest or stack entry named like a service compose builds (`api` in docker-stack.yml and
    // `api: {build: ./api}`) runs that service's image: the same service, known where it is built
    else if (s.shared && s.place === rel && hints.built.has(s.name.toLowerCase())) out.push({ ...s, place: hints.built.get(s.name.toLowerCase())!, shared: false });
    // two folders that the path names alike (`apps/server`, `packages/server`) are two services: each is named by its path
    else if (s.fromPath && (hints.pathNames.get(s.name.toLowerCase())?.size ?? 0) > 1) out.push({ ...s, name: placeName(s.place), pathName: s.name });
    else out.push(s);
  }
  return out;
}

/**
 * The technologies a file names outright: a chart's `dependencies`, and a chart vendored below
 * another (`charts/redis/Chart.yaml`), which is that dependency, by its chart name.
 */
export function technologyRefs(facts: ScaffoldingFacts, hints: HintIndex): TechnologyRefFact[] {
  const vendored = facts.services.filter((s) => s.signal === 'helm' && isSubchart(s.folder, hints.charts));
  return vendored.length ? [...facts.refs, ...vendored.map((s) => ({ name: s.name, range: s.range }))] : facts.refs;
}

/** A subject for a service named by its place (`services/search/web` → `services-search-web`); a file with a standard name is its folder (`image-resizer/template.yaml` → `image-resizer`). */
export function placeName(place: string): string {
  const slash = place.lastIndexOf('/');
  const base = place.slice(slash + 1);
  const named = STANDARD_FILES.test(base) ? place.slice(0, Math.max(slash, 0)) : place.replace(/\.(ya?ml|json|toml|dockerfile|containerfile)$/i, '');
  return trimChars(named.replace(/[/\\.]+/g, '-'), '-') || 'root';
}

/** Files whose name says only what kind of file they are. */
const STANDARD_FILES = /^(template\.(ya?ml|json)|serverless\.(ya?ml|json|[cm]?[jt]s)|(docker-)?(compose|stack)([._-][^/]*)?\.ya?ml|chart\.ya?ml|render\.ya?ml|fly\.toml|wrangler\.(toml|jsonc?)|procfile|project\.json|(docker|container)file)$/i;

/** Meta-frameworks whose `start` runs a server (static site generators do not count). */
const SERVER_META_FRAMEWORKS = new Set(['nextjs', 'nuxt', 'remix', 'sveltekit', 'astro', 'solidstart', 'qwikcity', 'redwood', 'blitz', 'analog', 'reactrouter']);

/**
 * A package whose runtime dependencies include a web-server framework (or a server-side
 * meta-framework) itself: the framework's own package (`@nestjs/core`, `fastify`), named as the
 * technology lists it, not one of its integrations that a pattern brings in (`@nestjs/swagger`,
 * `@fastify/cors`), which a library uses without serving anything.
 */
export function servesHttp(facts: PackageJsonFacts, match: (pkg: string) => { id: string; category: string; packages?: readonly string[] } | undefined): boolean {
  return facts.dependencies.some((d) => {
    const tech = d.section === 'dependencies' ? match(d.package) : undefined;
    if (!tech || !(tech.category === 'web-framework' || SERVER_META_FRAMEWORKS.has(tech.id))) return false;
    return !tech.packages || !tech.packages.some((p) => p.includes('*')) || tech.packages.includes(d.package);
  });
}

/**
 * A workspace app: a package.json below the root that depends on a web-server framework and has
 * a `start` script. Named like a Dockerfile in its folder would be, by the compose service that
 * builds the folder, else its folder, else its package name without scope.
 */
export function appDeclaration(rel: string, facts: PackageJsonFacts, match: (pkg: string) => { id: string; category: string; packages?: readonly string[] } | undefined, hints: HintIndex): ServiceDeclaration | undefined {
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
