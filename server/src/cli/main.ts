/**
 * tech-policy: the command-line checker. Same core, same file discovery as the language server;
 * only the output differs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createPolicyText } from '../core/features/createPolicy';
import { today } from '../core/folder';
import type { Finding } from '../core/model';
import { relativePath } from '../core/paths';
import { DEFAULT_POLICY_FILE } from '../core/policy/defaults';
import { DEFAULT_SETTINGS } from '../protocol';
import { FolderState } from '../node/folderState';
import { pathToUri, uriToPath } from '../node/files';

const VERSION = '0.1.0';
const USAGE = `Usage:
  tech-policy check [folder] [--format text|json] [--policy FILE]
  tech-policy init [folder] [--force]
  tech-policy --help | --version

Exit codes: 0 clean, 1 findings at error or warning level, 2 unusable input.`;

class UsageError extends Error {}

interface Options {
  command: string;
  folder: string;
  format: 'text' | 'json';
  policy?: string;
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
      if (f !== 'text' && f !== 'json') throw new UsageError(`Unknown format "${f}": use text or json.`);
      opts.format = f;
    } else if (a === '--policy' || a.startsWith('--policy=')) opts.policy = value('--policy');
    else if (a === '--force') opts.force = true;
    else if (a.startsWith('-')) throw new UsageError(`Unknown option ${a}.`);
    else positional.push(a);
  }
  opts.command = positional[0] ?? '';
  if (positional[1]) opts.folder = positional[1];
  return opts;
}

async function check(opts: Options): Promise<number> {
  const root = path.resolve(opts.folder);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    process.stderr.write(`tech-policy: ${opts.folder} is not a folder.\n`);
    return 2;
  }
  const errors: Array<{ file: string; reason: string }> = [];
  const policyFile = opts.policy ? path.relative(root, path.resolve(opts.policy)) : DEFAULT_POLICY_FILE;
  const state = new FolderState(
    pathToUri(root),
    path.basename(root),
    { ...DEFAULT_SETTINGS, policyFile },
    () => undefined,
    (p) => errors.push({ file: toRel(root, p.path), reason: p.reason }),
  );
  state.loadPolicy(() => undefined);
  const policy = state.model.policy;
  if (!policy) {
    if (opts.policy) {
      process.stderr.write(`tech-policy: cannot read the policy file ${opts.policy}.\n`);
      return 2;
    }
  } else if (policy.problems.some((p) => p.severity === 'error')) {
    for (const p of policy.problems) {
      process.stderr.write(`tech-policy: ${toRel(root, state.model.policyUri)}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.message}\n`);
    }
    process.stderr.write('tech-policy: the policy file is invalid; fix it and run the check again.\n');
    return 2;
  }
  await state.loadExceptions(() => undefined);
  await state.scan();
  const findings: Finding[] = [];
  for (const [uri, facts] of state.diskPackageJsons) {
    findings.push(...state.model.checkPackageJson(uri, facts));
    for (const e of facts.syntaxErrors.slice(0, 1)) errors.push({ file: toRel(root, uri), reason: `invalid JSON at line ${e.range.start.line + 1}` });
  }
  for (const uri of state.model.exceptionUris()) findings.push(...state.model.checkException(uri));
  findings.sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);

  const rel = (uri: string) => relativePath(state.uri, uri) ?? uri;
  if (opts.format === 'json') {
    const out = {
      version: 1,
      findings: findings.map((f) => ({
        file: rel(f.uri),
        range: f.range,
        rule: f.rule,
        subject: f.subject,
        severity: f.severity,
        message: f.message,
        exception: f.request?.id ?? null,
      })),
      errors,
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    if (!policy) process.stdout.write(`No ${DEFAULT_POLICY_FILE} in ${root}: nothing is checked. Run "tech-policy init" to create one.\n`);
    for (const f of findings) {
      process.stdout.write(`${rel(f.uri)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${f.message}\n`);
    }
    for (const e of errors) process.stdout.write(`${e.file}: could not be checked: ${e.reason}\n`);
    const blocking = findings.filter((f) => f.severity === 'error' || f.severity === 'warning').length;
    process.stdout.write(`${findings.length} finding(s), ${blocking} at error or warning level, ${errors.length} file(s) not checked.\n`);
  }
  return findings.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
}

async function init(opts: Options): Promise<number> {
  const root = path.resolve(opts.folder);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    process.stderr.write(`tech-policy: ${opts.folder} is not a folder.\n`);
    return 2;
  }
  const target = path.join(root, DEFAULT_POLICY_FILE);
  if (fs.existsSync(target) && !opts.force) {
    process.stderr.write(`tech-policy: ${target} already exists; use --force to replace it.\n`);
    return 2;
  }
  const state = new FolderState(pathToUri(root), path.basename(root), { ...DEFAULT_SETTINGS }, () => undefined);
  await state.scan();
  const text = createPolicyText({ packageJsons: [...state.diskPackageJsons.values()] }, today());
  fs.writeFileSync(target, text, { flag: opts.force ? 'w' : 'wx' });
  process.stdout.write(`Wrote ${target}.\n`);
  return 0;
}

function toRel(root: string, fileOrUri: string): string {
  const p = fileOrUri.startsWith('file:') ? uriToPath(fileOrUri) : fileOrUri;
  return path.relative(root, p).split(path.sep).join('/') || '.';
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    process.stdout.write(USAGE + '\n');
    return argv.length === 0 ? 2 : 0;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const opts = parseArgs(argv);
  if (opts.command === 'check') return check(opts);
  if (opts.command === 'init') return init(opts);
  throw new UsageError(`Unknown command "${opts.command}".`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`tech-policy: ${e instanceof UsageError ? e.message : (e as Error).message}\n`);
    if (e instanceof UsageError) process.stderr.write(USAGE + '\n');
    process.exit(2);
  },
);
