/** `services`: per service name, { path } (where it is declared). */
import type { Node } from 'jsonc-parser';
import type { LayerContext } from '../layer';
import type { ServiceEntry } from '../types';

export function readServices(node: Node, cx: LayerContext): void {
  if (node.type !== 'object') {
    cx.problem(node, '"services" must be an object keyed by service name.');
    return;
  }
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v) continue;
    const name = String(k.value);
    if (v.type !== 'object') {
      cx.problem(v, 'A service is an object, optionally with a "path" (where it is declared).');
      continue;
    }
    const entry: ServiceEntry = {};
    for (const p of v.children ?? []) {
      const [fk, fv] = p.children ?? [];
      if (!fk || !fv) continue;
      if (fk.value === 'path') {
        if (fv.type === 'string' && fv.value.trim() !== '') entry.path = fv.value;
        else if (fv.type === 'array' && (fv.children ?? []).length > 0 && (fv.children ?? []).every((c) => c.type === 'string' && String(c.value).trim() !== '')) entry.path = (fv.children ?? []).map((c) => String(c.value));
        else cx.problem(fv, '"path" is where the service is declared: a folder, a file or a glob ("services/api"), or a list of them.');
      } else {
        cx.problem(fk, `Unknown service setting "${fk.value}". Known settings: path.`, 'warning');
      }
    }
    cx.layer.services[name] = entry;
    cx.layer.locations.services[name] = cx.range(k);
  }
}
