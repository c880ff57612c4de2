/** A Backstage tech-radar JSON (@backstage-community/plugin-tech-radar's `TechRadarLoaderResponse`): its export and its import. */
import type { Ring } from '../model';
import { descriptionOf } from './items';
import { radarJson } from './json';
import { quadrantNamed, ringNamed } from './match';
import { type QuadrantId, QUADRANTS, RING_COLORS, RINGS } from './quadrants';
import { isObject, Notes, quadrantTable, ringTable, row, type Slot, stringOf } from './read';
import type { ParsedRadar, RadarItem } from './types';

/** A Backstage tech-radar `TechRadarLoaderResponse` (@backstage-community/plugin-tech-radar), as JSON; `date` is each timeline entry's. */
export function exportBackstage(items: readonly RadarItem[], date: string): string {
  const response = {
    quadrants: QUADRANTS.map((q) => ({ id: q.id, name: q.name })),
    rings: RINGS.map((r) => ({ id: r, name: r.toUpperCase(), color: RING_COLORS[r] })),
    entries: items.map((i) => ({ id: i.id, key: i.id, title: i.name, quadrant: i.quadrant, description: descriptionOf(i), timeline: [{ moved: 0, ringId: i.ring, date }] })),
  };
  return radarJson(response);
}

/** A Backstage `TechRadarLoaderResponse`: entries name their quadrant by id, their ring in `timeline[0].ringId` (the newest snapshot). */
export function parseBackstage(response: Record<string, unknown>): ParsedRadar {
  const ringList = Array.isArray(response.rings) ? response.rings : [];
  const quadrantList = Array.isArray(response.quadrants) ? response.quadrants : [];
  const rings = ringTable(ringList);
  const quadrants = quadrantTable(quadrantList);
  const idOf = (x: unknown) => (isObject(x) ? stringOf(x.id) : undefined);
  const notes = new Notes();
  const out: ParsedRadar = { format: 'backstage', rows: [], broken: [], notes: notes.list };
  for (const [i, entry] of (response.entries as unknown[]).entries()) {
    const where = `entry ${i + 1}`;
    const e = isObject(entry) ? entry : {};
    const name = stringOf(e.title);
    if (!name) {
      out.broken.push({ where, reason: 'it has no title' });
      continue;
    }
    const latest = Array.isArray(e.timeline) && isObject(e.timeline[0]) ? (e.timeline[0] as Record<string, unknown>) : undefined;
    const ringId = stringOf(latest?.ringId);
    const ringAt = ringId === undefined ? -1 : ringList.findIndex((r) => idOf(r) === ringId);
    const ringSlot: Slot<Ring> | undefined = ringAt >= 0 ? rings[ringAt] : ringNamed(ringId) ? { value: ringNamed(ringId), label: ringId!, byPosition: false } : undefined;
    if (!ringSlot?.value) {
      out.broken.push({ where, reason: ringId === undefined ? `"${name}" has no ring (no timeline[0].ringId)` : `"${name}" has an unknown ring "${ringId}"` });
      continue;
    }
    notes.ring(ringSlot);
    const quadrantId = stringOf(e.quadrant);
    const quadrantAt = quadrantId === undefined ? -1 : quadrantList.findIndex((q) => idOf(q) === quadrantId);
    const quadrantSlot: Slot<QuadrantId> | undefined = quadrantAt >= 0 ? quadrants[quadrantAt] : quadrantId ? { value: quadrantNamed(quadrantId), label: quadrantId, byPosition: false } : undefined;
    if ((stringOf(e.url) && e.url !== '#') || (Array.isArray(e.links) && e.links.length > 0)) notes.links();
    out.rows.push(row(where, name, ringSlot.value, quadrantSlot, stringOf(e.description) ?? stringOf(latest?.description)));
  }
  return out;
}
