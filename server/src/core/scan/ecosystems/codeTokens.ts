/**
 * The tokens of a Scala (sbt) or Swift (Package.swift) file, for the scanners that read their
 * dependency declarations: no parser for either runs in Node without the language's toolchain
 * (docs/decisions.md), and both are read as a stream of words, string literals and punctuation.
 * Comments are dropped (`//` to the end of the line; `/* … *\/`, which nests in both languages);
 * a `//` inside a string is text. Strings keep their content's offsets; a string whose value the
 * file computes (Scala's `s"akka-$name"`, Swift's `"\(base)/vapor"`), a multi-line string and an
 * unclosed one are `dynamic`: no dependency name is read from them.
 *
 * One left-to-right pass; every character is looked at a bounded number of times.
 */

export interface CodeToken {
  kind: 'string' | 'word' | 'punct';
  /** A string's content (escapes not interpreted), a word, or the punctuation: one bracket or comma, or a run of operator characters (`%%`, `++=`, `..<`). */
  text: string;
  /** Offsets of the text (a string's content, without its quotes). */
  start: number;
  end: number;
  /** A string whose value is not written out (interpolated, multi-line or unclosed). */
  dynamic?: boolean;
  /** The first token on its line. */
  lineStart?: boolean;
}

export type CodeLanguage = 'scala' | 'swift';

const OPERATOR = /[+\-*/:=<>!&|^~?%.@]/;
const WORD_START = /[A-Za-z_$]/;
const WORD = /[A-Za-z0-9_$]/;

export function codeTokens(text: string, language: CodeLanguage): CodeToken[] {
  const out: CodeToken[] = [];
  let lineStart = true;
  // once an opener finds no closer after it, later ones are plain text too (one pass, as comments.ts)
  let blockClosable = true;
  let i = 0;
  const push = (token: CodeToken) => {
    if (lineStart) token.lineStart = true;
    lineStart = false;
    out.push(token);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (c === '/' && text[i + 1] === '*' && blockClosable) {
      const end = blockCommentEnd(text, i);
      // an opener never closed is not a comment (as in comments.ts): the rest is read
      if (end < 0) {
        blockClosable = false;
        i += 2;
      } else i = end;
      continue;
    }
    if (c === '"' || (language === 'swift' && c === '#' && /^#+"/.test(text.slice(i, i + 8)))) {
      const s = readString(text, i, language);
      const prev = out[out.length - 1];
      // Scala's interpolators (`s"…"`, `f"…"`, `raw"…"`): the word written against the quote
      if (language === 'scala' && prev && prev.kind === 'word' && prev.end === i && s.token.text.includes('$')) s.token.dynamic = true;
      push(s.token);
      i = s.next;
      continue;
    }
    if (language === 'scala' && c === "'") {
      // a character literal ('a', '\n', '\u0041'); a lone quote (an old symbol literal) is skipped
      const m = /^'(?:\\u[0-9A-Fa-f]{4}|\\.|[^\\'\n])'/.exec(text.slice(i, i + 9));
      i += m ? m[0].length : 1;
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (close > i && (nl < 0 || close < nl)) {
        push({ kind: 'word', text: text.slice(i + 1, close), start: i + 1, end: close });
        i = close + 1;
        continue;
      }
      i++;
      continue;
    }
    if (WORD_START.test(c) || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < text.length && WORD.test(text[j])) j++;
      push({ kind: 'word', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (OPERATOR.test(c)) {
      let j = i + 1;
      // a run of operator characters, up to a comment
      while (j < text.length && OPERATOR.test(text[j]) && !(text[j] === '/' && (text[j + 1] === '/' || text[j + 1] === '*'))) j++;
      push({ kind: 'punct', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    push({ kind: 'punct', text: c, start: i, end: i + 1 });
    i++;
  }
  return out;
}

/** The offset after the `*\/` that closes the block comment opened at `from` (nested comments too), or -1 when none does. */
function blockCommentEnd(text: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return -1;
}

/** The string literal opening at `from`: its token and the offset after it. */
function readString(text: string, from: number, language: CodeLanguage): { token: CodeToken; next: number } {
  let hashes = 0;
  while (text[from + hashes] === '#') hashes++;
  const quote = from + hashes;
  const pounds = '#'.repeat(hashes);
  if (text.startsWith('"""', quote)) {
    const close = text.indexOf(`"""${pounds}`, quote + 3);
    const end = close < 0 ? text.length : close;
    return { token: { kind: 'string', text: text.slice(quote + 3, end), start: quote + 3, end, dynamic: true }, next: close < 0 ? text.length : close + 3 + hashes };
  }
  const start = quote + 1;
  let dynamic = false;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') break;
    if (c === '"' && text.startsWith(pounds, i + 1)) return { token: { kind: 'string', text: text.slice(start, i), start, end: i, ...(dynamic ? { dynamic } : {}) }, next: i + 1 + hashes };
    if (c === '\\' && text.startsWith(pounds, i + 1)) {
      const after = text[i + 1 + hashes];
      if (language === 'swift' && after === '(') {
        // an interpolation: up to its closing parenthesis (strings inside it are skipped whole)
        dynamic = true;
        i = interpolationEnd(text, i + 2 + hashes);
        continue;
      }
      i += 2 + hashes;
      continue;
    }
    i++;
  }
  // unclosed: up to the end of the line
  return { token: { kind: 'string', text: text.slice(start, i), start, end: i, dynamic: true }, next: i };
}

/** The offset after the `)` that closes a Swift interpolation whose expression starts at `from` (or the line's end). */
function interpolationEnd(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length && text[i] !== '\n') {
    const c = text[i];
    if (c === '"') {
      const close = text.indexOf('"', i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (close < 0 || (nl >= 0 && nl < close)) return nl < 0 ? text.length : nl;
      i = close + 1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
    i++;
  }
  return i;
}
