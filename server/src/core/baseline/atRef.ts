/**
 * The pull-request view (`check --new-since REF`): a finding the folder already had at REF is
 * known, and only what the change adds counts. Findings are matched as the baseline matches them,
 * by file, rule and subject with a count, never by line (an edit above a dependency moves it), and
 * a file the change moved is followed to its new path. Pure: findings in, the known ones out.
 */
import type { Finding, RuleId } from '../model';
import { baselineKey } from './baseline';

type Located = Finding & { file: string };

/** Never "already there": about this change's own policy and baseline, whatever REF held. */
const ABOUT_THE_CHANGE: ReadonlySet<RuleId> = new Set<RuleId>(['policy-relaxed']);

/**
 * How many findings of each file, rule and subject the folder had at REF, each file under the
 * path the change gives it (`renames`: path at REF → path now).
 */
export function countAtRef(atRef: Iterable<Located>, renames: ReadonlyMap<string, string> = new Map()): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of atRef) {
    if (ABOUT_THE_CHANGE.has(f.rule)) continue;
    const key = baselineKey(renames.get(f.file) ?? f.file, f.rule, f.subject);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The findings that were already there: per file, rule and subject, the first as many (in file
 * order) as REF had; any beyond that count are new. A linear pass after one sort.
 */
export function alreadyThere<T extends Located>(findings: readonly T[], counts: ReadonlyMap<string, number>): Set<T> {
  const known = new Set<T>();
  const used = new Map<string, number>();
  const ordered = [...findings].sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  for (const f of ordered) {
    if (ABOUT_THE_CHANGE.has(f.rule)) continue;
    const key = baselineKey(f.file, f.rule, f.subject);
    const n = used.get(key) ?? 0;
    if (n < (counts.get(key) ?? 0)) {
      used.set(key, n + 1);
      known.add(f);
    }
  }
  return known;
}
