/** `ignore`: glob patterns of files the checker does not read. */
import type { Node } from 'jsonc-parser';
import type { LayerContext } from '../layer';

export function readIgnore(node: Node, cx: LayerContext): void {
  const patterns = cx.globList(node, '"ignore"', 'examples/**');
  if (patterns) cx.layer.ignore = patterns;
}
