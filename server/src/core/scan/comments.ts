/**
 * Comments blanked out of a manifest's text in one pass, for the scanners that read code or markup
 * with regular expressions (a C# AppHost, an sbt build, a pom.xml). Every character of a comment
 * but a line break becomes a space, so offsets, lines and columns stay those of the text.
 *
 * One left-to-right scan: each character is looked at a bounded number of times. A lazy regular
 * expression (`/\/\*[\s\S]*?\*\//g`) did the same job, but tried the rest of the text again from
 * every opener that is never closed: 300 KB of `/* ` took seconds, 800 KB of `<!--` over a minute.
 */

export interface CommentSyntax {
  /** Opens a comment that runs to the end of the line (`//`). */
  line?: string;
  /** Opens and closes a block comment (`/*`, `*\/`; `<!--`, `-->`). An opener never closed is not a comment (as the compilers' readers would fail, nothing after it is hidden). */
  block?: readonly [open: string, close: string];
  /** Strings in double quotes, on one line, with backslash escapes: comment markers inside them are text. */
  strings?: boolean;
}

export const C_LIKE: CommentSyntax = { line: '//', block: ['/*', '*/'] };
export const C_LIKE_WITH_STRINGS: CommentSyntax = { ...C_LIKE, strings: true };
export const XML_COMMENTS: CommentSyntax = { block: ['<!--', '-->'] };

/** `text` with its comments blanked (line breaks kept). */
export function blankComments(text: string, syntax: CommentSyntax): string {
  const parts: string[] = [];
  let copied = 0;
  const blank = (from: number, to: number) => {
    parts.push(text.slice(copied, from), text.slice(from, to).replace(/[^\r\n]/g, ' '));
    copied = to;
  };
  const [open, close] = syntax.block ?? ['', ''];
  // once an opener finds no closer after it, none after it will: later openers are plain text
  let blockClosable = open !== '';
  // a string that reaches the end of its line unclosed makes every quote before that line break plain
  // text too (from a later quote the reading is the same from the next character on)
  let stringsPlainUntil = -1;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (syntax.strings && c === 0x22 /* " */ && i > stringsPlainUntil) {
      const end = stringEnd(text, i + 1);
      if (end >= 0) {
        i = end + 1;
        continue;
      }
      const lineEnd = text.indexOf('\n', i);
      stringsPlainUntil = lineEnd < 0 ? text.length : lineEnd;
      i++;
      continue;
    }
    if (syntax.line && text.startsWith(syntax.line, i)) {
      const lineEnd = text.indexOf('\n', i);
      const to = lineEnd < 0 ? text.length : lineEnd;
      blank(i, to);
      i = to;
      continue;
    }
    if (blockClosable && text.startsWith(open, i)) {
      const end = text.indexOf(close, i + open.length);
      if (end < 0) blockClosable = false;
      else {
        blank(i, end + close.length);
        i = end + close.length;
        continue;
      }
    }
    i++;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** The index of the quote that closes a string whose text starts at `from`, or -1 when the line (or text) ends first. */
function stringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i;
    if (c === 0x0a) return -1;
    if (c === 0x5c /* \ */) {
      if (i + 1 >= text.length || text.charCodeAt(i + 1) === 0x0a) return -1;
      i++;
    }
  }
  return -1;
}
