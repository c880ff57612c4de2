/**
 * Radar interchange: the policy's technologies written as the radars other tools draw (a Zalando
 * tech-radar config, a Thoughtworks build-your-own-radar CSV, a Backstage tech-radar JSON), and
 * those radars read back into a policy. Pure: texts in, texts out; the CLI reads and writes.
 *
 * This is the entry: it picks the writer for a format and tells an imported file's format from
 * its content. Each format is one module with its export and its import (zalando.ts, byor.ts,
 * backstage.ts); what they share sits beside them: the policy's technologies as radar items
 * (items.ts), reading a radar's own rings and quadrants (read.ts), names as ours (match.ts), and
 * the import into a policy text (import.ts, policyEdit.ts).
 *
 * A technology sits in the quadrant of its catalog category (quadrants.ts), so it is in the same
 * place in every export and in the report's radar. Imported names are matched to technologies by
 * the catalog's ids, aliases and names (case-insensitively, as the policy's own keys are
 * resolved); a name the catalog does not know is added under a slug of itself, with the category
 * its quadrant stands for. An existing policy entry is never replaced unless the caller forces it.
 */
import { parse, type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { CatalogData } from '../catalog/technologies';
import { jsonTooDeep } from '../limits';
import type { Policy } from '../policy/types';
import { exportBackstage, parseBackstage } from './backstage';
import { exportByor, parseByor } from './byor';
import { radarItems } from './items';
import { isObject } from './read';
import type { RadarFormat, RadarItem, RadarParse } from './types';
import { exportZalando, parseZalando } from './zalando';

/** One writer per format; `date` is what a format that dates its entries (Backstage's timeline) writes. */
const WRITERS: Record<RadarFormat, (items: readonly RadarItem[], date: string) => string> = {
  zalando: (items) => exportZalando(items),
  byor: (items) => exportByor(items),
  backstage: (items, date) => exportBackstage(items, date),
};

/** The radar items in a format. */
export function writeRadar(format: RadarFormat, items: readonly RadarItem[], date: string): string {
  return WRITERS[format](items, date);
}

export function exportRadar(format: RadarFormat, policy: Pick<Policy, 'technologies'>, options: { date: string; catalog?: CatalogData }): string {
  return writeRadar(format, radarItems(policy, options.catalog), options.date);
}

/** Reads a radar of any of the three formats, told apart by content: JSON with `entries` (Zalando or Backstage), else a BYOR CSV. */
export function parseRadar(text: string): RadarParse {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = body.trimStart().charAt(0);
  if (start === '{' || start === '[') return parseRadarJson(body);
  return parseByor(body);
}

function parseRadarJson(text: string): RadarParse {
  if (jsonTooDeep(text) !== undefined) return { error: 'the radar nests too deep to be a radar.' };
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  if (errors.length) {
    const e = errors[0];
    const before = text.slice(0, e.offset);
    const line = before.split('\n').length;
    const column = e.offset - before.lastIndexOf('\n');
    return { error: `the radar is not valid JSON (${printParseErrorCode(e.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} at line ${line}, column ${column}).` };
  }
  if (Array.isArray(value)) return parseZalando({ entries: value });
  if (!isObject(value) || !Array.isArray(value.entries)) return { error: 'the radar JSON has no "entries" list: it is neither a Zalando tech-radar config nor a Backstage tech-radar JSON.' };
  const entries = value.entries as unknown[];
  const rings = Array.isArray(value.rings) ? (value.rings as unknown[]) : [];
  const quadrants = Array.isArray(value.quadrants) ? (value.quadrants as unknown[]) : [];
  const backstage =
    entries.some((e) => isObject(e) && ('timeline' in e || 'title' in e)) ||
    (!entries.some((e) => isObject(e) && 'label' in e) && [...rings, ...quadrants].some((x) => isObject(x) && typeof x.id === 'string'));
  return backstage ? parseBackstage(value) : parseZalando(value);
}
