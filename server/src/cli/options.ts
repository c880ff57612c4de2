/** The command line's options and its two kinds of failure (both exit 2). */
import * as fs from 'fs';
import * as path from 'path';

export const VERSION = '0.1.0';

export const USAGE = `Usage:
  tech-policy check [folder] [--format text|json|sarif] [--policy FILE] [--output FILE] [--trusted-policy REF] [--show-baselined]
  tech-policy init [folder] [--force]
  tech-policy baseline [folder] [--update | --prune] [--policy FILE]
  tech-policy sign FILE [--key KEY] [--reject]
  tech-policy verify [FILE...] [--trusted-policy REF]
  tech-policy exceptions [folder] [--format text|json] [--trusted-policy REF]
  tech-policy --help | --version

check       reports new technologies, services and languages, held technologies and
            exceptions that do not count, under the folder (default: the current folder),
            as the editor does.
init        writes techpolicy.json approving every technology, service and language in use today.
baseline    records today's findings in techpolicy.baseline.json (next to the policy): known
            findings are then counted, not reported, and new ones stand out. It never grows an
            existing baseline: --update records the current findings (new ones too, and keeps
            each entry's date), --prune only removes or lowers entries no longer found.
            check --show-baselined lists the known findings too.
sign        approves an exception document and signs it with your SSH key (ssh-keygen -Y sign);
            --reject rejects it instead. The key: --key, else the techPolicy.signingKey of git
            (git config gpg.format ssh; user.signingKey).
verify      checks the approvals and signatures of exception documents (default: all of them).
exceptions  prints the exception register: awaiting signature, granted, expiring, expired, …

--trusted-policy REF  takes the approvers and their keys from techpolicy.json as it is at the
                      git ref REF (e.g. origin/main), so a change cannot approve itself.

Exit codes: 0 no finding at error or warning level (verify: every approval valid; known
findings of the baseline do not count, stale baseline entries do), 1 findings (verify: an
approval that does not count), 2 unusable input (also a broken policy or baseline).`;

export class UsageError extends Error {}
export class InputError extends Error {}

export interface Options {
  command: string;
  positional: string[];
  format?: string;
  policy?: string;
  output?: string;
  trustedPolicy?: string;
  key?: string;
  reject: boolean;
  force: boolean;
  update: boolean;
  prune: boolean;
  showBaselined: boolean;
}

const WITH_VALUE = ['--format', '--policy', '--output', '-o', '--trusted-policy', '--key'];

export function parseArgs(argv: string[]): Options {
  const opts: Options = { command: '', positional: [], reject: false, force: false, update: false, prune: false, showBaselined: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (WITH_VALUE.includes(name)) {
      const value = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value.`);
      if (name === '--format') opts.format = value;
      else if (name === '--policy') opts.policy = value;
      else if (name === '--output' || name === '-o') opts.output = value;
      else if (name === '--trusted-policy') opts.trustedPolicy = value;
      else opts.key = value;
    } else if (a === '--force') opts.force = true;
    else if (a === '--reject') opts.reject = true;
    else if (a === '--update') opts.update = true;
    else if (a === '--prune') opts.prune = true;
    else if (a === '--show-baselined') opts.showBaselined = true;
    else if (a.startsWith('-')) throw new UsageError(`Unknown option ${a}.`);
    else if (!opts.command) opts.command = a;
    else opts.positional.push(a);
  }
  return opts;
}

/** The format option, checked against what the command writes. */
export function formatOf<T extends string>(opts: Options, allowed: readonly T[]): T {
  const f = (opts.format ?? allowed[0]) as T;
  if (!allowed.includes(f)) throw new UsageError(`Unknown format "${f}": use ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}.`);
  return f;
}

/** At most `max` positional arguments. */
export function positionals(opts: Options, max: number): string[] {
  if (opts.positional.length > max) throw new UsageError(`Unexpected argument "${opts.positional[max]}".`);
  return opts.positional;
}

export function folderOrFail(folder: string): string {
  const root = path.resolve(folder);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new InputError(`${folder} is not a folder.`);
  return root;
}
