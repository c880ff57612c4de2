/** Pieces every ecosystem scanner shares: the dependency fact, a syntax problem, blanking a line. */
import type { Ecosystem } from '../../catalog/ecosystems';
import { maxPackageNameLength, packageNameTooLongMessage } from '../../limits';
import type { ScanInput } from '../scanUtil';
import type { ManifestDependency, ScaffoldingFacts, ServiceFact, WorkspaceHints } from '../types';

export type Problems = ScaffoldingFacts['problems'];

/** Names longer than their ecosystem allows, per scan, until scanManifest reports them. */
const tooLong = new WeakMap<ScanInput, Problems>();

/** The problems of names too long to check that a scan of `input` met (each once). */
export function takeTooLongNames(input: ScanInput): Problems {
  const noted = tooLong.get(input) ?? [];
  tooLong.delete(input);
  return noted;
}

/** What a manifest says: its dependencies, and the deployable it declares (a Spring Boot application, an ASP.NET Core project). */
export interface ManifestResult {
  dependencies: ManifestDependency[];
  problems: Problems;
  services?: ServiceFact[];
  hints?: WorkspaceHints;
}

/**
 * A dependency named by the text at [start, end). Names that are empty or hold spaces are not
 * dependencies; a name longer than its ecosystem allows is not checked, and the file says so
 * (scanManifest adds the problems noted here).
 */
export function dependency(input: ScanInput, ecosystem: Ecosystem, name: string, start: number, end: number, section?: string): ManifestDependency | undefined {
  const trimmed = name.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return undefined;
  if (trimmed.length > maxPackageNameLength(ecosystem)) {
    const noted = tooLong.get(input) ?? [];
    noted.push({ range: input.lines.range(start, end), message: packageNameTooLongMessage(ecosystem, trimmed.length) });
    tooLong.set(input, noted);
    return undefined;
  }
  const dep: ManifestDependency = { ecosystem, name: trimmed, range: input.lines.range(start, end) };
  if (section) dep.section = section;
  return dep;
}

/** `text` with the line holding `offset` replaced by spaces (offsets and lines stay where they were). */
export function blankLineAt(text: string, offset: number): string {
  const from = text.lastIndexOf('\n', offset - 1) + 1;
  let to = text.indexOf('\n', offset);
  if (to < 0) to = text.length;
  if (to === from) to = Math.min(text.length, to + 1); // an empty line: blank the next character instead
  return text.slice(0, from) + ' '.repeat(to - from) + text.slice(to);
}

/**
 * Every `"…"`/`'…'` string literal in `text` between [from, to), with its content's offsets;
 * escapes are skipped, not interpreted. For line scanners over code (Gemfile, setup.py, mix.exs).
 */
export function* stringLiterals(text: string, from = 0, to = text.length): Generator<{ value: string; start: number; end: number }> {
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === '#' ) {
      // a comment to the end of the line (Ruby, Python, Elixir)
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? to : nl + 1;
      continue;
    }
    if (c !== '"' && c !== "'") {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < to && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
    if (j >= to || text[j] !== c) {
      i = j;
      continue;
    }
    yield { value: text.slice(i + 1, j), start: i + 1, end: j };
    i = j + 1;
  }
}
