/**
 * Elixir: the `deps` function of `mix.exs` (`defp deps do [ {:phoenix, "~> 1.7"}, … ] end`), on
 * the atom. The file is code and is never run; a dependency list built another way is not read.
 */
import type { ScanInput } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { dependency } from './common';

export function scanMix(input: ScanInput): ManifestDependency[] {
  const out: ManifestDependency[] = [];
  const text = input.text;
  const head = /^([ \t]*)defp?[ \t]+deps\b[^\n]*$/m.exec(text);
  if (!head) return out;
  // the body ends at the `end` indented like the `defp` (or the next `def` at that indentation)
  const indent = head[1];
  const bodyStart = head.index + head[0].length;
  const tail = text.slice(bodyStart);
  const close = new RegExp(`^${indent}(end\\b|defp?[ \\t])`, 'm').exec(tail);
  // comments (the template's `# {:dep_from_hexpm, "~> 0.3.0"}`) blanked, offsets kept
  const body = (close ? tail.slice(0, close.index) : tail).replace(/#[^\n]*/g, (c) => ' '.repeat(c.length));
  const tuple = /\{\s*:([a-z_][a-zA-Z0-9_]*)/g;
  for (let m = tuple.exec(body); m; m = tuple.exec(body)) {
    const start = bodyStart + m.index + m[0].length - m[1].length;
    const dep = dependency(input, 'hex', m[1], start, start + m[1].length);
    if (dep) out.push(dep);
  }
  return out;
}
