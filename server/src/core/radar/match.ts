/**
 * Names from other radars as ours: a ring or quadrant label as our ring or quadrant, a technology
 * name as the catalog's (or the policy's) technology, and a name the catalog does not know as a
 * technology id of its own.
 */
import type { CatalogData, Technology, TechnologyIndex } from '../catalog/technologies';
import type { Ring } from '../model';
import { QUADRANTS, type QuadrantId, RINGS } from './quadrants';
import { trimChars } from '../text';

export function ringNamed(label: string | undefined): Ring | undefined {
  const l = label?.trim().toLowerCase();
  return (RINGS as readonly string[]).includes(l ?? '') ? (l as Ring) : undefined;
}

/** Our quadrant for a quadrant as another radar names it ("Languages & Frameworks", "Platforms", "Techniques"). */
export function quadrantNamed(label: string | undefined): QuadrantId | undefined {
  const l = label?.trim().toLowerCase();
  if (!l) return undefined;
  for (const q of QUADRANTS) if (q.id === l || q.name.toLowerCase() === l) return q.id;
  if (/framework|librar|language/.test(l)) return 'frameworks';
  if (/data|storage|messag|persist|queue/.test(l)) return 'data';
  if (/infra|platform|cloud|hosting|deploy|operat/.test(l)) return 'infrastructure';
  if (/tool|technique|process|method|practice/.test(l)) return 'tools';
  return undefined;
}

/** A technology id for a name the catalog does not know: `Internal Event Bus` → `internal-event-bus`, `C#` → `c-sharp`. */
export function slugOf(name: string): string {
  const slug = name
    .replace(/\+/g, ' plus ')
    .replace(/#/g, ' sharp ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-');
  return trimChars(slug, '-');
}

/**
 * The technology a radar's name is, case-insensitively: a catalog or policy id or alias
 * ("postgresql", as the policy's own keys resolve), a name ("PostgreSQL"), else the same letters
 * and digits as one of those ("NextJS" is Next.js, "Styled Components" styled-components).
 */
export class NameMatcher {
  private readonly byName = new Map<string, Technology>();
  private readonly byCompact = new Map<string, Technology>();

  constructor(
    private readonly index: TechnologyIndex,
    catalog: CatalogData,
  ) {
    // names and, failing those, spellings without punctuation or spaces ("NextJS", "Styled Components"): the catalog's first
    const aliases = new Map(catalog.technologies.map((t) => [t.id, t.aliases ?? []]));
    for (const t of [...index.all()].sort((a, b) => Number(a.policyOnly) - Number(b.policyOnly))) {
      if (!this.byName.has(t.name.toLowerCase())) this.byName.set(t.name.toLowerCase(), t);
      for (const spelling of [t.id, t.name, ...(aliases.get(t.id) ?? [])]) if (compactOf(spelling) && !this.byCompact.has(compactOf(spelling))) this.byCompact.set(compactOf(spelling), t);
    }
  }

  match(name: string): Technology | undefined {
    const raw = name.trim();
    return this.index.get(raw) ?? this.byName.get(raw.toLowerCase()) ?? (compactOf(raw) ? this.byCompact.get(compactOf(raw)) : undefined);
  }
}

function compactOf(name: string): string {
  return slugOf(name).replace(/-/g, '');
}
