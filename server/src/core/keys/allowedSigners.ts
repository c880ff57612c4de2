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
  /** From `valid-after` / `valid-before`, as YYYY-MM-DD. */
  validAfter?: string;
  validBefore?: string;
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
    for (const option of tokens.slice(1).join(',').split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).filter(Boolean)) {
      const eq = option.indexOf('=');
      const name = (eq < 0 ? option : option.slice(0, eq)).trim().toLowerCase();
      const value = eq < 0 ? '' : option.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (name === 'namespaces') signer.namespaces = value.split(',').map((s) => s.trim()).filter(Boolean);
      else if (name === 'valid-after' || name === 'valid-before') {
        const date = sshTimeToDate(value);
        if (!date) {
          problems.push({ line: n, message: `${name}="${value}" is not a time ssh-keygen reads (YYYYMMDD[HHMM[SS]])` });
          return;
        }
        if (name === 'valid-after') signer.validAfter = date;
        else signer.validBefore = date;
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

/** `20260101`, `202601011230` or `20260101123000` (optionally `Z`) → `2026-01-01`. */
function sshTimeToDate(value: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:\d{4}(?:\d{2})?)?Z?$/.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}
