/**
 * The technology index: the built-in catalog plus the policy's `technologies`, answering
 * "which technology does this npm package / container image bring in, and what is its ring?".
 * Built once per policy; lookups are memoized, so a 1,000-dependency package.json costs 1,000
 * map hits on the hot path.
 */
import { wildcardMatch } from '../glob';
import type { Ring } from '../model';
import type { Policy } from '../policy/types';
import catalogData from './catalog.json';

export interface CatalogCategory {
  id: string;
  label: string;
  plural: string;
}

export interface CatalogTechnology {
  id: string;
  name: string;
  category: string;
  packages: string[];
  images: string[];
  aliases?: string[];
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
  packages: string[];
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
}

export class TechnologyIndex {
  private readonly byId = new Map<string, Technology>();
  private readonly aliases = new Map<string, string>();
  private readonly exactPackages = new Map<string, Technology>();
  private readonly packagePatterns: Pattern[] = [];
  private readonly exactImages = new Map<string, Technology>();
  private readonly categories = new Map<string, CatalogCategory>();
  private readonly packageCache = new Map<string, Technology | null>();
  private readonly ignored: string[];

  constructor(policy: Pick<Policy, 'technologies'>, catalog: CatalogData = BUILTIN_CATALOG) {
    this.ignored = catalog.ignoredPackages ?? [];
    for (const c of catalog.categories) this.categories.set(c.id, c);
    for (const t of catalog.technologies) {
      this.byId.set(t.id, this.make(t.id, t.name, t.category, t.packages, t.images, false));
      for (const a of t.aliases ?? []) this.aliases.set(a, t.id);
    }
    // The policy adds to and overrides the catalog. Its own `packages`/`images` win over the catalog's.
    const policyPackages: Array<[string, Technology]> = [];
    const policyImages: Array<[string, Technology]> = [];
    for (const [rawId, entry] of Object.entries(policy.technologies)) {
      const id = this.canonicalId(rawId);
      const known = this.byId.get(id);
      const tech: Technology = known
        ? { ...known }
        : this.make(id, entry.name ?? rawId, entry.category ?? 'other', entry.packages ?? [rawId], entry.images ?? [], true);
      if (entry.name) tech.name = entry.name;
      if (entry.category) this.setCategory(tech, entry.category);
      if (entry.packages) tech.packages = entry.packages;
      if (entry.images) tech.images = entry.images;
      tech.ring = entry.ring;
      tech.note = entry.note;
      this.byId.set(id, tech);
      if (known && !entry.packages && !entry.images) continue;
      for (const p of tech.packages) policyPackages.push([p, tech]);
      for (const i of tech.images) policyImages.push([i, tech]);
    }
    // Index: catalog first, then the policy's entries override.
    for (const tech of this.byId.values()) {
      if (tech.policyOnly) continue;
      this.indexPackages(tech);
    }
    for (const [p, tech] of policyPackages) this.indexPackage(p, tech, true);
    for (const [i, tech] of policyImages) this.exactImages.set(normalizeImage(i), tech);
    // Patterns: the policy's before the catalog's; longer (more specific) patterns first.
    this.packagePatterns.sort((a, b) => Number(b.tech.policyOnly || b.tech.ring !== undefined) - Number(a.tech.policyOnly || a.tech.ring !== undefined) || b.pattern.length - a.pattern.length);
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

  /** Technologies the policy approves (adopt or trial) in a category. */
  approvedIn(category: string): Technology[] {
    return this.all().filter((t) => t.category === category && (t.ring === 'adopt' || t.ring === 'trial'));
  }

  matchPackage(name: string): Technology | undefined {
    const cached = this.packageCache.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.lookupPackage(name);
    // bounded: a workspace has a few thousand distinct packages (npm names are at most 214
    // characters); hostile input must not grow it forever
    if (name.length > 214) return found;
    if (this.packageCache.size >= 20_000) this.packageCache.clear();
    this.packageCache.set(name, found ?? null);
    return found;
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

  private lookupPackage(name: string): Technology | undefined {
    const exact = this.exactPackages.get(name);
    if (exact) return exact;
    if (this.ignored.some((pattern) => wildcardMatch(pattern, name))) return undefined;
    for (const p of this.packagePatterns) if (wildcardMatch(p.pattern, name)) return p.tech;
    return undefined;
  }

  private make(id: string, name: string, category: string, packages: string[], images: string[], policyOnly: boolean): Technology {
    const tech: Technology = { id, name, category, categoryLabel: category, categoryPlural: category, packages: [...packages], images: [...images], policyOnly };
    this.setCategory(tech, category);
    return tech;
  }

  private setCategory(tech: Technology, category: string): void {
    const c = this.categories.get(category) ?? [...this.categories.values()].find((x) => x.label === category);
    tech.category = c?.id ?? category;
    tech.categoryLabel = c?.label ?? (category === 'other' ? 'technology' : category);
    tech.categoryPlural = c?.plural ?? (category === 'other' ? 'technologies' : `${category} technologies`);
  }

  private indexPackages(tech: Technology): void {
    for (const p of tech.packages) this.indexPackage(p, tech, false);
    for (const i of tech.images) this.exactImages.set(normalizeImage(i), tech);
  }

  private indexPackage(p: string, tech: Technology, override: boolean): void {
    if (p.includes('*')) {
      this.packagePatterns.push({ pattern: p, tech });
    } else if (override || !this.exactPackages.has(p)) {
      this.exactPackages.set(p, tech);
    }
  }
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
