/** `platformWork`: what the report counts as platform work, and the share of it to stay under. */
import type { Node } from 'jsonc-parser';
import type { LayerContext } from '../layer';
import type { PlatformWork } from '../types';

export function readPlatformWork(node: Node, cx: LayerContext): void {
  if (node.type !== 'object') {
    cx.problem(node, '"platformWork" is an object: { "target": 0.3, "paths": ["infra/**"], "productPaths": ["app/**"] }.');
    return;
  }
  const work: Partial<PlatformWork> = {};
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v) continue;
    if (k.value === 'target') {
      if (v.type === 'number' && v.value >= 0 && v.value <= 1) work.target = v.value;
      else cx.problem(v, '"target" is the share of platform work to stay under, a number from 0 to 1 (0.3 is 30%).');
    } else if (k.value === 'paths' || k.value === 'productPaths') {
      const key: 'paths' | 'productPaths' = k.value;
      const patterns = cx.globList(v, `"platformWork.${key}"`, 'infra/**');
      if (patterns) work[key] = patterns;
    } else cx.problem(k, `Unknown property "${String(k.value)}" of "platformWork": use target, paths or productPaths.`, 'warning');
  }
  cx.layer.platformWork = work;
}
