/** A radar read into a policy text: each row matched to a technology, added, kept or (--force) replaced, and the import's report. */
import { findNodeAtLocation, type ParseError, parseTree } from 'jsonc-parser';
import { BUILTIN_CATALOG, type CatalogData, TechnologyIndex } from '../catalog/technologies';
import { jsonTooDeep } from '../limits';
import type { Ring } from '../model';
import { parsePolicyLayer } from '../policy/parse';
import type { TechnologyEntry } from '../policy/types';
import { oneLine } from '../text';
import { NameMatcher, slugOf } from './match';
import { addEntry, detectIndent, entryText, type Formatting, replaceEntry } from './policyEdit';
import { categoryOfQuadrant, type QuadrantId, QUADRANTS } from './quadrants';
import { type ParsedRadar, RADAR_FORMAT_NAMES, type RadarFormat, type RadarProblem } from './types';

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
  const names = new NameMatcher(index, catalog);

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
    const tech = names.match(row.name);
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

/** The import's report, one line each, names from the file on one line (no control characters). */
export function describeImport(outcome: ImportOutcome, radarFile: string, policyFile: string, format: RadarFormat): string[] {
  const q = (s: string) => `"${oneLine(s)}"`;
  const lines: string[] = [];
  for (const n of outcome.notes) lines.push(`note: ${oneLine(n)}`);
  for (const a of outcome.added) {
    if (a.unmatched) {
      const ours = QUADRANTS.find((x) => x.id === a.unmatched!.quadrant)!.name;
      const quadrant = !a.unmatched.quadrantLabel ? 'no quadrant given' : a.unmatched.quadrantByPosition ? `quadrant ${q(a.unmatched.quadrantLabel)}, read by its position as ${ours}` : `quadrant ${q(a.unmatched.quadrantLabel)}`;
      // the quadrant's generic category: its meaning kept, nothing more specific claimed
      lines.push(`unmatched: ${q(a.name)} (${a.where}) is not in the catalog: added as ${oneLine(a.id)}, ${a.ring}, category ${a.unmatched.category}, the generic one of ${ours} (${quadrant}); name a more specific category in the policy if one fits`);
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
