/** `extends`: the policies this one builds on (relative paths or package names), merged by load.ts. */
import type { Node } from 'jsonc-parser';
import type { LayerContext } from '../layer';

export function readExtends(node: Node, cx: LayerContext): void {
  const items = node.type === 'string' ? [node] : node.type === 'array' ? (node.children ?? []) : undefined;
  if (!items) {
    cx.problem(node, '"extends" must be a string or an array of strings (relative paths or package names).');
    return;
  }
  for (const item of items) {
    if (item.type === 'string' && item.value.trim() !== '') {
      cx.layer.extends.push({ value: item.value.trim(), range: cx.range(item) });
    } else {
      cx.problem(item, '"extends" entries must be non-empty strings.');
    }
  }
}
