/**
 * `tech-policy radar export` and `tech-policy radar import`: the policy as a Zalando, BYOR or
 * Backstage tech radar, and such a radar read into the policy. The work is the core's
 * (core/radar/: interchange.ts tells the formats apart, one module each); this reads the files, writes the policy file (and nothing else),
 * and reports.
 */
import * as fs from 'fs';
import * as path from 'path';
import { today } from '../core/folder';
import { DEFAULT_POLICY_FILE } from '../core/policy/defaults';
import { describeImport, importRadar } from '../core/radar/import';
import { parseRadar, writeRadar } from '../core/radar/interchange';
import { radarItems } from '../core/radar/items';
import { RADAR_FORMAT_NAMES, RADAR_FORMATS } from '../core/radar/types';
import { readTextFile, uriToPath } from '../node/files';
import { openFolder } from './folder';
import { folderOrFail, formatOf, InputError, type Options, UsageError } from './options';
import { isLink, writeErr, writeOut, writeReport } from './output';

export async function radar(opts: Options): Promise<number> {
  const [verb, ...rest] = opts.positional;
  if (verb === 'export') return radarExport(opts, rest);
  if (verb === 'import') return radarImport(opts, rest);
  throw new UsageError(verb ? `Unknown radar command "${verb}": use "radar export" or "radar import".` : 'Say what to do with the radar: "radar export" or "radar import".');
}

/** The date of each Backstage timeline entry: SOURCE_DATE_EPOCH when set (reproducible output), else today. */
function exportDate(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  return today();
}

async function radarExport(opts: Options, rest: string[]): Promise<number> {
  if (opts.force) throw new UsageError('--force is for "radar import"; "radar export" writes no policy.');
  if (!opts.format) throw new UsageError(`"radar export" needs --format: ${RADAR_FORMATS.join(', ')}.`);
  const format = formatOf(opts, RADAR_FORMATS);
  if (rest.length > 1) throw new UsageError(`Unexpected argument "${rest[1]}".`);
  const root = folderOrFail(rest[0] ?? '.');
  const { state, policyErrors, rel } = await openFolder(root, { policy: opts.policy, scan: false });
  const loaded = state.model.policy;
  if (!loaded) throw new InputError(`no ${DEFAULT_POLICY_FILE} in ${root}: there is no policy to export. Run "tech-policy init" first.`);
  if (policyErrors.length) throw new InputError(`the policy ${rel(uriToPath(state.model.policyUri))} has errors; fix them first (see "tech-policy check"), or the radar would leave out what they hide.`);
  const items = radarItems(loaded.policy);
  const text = writeRadar(format, items, exportDate());
  if (!opts.output) {
    await writeOut(text);
    return 0;
  }
  try {
    writeReport(opts.output, text);
  } catch (e) {
    throw new InputError((e as Error).message + '.');
  }
  await writeErr(`Wrote ${opts.output}: ${items.length} technolog${items.length === 1 ? 'y' : 'ies'} as a ${RADAR_FORMAT_NAMES[format]}.\n`);
  return 0;
}

async function radarImport(opts: Options, rest: string[]): Promise<number> {
  if (opts.format) throw new UsageError('"radar import" tells the format from the file; drop --format.');
  if (opts.output) throw new UsageError('"radar import" writes only the policy file; drop --output.');
  if (rest.length === 0) throw new UsageError('"radar import" needs the radar file: tech-policy radar import FILE [folder].');
  if (rest.length > 2) throw new UsageError(`Unexpected argument "${rest[2]}".`);
  const [file, folder] = rest;
  const root = folderOrFail(folder ?? '.');
  const target = opts.policy ? path.resolve(opts.policy) : path.join(root, DEFAULT_POLICY_FILE);
  if (isLink(target)) throw new InputError(`${target} is a symbolic link; Tech Policy does not write through it (nothing was written).`);
  if (!fs.existsSync(target)) throw new InputError(`no ${DEFAULT_POLICY_FILE} in ${root}: a radar is imported into a policy. Run "tech-policy init" first.`);
  if (!fs.statSync(target).isFile()) throw new InputError(`${target} is not a regular file; nothing was written.`);

  const read = readTextFile(path.resolve(file));
  if (!read.ok) throw new InputError(`cannot read the radar ${file}: ${read.reason}.`);
  const parsed = parseRadar(read.text);
  if ('error' in parsed) throw new InputError(`${file}: ${parsed.error}`);

  // the policy as it applies (its extends too: an inherited entry is not replaced either)
  const { state, rel } = await openFolder(root, { policy: opts.policy, scan: false });
  const refused = state.boundary.refuse(target);
  if (refused) throw new InputError(`${target} would not be written: ${refused}.`);
  const policyText = fs.readFileSync(target, 'utf8');
  const outcome = importRadar(policyText, parsed, { force: opts.force, inherited: state.model.policy?.policy.technologies ?? {} });
  if ('error' in outcome) throw new InputError(`cannot import into ${rel(target)}: ${outcome.error}`);
  if (outcome.changed) {
    // the policy file is the only file written, and never through a link that appeared meanwhile
    if (isLink(target)) throw new InputError(`${target} is a symbolic link; Tech Policy does not write through it (nothing was written).`);
    fs.writeFileSync(target, outcome.text);
  }
  await writeOut(describeImport(outcome, file, rel(target), parsed.format).join('\n') + '\n');
  return 0;
}
