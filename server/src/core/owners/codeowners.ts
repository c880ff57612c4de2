/**
 * CODEOWNERS, GitHub's and GitLab's syntax: who owns each path of a repository. Pure: the Node
 * host finds and reads the file (node/codeowners.ts); this parses its text and answers "whose is
 * this path". See docs/decisions.md ("CODEOWNERS") for why this is ours and not a library's.
 *
 * - A line is `PATTERN OWNER...`; `#` starts a comment (at the line's start, or after whitespace);
 *   `\#` and `\ ` escape a literal `#` or space in a pattern.
 * - Patterns are gitignore-style: one without a `/` (other than a trailing one) matches at any
 *   depth (`*.js`, `apps/`); one with a leading or inner `/` is anchored at the root (`/docs/`,
 *   `docs/*`); a pattern that names a folder owns everything below it; `*` stays within a folder,
 *   `**` crosses folders. Negation (`!`) is not part of CODEOWNERS and such a line is skipped.
 * - The last matching rule wins; a rule with no owner leaves its paths unowned (GitHub).
 * - GitLab sections (`[Section]`, `^[Optional section]`, `[Section][2]`, `[Section] @default`):
 *   rules below a header belong to it, and a rule without owners takes the section's default
 *   owners. GitLab combines the sections' owners; here a path's owners are those of the first
 *   section (in file order) whose last matching rule names any, so each path has one team.
 */
import { compileGlob } from '../glob';
import { trimChars } from '../text';

export interface CodeownersRule {
  pattern: string;
  owners: string[];
  /** One-based line. */
  line: number;
  section?: string;
  match: (path: string) => boolean;
}

export interface CodeownersProblem {
  line: number;
  message: string;
}

export interface Codeowners {
  rules: CodeownersRule[];
  problems: CodeownersProblem[];
  /** The owners of a repository-relative, `/`-separated path (the winning rule's), or [] when unowned. */
  ownersOf(path: string): string[];
}

/** A pattern as the glob matcher reads it, gitignore's anchoring and folder rules applied. */
export function codeownersGlob(pattern: string): string {
  let p = pattern;
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = trimChars(p, '/', 'end');
  const anchored = p.startsWith('/') || p.includes('/');
  p = p.replace(/^\/+/, '');
  if (!anchored && !p.startsWith('**')) p = `**/${p}`;
  // the path itself (a file) or anything below it (a folder); a trailing `/` names a folder only
  if (p.endsWith('/**')) return p;
  return dirOnly ? `${p}/**` : `{${p},${p}/**}`;
}

/** Splits a line at unescaped whitespace, dropping a comment; `\#` and `\ ` stay literal. */
function tokens(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length && (line[i + 1] === '#' || line[i + 1] === ' ')) {
      current += line[++i];
      has = true;
    } else if (c === ' ' || c === '\t') {
      if (has) out.push(current);
      current = '';
      has = false;
    } else if (c === '#' && !has) {
      break;
    } else {
      current += c;
      has = true;
    }
  }
  if (has) out.push(current);
  return out;
}

const SECTION = /^\^?\[([^\]]+)\](?:\[\d+\])?(.*)$/;

export function parseCodeowners(text: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const problems: CodeownersProblem[] = [];
  let section: { name: string; defaults: string[] } | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const header = SECTION.exec(line);
    // a GitLab section header; a pattern such as `[abc].txt` has text right after the bracket
    if (header && (header[2] === '' || /^\s/.test(header[2]))) {
      section = { name: header[1].trim(), defaults: tokens(header[2]) };
      return;
    }
    const [pattern, ...owners] = tokens(line);
    if (!pattern) return;
    if (pattern.startsWith('!')) {
      problems.push({ line: i + 1, message: `"${pattern}": CODEOWNERS has no negation; the line is skipped` });
      return;
    }
    const glob = compileGlob(codeownersGlob(pattern));
    if (!glob.ok) {
      problems.push({ line: i + 1, message: `"${pattern}": ${glob.reason}; the line is skipped` });
      return;
    }
    rules.push({ pattern, owners: owners.length || !section ? owners : [...section.defaults], line: i + 1, section: section?.name, match: glob.match });
  });
  // per section (the unsectioned rules first), the rules in order; the last that matches wins
  const sections: CodeownersRule[][] = [];
  const bySection = new Map<string | undefined, CodeownersRule[]>();
  for (const rule of rules) {
    let list = bySection.get(rule.section);
    if (!list) {
      bySection.set(rule.section, (list = []));
      sections.push(list);
    }
    list.push(rule);
  }
  const cache = new Map<string, string[]>();
  const ownersOf = (path: string): string[] => {
    const hit = cache.get(path);
    if (hit) return hit;
    let owners: string[] = [];
    for (const list of sections) {
      let winner: CodeownersRule | undefined;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i].match(path)) {
          winner = list[i];
          break;
        }
      }
      if (winner && winner.owners.length) {
        owners = winner.owners;
        break;
      }
    }
    if (cache.size < 50_000) cache.set(path, owners);
    return owners;
  };
  return { rules, problems, ownersOf };
}

/** Where GitHub and GitLab look for the file, in the order they look. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];
