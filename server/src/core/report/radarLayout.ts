/**
 * Where each blip of the radar goes: its quadrant is a quarter of the circle, its ring a band of
 * radii, and the blips of one cell are spread evenly over it, in name order, so the same policy
 * always draws the same picture. Pure geometry; the HTML renderer draws it.
 */
import { QUADRANTS, RINGS } from '../radar/quadrants';
import type { RadarBlip } from './model';

/** Outer radius of each ring when no ring is crowded, as a fraction of the radar's radius (inner to outer). */
export const RING_RADII = [0.4, 0.65, 0.84, 1] as const;

/** Smallest distance between two blips' centres, in units of the radar's radius. */
const SPACING = 0.062;

export interface RadarLayout {
  blips: PlacedBlip[];
  /** Outer radius of each ring: a crowded ring gets a wider band. */
  radii: number[];
  /** Blip radius, in units of the radar's radius. */
  blipRadius: number;
}

export interface PlacedBlip {
  blip: RadarBlip;
  /** 1-based number drawn in the blip and used in the table. */
  number: number;
  /** Centre, relative to the radar's centre, in units of its radius (y grows downwards). */
  x: number;
  y: number;
  quadrantIndex: number;
  ringIndex: number;
}

/** Quadrant i spans the angles [start, start + 90°), clockwise from the top-right. */
export function quadrantStart(i: number): number {
  return -Math.PI / 2 + (i * Math.PI) / 2;
}

/** Ring radii: each band as wide as its most crowded quadrant needs, within the radar. */
function ringRadii(blips: readonly RadarBlip[]): number[] {
  const need = RINGS.map((ring) => Math.max(1, ...QUADRANTS.map((q) => blips.filter((b) => b.quadrant === q.id && b.ring === ring).length)));
  const used = RINGS.map((ring) => blips.some((b) => b.ring === ring));
  // an empty ring keeps a thin band (it is still drawn and labelled); a crowded one grows with its crowd
  const weights = need.map((n, i) => (used[i] ? 0.1 + Math.sqrt(n) * 0.06 : 0.07));
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => (acc += w / total));
}

export function layoutRadar(blips: readonly RadarBlip[]): RadarLayout {
  const radii = ringRadii(blips);
  const placed: PlacedBlip[] = [];
  let number = 0;
  let tightest = SPACING;
  QUADRANTS.forEach((q, qi) => {
    RINGS.forEach((ring, ri) => {
      const cell = blips.filter((b) => b.quadrant === q.id && b.ring === ring).sort((a, b) => a.name.localeCompare(b.name));
      if (cell.length === 0) return;
      const inner = ri === 0 ? 0.1 : radii[ri - 1];
      const outer = radii[ri];
      // the fewest rows whose arcs hold the cell at the spacing; outer rows, being longer, take more
      const margin = 0.12;
      const arc = (r: number) => (Math.PI / 2) * (1 - 2 * margin) * r;
      const maxRows = Math.max(1, Math.floor((outer - inner) / SPACING));
      let rows = 1;
      let radiiOfRows: number[] = [];
      let caps: number[] = [];
      for (; rows <= maxRows; rows++) {
        radiiOfRows = Array.from({ length: rows }, (_, j) => inner + ((outer - inner) * (j + 0.5)) / rows);
        caps = radiiOfRows.map((r) => Math.max(1, Math.floor(arc(r) / SPACING)));
        if (caps.reduce((a, b) => a + b, 0) >= cell.length || rows === maxRows) break;
      }
      const capTotal = caps.reduce((a, b) => a + b, 0);
      const counts = caps.map((c) => Math.floor((cell.length * c) / capTotal));
      for (let j = rows - 1; counts.reduce((a, b) => a + b, 0) < cell.length; j = (j + rows - 1) % rows) counts[j]++;
      let k = 0;
      counts.forEach((count, row) => {
        if (count === 0) return;
        const r = radiiOfRows[row];
        tightest = Math.min(tightest, arc(r) / count, (outer - inner) / rows);
        for (let col = 0; col < count; col++, k++) {
          const blip = cell[k];
          const angle = quadrantStart(qi) + (Math.PI / 2) * (margin + ((1 - 2 * margin) * (col + 0.5)) / count);
          placed.push({ blip, number: ++number, x: r * Math.cos(angle), y: r * Math.sin(angle), quadrantIndex: qi, ringIndex: ri });
        }
      });
    });
  });
  return { blips: placed, radii, blipRadius: Math.max(0.012, Math.min(0.03, tightest * 0.45)) };
}
