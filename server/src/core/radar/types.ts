/** What the radar formats share: their names, a policy technology placed on a radar, and a radar read back. */
import type { Ring } from '../model';
import type { QuadrantId } from './quadrants';

export const RADAR_FORMATS = ['zalando', 'byor', 'backstage'] as const;
export type RadarFormat = (typeof RADAR_FORMATS)[number];

export const RADAR_FORMAT_NAMES: Record<RadarFormat, string> = {
  zalando: 'Zalando tech-radar config',
  byor: 'Thoughtworks BYOR CSV',
  backstage: 'Backstage tech-radar JSON',
};

/** One technology of the policy, placed on the radar. */
export interface RadarItem {
  id: string;
  name: string;
  quadrant: QuadrantId;
  ring: Ring;
  category: string;
  categoryLabel: string;
  note?: string;
}

/** One usable entry of an imported radar. */
export interface RadarRow {
  /** Where it is in the file: `entry 3`, `row 2 at line 3`. */
  where: string;
  name: string;
  ring: Ring;
  quadrant: QuadrantId;
  /** The quadrant as the file names it, when it names one. */
  quadrantLabel?: string;
  /** The file's quadrant is none of ours by name: it was read by its position in the file's list. */
  quadrantByPosition?: boolean;
  description?: string;
}

export interface RadarProblem {
  where: string;
  reason: string;
}

export interface ParsedRadar {
  format: RadarFormat;
  rows: RadarRow[];
  /** Entries that cannot be imported (no name, an unknown ring), with why. */
  broken: RadarProblem[];
  /** How the file's own rings were read, when not by their names. */
  notes: string[];
}

export type RadarParse = ParsedRadar | { error: string };
