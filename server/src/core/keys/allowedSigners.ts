/**
 * A git-style allowed_signers file (ssh-keygen(1), "ALLOWED SIGNERS"): one key per line,
 * `principals [options] keytype base64 [comment]`. Each line whose principals name an approver's
 * email gives that approver the key. Pure: text in, entries and problems out.
 */
import { parseKeyParts, splitKeyLine, type SshPublicKey } from './sshKey';

export interface AllowedSigner {
  /** Emails (or other principals) the key is allowed for, lowercased. */
  principals: string[];
  key: SshPublicKey;
  /** From `namespaces="…"`; undefined means every namespace. */
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

export function parseAllowedSigners(text: string): { signers: AllowedSigner[]; problems: AllowedSignersProblem[] } {
  const signers: AllowedSigner[] = [];
  const problems: AllowedSignersProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (line === '' || line.startsWith('#')) return;
    const parts = splitKeyLine(line);
    if (!parts || parts.prefix === '') {
      problems.push({ line: n, message: 'expected "principals [options] keytype key", e.g. "dana@acme.example ssh-ed25519 AAAA…"' });
      return;
    }
    const tokens = tokenize(parts.prefix);
    const principals = tokens[0].split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
    if (principals.some((p) => /[*?]/.test(p))) {
      problems.push({ line: n, message: 'a wildcard principal gives no approver a key (an approval names one person): list the approver\'s own email' });
      return;
    }
    const signer: Partial<AllowedSigner> = { principals, line: n };
    for (const option of splitOptions(tokens.slice(1).join(','))) {
      const eq = option.indexOf('=');
      const name = (eq < 0 ? option : option.slice(0, eq)).trim().toLowerCase();
      const raw = eq < 0 ? '' : option.slice(eq + 1).trim();
      const value = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
      if (name === 'namespaces') signer.namespaces = value.split(',').map((s) => s.trim()).filter(Boolean);
      else if (name === 'valid-after' || name === 'valid-before') {
        const time = parseSshTime(value);
        if (!time) {
          problems.push({ line: n, message: `${name}="${value}" is not a time ssh-keygen reads (YYYYMMDD[HHMM[SS]], with Z for UTC)` });
          return;
        }
        if (name === 'valid-after') signer.validAfter = time;
        else signer.validBefore = time;
        if (signer.validAfter && signer.validBefore && signer.validBefore.seconds <= signer.validAfter.seconds) {
          problems.push({ line: n, message: 'valid-before is not after valid-after: the key could never sign' });
          return;
        }
      } else if (name === 'cert-authority') {
        problems.push({ line: n, message: 'cert-authority keys are not supported for exceptions: list the approver\'s own key' });
        return;
      } else {
        problems.push({ line: n, message: `unknown option "${name}"` });
        return;
      }
    }
    const key = parseKeyParts(parts);
    if (!key.ok) {
      problems.push({ line: n, message: key.reason });
      return;
    }
    signers.push({ ...(signer as AllowedSigner), key: key.key });
  });
  return { signers, problems };
}

/** Splits on whitespace outside double quotes. */
function tokenize(text: string): string[] {
  return text.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
}

/** Splits options at the commas outside double quotes (`namespaces="git,file",valid-after=…`), in one pass. */
function splitOptions(text: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || (text[i] === ',' && !quoted)) {
      if (i > start) out.push(text.slice(start, i));
      start = i + 1;
    } else if (text[i] === '"') quoted = !quoted;
  }
  return out;
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
 * YYYYMMDDHHMMSS, in UTC with a trailing "Z" or "UTC", else in the local time of the machine that
 * verifies. A date alone is its first second (00:00:00). Undefined when ssh-keygen would refuse it.
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
  const ms = utc ? Date.UTC(y, mo - 1, d, h, mi, s) : new Date(y, mo - 1, d, h, mi, s).getTime();
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  const date = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  const clock = digits.length >= 12 ? ` ${digits.slice(8, 10)}:${digits.slice(10, 12)}${digits.length === 14 ? `:${digits.slice(12, 14)}` : ''}` : digits.length === 8 && utc ? ' 00:00' : '';
  return { seconds: Math.floor(ms / 1000), text: `${date}${clock}${utc ? ' UTC' : ' (local time)'}`, value };
}
