/**
 * Docker Compose's variable interpolation, as Compose resolves it, from the project's `.env` only
 * (never the checker's own environment: a check must mean the same on every machine).
 *
 * - `.env` (Docker's documented syntax): `KEY=value` lines, an optional `export `, `#` comments
 *   (inline ones after a space in unquoted values), single quotes taken literally, double quotes
 *   with `\n`/`\t`/`\\`/`\"` escapes; unquoted and double-quoted values are interpolated with the
 *   variables defined above them.
 * - Compose values: `$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty), `${VAR-default}` (unset),
 *   `${VAR:?message}`/`${VAR?message}` (required), `${VAR:+other}`/`${VAR+other}` (when set), `$$`
 *   for a dollar; defaults may hold variables themselves. An unset variable is empty, as Compose
 *   makes it, and the value says it was not resolved.
 *
 * Hand-written: no library reads Compose's forms (`dotenv` keeps no quoting, and so cannot tell
 * which values Compose interpolates), and both grammars are a page long. Linear: one pass over
 * the text, defaults nested at most MAX_DEPTH deep.
 */

export type Variables = ReadonlyMap<string, string>;

export interface Interpolated {
  value: string;
  /** A variable had no value and no default: Compose would make it empty (and warn). */
  unresolved: boolean;
}

const MAX_DEPTH = 8;
/** A `.env` larger than this is not read (it holds no image names worth its cost). */
export const MAX_ENV_SIZE = 256 * 1024;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Compose's interpolation of one value. */
export function interpolate(text: string, vars: Variables | undefined): Interpolated {
  if (!text.includes('$')) return { value: text, unresolved: false };
  const state = { unresolved: false };
  const value = expand(text, vars ?? EMPTY, state, 0);
  return { value, unresolved: state.unresolved };
}

const EMPTY: Variables = new Map();

function expand(text: string, vars: Variables, state: { unresolved: boolean }, depth: number): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = closingBrace(text, dollar + 2);
      if (close < 0 || depth >= MAX_DEPTH) {
        // not a variable Compose can read: left as written
        out += text.slice(dollar);
        break;
      }
      out += braced(text.slice(dollar + 2, close), vars, state, depth);
      i = close + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1, dollar + 1 + 256))?.[0];
      if (!name) {
        out += '$';
        i = dollar + 1;
        continue;
      }
      const value = vars.get(name);
      if (value === undefined) state.unresolved = true;
      out += value ?? '';
      i = dollar + 1 + name.length;
    }
  }
  return out;
}

/** The `}` that closes a `${` opened before `from`, counting nested `${…}`; -1 when there is none. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The inside of `${…}`: a name, then optionally `:-`, `-`, `:?`, `?`, `:+`, `+` and a word. */
function braced(inner: string, vars: Variables, state: { unresolved: boolean }, depth: number): string {
  const name = NAME.exec(inner)?.[0];
  if (!name) {
    state.unresolved = true;
    return '';
  }
  const rest = inner.slice(name.length);
  const value = vars.get(name);
  if (rest === '') {
    if (value === undefined) state.unresolved = true;
    return value ?? '';
  }
  const colon = rest.startsWith(':');
  const op = rest[colon ? 1 : 0];
  const word = rest.slice(colon ? 2 : 1);
  const set = colon ? value !== undefined && value !== '' : value !== undefined;
  if (op === '-') return set ? value! : expand(word, vars, state, depth + 1);
  if (op === '+') return set ? expand(word, vars, state, depth + 1) : '';
  if (op === '?') {
    if (!set) state.unresolved = true;
    return set ? value! : '';
  }
  // an operator Compose does not know: left out, as unresolved
  state.unresolved = true;
  return '';
}

/** The variables a `.env` file defines, by Docker's documented syntax. */
export function parseDotenv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  if (text.length > MAX_ENV_SIZE) return vars;
  let i = 0;
  while (i < text.length) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    let line = text.slice(i, end).replace(/\r$/, '');
    i = end + 1;
    line = line.replace(/^\uFEFF/, '').trimStart();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice(7).trimStart();
    const key = NAME.exec(line)?.[0];
    if (!key) continue;
    let rest = line.slice(key.length).trimStart();
    if (!rest.startsWith('=') && !rest.startsWith(':')) continue;
    rest = rest.slice(1).trimStart();
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // a quoted value may go on over the next lines, to its closing quote
      let body = rest.slice(1);
      let close = closingQuote(body, quote);
      while (close < 0 && i < text.length) {
        let more = text.indexOf('\n', i);
        if (more < 0) more = text.length;
        body += '\n' + text.slice(i, more).replace(/\r$/, '');
        i = more + 1;
        close = closingQuote(body, quote);
      }
      const raw = close < 0 ? body : body.slice(0, close);
      vars.set(key, quote === "'" ? raw.replace(/\\'/g, "'") : interpolate(unescape(raw), vars).value);
      continue;
    }
    // unquoted: an inline comment starts at ` #`
    const comment = rest.search(/\s#/);
    const raw = (comment < 0 ? rest : rest.slice(0, comment)).trim();
    vars.set(key, interpolate(raw, vars).value);
  }
  return vars;
}

function closingQuote(body: string, quote: string): number {
  for (let j = 0; j < body.length; j++) {
    if (body[j] === '\\') j++;
    else if (body[j] === quote) return j;
  }
  return -1;
}

function unescape(raw: string): string {
  return raw.replace(/\\([nrt"\\$])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}
