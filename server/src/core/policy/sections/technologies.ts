/** `technologies`: per technology id, a ring string or { ring, note, retireBy, category, name, and package names per ecosystem }. */
import type { Node } from 'jsonc-parser';
import { type Ring, RINGS } from '../../model';
import type { LayerContext } from '../layer';
import type { TechnologyEntry } from '../types';
import { isValidDate } from '../../dates';
import { MAX_PACKAGE_PATTERN_LENGTH } from '../../glob';

export function readTechnologies(node: Node, cx: LayerContext): void {
  if (node.type !== 'object') {
    cx.problem(node, '"technologies" must be an object keyed by technology id.');
    return;
  }
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v) continue;
    const id = String(k.value).trim();
    if (id === '') {
      cx.problem(k, 'A technology id must not be empty.');
      continue;
    }
    let entry: Partial<TechnologyEntry> = {};
    if (v.type === 'string') {
      const ring = readRing(v, cx);
      if (!ring) continue;
      entry.ring = ring;
    } else if (v.type === 'object') {
      entry = readTechnologyObject(v, k, cx);
      if (!entry.ring) continue;
    } else {
      cx.problem(v, `A technology is an object with a "ring" (${RINGS.join(', ')}) or a ring string.`);
      continue;
    }
    cx.layer.technologies[id] = entry as TechnologyEntry;
    cx.layer.locations.technologies[id] = cx.range(k);
  }
}

function readRing(node: Node, cx: LayerContext): Ring | undefined {
  if (node.type === 'string' && (RINGS as readonly string[]).includes(node.value)) return node.value as Ring;
  cx.problem(node, `Invalid ring${node.type === 'string' ? ` "${node.value}"` : ''}: use one of ${RINGS.join(', ')}.`);
  return undefined;
}

function readTechnologyObject(node: Node, keyNode: Node, cx: LayerContext): Partial<TechnologyEntry> {
  const entry: Partial<TechnologyEntry> = {};
  let sawRing = false;
  for (const p of node.children ?? []) {
    const [fk, fv] = p.children ?? [];
    if (!fk || !fv) continue;
    const field = String(fk.value);
    switch (field) {
      case 'ring': {
        sawRing = true;
        const ring = readRing(fv, cx);
        if (ring) entry.ring = ring;
        break;
      }
      case 'retireBy':
        // the date by which a held technology should be gone: a real calendar day
        if (fv.type === 'string' && isValidDate(fv.value)) entry.retireBy = fv.value;
        else cx.problem(fv, '"retireBy" must be a date (YYYY-MM-DD), the day by which the technology should be gone.');
        break;
      case 'note':
      case 'category':
      case 'name':
        if (fv.type === 'string') entry[field] = fv.value;
        else cx.problem(fv, `"${field}" must be a string.`);
        break;
      case 'packages':
      case 'images':
      case 'gems':
      case 'pypi':
      case 'go':
      case 'maven':
      case 'crates':
      case 'composer':
      case 'nuget':
      case 'hex':
      case 'swift': {
        const list = cx.stringArray(fv, `"${field}"`);
        if (list) entry[field] = field === 'images' ? list : boundedPatterns(list, fv, field, cx);
        break;
      }
      default:
        cx.problem(fk, `Unknown technology setting "${field}". Known settings: ring, note, retireBy, category, name, packages (npm), images, gems, pypi, go, maven, crates, composer, nuget, hex, swift.`, 'warning');
    }
  }
  if (!sawRing) cx.problem(keyNode, `Technology "${keyNode.value}" needs a "ring" (${RINGS.join(', ')}).`);
  return entry;
}

/** Package names and patterns of at most MAX_PACKAGE_PATTERN_LENGTH characters; a longer one is a problem at its place, and left out. */
function boundedPatterns(list: string[], node: Node, field: string, cx: LayerContext): string[] {
  if (list.every((p) => p.length <= MAX_PACKAGE_PATTERN_LENGTH)) return list;
  for (const item of node.children ?? []) {
    if (item.type === 'string' && String(item.value).length > MAX_PACKAGE_PATTERN_LENGTH) {
      cx.problem(item, `A name in "${field}" is at most ${MAX_PACKAGE_PATTERN_LENGTH} characters (this one has ${String(item.value).length.toLocaleString('en')}); no package has a longer name, and it is not used.`);
    }
  }
  return list.filter((p) => p.length <= MAX_PACKAGE_PATTERN_LENGTH);
}

