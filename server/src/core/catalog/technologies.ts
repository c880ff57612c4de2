/**
 * The technology index: the built-in catalog plus the policy's `technologies`, answering
 * "which technology does this package (npm, gem, PyPI, Go module, Maven artifact, crate,
 * Composer, NuGet or Hex package) or container image bring in, and what is its ring?". Built once
 * per policy. A lookup costs the same whatever the size of the catalog and of the manifest: an
 * exact name is one map hit, and a name that is no exact name is tried only against the patterns
 * that share its literal prefix (wildcardIndex.ts), which for the catalog's patterns is a walk of
 * a few characters. Answers that needed wildcard matching (a policy's `*-sdk`) are remembered in
 * a bounded cache that evicts the least recently used names first; the rest cost less to find
 * again than a cache would (docs/decisions.md, "Fast at any size").
 */
import { WildcardIndex } from './wildcardIndex';
import { maxPackageNameLength } from '../limits';
import { type Ecosystem, ECOSYSTEM_FIELDS, ECOSYSTEMS, type EcosystemField, normalizePackageName } from './ecosystems';
import type { Ring } from '../model';
import type { Policy } from '../policy/types';
import catalogData from './catalog.json';

export interface CatalogCategory {
  id: string;
  label: string;
  plural: string;
}

/** A technology of the catalog: npm `packages`, container `images`, and its names in other ecosystems (`gems`, `pypi`, `go`, `maven`, `crates`, `composer`, `nuget`, `hex`, `swift`). */
export interface CatalogTechnology extends Partial<Record<Exclude<EcosystemField, 'packages'>, string[]>> {
  id: string;
  name: string;
  category: string;
  packages: string[];
  images: string[];
  aliases?: string[];
}

/** A technology's package names in every ecosystem it has any (npm included). */
export type EcosystemNames = Partial<Record<Ecosystem, string[]>>;

/** The names a catalog or policy entry gives in each ecosystem. */
export function ecosystemNames(entry: Partial<Record<EcosystemField, string[]>>): EcosystemNames {
  const out: EcosystemNames = {};
  for (const eco of ECOSYSTEMS) {
    const list = entry[ECOSYSTEM_FIELDS[eco]];
    if (list && list.length) out[eco] = [...list];
  }
  return out;
}

export interface CatalogData {
  version: number;
  /** Packages that are never technologies, whatever a pattern says (types, lint plugins). */
  ignoredPackages?: string[];
  categories: CatalogCategory[];
  technologies: CatalogTechnology[];
}

export interface Technology {
  id: string;
  name: string;
  /** Category id ("web-framework"). */
  category: string;
  /** Singular label ("web framework"). */
  categoryLabel: string;
  categoryPlural: string;
  /** npm packages (the same list as `names.npm`). */
  packages: string[];
  /** Package names per ecosystem. */
  names: EcosystemNames;
  images: string[];
  /** The policy's ring, or undefined when the policy does not mention the technology. */
  ring?: Ring;
  note?: string;
  /** True when the technology is known only from the policy, not from the built-in catalog. */
  policyOnly: boolean;
}

export const BUILTIN_CATALOG = catalogData as CatalogData;

interface Pattern {
  /** `@nestjs/*`: `*` is any characters, matched in linear time (core/glob.ts). */
  pattern: string;
  tech: Technology;
  /** Written in the policy's own `packages` (or other ecosystem names): tried before the catalog's. */
  policy: boolean;
}

/** How many answers that needed wildcard matching each ecosystem remembers: more distinct names than a workspace has. */
export const LOOKUP_CACHE_SIZE = 20_000;

/** One ecosystem's exact names and patterns. */
class EcosystemIndex {
  readonly exact = new Map<string, Technology>();
  /** The patterns while the index is built; then `byPrefix` holds them in the order they are tried. */
  patterns: Pattern[] = [];
  readonly byPrefix = new WildcardIndex<Technology>({ memo: LOOKUP_CACHE_SIZE });
  constructor(readonly ecosystem: Ecosystem) {}
}

/** What the index's lookups have cost so far (the unit tests count work, not time). */
export interface LookupWork {
  /** Names looked up. */
  lookups: number;
  /** Patterns tried against a name (the catalog's and the policy's, and the ignored packages'). */
  patternsTried: number;
  /** Names dropped from the caches to make room. */
  evictions: number;
}

export class TechnologyIndex {
  private readonly byId = new Map<string, Technology>();
  private readonly aliases = new Map<string, string>();
  /** Each ecosystem's index, built when first asked (a JavaScript repository never asks for Maven's). */
  private readonly ecosystems = new Map<Ecosystem, EcosystemIndex>();
  private exactImagesOf: Map<string, Technology> | undefined;
  /** The policy's own names and images, which win over the catalog's. */
  private readonly policyNames: Array<[Ecosystem, string, Technology]> = [];
  private readonly policyImages: Array<[string, Technology]> = [];
  private readonly categories = new Map<string, CatalogCategory>();
  /** npm packages that are never technologies (the catalog's `ignoredPackages`). */
  private readonly ignored = new WildcardIndex<true>();
  private readonly approved = new Map<string, readonly Technology[]>();
  private lookups = 0;

  constructor(policy: Pick<Policy, 'technologies'>, catalog: CatalogData = BUILTIN_CATALOG) {
    for (const pattern of catalog.ignoredPackages ?? []) this.ignored.add(pattern, true);
    for (const c of catalog.categories) this.categories.set(c.id, c);
    for (const t of catalog.technologies) {
      this.byId.set(t.id, this.make(t.id, t.name, t.category, ecosystemNames(t), t.images, false));
      for (const a of t.aliases ?? []) this.aliases.set(a, t.id);
    }
    // The policy adds to and overrides the catalog. Its own names and images win over the catalog's.
    const { policyNames, policyImages } = this;
    for (const [rawId, entry] of Object.entries(policy.technologies)) {
      const id = this.canonicalId(rawId);
      const known = this.byId.get(id);
      const own = ecosystemNames(entry);
      const hasOwn = Object.keys(own).length > 0;
      // a technology only the policy knows is named by its id in every ecosystem, unless it says otherwise
      const defaults: EcosystemNames = Object.fromEntries(ECOSYSTEMS.map((e) => [e, [rawId]]));
      const tech: Technology = known ? { ...known, names: { ...known.names } } : this.make(id, entry.name ?? rawId, entry.category ?? 'other', hasOwn ? own : defaults, entry.images ?? [], true);
      if (entry.name) tech.name = entry.name;
      if (entry.category) this.setCategory(tech, entry.category);
      if (known) for (const [eco, list] of Object.entries(own) as Array<[Ecosystem, string[]]>) tech.names[eco] = list;
      tech.packages = tech.names.npm ?? [];
      if (entry.images) tech.images = entry.images;
      tech.ring = entry.ring;
      tech.note = entry.note;
      this.byId.set(id, tech);
      if (known && !hasOwn && !entry.images) continue;
      for (const [eco, list] of Object.entries(known ? own : tech.names) as Array<[Ecosystem, string[]]>) for (const name of list) policyNames.push([eco, name, tech]);
      for (const i of known ? entry.images ?? [] : tech.images) policyImages.push([i, tech]);
    }
  }

  /** One ecosystem's names: the catalog's first, then the policy's entries override. */
  private ecosystem(ecosystem: Ecosystem): EcosystemIndex {
    let index = this.ecosystems.get(ecosystem);
    if (index) return index;
    index = new EcosystemIndex(ecosystem);
    for (const tech of this.byId.values()) if (!tech.policyOnly) for (const name of tech.names[ecosystem] ?? []) indexName(index, name, tech, false);
    for (const [eco, name, tech] of this.policyNames) if (eco === ecosystem) indexName(index, name, tech, true);
    // Patterns: the policy's own names before the catalog's; longer (more specific) patterns first.
    // A ring alone does not lift a technology's catalog patterns: approving Spring Boot must not
    // make `org.springframework.boot:*` answer before the Redis starter's own pattern.
    index.patterns.sort((a, b) => Number(b.policy) - Number(a.policy) || b.pattern.length - a.pattern.length);
    for (const p of index.patterns) index.byPrefix.add(p.pattern, p.tech);
    index.patterns = [];
    this.ecosystems.set(ecosystem, index);
    return index;
  }

  /** Images, built when first asked: the catalog's, then the policy's. */
  private get exactImages(): Map<string, Technology> {
    if (!this.exactImagesOf) {
      this.exactImagesOf = new Map();
      for (const tech of this.byId.values()) if (!tech.policyOnly) for (const i of tech.images) this.exactImagesOf.set(normalizeImage(i), tech);
      for (const [i, tech] of this.policyImages) this.exactImagesOf.set(normalizeImage(i), tech);
    }
    return this.exactImagesOf;
  }

  /** The work lookups have done so far, over every ecosystem. */
  get work(): LookupWork {
    let patternsTried = this.ignored.tried;
    let evictions = 0;
    for (const index of this.ecosystems.values()) {
      patternsTried += index.byPrefix.tried;
      evictions += index.byPrefix.evictions;
    }
    return { lookups: this.lookups, patternsTried, evictions };
  }

  /** A technology id as the policy or an exception may write it ("postgresql" → "postgres"). */
  canonicalId(id: string): string {
    const lower = id.toLowerCase();
    if (this.byId.has(lower)) return lower;
    return this.aliases.get(lower) ?? lower;
  }

  get(id: string): Technology | undefined {
    return this.byId.get(this.canonicalId(id));
  }

  all(): Technology[] {
    return [...this.byId.values()];
  }

  /** Technologies the policy approves (adopt or trial) in a category (asked once per finding: kept per category). */
  approvedIn(category: string): readonly Technology[] {
    let list = this.approved.get(category);
    if (!list) {
      list = this.all().filter((t) => t.category === category && (t.ring === 'adopt' || t.ring === 'trial'));
      this.approved.set(category, list);
    }
    return list;
  }

  /** The technology an npm package brings in. */
  matchPackage(name: string): Technology | undefined {
    return this.matchDependency('npm', name);
  }

  /** The most specific technology a package of an ecosystem brings in (`pypi` `psycopg` → postgres). */
  matchDependency(ecosystem: Ecosystem, raw: string): Technology | undefined {
    return this.matchDependencies(ecosystem, raw)[0];
  }

  /** Every technology an npm package belongs to, the most specific first. */
  matchPackages(name: string): readonly Technology[] {
    return this.matchDependencies('npm', name);
  }

  /**
   * Every technology a package of an ecosystem belongs to, the most specific first: its exact
   * name, then the patterns it matches (the policy's own, then longer before shorter).
   * `org.springframework.boot:spring-boot-starter-data-redis` is Redis and Spring Boot,
   * `@aws-sdk/client-dynamodb` DynamoDB and AWS: each is checked against the policy, so approving
   * the broad technology never silences the specific one (docs/decisions.md, "Every technology a
   * package belongs to"). The same walk as one match.
   */
  matchDependencies(ecosystem: Ecosystem, raw: string): readonly Technology[] {
    this.lookups++;
    const index = this.ecosystem(ecosystem);
    const name = normalizePackageName(ecosystem, raw);
    // longer than the ecosystem allows: no package has that name (the manifest's reader says so), and
    // the patterns are never tried against it (the match is bounded by both lengths)
    if (name.length > maxPackageNameLength(ecosystem)) return NONE;
    const exact = index.exact.get(name);
    if (!exact && ecosystem === 'npm' && this.ignored.match(name)) return NONE;
    const patterns = index.byPrefix.matchAll(name);
    if (!exact) return patterns.length < 2 ? patterns : unique(patterns);
    if (patterns.length === 0) return [exact];
    return unique([exact, ...patterns]);
  }

  /** `docker.io/library/postgres:16-alpine` → postgres. */
  matchImage(image: string): Technology | undefined {
    const name = normalizeImage(image);
    const direct = this.exactImages.get(name);
    if (direct) return direct;
    // Registry mirrors and proxies: match on the last one or two path segments.
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const hit = this.exactImages.get(parts.slice(i).join('/'));
      if (hit) return hit;
    }
    return undefined;
  }

  private make(id: string, name: string, category: string, names: EcosystemNames, images: string[], policyOnly: boolean): Technology {
    const tech: Technology = { id, name, category, categoryLabel: category, categoryPlural: category, packages: [...(names.npm ?? [])], names, images: [...images], policyOnly };
    this.setCategory(tech, category);
    return tech;
  }

  private setCategory(tech: Technology, category: string): void {
    const c = this.categories.get(category) ?? [...this.categories.values()].find((x) => x.label === category);
    tech.category = c?.id ?? category;
    tech.categoryLabel = c?.label ?? (category === 'other' ? 'technology' : category);
    tech.categoryPlural = c?.plural ?? (category === 'other' ? 'technologies' : `${category} technologies`);
  }
}

const NONE: readonly Technology[] = Object.freeze([]);

/** Technologies once each, in order (two patterns of one technology may match one name). */
function unique(techs: readonly Technology[]): readonly Technology[] {
  const out: Technology[] = [];
  for (const t of techs) if (!out.includes(t)) out.push(t);
  return out;
}

function indexName(index: EcosystemIndex, raw: string, tech: Technology, override: boolean): void {
  const name = normalizePackageName(index.ecosystem, raw);
  if (name.includes('*')) index.patterns.push({ pattern: name, tech, policy: override });
  else if (override || !index.exact.has(name)) index.exact.set(name, tech);
  // a Maven artifact with any Scala suffix (`com.typesafe.play:play_*`) is the artifact without one:
  // names lose that suffix before they are compared (ecosystems.ts)
  if (index.ecosystem === 'maven' && /:[^*:]+_\*$/.test(name)) indexName(index, name.slice(0, -2), tech, override);
}


/** Strip registry host, `library/`, tag and digest: `docker.io/library/redis:7@sha256:…` → `redis`. */
export function normalizeImage(image: string): string {
  let name = image.trim().toLowerCase();
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > lastSlash) name = name.slice(0, colon);
  const parts = name.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    if (parts[0] === 'docker.io' || parts[0] === 'index.docker.io' || parts[0] === 'registry-1.docker.io') parts.shift();
  }
  if (parts[0] === 'library' && parts.length === 2) parts.shift();
  return parts.join('/');
}
