/**
 * Go: `go.mod` `require` directives, single-line and in blocks, not those marked `// indirect`
 * (a dependency's dependency, chosen by someone else). The format is line-oriented by design
 * (golang.org/x/mod reads it the same way): a directive, a module path, a version.
 */
import type { ScanInput } from '../scanUtil';
import { linesOf } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { dependency } from './common';

/** A module path and its version (versions always start with `v`). */
const MODULE_LINE = /^(\s*)("?)([^\s"]+)\2\s+v\d/;
const DIRECTIVE = /^(module|go|toolchain|godebug|require|replace|exclude|retract|tool|ignore)\b/;

export function scanGoMod(input: ScanInput): ManifestDependency[] {
  const out: ManifestDependency[] = [];
  let inRequire = false;
  for (const line of linesOf(input.text)) {
    const content = line.content;
    const comment = content.indexOf('//');
    const code = comment >= 0 ? content.slice(0, comment) : content;
    const indirect = comment >= 0 && /^\/\/\s*indirect\b/.test(content.slice(comment));
    const trimmed = code.trim();
    const push = (rest: string, offset: number) => {
      const m = MODULE_LINE.exec(rest);
      if (!m) return;
      const start = line.start + offset + m[1].length + m[2].length;
      const dep = dependency(input, 'go', m[3], start, start + m[3].length);
      if (dep) out.push(dep);
    };
    if (inRequire) {
      // a `)`, or (in a half-typed file) the next directive, ends the block
      if (trimmed.startsWith(')') || DIRECTIVE.test(trimmed)) inRequire = false;
      if (trimmed.startsWith(')')) continue;
    }
    if (inRequire) {
      if (!indirect) push(code, 0);
      continue;
    }
    if (/^require\s*\($/.test(trimmed)) {
      inRequire = true;
      continue;
    }
    const single = /^(\s*require\s+)/.exec(code);
    if (single && !indirect) push(code.slice(single[1].length), single[1].length);
  }
  return out;
}
