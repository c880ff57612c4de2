/** `tech-policy check` and `tech-policy init`: the findings of a folder, and the starter policy. */
import * as fs from 'fs';
import * as path from 'path';
import { createPolicyText } from '../core/features/createPolicy';
import { today } from '../core/folder';
import { relativePath } from '../core/paths';
import { DEFAULT_POLICY_FILE } from '../core/policy/defaults';
import { DEFAULT_SETTINGS } from '../protocol';
import { pathToUri, uriToPath } from '../node/files';
import { FolderState } from '../node/folderState';
import { openFolder } from './folder';
import { writeErr, writeOut, writeReport } from './output';
import { folderOrFail, formatOf, InputError, type Options, positionals, VERSION } from './options';
import { blocking, type CheckReport, formatJson, formatSarif, formatText } from './report';

export async function check(opts: Options): Promise<number> {
  const format = formatOf(opts, ['text', 'json', 'sarif'] as const);
  const root = folderOrFail(positionals(opts, 1)[0] ?? '.');
  const { state, errors, policyErrors, trustErrors, rel } = await openFolder(root, { policy: opts.policy, trustedPolicy: opts.trustedPolicy, scan: true });
  const loaded = state.model.policy;
  const findings = state
    .checkAll()
    .map((f) => ({ ...f, file: relativePath(state.uri, f.uri) ?? rel(uriToPath(f.uri)) }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  for (const [uri, facts] of state.diskPackageJsons) {
    for (const p of facts.problems) errors.push({ file: rel(uriToPath(uri)), reason: `line ${p.range.start.line + 1}, column ${p.range.start.character + 1}: ${p.message}` });
    const e = facts.syntaxErrors[0];
    if (e && facts.problems.length === 0) errors.push({ file: rel(uriToPath(uri)), reason: `invalid JSON at line ${e.range.start.line + 1}, column ${e.range.start.character + 1}` });
  }
  // scaffolding that does not parse is checked only in part: the editor says so, so does CI
  for (const [uri, { facts }] of state.diskScaffolding) {
    for (const p of facts.problems) {
      errors.push({ file: rel(uriToPath(uri)), reason: `line ${p.range.start.line + 1}, column ${p.range.start.character + 1}: ${p.message}` });
    }
  }

  const report: CheckReport = { findings, errors, policy: loaded?.policy, rootUri: pathToUri(root) + '/', version: VERSION };
  const text = format === 'json' ? formatJson(report) : format === 'sarif' ? formatSarif(report) : formatText(report);
  const prefix = !loaded && format === 'text' ? `No ${DEFAULT_POLICY_FILE} in ${root}: nothing is checked. Run "tech-policy init" to create one.\n` : '';
  if (opts.output) {
    try {
      writeReport(opts.output, prefix + text);
    } catch (e) {
      throw new InputError(`--output: ${(e as Error).message}.`);
    }
  }
  else await writeOut(prefix + text);

  if (trustErrors.length > 0) {
    await writeErr(`tech-policy: the trusted policy (${opts.trustedPolicy}) has ${trustErrors.length} problem${trustErrors.length === 1 ? '' : 's'} (listed with the errors), so approvals cannot be judged; fix it on that branch.\n`);
    return 2;
  }
  if (policyErrors.length > 0) {
    await writeErr(`tech-policy: the policy file ${rel(uriToPath(state.model.policyUri))} is invalid (${policyErrors.length} problem${policyErrors.length === 1 ? '' : 's'}, listed with the errors); fix it and run the check again.\n`);
    return 2;
  }
  return blocking(findings) > 0 ? 1 : 0;
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

export async function init(opts: Options): Promise<number> {
  const root = folderOrFail(positionals(opts, 1)[0] ?? '.');
  const target = path.join(root, DEFAULT_POLICY_FILE);
  if (isLink(target)) throw new InputError(`${target} is a symbolic link; Tech Policy does not write through it (nothing was written).`);
  if (fs.existsSync(target) && !opts.force) throw new InputError(`${target} already exists; use --force to replace it.`);
  if (fs.existsSync(target) && !fs.statSync(target).isFile()) throw new InputError(`${target} is not a regular file; nothing was written.`);
  const state = new FolderState(pathToUri(root), path.basename(root), { ...DEFAULT_SETTINGS }, () => undefined);
  await state.scan();
  const text = createPolicyText(state.inventory(), today());
  fs.writeFileSync(target, text, { flag: opts.force ? 'w' : 'wx' });
  await writeOut(`Wrote ${target}.\n`);
  return 0;
}
