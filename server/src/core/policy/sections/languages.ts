/** `languages`: the languages the new-language rule allows (absent: the rule is inactive). */
import type { Node } from 'jsonc-parser';
import type { LayerContext } from '../layer';

export function readLanguages(node: Node, cx: LayerContext): void {
  const list = cx.stringArray(node, '"languages"');
  if (list) cx.layer.languages = list.map((l) => l.toLowerCase());
}
