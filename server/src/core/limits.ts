/**
 * The bounds that keep every parser linear on hostile input (docs/decisions.md, "Limits"): how
 * deep a document may nest, and a guard that turns a parser's failure into a problem for that
 * file instead of an exception that would lose every other file's findings.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { isCollection, isPair, type Node as YamlNode } from 'yaml';

/** No manifest, policy or front matter a person writes nests this deep; recursive parsers overflow far deeper. */
export const MAX_NESTING = 200;

export function nestingMessage(): string {
  return `nests more than ${MAX_NESTING} levels deep (no manifest does)`;
}

/** The offset where a JSON text first nests deeper than `limit`, or undefined. Iterative, linear. */
export function jsonTooDeep(text: string, limit = MAX_NESTING): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > limit) return scanner.getTokenOffset();
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** True when a parsed YAML node nests deeper than `limit` (checked without recursion). */
export function yamlTooDeep(root: unknown, limit = MAX_NESTING): boolean {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    if (isPair(node)) {
      stack.push([node.key, depth], [node.value, depth]);
    } else if (isCollection(node)) {
      for (const item of (node as { items: YamlNode[] }).items) stack.push([item, depth + 1]);
    }
  }
  return false;
}

/**
 * Runs a parser; if it throws anyway (a stack overflow the limits above did not foresee, a bug),
 * the caller gets `fallback(reason)`: a problem for that file, never a lost check.
 */
export function guarded<T>(parse: () => T, fallback: (reason: string) => T): T {
  try {
    return parse();
  } catch (e) {
    const reason = e instanceof RangeError ? nestingMessage() : `could not be read (${(e as Error)?.message ?? String(e)})`;
    return fallback(reason);
  }
}
