/**
 * Go: `go.mod`, read by its grammar (the one golang.org/x/mod/modfile implements): a file is
 * lines of tokens; a token is a quoted string (`"…"`, with escapes), `(`, `)`, or an identifier (any run of printable characters but space and
 * `( ) [ ] { } ,`; `=>` is one); `//` starts a comment to the end of the line. A line `verb (` opens a block
 * whose lines take that verb, up to a line `)`. Every `require` (single or in a block) is a
 * dependency, but those marked `// indirect` (a dependency's dependency, chosen by someone else):
 * the name is the module path, at its text (quotes excluded). Nothing else is a dependency:
 * `replace`, `exclude`, `retract`, `tool`, `ignore`, `godebug` name modules or paths, not
 * requirements. A half-typed file yields what its lines say; the lexer never throws.
 */
import type { ScanInput } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { dependency } from './common';

interface Token {
  /** The token's value (a quoted string unquoted). */
  value: string;
  /** Offsets of the text that names it (inside the quotes for a string). */
  start: number;
  end: number;
  kind: 'ident' | 'string' | 'lparen' | 'rparen';
}

interface Line {
  tokens: Token[];
  /** The line's trailing `//` comment without the slashes, or undefined. */
  comment?: string;
}

/** modfile's isIdent: printable and not space, `(`, `)`, `[`, `]`, `{`, `}`, `,`. */
function isIdentChar(c: string): boolean {
  return !/[\s()[\]{},"]/.test(c) && c >= ' ';
}

/** The lines of a go.mod as tokens. */
export function goModLines(text: string): Line[] {
  const lines: Line[] = [];
  let current: Line = { tokens: [] };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = () => {
    lines.push(current);
    current = { tokens: [] };
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      end();
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '/' && text[i + 1] === '/') {
      let nl = text.indexOf('\n', i);
      if (nl < 0) nl = text.length;
      current.comment = text.slice(i + 2, nl).replace(/\r$/, '');
      i = nl;
    } else if (c === '(' || c === ')') {
      current.tokens.push({ value: c, start: i, end: i + 1, kind: c === '(' ? 'lparen' : 'rparen' });
      i++;
    } else if (c === '"') {
      // an interpreted string: escapes kept as written (module paths have none), ends at `"` or the line's end
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      const close = Math.min(j, text.length);
      current.tokens.push({ value: unescape(text.slice(i + 1, close)), start: i + 1, end: close, kind: 'string' });
      i = text[close] === '"' ? close + 1 : close;
    } else if (isIdentChar(c)) {
      let j = i;
      // an identifier ends where a comment starts (`v1.2.3//indirect` is two tokens)
      while (j < text.length && isIdentChar(text[j]) && !(text[j] === '/' && text[j + 1] === '/')) j++;
      current.tokens.push({ value: text.slice(i, j), start: i, end: j, kind: 'ident' });
      i = j;
    } else i++; // `[`, `]`, `{`, `}`, `,`, control characters: not part of go.mod's grammar; skipped
  }
  end();
  return lines;
}

function unescape(s: string): string {
  return s.includes('\\') ? s.replace(/\\(.)/g, '$1') : s;
}

/** modfile's isIndirect: the comment is `indirect`, or starts with `indirect;`. */
function isIndirect(comment: string | undefined): boolean {
  if (comment === undefined) return false;
  const c = comment.trim();
  return c === 'indirect' || c.startsWith('indirect;');
}

/** The directives go.mod knows (golang.org/x/mod/modfile). */
const VERBS = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'replace', 'exclude', 'retract', 'tool', 'ignore']);

/** The directives of a go.mod, each with its verb and arguments (block lines take the block's verb). */
export function* goModDirectives(text: string): Generator<{ verb: string; args: Token[]; comment?: string }> {
  let block: string | undefined;
  for (const line of goModLines(text)) {
    const t = line.tokens;
    if (t.length === 0) continue;
    if (block !== undefined) {
      if (t[0].kind === 'rparen') {
        block = undefined;
        continue;
      }
      // a half-typed file (the `)` not yet typed): a line that starts with a directive's verb and
      // is no `path version` line ends the block
      if (t[0].kind === 'ident' && VERBS.has(t[0].value) && !(t.length >= 2 && /^v\d/.test(t[1].value))) block = undefined;
      else {
        yield { verb: block, args: t, comment: line.comment };
        continue;
      }
    }
    if (t[0].kind !== 'ident') continue;
    if (t.length === 2 && t[1].kind === 'lparen') {
      block = t[0].value;
      continue;
    }
    // `require ( x v1 )` on one line: the tokens between the parens
    if (t[1]?.kind === 'lparen' && t[t.length - 1].kind === 'rparen') {
      yield { verb: t[0].value, args: t.slice(2, -1), comment: line.comment };
      continue;
    }
    yield { verb: t[0].value, args: t.slice(1), comment: line.comment };
  }
}

export function scanGoMod(input: ScanInput): ManifestDependency[] {
  const out: ManifestDependency[] = [];
  for (const { verb, args, comment } of goModDirectives(input.text)) {
    if (verb !== 'require' || isIndirect(comment)) continue;
    const path = args[0];
    // a requirement is a module path and a version; a lone path is a line still being typed
    if (!path || (path.kind !== 'ident' && path.kind !== 'string') || args.length < 2) continue;
    const dep = dependency(input, 'go', path.value, path.start, path.end);
    if (dep) out.push(dep);
  }
  return out;
}
