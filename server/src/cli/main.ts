/**
 * tech-policy: the command-line checker. The same core and the same file discovery as the
 * language server (node/folderState.ts); only the output differs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createPolicyText } from '../core/features/createPolicy';
import { today } from '../core/folder';
import { relativePath } from '../core/paths';
import { DEFAULT_POLICY_FILE } from '../core/policy/defaults';
import { DEFAULT_SETTINGS } from '../protocol';
import { FolderState } from '../node/folderState';
import { pathToUri, readTextFile, uriToPath } from '../node/files';
import { blocking, type CheckError, type CheckReport, formatJson, formatSarif, formatText } from './report';

const VERSION = '0.1.0';
const USAGE = `Usage:
  tech-policy check [folder] [--format text|json|sarif] [--policy FILE] [--output FILE]
  tech-policy init [folder] [--force]
  tech-policy --help | --version

check  reports new technologies, held technologies and invalid or expired exceptions
       under the folder (default: the current folder), as the editor does.
init   writes techpolicy.json approving every technology in use today.

Exit codes: 0 no finding at error or warning level, 1 findings, 2 unusable input.`;

class UsageError extends Error {}

interface Options {
  command: string;
  folder: string;
  format: 'text' | 'json' | 'sarif';
  policy?: string;
  output?: string;
  force: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { command: '', folder: '.', format: 'text', force: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string) => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value.`);
      return next;
    };
    if (a === '--format' || a.startsWith('--format=')) {
      const f = value('--format');
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`Unknown format "${f}": use text, json or sarif.`);
      opts.format = f;
    } else if (a === '--policy' || a.startsWith('--policy=')) opts.policy = value('--policy');
    else if (a === '--output' || a === '-o' || a.startsWith('--output=')) opts.output = value('--output');
    else if (a === '--force') opts.force = true;
    else if (a.startsWith('-')) throw new UsageError(`Unknown option ${a}.`);
    else positional.push(a);
  }
  opts.command = positional[0] ?? '';
  if (positional[1]) opts.folder = positional[1];
  if (positional.length > 2) throw new UsageError(`Unexpected argument "${positional[2]}".`);
  return opts;
}

function folderOrFail(folder: string): string {
  const root = path.resolve(folder);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new InputError(`${folder} is not a folder.`);
  return root;
}

class InputError extends Error {}

async function check(opts: Options): Promise<number> {
  const root = folderOrFail(opts.folder);
  const errors: CheckError[] = [];
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/') || '.';
  let policyFile = DEFAULT_POLICY_FILE;
  if (opts.policy) {
    const policyPath = path.resolve(opts.policy);
    if (!fs.existsSync(policyPath)) throw new InputError(`the policy file ${opts.policy} does not exist.`);
    policyFile = path.relative(root, policyPath);
  }
  const state = new FolderState(
    pathToUri(root),
    path.basename(root),
    { ...DEFAULT_SETTINGS, policyFile },
    () => undefined,
    (p) => errors.push({ file: rel(p.path), reason: p.reason }),
  );
  state.loadPolicy(() => undefined);
  const loaded = state.model.policy;
  const policyPath = uriToPath(state.model.policyUri);
  if (!loaded && fs.existsSync(policyPath)) {
    const r = readTextFile(policyPath);
    throw new InputError(`cannot read the policy file ${rel(policyPath)}: ${r.ok ? 'unknown reason' : r.reason}.`);
  }
  const policyErrors = loaded?.problems.filter((p) => p.severity === 'error') ?? [];
  for (const p of policyErrors) {
    errors.push({ file: rel(uriToPath(p.uri)), reason: `line ${p.range.start.line + 1}, column ${p.range.start.character + 1}: ${p.message}` });
  }

  await state.loadExceptions(() => undefined);
  await state.scan();
  const findings = state
    .checkAll()
    .map((f) => ({ ...f, file: relativePath(state.uri, f.uri) ?? rel(uriToPath(f.uri)) }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  for (const [uri, facts] of state.diskPackageJsons) {
    const e = facts.syntaxErrors[0];
    if (e) errors.push({ file: rel(uriToPath(uri)), reason: `invalid JSON at line ${e.range.start.line + 1}, column ${e.range.start.character + 1}` });
  }
  // scaffolding that does not parse is checked only in part: the editor says so, so does CI
  for (const [uri, { facts }] of state.diskScaffolding) {
    for (const p of facts.problems) {
      errors.push({ file: rel(uriToPath(uri)), reason: `line ${p.range.start.line + 1}, column ${p.range.start.character + 1}: ${p.message}` });
    }
  }

  const report: CheckReport = { findings, errors, policy: loaded?.policy, rootUri: pathToUri(root) + '/', version: VERSION };
  const text = opts.format === 'json' ? formatJson(report) : opts.format === 'sarif' ? formatSarif(report) : formatText(report);
  const prefix = !loaded && opts.format === 'text' ? `No ${DEFAULT_POLICY_FILE} in ${root}: nothing is checked. Run "tech-policy init" to create one.\n` : '';
  if (opts.output) fs.writeFileSync(opts.output, prefix + text);
  else process.stdout.write(prefix + text);

  if (policyErrors.length > 0) {
    process.stderr.write(`tech-policy: the policy file ${rel(uriToPath(state.model.policyUri))} is invalid (${policyErrors.length} problem${policyErrors.length === 1 ? '' : 's'}, listed with the errors); fix it and run the check again.\n`);
    return 2;
  }
  return blocking(findings) > 0 ? 1 : 0;
}

async function init(opts: Options): Promise<number> {
  const root = folderOrFail(opts.folder);
  const target = path.join(root, DEFAULT_POLICY_FILE);
  if (fs.existsSync(target) && !opts.force) throw new InputError(`${target} already exists; use --force to replace it.`);
  const state = new FolderState(pathToUri(root), path.basename(root), { ...DEFAULT_SETTINGS }, () => undefined);
  await state.scan();
  const text = createPolicyText(state.inventory(), today());
  fs.writeFileSync(target, text, { flag: opts.force ? 'w' : 'wx' });
  process.stdout.write(`Wrote ${target}.\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const opts = parseArgs(argv);
  if (opts.command === 'check') return check(opts);
  if (opts.command === 'init') return init(opts);
  throw new UsageError(opts.command ? `Unknown command "${opts.command}".` : 'Name a command: check or init.');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    const known = e instanceof UsageError || e instanceof InputError;
    process.stderr.write(`tech-policy: ${known ? e.message : `unexpected error: ${(e as Error)?.message ?? e}`}\n`);
    if (e instanceof UsageError) process.stderr.write(`Run "tech-policy --help" for usage.\n`);
    process.exit(2);
  },
);
