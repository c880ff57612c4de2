/**
 * Radar interchange: the policy's technologies written as the radars other tools draw (a Zalando
 * tech-radar config, a Thoughtworks build-your-own-radar CSV, a Backstage tech-radar JSON), and
 * those radars read back into a policy. Pure: texts in, texts out; the CLI reads and writes.
 *
 * A technology sits in the quadrant of its catalog category (quadrants.ts), so it is in the same
 * place in every export and in the report's radar. Imported names are matched to technologies by
 * the catalog's ids, aliases and names (case-insensitively, as the policy's own keys are
 * resolved); a name the catalog does not know is added under a slug of itself, with the category
 * its quadrant stands for. An existing policy entry is never replaced unless the caller forces it.
 */
import { applyEdits, findNodeAtLocation, modify, type Node, parse, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { BUILTIN_CATALOG, type CatalogData, type Technology, TechnologyIndex } from '../catalog/technologies';
import { jsonTooDeep } from '../limits';
import type { Ring } from '../model';
import { parsePolicyLayer } from '../policy/parse';
import type { Policy, TechnologyEntry } from '../policy/types';
import { oneLine } from '../text';
import { categoryOfQuadrant, QUADRANTS, type QuadrantId, quadrantOf, RINGS } from './quadrants';

export const RADAR_FORMATS = ['zalando', 'byor', 'backstage'] as const;
export type RadarFormat = (typeof RADAR_FORMATS)[number];

export const RADAR_FORMAT_NAMES: Record<RadarFormat, string> = {
  zalando: 'Zalando tech-radar config',
  byor: 'Thoughtworks BYOR CSV',
  backstage: 'Backstage tech-radar JSON',
};

/** Zalando's own ring colours, inner to outer (Backstage's sample data uses the same). */
export const RING_COLORS: Record<Ring, string> = { adopt: '#5ba300', trial: '#009eb0', assess: '#c7ba00', hold: '#e09b96' };

/** The header a BYOR sheet must start with. */
export const BYOR_HEADER = 'name,ring,quadrant,isNew,description';

// ---------------------------------------------------------------------------------------------
// Export

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
function descriptionOf(item: RadarItem): string {
  return item.note ?? item.categoryLabel;
}

/** A Zalando tech-radar config (`radar_visualization({...})`'s quadrants, rings and entries), as JSON. */
export function exportZalando(items: readonly RadarItem[]): string {
  const config = {
    quadrants: QUADRANTS.map((q) => ({ name: q.name })),
    rings: RINGS.map((r) => ({ name: r.toUpperCase(), color: RING_COLORS[r] })),
    entries: items.map((i) => ({ label: i.name, quadrant: QUADRANTS.findIndex((q) => q.id === i.quadrant), ring: RINGS.indexOf(i.ring), moved: 0 })),
  };
  return radarJson(config);
}

/** A Thoughtworks build-your-own-radar sheet: `name,ring,quadrant,isNew,description`, RFC 4180 quoting. */
export function exportByor(items: readonly RadarItem[]): string {
  const rows = items.map((i) => [i.name, capitalise(i.ring), QUADRANTS.find((q) => q.id === i.quadrant)!.name, 'FALSE', descriptionOf(i)].map(csvField).join(','));
  return [BYOR_HEADER, ...rows].join('\n') + '\n';
}

/** A Backstage tech-radar `TechRadarLoaderResponse` (@backstage-community/plugin-tech-radar), as JSON; `date` is each timeline entry's. */
export function exportBackstage(items: readonly RadarItem[], date: string): string {
  const response = {
    quadrants: QUADRANTS.map((q) => ({ id: q.id, name: q.name })),
    rings: RINGS.map((r) => ({ id: r, name: r.toUpperCase(), color: RING_COLORS[r] })),
    entries: items.map((i) => ({ id: i.id, key: i.id, title: i.name, quadrant: i.quadrant, description: descriptionOf(i), timeline: [{ moved: 0, ringId: i.ring, date }] })),
  };
  return radarJson(response);
}

/** JSON with one quadrant, ring or entry a line: a change to one technology is a one-line diff. */
function radarJson(document: Record<string, readonly unknown[]>): string {
  const sections = Object.entries(document).map(([key, list]) => `  ${JSON.stringify(key)}: [${list.length ? `\n${list.map((x) => `    ${inlineJson(x)}`).join(',\n')}\n  ` : ''}]`);
  return `{\n${sections.join(',\n')}\n}\n`;
}

function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return fields.length ? `{ ${fields.map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

export function exportRadar(format: RadarFormat, policy: Pick<Policy, 'technologies'>, options: { date: string; catalog?: CatalogData }): string {
  const items = radarItems(policy, options.catalog);
  if (format === 'zalando') return exportZalando(items);
  if (format === 'byor') return exportByor(items);
  return exportBackstage(items, options.date);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// ---------------------------------------------------------------------------------------------
// Import: reading a radar

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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function ringNamed(label: string | undefined): Ring | undefined {
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

interface Slot<T> {
  value?: T;
  label: string;
  /** Read by its position, not its name (worth a note). */
  byPosition: boolean;
}

/** A radar's own rings, read by name (id or name), else by position (radars list them inner to outer). */
function ringTable(rings: unknown[]): Array<Slot<Ring>> {
  return rings.map((r, i) => {
    const o = isObject(r) ? r : {};
    const label = stringOf(o.name) ?? stringOf(o.id) ?? `#${i}`;
    const named = ringNamed(stringOf(o.id)) ?? ringNamed(stringOf(o.name));
    if (named) return { value: named, label, byPosition: false };
    return { value: RINGS[i], label, byPosition: RINGS[i] !== undefined };
  });
}

function quadrantTable(quadrants: unknown[]): Array<Slot<QuadrantId>> {
  return quadrants.map((q, i) => {
    const o = isObject(q) ? q : {};
    const label = stringOf(o.name) ?? stringOf(o.id) ?? `#${i}`;
    const named = quadrantNamed(stringOf(o.id)) ?? quadrantNamed(stringOf(o.name));
    if (named) return { value: named, label, byPosition: false };
    return { value: QUADRANTS[i]?.id, label, byPosition: QUADRANTS[i] !== undefined };
  });
}

class Notes {
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

const RING_HINT = 'use adopt, trial, assess or hold';

function row(where: string, name: string, ring: Ring, quadrant: Slot<QuadrantId> | undefined, description: string | undefined): RadarRow {
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

interface CsvRecord {
  /** The line the record starts on (1-based). */
  line: number;
  fields: string[];
  /** A quoted field that never closes (the record runs to the end of the file). */
  unterminated?: boolean;
}

/** RFC 4180 records: `,` between fields, CRLF, LF or CR between records, `"` quoting with `""` for a quote. Linear. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      // a quoted field: up to the lone closing quote
      i++;
      let closed = false;
      let value = '';
      while (i < text.length) {
        const d = text[i];
        if (d === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (d === '\n' || (d === '\r' && text[i + 1] !== '\n')) line++;
        value += d;
        i++;
      }
      field = value;
      if (!closed) {
        fields.push(field);
        records.push({ line: start, fields, unterminated: true });
        return records;
      }
      // anything between the closing quote and the separator is kept, as spreadsheets do
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      endRecord();
      line++;
      start = line;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** A BYOR sheet: a header naming at least `name` and `ring` (any case, any order), then one technology a row. */
export function parseByor(text: string): RadarParse {
  const records = parseCsv(text).filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = records[0];
  const columns = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const col = (name: string) => columns.indexOf(name);
  if (!header || col('name') < 0 || col('ring') < 0) {
    return { error: `the radar is neither JSON (a Zalando or Backstage radar) nor a BYOR CSV (its first line must be the header ${BYOR_HEADER}).` };
  }
  const out: ParsedRadar = { format: 'byor', rows: [], broken: [], notes: [] };
  for (const [i, r] of records.slice(1).entries()) {
    const where = `row ${i + 1} at line ${r.line}`;
    const get = (name: string) => (col(name) >= 0 ? (r.fields[col(name)] ?? '').trim() : '');
    if (r.unterminated) {
      out.broken.push({ where, reason: 'a quoted field is never closed' });
      continue;
    }
    const name = get('name');
    if (!name) {
      out.broken.push({ where, reason: 'it has no name' });
      continue;
    }
    const ringText = get('ring');
    const ring = ringNamed(ringText);
    if (!ring) {
      out.broken.push({ where, reason: `"${name}" has an unknown ring "${ringText}" (${RING_HINT})` });
      continue;
    }
    const quadrantLabel = get('quadrant');
    const description = get('description');
    out.rows.push(row(where, name, ring, quadrantLabel ? { value: quadrantNamed(quadrantLabel), label: quadrantLabel, byPosition: false } : undefined, description || undefined));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Import: into the policy

/** A technology id for a name the catalog does not know: `Internal Event Bus` → `internal-event-bus`, `C#` → `c-sharp`. */
export function slugOf(name: string): string {
  return name
    .replace(/\+/g, ' plus ')
    .replace(/#/g, ' sharp ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

export interface ImportedEntry {
  id: string;
  /** The name in the radar file. */
  name: string;
  ring: Ring;
  where: string;
  /** Not in the catalog: added under the slug of its name, with the category of its quadrant. */
  unmatched?: { category: string; quadrant: QuadrantId; quadrantLabel?: string; quadrantByPosition?: boolean };
}

export interface KeptEntry extends ImportedEntry {
  /** The key the policy writes it under (may be an alias, "postgresql"). */
  key: string;
  /** The policy's ring for it (undefined when the policy's entry is invalid). */
  policyRing?: Ring;
  /** The entry comes from an `extends` policy, not from this file. */
  inherited: boolean;
}

export type ReplacedEntry = KeptEntry;

export interface ImportOutcome {
  /** The policy text after the import (the same text when nothing changed). */
  text: string;
  changed: boolean;
  added: ImportedEntry[];
  kept: KeptEntry[];
  replaced: ReplacedEntry[];
  /** Broken rows, and rows naming a technology an earlier row named. */
  skipped: RadarProblem[];
  notes: string[];
}

export interface ImportOptions {
  /** Replace the ring (and note) of entries the policy has. */
  force?: boolean;
  /** The technologies the policy gets from its `extends` (they count as existing entries too). */
  inherited?: Record<string, TechnologyEntry>;
  catalog?: CatalogData;
}

/**
 * Adds a radar's entries to a policy text as technologies. The text is edited, never re-printed:
 * each new entry is inserted on its own line after the last one (`"postgres": { "ring": "adopt" }`),
 * --force changes values in place with jsonc-parser's `modify`, and `applyEdits` applies the edits,
 * so comments and the layout of everything else survive.
 */
export function importRadar(policyText: string, radar: ParsedRadar, options: ImportOptions = {}): ImportOutcome | { error: string } {
  const bom = policyText.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  let text = bom ? policyText.slice(1) : policyText;
  if (jsonTooDeep(text) !== undefined) return { error: 'the policy nests too deep to be edited.' };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  if (errors.length || !root) return { error: 'the policy is not valid JSON; fix it first (see "tech-policy check").' };
  if (root.type !== 'object') return { error: 'the policy is not a JSON object; fix it first (see "tech-policy check").' };
  const section = findNodeAtLocation(root, ['technologies']);
  if (section && section.type !== 'object') return { error: 'the policy\'s "technologies" is not an object; fix it first (see "tech-policy check").' };

  const layer = parsePolicyLayer('file:///techpolicy.json', text);
  const inherited = options.inherited ?? {};
  const catalog = options.catalog ?? BUILTIN_CATALOG;
  const index = new TechnologyIndex({ technologies: { ...inherited, ...layer.technologies } }, catalog);
  // names and, failing those, spellings without punctuation or spaces ("NextJS", "Styled Components"): the catalog's first
  const byName = new Map<string, Technology>();
  const byCompact = new Map<string, Technology>();
  const aliases = new Map(catalog.technologies.map((t) => [t.id, t.aliases ?? []]));
  for (const t of [...index.all()].sort((a, b) => Number(a.policyOnly) - Number(b.policyOnly))) {
    if (!byName.has(t.name.toLowerCase())) byName.set(t.name.toLowerCase(), t);
    for (const spelling of [t.id, t.name, ...(aliases.get(t.id) ?? [])]) if (compactOf(spelling) && !byCompact.has(compactOf(spelling))) byCompact.set(compactOf(spelling), t);
  }

  // the keys this file writes, by the technology they name
  const localKeys = new Map<string, string>();
  for (const prop of section?.children ?? []) {
    const key = prop.children?.[0]?.value;
    if (typeof key === 'string' && !localKeys.has(index.canonicalId(key))) localKeys.set(index.canonicalId(key), key);
  }
  const inheritedRing = new Map<string, Ring>();
  for (const [key, entry] of Object.entries(inherited)) inheritedRing.set(index.canonicalId(key), entry.ring);

  const formatting: Formatting = { ...detectIndent(text), eol: text.includes('\r\n') ? '\r\n' : '\n' };
  const labels = new Map(catalog.categories.map((c) => [c.id, c.label]));
  const outcome: ImportOutcome = { text: policyText, changed: false, added: [], kept: [], replaced: [], skipped: [...radar.broken], notes: [...radar.notes] };
  const seen = new Map<string, string>();
  for (const row of radar.rows) {
    const tech = matchName(index, byName, byCompact, row.name);
    const id = tech?.id ?? slugOf(row.name);
    if (!id) {
      outcome.skipped.push({ where: row.where, reason: `"${row.name}" has no letter or digit to name a technology by` });
      continue;
    }
    const earlier = seen.get(id);
    if (earlier) {
      outcome.skipped.push({ where: row.where, reason: `"${row.name}" is ${id} again (as ${earlier})` });
      continue;
    }
    seen.set(id, row.where);
    const base: ImportedEntry = { id, name: row.name, ring: row.ring, where: row.where };
    const category = tech?.category ?? categoryOfQuadrant(row.quadrant);
    const label = tech?.categoryLabel ?? labels.get(category) ?? (category === 'other' ? 'technology' : category);
    // our own export writes the category label when there is no note: that is not a note
    const note = row.description && row.description.toLowerCase() !== label.toLowerCase() ? row.description : undefined;
    const localKey = localKeys.get(id);
    const known = localKey !== undefined || inheritedRing.has(id);
    if (known) {
      const key = localKey ?? id;
      const policyRing = localKey !== undefined ? layer.technologies[localKey]?.ring : inheritedRing.get(id);
      const kept: KeptEntry = { ...base, key, policyRing, inherited: localKey === undefined };
      if (!options.force) {
        outcome.kept.push(kept);
        continue;
      }
      const edited = localKey !== undefined ? replaceEntry(text, localKey, row.ring, note, formatting) : addEntry(text, key, entryText(row.ring, note), formatting);
      if (edited === text) outcome.kept.push(kept);
      else {
        text = edited;
        outcome.replaced.push(kept);
      }
      continue;
    }
    const unmatched = tech ? undefined : { category, quadrant: row.quadrant, ...(row.quadrantLabel ? { quadrantLabel: row.quadrantLabel } : {}), ...(row.quadrantByPosition ? { quadrantByPosition: true } : {}) };
    const extra: Record<string, string> = {};
    if (unmatched) {
      if (row.name !== id) extra.name = row.name;
      extra.category = category;
    }
    text = addEntry(text, id, entryText(row.ring, note, extra), formatting);
    outcome.added.push({ ...base, ...(unmatched ? { unmatched } : {}) });
  }
  outcome.changed = outcome.added.length + outcome.replaced.length > 0;
  if (outcome.changed) outcome.text = bom + text;
  return outcome;
}

/**
 * The technology a radar's name is, case-insensitively: a catalog or policy id or alias
 * ("postgresql", as the policy's own keys resolve), a name ("PostgreSQL"), else the same letters
 * and digits as one of those ("NextJS" is Next.js, "Styled Components" styled-components).
 */
function matchName(index: TechnologyIndex, byName: Map<string, Technology>, byCompact: Map<string, Technology>, name: string): Technology | undefined {
  const raw = name.trim();
  return index.get(raw) ?? byName.get(raw.toLowerCase()) ?? (compactOf(raw) ? byCompact.get(compactOf(raw)) : undefined);
}

function compactOf(name: string): string {
  return slugOf(name).replace(/-/g, '');
}

function entryText(ring: Ring, note: string | undefined, extra: Record<string, string> = {}): string {
  const fields: Record<string, string> = { ring, ...extra, ...(note ? { note } : {}) };
  return `{ ${Object.entries(fields)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(', ')} }`;
}

interface Formatting {
  tabSize: number;
  insertSpaces: boolean;
  eol: string;
}

/** A value `modify` writes as a string, replaced by the one-line entry once the edit is placed (a key never contains it: it is escaped). */
const PLACEHOLDER = '\u0001tech-policy-radar\u0001';

function withValue(edits: ReturnType<typeof modify>, value: string): ReturnType<typeof modify> {
  const quoted = JSON.stringify(PLACEHOLDER);
  return edits.map((e) => {
    const at = e.content.lastIndexOf(quoted);
    return at < 0 ? e : { ...e, content: e.content.slice(0, at) + value + e.content.slice(at + quoted.length) };
  });
}

/**
 * Adds `"key": value` to `technologies` (creating it when missing), on its own line after the last
 * entry, indented like it; the entries before it are not touched (jsonc-parser's formatter would
 * re-lay the line it lands on), and a line comment after the last entry stays with that entry.
 */
function addEntry(text: string, key: string, value: string, formatting: Formatting): string {
  const root = parseTree(text, [], { allowTrailingComma: true })!;
  const section = findNodeAtLocation(root, ['technologies']);
  const property = `${JSON.stringify(key)}: ${value}`;
  if (section?.children?.length) return applyEdits(text, appendEdits(text, section, property, formatting.eol));
  if (!section && root.children?.length) {
    const last = root.children[root.children.length - 1];
    const indent = lineIndent(text, last.offset);
    const unit = formatting.insertSpaces ? ' '.repeat(formatting.tabSize) : '\t';
    const block = `"technologies": {${formatting.eol}${indent}${unit}${property}${formatting.eol}${indent}}`;
    return applyEdits(text, appendEdits(text, root, block, formatting.eol));
  }
  // an empty `technologies` or an empty policy: modify lays out what is new
  return applyEdits(text, withValue(modify(text, ['technologies', key], PLACEHOLDER, { formattingOptions: formatting }), value));
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** The edits that put `property` after the last property of `object`. */
function appendEdits(text: string, object: Node, property: string, eol: string): Array<{ offset: number; length: number; content: string }> {
  const last = object.children![object.children!.length - 1];
  const end = last.offset + last.length;
  const indent = lineIndent(text, last.offset);
  const ownLine = text.lastIndexOf('\n', last.offset - 1) + 1 + indent.length === last.offset;
  const separator = ownLine ? `${eol}${indent}` : ' ';
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  else if (text[lineEnd - 1] === '\r') lineEnd--;
  const comma = /^\s*,/.exec(text.slice(end, lineEnd));
  const afterComma = end + (comma ? comma[0].length : 0);
  if (ownLine && /^\s*\/\//.test(text.slice(afterComma, lineEnd))) {
    // `"last": "adopt" // why`: the comment is the last entry's; the new one goes on the next line
    return [...(comma ? [] : [{ offset: end, length: 0, content: ',' }]), { offset: lineEnd, length: 0, content: `${separator}${property}` }];
  }
  // a trailing comma stays a trailing comma
  if (comma) return [{ offset: afterComma, length: 0, content: `${separator}${property},` }];
  return [{ offset: end, length: 0, content: `,${separator}${property}` }];
}

/** --force: the entry's ring (and note) become the radar's; its other settings (packages, images, category, name) stay. */
function replaceEntry(text: string, key: string, ring: Ring, note: string | undefined, formatting: Formatting): string {
  const node = findNodeAtLocation(parseTree(text, [], { allowTrailingComma: true })!, ['technologies', key]);
  if (node?.type === 'object') {
    const ringNode = findNodeAtLocation(node, ['ring']);
    let out = text;
    if (ringNode?.value !== ring) {
      out = ringNode ? applyEdits(out, modify(out, ['technologies', key, 'ring'], ring, {})) : applyEdits(out, appendOrModify(out, key, 'ring', ring, formatting));
    }
    const entry = findNodeAtLocation(parseTree(out, [], { allowTrailingComma: true })!, ['technologies', key])!;
    const noteNode = findNodeAtLocation(entry, ['note']);
    if (note !== undefined && noteNode?.value !== note) {
      out = noteNode ? applyEdits(out, modify(out, ['technologies', key, 'note'], note, {})) : applyEdits(out, appendOrModify(out, key, 'note', note, formatting));
    }
    return out;
  }
  if (node?.type === 'string' && node.value === ring && note === undefined) return text;
  // a ring string (or an invalid value): the new value in its place
  return applyEdits(text, withValue(modify(text, ['technologies', key], PLACEHOLDER, {}), note === undefined ? JSON.stringify(ring) : entryText(ring, note)));
}

/** `"field": value` added to the entry object `key`: after its last field, or by modify when it is empty. */
function appendOrModify(text: string, key: string, field: string, value: string, formatting: Formatting): Array<{ offset: number; length: number; content: string }> {
  const entry = findNodeAtLocation(parseTree(text, [], { allowTrailingComma: true })!, ['technologies', key])!;
  if (entry.children?.length) return appendEdits(text, entry, `${JSON.stringify(field)}: ${JSON.stringify(value)}`, formatting.eol);
  return modify(text, ['technologies', key, field], value, { formattingOptions: formatting });
}

function detectIndent(text: string): { tabSize: number; insertSpaces: boolean } {
  const m = /^([ \t]+)"/m.exec(text);
  if (m && m[1].startsWith('\t')) return { tabSize: 1, insertSpaces: false };
  return { tabSize: m ? m[1].length : 2, insertSpaces: true };
}

// ---------------------------------------------------------------------------------------------
// Import: the report

/** The import's report, one line each, names from the file on one line (no control characters). */
export function describeImport(outcome: ImportOutcome, radarFile: string, policyFile: string, format: RadarFormat): string[] {
  const q = (s: string) => `"${oneLine(s)}"`;
  const lines: string[] = [];
  for (const n of outcome.notes) lines.push(`note: ${oneLine(n)}`);
  for (const a of outcome.added) {
    if (a.unmatched) {
      const ours = QUADRANTS.find((x) => x.id === a.unmatched!.quadrant)!.name;
      const quadrant = !a.unmatched.quadrantLabel ? 'no quadrant given' : a.unmatched.quadrantByPosition ? `quadrant ${q(a.unmatched.quadrantLabel)}, read by its position as ${ours}` : `quadrant ${q(a.unmatched.quadrantLabel)}`;
      lines.push(`unmatched: ${q(a.name)} (${a.where}) is not in the catalog: added as ${oneLine(a.id)}, ${a.ring}, category ${a.unmatched.category} (${quadrant})`);
    } else lines.push(`added: ${oneLine(a.id)}, ${a.ring} (${q(a.name)}, ${a.where})`);
  }
  for (const r of outcome.replaced) {
    const over = r.inherited ? '; this file now overrides the extended policy' : '';
    lines.push(`replaced: ${oneLine(r.key)}, ${r.policyRing ?? 'an invalid entry'} → ${r.ring} (${q(r.name)}, ${r.where}, --force${over})`);
  }
  for (const k of outcome.kept) {
    const where = k.inherited ? 'the extended policy' : 'the policy';
    const said = k.policyRing === k.ring ? `${where} has it as ${k.ring} already` : `${where} has it as ${k.policyRing ?? 'an invalid entry'}, the radar says ${k.ring}; --force replaces it`;
    lines.push(`kept: ${oneLine(k.key)} (${q(k.name)}, ${k.where}): ${said}`);
  }
  for (const s of outcome.skipped) lines.push(`skipped: ${s.where}: ${oneLine(s.reason)}`);
  const unmatched = outcome.added.filter((a) => a.unmatched).length;
  const counts = `${outcome.added.length} added (${unmatched} unmatched), ${outcome.replaced.length ? `${outcome.replaced.length} replaced, ` : ''}${outcome.kept.length} kept, ${outcome.skipped.length} skipped`;
  const verb = outcome.changed ? `Imported ${oneLine(radarFile)} (${RADAR_FORMAT_NAMES[format]}) into ${oneLine(policyFile)}` : `Nothing to change in ${oneLine(policyFile)} from ${oneLine(radarFile)} (${RADAR_FORMAT_NAMES[format]})`;
  lines.push(`${verb}: ${counts}.`);
  return lines;
}
