/**
 * The fast path under jsonc-parser's `visit` for a text that is strict JSON (RFC 8259: no
 * comments, no trailing commas, nothing half-typed). It calls the visitor with exactly the events
 * and arguments `visit` would (keys and literals with their offset, length, line and character,
 * lines counted as jsonc-parser counts them: LF, CR and CRLF), in one pass that skips string
 * bodies and whitespace without building tokens for them. At the first thing that is not strict
 * JSON it stops and returns false, having called the visitor only for what came before: the
 * caller starts again with `visit`, which says what is wrong and reads what it can. The unit
 * tests hold the two to the same events on every prefix of real manifests and on hostile texts.
 */

/** The part of jsonc-parser's JSONVisitor this path serves (the rest has no use without errors or comments). */
export interface StrictJsonVisitor {
  onObjectBegin?: () => void;
  onObjectEnd?: () => void;
  onArrayBegin?: () => void;
  onArrayEnd?: () => void;
  onObjectProperty?: (property: string, offset: number, length: number, startLine: number, startCharacter: number) => void;
  onLiteralValue?: (value: unknown, offset: number, length: number, startLine: number, startCharacter: number) => void;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** What may come next. */
const enum Expect {
  /** A value (the document, after `:`, after `,` in an array). */
  Value,
  /** A value or `]` (after `[`). */
  ValueOrClose,
  /** A key (after `,` in an object). */
  Key,
  /** A key or `}` (after `{`). */
  KeyOrClose,
  /** `:` after a key. */
  Colon,
  /** `,` or the container's close, or the end of the text at the top. */
  Next,
}

/** Walks `text` as strict JSON, calling `v`; false at the first thing `visit` would read differently or complain about. */
export function visitStrictJson(text: string, v: StrictJsonVisitor): boolean {
  const n = text.length;
  let pos = 0;
  let line = 0;
  let lineStart = 0;
  /** Open containers: true for an object. */
  const open: boolean[] = [];
  let expect = Expect.Value;
  for (;;) {
    // whitespace as jsonc-parser reads it: space and tab; LF, CR and CRLF end a line
    let c = text.charCodeAt(pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) {
      pos++;
      if (c === 10 || c === 13) {
        if (c === 13 && text.charCodeAt(pos) === 10) pos++;
        line++;
        lineStart = pos;
      }
      c = text.charCodeAt(pos);
    }
    if (pos >= n) return expect === Expect.Next && open.length === 0;
    const start = pos;
    switch (expect) {
      case Expect.Colon:
        if (c !== 58) return false;
        pos++;
        expect = Expect.Value;
        continue;
      case Expect.Next:
        if (open.length === 0) return false; // something after the document
        if (c === 44) {
          pos++;
          expect = open[open.length - 1] ? Expect.Key : Expect.Value;
        } else if (c === 125 && open[open.length - 1]) {
          pos++;
          open.pop();
          v.onObjectEnd?.();
        } else if (c === 93 && !open[open.length - 1]) {
          pos++;
          open.pop();
          v.onArrayEnd?.();
        } else return false;
        continue;
      case Expect.Key:
      case Expect.KeyOrClose:
        if (c === 125 && expect === Expect.KeyOrClose) {
          pos++;
          open.pop();
          v.onObjectEnd?.();
          expect = Expect.Next;
          continue;
        }
        if (c !== 34) return false;
        {
          const key = readString(text, pos);
          if (key === undefined) return false;
          pos = stringEnd;
          v.onObjectProperty?.(key, start, pos - start, line, start - lineStart);
        }
        expect = Expect.Colon;
        continue;
      case Expect.ValueOrClose:
        if (c === 93) {
          pos++;
          open.pop();
          v.onArrayEnd?.();
          expect = Expect.Next;
          continue;
        }
        break; // a value
      case Expect.Value:
        break;
    }
    // a value
    if (c === 123) {
      pos++;
      open.push(true);
      v.onObjectBegin?.();
      expect = Expect.KeyOrClose;
      continue;
    }
    if (c === 91) {
      pos++;
      open.push(false);
      v.onArrayBegin?.();
      expect = Expect.ValueOrClose;
      continue;
    }
    let value: unknown;
    if (c === 34) {
      value = readString(text, pos);
      if (value === undefined) return false;
      pos = stringEnd;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = pos;
      if (!NUMBER.test(text)) return false;
      pos = NUMBER.lastIndex;
      value = Number(text.slice(start, pos));
    } else if (c === 116 && text.startsWith('true', pos)) {
      pos += 4;
      value = true;
    } else if (c === 102 && text.startsWith('false', pos)) {
      pos += 5;
      value = false;
    } else if (c === 110 && text.startsWith('null', pos)) {
      pos += 4;
      value = null;
    } else return false;
    // a number or a word runs to a delimiter (`truex`, `01`, `1.5e` are not JSON)
    if (c !== 34 && !isDelimiter(text.charCodeAt(pos), pos >= n)) return false;
    v.onLiteralValue?.(value, start, pos - start, line, start - lineStart);
    expect = Expect.Next;
  }
}

function isDelimiter(c: number, atEnd: boolean): boolean {
  return atEnd || c === 32 || c === 10 || c === 13 || c === 9 || c === 44 || c === 125 || c === 93;
}

/** Where the last string read by readString ends (after its closing quote). */
let stringEnd = 0;

/**
 * The string whose opening quote is at `at`, decoded; undefined when it is not a strict JSON
 * string (a control character or line break inside, a bad escape, no closing quote). Sets
 * `stringEnd`.
 */
function readString(text: string, at: number): string | undefined {
  const n = text.length;
  let escaped = false;
  for (let i = at + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      stringEnd = i + 1;
      if (!escaped) return text.slice(at + 1, i);
      try {
        return JSON.parse(text.slice(at, i + 1)) as string;
      } catch {
        return undefined;
      }
    }
    if (c < 32) return undefined;
    if (c === 92) {
      escaped = true;
      i++; // the escaped character is never the end (JSON.parse judges the escape)
    }
  }
  return undefined;
}
