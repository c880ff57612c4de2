/**
 * A git-style allowed_signers file (ssh-keygen(1), "ALLOWED SIGNERS"): one key per line,
 * `principals [options] keytype base64 [comment]`. Each line whose principals name an approver's
 * email gives that approver the key. Pure: text in, entries and problems out.
 */
import { wildcardMatch } from '../glob';
import { type KeyLine, parseKeyParts, splitKeyLine, type SshPublicKey } from './sshKey';

export interface AllowedSigner {
  /**
   * The line's principals as written (ssh-keygen's pattern list: compared exactly, case too; a
   * `!` entry that matches refuses). `matchPatternList` tells whether an email is allowed.
   */
  principals: string[];
  key: SshPublicKey;
  /** From `namespaces="…"`, split at its commas as written (`!` entries refuse); undefined means every namespace. */
  namespaces?: string[];
  /** From `valid-after` / `valid-before`: the key may sign only between these times (both included, as ssh-keygen has it). */
  validAfter?: SshTime;
  validBefore?: SshTime;
  /** One-based line in the file. */
  line: number;
}

export interface AllowedSignersProblem {
  line: number;
  message: string;
}

/**
 * Reads the file as `ssh-keygen -Y verify` does (OpenSSH's sshsig.c): the principals are the first
 * word; the options, when there are any, are the next word (spaces only inside double quotes),
 * each a known option with a double-quoted value, given once, separated by commas; then the key.
 * A line ssh-keygen would refuse is a problem and gives no key; every other line counts, so the
 * same key on several lines is allowed when any of them allows it (ssh-keygen tries each line).
 */
export function parseAllowedSigners(text: string): { signers: AllowedSigner[]; problems: AllowedSignersProblem[] } {
  const signers: AllowedSigner[] = [];
  const problems: AllowedSignersProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const r = parseLine(line);
    if (typeof r === 'string') problems.push({ line: i + 1, message: r });
    else signers.push({ ...r, line: i + 1 });
  });
  return { signers, problems };
}

const FORMAT = 'expected "principals [options] keytype key", e.g. "dana@acme.example ssh-ed25519 AAAA…"';

function parseLine(line: string): Omit<AllowedSigner, 'line'> | string {
  const space = line.search(/[ \t]/);
  if (space <= 0) return FORMAT;
  const principals = line.slice(0, space).split(',');
  if (line.slice(0, space).includes('"')) return 'a principal in double quotes is not supported: list the approver\'s email as it is';
  if (principals.some((p) => /[*?]/.test(p))) return 'a wildcard principal gives no approver a key (an approval names one person): list the approver\'s own email';
  const rest = line.slice(space).replace(/^[ \t]+/, '');
  let key = atKey(rest);
  let options: Options = {};
  if (!key) {
    // the options are one word: a space outside double quotes ends them (sshkey_advance_past_options)
    const end = endOfOptions(rest);
    if (end < 0) return 'an option\'s double quote is not closed';
    const parsed = parseOptions(rest.slice(0, end));
    if (typeof parsed === 'string') return parsed;
    options = parsed;
    const after = rest.slice(end).replace(/^[ \t]+/, '');
    key = atKey(after);
    if (!key) {
      return after === ''
        ? 'the line has no key after its options'
        : `expected the key after the options, not "${after.split(/[ \t]/)[0]}": options are one comma-separated list without spaces (namespaces="…",valid-before="…"), as ssh-keygen reads them`;
    }
  }
  const parsed = parseKeyParts(key);
  if (!parsed.ok) return parsed.reason;
  return { principals, key: parsed.key, ...options };
}

/** The key at the start of `text` ("keytype base64 [comment]"), or undefined. */
function atKey(text: string): KeyLine | undefined {
  const parts = splitKeyLine(text);
  return parts && parts.typeOffset === 0 ? parts : undefined;
}

/** Where the options word ends (a space or tab outside double quotes; `\"` is a quote inside), or -1 for an unclosed quote. */
function endOfOptions(text: string): number {
  let quoted = false;
  let i = 0;
  for (; i < text.length && (quoted || (text[i] !== ' ' && text[i] !== '\t')); i++) {
    if (text[i] === '\\' && text[i + 1] === '"') i++;
    else if (text[i] === '"') quoted = !quoted;
  }
  return quoted ? -1 : i;
}

interface Options {
  namespaces?: string[];
  validAfter?: SshTime;
  validBefore?: SshTime;
}

const OPTION = /^(namespaces|valid-after|valid-before)=/i;

/** The options as sshsigopt_parse reads them; a string says why the line is refused. */
function parseOptions(text: string): Options | string {
  const out: Options = {};
  const seen = new Set<string>();
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    if (/^cert-authority(?=$|,)/i.test(rest)) return 'cert-authority keys are not supported for exceptions: list the approver\'s own key';
    const m = OPTION.exec(rest);
    if (!m) return `unknown option "${rest.split(/[=,]/)[0]}"`;
    const name = m[1].toLowerCase();
    if (seen.has(name)) return `${name} is given twice: ssh-keygen refuses a line with two "${name}" clauses`;
    seen.add(name);
    i += m[0].length;
    if (text[i] !== '"') return `the value of ${name} must be in double quotes (${name}="…"), as ssh-keygen reads it`;
    // the value runs to the next double quote; \" is a quote inside it (opt_dequote)
    let value = '';
    for (i++; i < text.length && text[i] !== '"'; i++) {
      if (text[i] === '\\' && text[i + 1] === '"') i++;
      value += text[i];
    }
    if (i >= text.length) return `the value of ${name} has no closing double quote`;
    i++;
    if (name === 'namespaces') out.namespaces = value.split(',');
    else {
      const time = parseSshTime(value);
      if (!time) return `${name}="${value}" is not a time ssh-keygen reads (YYYYMMDD[HHMM[SS]], with Z for UTC)`;
      if (name === 'valid-after') out.validAfter = time;
      else out.validBefore = time;
    }
    if (i === text.length) break;
    if (text[i] !== ',') return `options are separated by commas, not "${text[i]}"`;
    if (++i === text.length) return 'the options end with a comma';
  }
  if (out.validAfter && out.validBefore && out.validBefore.seconds <= out.validAfter.seconds) return 'valid-before is not after valid-after: the key could never sign';
  return out;
}

/**
 * ssh-keygen's pattern lists (OpenSSH's match_pattern_list, case-sensitive): 1 when an entry
 * matches `value` and no `!` entry does, -1 when a `!` entry matches (that refuses, whatever else
 * matches), 0 when nothing matches. `*` and `?` are wildcards; an entry of 1,023 characters or
 * more matches nothing, as in OpenSSH.
 */
export function matchPatternList(value: string, patterns: readonly string[]): -1 | 0 | 1 {
  let positive = false;
  for (const entry of patterns) {
    const negated = entry.startsWith('!');
    const pattern = negated ? entry.slice(1) : entry;
    if (pattern.length >= 1023) return 0;
    if (!wildcardMatch(pattern, value)) continue;
    if (negated) return -1;
    positive = true;
  }
  return positive ? 1 : 0;
}

/**
 * The machine's standard-time offset in the year `year` (minutes west of UTC, as getTimezoneOffset
 * gives them): daylight saving moves clocks forward, so standard time is the larger of January's
 * and July's offsets (January is summer in the south).
 */
function standardOffsetMinutes(year: number): number {
  return Math.max(new Date(year, 0, 1).getTimezoneOffset(), new Date(year, 6, 1).getTimezoneOffset());
}

/** A time of allowed_signers' `valid-after` / `valid-before`. */
export interface SshTime {
  /** Seconds since the epoch, as ssh-keygen compares them. */
  seconds: number;
  /** As people read it: "2025-01-01 00:00 UTC", "2025-01-01 (local time)". */
  text: string;
  /** As written in the file ("20250101Z"): what a report carries, to be read again with parseSshTime. */
  value: string;
}

/**
 * A time as ssh-keygen reads it (misc.c, parse_absolute_time): YYYYMMDD, YYYYMMDDHHMM or
 * YYYYMMDDHHMMSS, in UTC with a trailing "Z" or "UTC", else in the local standard time of the machine
 * that verifies (daylight saving is not applied: OpenSSH zeroes tm_isdst). A date alone is its first second (00:00:00). Undefined when ssh-keygen would refuse it.
 */
export function parseSshTime(value: string): SshTime | undefined {
  let digits = value;
  let utc = false;
  if (digits.length > 1 && /z$/i.test(digits)) {
    utc = true;
    digits = digits.slice(0, -1);
  } else if (digits.length > 3 && /utc$/i.test(digits)) {
    utc = true;
    digits = digits.slice(0, -3);
  }
  if (!/^\d+$/.test(digits) || ![8, 12, 14].includes(digits.length)) return undefined;
  const part = (from: number, to: number) => Number(digits.slice(from, to) || '0');
  const [y, mo, d, h, mi, s] = [part(0, 4), part(4, 6), part(6, 8), part(8, 10), part(10, 12), part(12, 14)];
  // the ranges strptime accepts (%m, %d, %H, %M, %S); a day past the month's end rolls over, as mktime does
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  // a local time is read as OpenSSH reads it: mktime() with tm_isdst zeroed, so always at the zone's
  // standard offset (during daylight saving too, an hour off the wall clock)
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) + (utc ? 0 : standardOffsetMinutes(y) * 60_000);
  // before 1970 (or at its first second, which OpenSSH takes for "no time") ssh-keygen refuses
  if (y < 1970 || !Number.isFinite(ms) || ms <= 0) return undefined;
  const date = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  const clock = digits.length >= 12 ? ` ${digits.slice(8, 10)}:${digits.slice(10, 12)}${digits.length === 14 ? `:${digits.slice(12, 14)}` : ''}` : digits.length === 8 && utc ? ' 00:00' : '';
  return { seconds: Math.floor(ms / 1000), text: `${date}${clock}${utc ? ' UTC' : ' (local time)'}`, value };
}
