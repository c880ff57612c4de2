/** The policy's technologies placed on the radar: what every export writes, in one order. */
import { BUILTIN_CATALOG, type CatalogData, TechnologyIndex } from '../catalog/technologies';
import type { Policy } from '../policy/types';
import { QUADRANTS, type QuadrantId, quadrantOf, RINGS } from './quadrants';
import type { RadarItem } from './types';

/** The policy's technologies (extends merged, aliases resolved to one entry each), by quadrant, ring, then name. */
export function radarItems(policy: Pick<Policy, 'technologies'>, catalog: CatalogData = BUILTIN_CATALOG): RadarItem[] {
  const index = new TechnologyIndex(policy, catalog);
  const items: RadarItem[] = [];
  for (const t of index.all()) {
    if (!t.ring) continue;
    items.push({ id: t.id, name: t.name, quadrant: quadrantOf(t.category), ring: t.ring, category: t.category, categoryLabel: t.categoryLabel, ...(t.note ? { note: t.note } : {}) });
  }
  const q = (id: QuadrantId) => QUADRANTS.findIndex((x) => x.id === id);
  return items.sort((a, b) => q(a.quadrant) - q(b.quadrant) || RINGS.indexOf(a.ring) - RINGS.indexOf(b.ring) || compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.id, b.id));
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The description an export gives: the policy's note, else what the technology is ("datastore"). */
export function descriptionOf(item: RadarItem): string {
  return item.note ?? item.categoryLabel;
}
