/** `tech-policy sign`, `verify` and `exceptions`: an approver's decision, the signatures, the register. */
import * as fs from 'fs';
import * as path from 'path';
import { decideException } from '../core/features/decideException';
import { formatRegister, type RegisterEntry, registerOf } from '../core/features/register';
import { describeApprovers } from '../core/exceptions/evaluate';
import { today } from '../core/folder';
import { pathToUri, readTextFile } from '../node/files';
import { gitSettings } from '../node/git';
import { signingKey } from '../node/ssh';
import { type CliFolder, folderOfFile, openFolder } from './folder';
import { writeErr, writeOut } from './output';
import { oneLine } from '../core/text';
import { folderOrFail, formatOf, InputError, type Options, positionals, UsageError } from './options';

function exceptionUri(folder: CliFolder, file: string): string {
  const abs = path.resolve(file);
  const uri = pathToUri(abs);
  if (!folder.state.model.isExceptionPath(uri)) {
    const dir = folder.state.model.policy?.policy.exceptionsDirectory ?? 'docs/policy-exceptions';
    throw new InputError(`${file} is not an exception document of ${folder.root} (they live in ${dir}/ and are named like EX-0007-fastify.md).`);
  }
  return uri;
}

/** A file Tech Policy writes must really be inside the folder: not through a symbolic link to elsewhere. */
function insideFolder(root: string, file: string): boolean {
  try {
    const real = fs.realpathSync(file);
    const top = fs.realpathSync(root);
    return real.startsWith(top + path.sep);
  } catch {
    return false;
  }
}

export async function sign(opts: Options): Promise<number> {
  const [file] = positionals(opts, 1);
  if (!file) throw new UsageError('Name the exception document to sign: tech-policy sign docs/policy-exceptions/EX-0007-fastify.md');
  const root = folderOfFile(file, opts.policy);
  const folder = await openFolder(root, { policy: opts.policy && path.resolve(opts.policy), scan: false });
  const uri = exceptionUri(folder, file);
  const read = readTextFile(path.resolve(file));
  if (!read.ok) throw new InputError(`cannot read ${file}: ${read.reason}.`);
  if (!insideFolder(root, path.resolve(file))) throw new InputError(`${file} is a link to a file outside ${root}; nothing was written.`);
  const key = signingKey({ configured: opts.key, configuredFrom: '--key', git: opts.key ? undefined : await gitSettings(root), cwd: root, notUnder: [root] });
  if (!key.ok) throw new InputError(key.reason);
  const result = await decideException(folder.state.model, uri, read.text, opts.reject ? 'reject' : 'approve', key.signer, today());
  if (!result.ok) throw new InputError(`${result.message.replace(/\.$/, '')}; ${file} was not changed.`);
  fs.writeFileSync(path.resolve(file), result.text);
  await writeOut(`${oneLine(result.message)} Wrote ${file}.\n`);
  return 0;
}

function entryLine(e: RegisterEntry): string {
  return oneLine(`${e.file}: ${e.id ?? '(no id)'} ${e.sentence}${e.unused ? '; covers nothing in the workspace any more' : ''}`);
}

export async function verify(opts: Options): Promise<number> {
  const files = opts.positional;
  const root = files.length ? folderOfFile(files[0], opts.policy) : folderOfFile(path.join(process.cwd(), 'EX.md'), opts.policy);
  const folder = await openFolder(root, { policy: opts.policy && path.resolve(opts.policy), trustedPolicy: opts.trustedPolicy, scan: false });
  const wanted = new Set(files.map((f) => exceptionUri(folder, f)));
  const entries = registerOf(folder.state.model, today()).filter((e) => wanted.size === 0 || wanted.has(e.uri));
  for (const f of wanted) if (!entries.some((e) => e.uri === f)) throw new InputError(`${path.relative(process.cwd(), f)} could not be read.`);
  for (const e of folder.errors) await writeErr(`tech-policy: ${oneLine(e.file)}: ${oneLine(e.reason)}\n`);
  if (folder.trustErrors.length > 0) return 2;
  const bad = entries.filter((e) => e.state === 'not-granted' || e.state === 'invalid');
  await writeOut(entries.map(entryLine).join('\n') + (entries.length ? '\n' : ''));
  await writeOut(`${entries.length} document${entries.length === 1 ? '' : 's'} checked, ${bad.length} with an approval that does not count${folder.state.model.trustedApprovers ? ` (approvers from ${folder.state.model.trustedApprovers.source})` : ''}.\n`);
  return bad.length > 0 ? 1 : 0;
}

export async function exceptions(opts: Options): Promise<number> {
  const format = formatOf(opts, ['text', 'json'] as const);
  const root = folderOrFail(positionals(opts, 1)[0] ?? '.');
  const folder = await openFolder(root, { policy: opts.policy, trustedPolicy: opts.trustedPolicy, scan: true });
  folder.state.checkAll(); // which granted exceptions still cover something
  const entries = registerOf(folder.state.model, today());
  const approvers = describeApprovers(folder.state.model.approvalPolicy?.approvers ?? []);
  if (format === 'json') {
    const out = { version: 1, exceptions: entries.map(({ uri: _uri, ...rest }) => rest), errors: folder.errors };
    await writeOut(JSON.stringify(out, null, 2) + '\n');
  } else {
    await writeOut(formatRegister(entries, approvers));
  }
  return 0;
}
