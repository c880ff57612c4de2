/**
 * Ruby: `Gemfile` and `*.gemspec`. A Gemfile is Ruby code; it is never run. The scanner reads
 * what Bundler's DSL writes one per line: `gem "name", …` (also `gem("name")`), inside or outside
 * `group … do` blocks, and a gemspec's `add_dependency` / `add_runtime_dependency` /
 * `add_development_dependency` calls. Comments and other statements are skipped. Every pattern
 * is anchored and linear: a hostile line costs its length.
 */
import type { ScanInput } from '../scanUtil';
import { linesOf } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { dependency } from './common';

const GEM = /^\s*gem[\s(]+(["'])([^"'\s]+)\1/;
const SPEC_DEPENDENCY = /^\s*\w+\.add_(runtime_|development_)?dependency[\s(]+(["'])([^"'\s]+)\2/;

/** The code of a line without its comment (a `#` outside a string ends it). */
function codeOf(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

/** The text before a trailing `do` (and its `|args|`), or undefined when the line does not open a `do` block. */
function beforeDo(code: string): string | undefined {
  let tail = code;
  if (tail.endsWith('|')) {
    const open = tail.lastIndexOf('|', tail.length - 2);
    if (open < 0) return undefined;
    tail = tail.slice(0, open).trimEnd();
  }
  if (!tail.endsWith('do')) return undefined;
  const before = tail.slice(0, -2);
  return before === '' || /[\s)]$/.test(before) ? before.trimEnd() : undefined;
}

export function scanGemfile(input: ScanInput): ManifestDependency[] {
  const out: ManifestDependency[] = [];
  // the open blocks: a group's names, or '' for any other block (`platforms :jruby do`, `if …`)
  const blocks: string[] = [];
  for (const line of linesOf(input.text)) {
    const code = codeOf(line.content);
    const trimmed = code.trimStart();
    const m = GEM.exec(code);
    if (m) {
      const start = line.start + code.indexOf(m[1] + m[2]) + 1;
      const groups = blocks.filter((g) => g !== '').join(', ');
      const dep = dependency(input, 'rubygems', m[2], start, start + m[2].length, groups ? `group ${groups}` : undefined);
      if (dep) out.push(dep);
      continue;
    }
    const head = beforeDo(code);
    if (head !== undefined) {
      const group = /^group\b/.test(head.trimStart()) ? head.trimStart().slice(5).replace(/[():"',\s]+/g, ' ').trim().replace(/ /g, ', ') : '';
      blocks.push(group);
    } else if (/^(if|unless|case|while|until|begin)\b/.test(trimmed)) blocks.push('');
    else if (/^end\b/.test(trimmed)) blocks.pop();
  }
  return out;
}

export function scanGemspec(input: ScanInput): ManifestDependency[] {
  const out: ManifestDependency[] = [];
  for (const line of linesOf(input.text)) {
    const m = SPEC_DEPENDENCY.exec(line.content);
    if (!m) continue;
    const start = line.start + line.content.indexOf(m[2] + m[3]) + 1;
    const dep = dependency(input, 'rubygems', m[3], start, start + m[3].length, m[1] === 'development_' ? 'development' : undefined);
    if (dep) out.push(dep);
  }
  return out;
}
