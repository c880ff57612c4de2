/** A Zalando tech-radar config (zalando/tech-radar's `radar_visualization`): its export and its import. */
import { oneLine } from '../text';
import { radarJson } from './json';
import { QUADRANTS, RING_COLORS, RINGS } from './quadrants';
import { isObject, Notes, quadrantTable, ringTable, row, stringOf } from './read';
import type { ParsedRadar, RadarItem } from './types';

/** A Zalando tech-radar config (`radar_visualization({...})`'s quadrants, rings and entries), as JSON. */
export function exportZalando(items: readonly RadarItem[]): string {
  const config = {
    quadrants: QUADRANTS.map((q) => ({ name: q.name })),
    rings: RINGS.map((r) => ({ name: r.toUpperCase(), color: RING_COLORS[r] })),
    entries: items.map((i) => ({ label: i.name, quadrant: QUADRANTS.findIndex((q) => q.id === i.quadrant), ring: RINGS.indexOf(i.ring), moved: 0 })),
  };
  return radarJson(config);
}

/** A Zalando config: `entries` of `{ label, quadrant, ring, moved }`, quadrant and ring indexes into its own lists. */
export function parseZalando(config: Record<string, unknown>): ParsedRadar {
  const rings = ringTable(Array.isArray(config.rings) ? config.rings : RINGS.map((r) => ({ name: r })));
  const quadrants = quadrantTable(Array.isArray(config.quadrants) ? config.quadrants : QUADRANTS.map((q) => ({ name: q.name })));
  const notes = new Notes();
  const out: ParsedRadar = { format: 'zalando', rows: [], broken: [], notes: notes.list };
  for (const [i, entry] of (config.entries as unknown[]).entries()) {
    const where = `entry ${i + 1}`;
    const e = isObject(entry) ? entry : {};
    const name = stringOf(e.label);
    if (!name) {
      out.broken.push({ where, reason: 'it has no label' });
      continue;
    }
    const ringSlot = Number.isInteger(e.ring) ? rings[e.ring as number] : undefined;
    if (!ringSlot) {
      out.broken.push({ where, reason: `"${name}" has an unknown ring ${oneLine(JSON.stringify(e.ring ?? null))} (${rings.length ? `the radar's rings are 0 to ${rings.length - 1}` : 'the radar lists no rings'})` });
      continue;
    }
    if (!ringSlot.value) {
      out.broken.push({ where, reason: `"${name}" is in the radar's ring "${ringSlot.label}", which is none of adopt, trial, assess, hold` });
      continue;
    }
    notes.ring(ringSlot);
    const quadrantSlot = Number.isInteger(e.quadrant) ? quadrants[e.quadrant as number] : undefined;
    if (stringOf(e.link)) notes.links();
    out.rows.push(row(where, name, ringSlot.value, quadrantSlot, stringOf(e.description)));
  }
  return out;
}
