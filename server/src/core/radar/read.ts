/**
 * Reading a radar file, whatever its format: its own ring and quadrant lists as ours, the notes
 * an import reports once, and one usable entry as a row.
 */
import type { Ring } from '../model';
import { quadrantNamed, ringNamed } from './match';
import { type QuadrantId, QUADRANTS, RINGS } from './quadrants';
import type { RadarRow } from './types';

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export interface Slot<T> {
  value?: T;
  label: string;
  /** Read by its position, not its name (worth a note). */
  byPosition: boolean;
}

/** A radar's own rings, read by name (id or name), else by position (radars list them inner to outer). */
export function ringTable(rings: unknown[]): Array<Slot<Ring>> {
  return rings.map((r, i) => {
    const o = isObject(r) ? r : {};
    const label = stringOf(o.name) ?? stringOf(o.id) ?? `#${i}`;
    const named = ringNamed(stringOf(o.id)) ?? ringNamed(stringOf(o.name));
    if (named) return { value: named, label, byPosition: false };
    return { value: RINGS[i], label, byPosition: RINGS[i] !== undefined };
  });
}

export function quadrantTable(quadrants: unknown[]): Array<Slot<QuadrantId>> {
  return quadrants.map((q, i) => {
    const o = isObject(q) ? q : {};
    const label = stringOf(o.name) ?? stringOf(o.id) ?? `#${i}`;
    const named = quadrantNamed(stringOf(o.id)) ?? quadrantNamed(stringOf(o.name));
    if (named) return { value: named, label, byPosition: false };
    return { value: QUADRANTS[i]?.id, label, byPosition: QUADRANTS[i] !== undefined };
  });
}

export class Notes {
  readonly list: string[] = [];
  private readonly seen = new Set<string>();
  ring(slot: Slot<Ring>): void {
    this.add(`ring:${slot.label}`, `The radar's ring "${slot.label}" is read as ${slot.value} (by its position; the rings are adopt, trial, assess, hold).`, slot.byPosition);
  }
  links(): void {
    this.add('links', 'The radar\'s links are not imported: a policy technology has no link setting.', true);
  }
  private add(key: string, text: string, when: boolean): void {
    if (!when || this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(text);
  }
}

export function row(where: string, name: string, ring: Ring, quadrant: Slot<QuadrantId> | undefined, description: string | undefined): RadarRow {
  return {
    where,
    name,
    ring,
    quadrant: quadrant?.value ?? 'tools',
    ...(quadrant ? { quadrantLabel: quadrant.label } : {}),
    ...(quadrant?.value && quadrant.byPosition ? { quadrantByPosition: true } : {}),
    // a note is one text whatever the file's line breaks
    ...(description ? { description: description.replace(/\r\n?/g, '\n') } : {}),
  };
}
