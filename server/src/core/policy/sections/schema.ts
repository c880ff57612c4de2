/** `$schema`: the JSON Schema editors validate the file with; only its type is checked. */
import type { Node } from 'jsonc-parser';
import type { LayerContext } from '../layer';

export function readSchema(node: Node, cx: LayerContext): void {
  if (node.type !== 'string') cx.problem(node, '"$schema" must be a string.');
}
