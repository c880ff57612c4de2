/**
 * An agents' instructions file (AGENTS.md, .github/copilot-instructions.md): only the Tech Policy
 * section matters, found by its markers. A file without one is nothing to check.
 */
import { emptyFacts, type ScanInput } from './scanUtil';
import type { ScaffoldingFacts } from './types';

const BEGIN = /^[ \t]*<!--[ \t]*tech-policy:begin\b(.*?)-->[ \t]*$/;
const END = /^[ \t]*<!--[ \t]*tech-policy:end[ \t]*-->[ \t]*$/;
const HASH = /\bpolicy=([0-9a-f]{12})\b/;

/** Where a file's section is, as its markers say. Lines are zero-based. */
export type SectionLocation =
  | { found: false }
  | { found: true; begin: number; end: number; beginLength: number; endLength: number; hash?: string }
  | { found: 'broken'; line: number; length: number; problem: string };

/** Finds the markers (one pair, begin before end); anything else is broken, and says how. */
export function locateSection(text: string): SectionLocation {
  const lines = text.split(/\r?\n/);
  const begins: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (BEGIN.test(lines[i])) begins.push(i);
    else if (END.test(lines[i])) ends.push(i);
  }
  if (begins.length === 0 && ends.length === 0) return { found: false };
  const at = (line: number, problem: string) => ({ found: 'broken' as const, line, length: lines[line].length, problem });
  if (begins.length > 1) return at(begins[1], 'a second "tech-policy:begin" marker: the Tech Policy section may appear once');
  if (ends.length > 1) return at(ends[1], 'a second "tech-policy:end" marker: the Tech Policy section may appear once');
  if (begins.length === 0) return at(ends[0], '"tech-policy:end" without its "tech-policy:begin" marker above it');
  if (ends.length === 0) return at(begins[0], '"tech-policy:begin" without its "tech-policy:end" marker below it');
  if (ends[0] < begins[0]) return at(ends[0], '"tech-policy:end" comes before "tech-policy:begin"');
  const hash = HASH.exec(BEGIN.exec(lines[begins[0]])![1])?.[1];
  return { found: true, begin: begins[0], end: ends[0], beginLength: lines[begins[0]].length, endLength: lines[ends[0]].length, ...(hash ? { hash } : {}) };
}


export function scanInstructions(input: ScanInput): ScaffoldingFacts | undefined {
  // a cheap test first: most instruction files never had the section
  if (!input.text.includes('tech-policy:')) return undefined;
  const where = locateSection(input.text);
  if (where.found === false) return undefined;
  const facts = emptyFacts();
  if (where.found === 'broken') {
    facts.problems.push({ range: { start: { line: where.line, character: 0 }, end: { line: where.line, character: where.length } }, message: `the Tech Policy section's markers are broken: ${where.problem}. Fix them so that "tech-policy agents" can refresh the section.` });
    return facts;
  }
  facts.instructions = {
    range: { start: { line: where.begin, character: 0 }, end: { line: where.begin, character: where.beginLength } },
    section: { start: { line: where.begin, character: 0 }, end: { line: where.end, character: where.endLength } },
    ...(where.hash ? { hash: where.hash } : {}),
  };
  return facts;
}
