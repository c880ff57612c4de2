/**
 * `tech-policy agents [folder]`: writes or refreshes the Tech Policy section of AGENTS.md (created
 * when missing) and of .github/copilot-instructions.md (only when it exists). Only what lies
 * between the section's markers changes; broken markers in any file mean nothing is written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AGENTS_FILE, COPILOT_INSTRUCTIONS_FILE, updateInstructions } from '../core/instructions/section';
import { DEFAULT_POLICY_FILE } from '../core/policy/defaults';
import { readTextFile, uriToPath } from '../node/files';
import { openFolder } from './folder';
import { isLink, writeOut } from './output';
import { folderOrFail, InputError, type Options, positionals } from './options';

const SAID = {
  created: 'created it with the Tech Policy section',
  added: 'added the Tech Policy section at the end',
  refreshed: 'refreshed the Tech Policy section',
  unchanged: 'the Tech Policy section is up to date',
} as const;

export async function agents(opts: Options): Promise<number> {
  const root = folderOrFail(positionals(opts, 1)[0] ?? '.');
  const { state, policyErrors, rel } = await openFolder(root, { policy: opts.policy, scan: false });
  if (!state.model.policy) throw new InputError(`no ${DEFAULT_POLICY_FILE} in ${root}: the section states what the policy says. Run "tech-policy init" first.`);
  if (policyErrors.length) throw new InputError(`the policy ${rel(uriToPath(state.model.policyUri))} has errors; fix them first, or the section would state a policy you did not mean.`);
  const body = state.model.agentsInstructions().body;
  const planned: Array<{ file: string; text: string; existed: boolean; change: keyof typeof SAID }> = [];
  for (const name of [AGENTS_FILE, COPILOT_INSTRUCTIONS_FILE]) {
    const file = path.join(root, ...name.split('/'));
    const existed = fs.existsSync(file) || isLink(file);
    if (!existed && name !== AGENTS_FILE) continue;
    if (isLink(file)) throw new InputError(`${name} is a symbolic link; Tech Policy does not write through it (nothing was written).`);
    const refused = state.boundary.refuse(file);
    if (refused) throw new InputError(`${name} would not be written: ${refused} (nothing was written).`);
    let text: string | undefined;
    if (existed) {
      const read = readTextFile(file);
      if (!read.ok) throw new InputError(`cannot read ${name}: ${read.reason} (nothing was written).`);
      text = read.text;
    }
    const update = updateInstructions(text, body);
    if ('error' in update) throw new InputError(`${name}, line ${update.line + 1}: ${update.error}. Fix the markers; nothing was written.`);
    planned.push({ file, text: update.text, existed, change: update.change });
  }
  const lines: string[] = [];
  for (const p of planned) {
    if (p.change !== 'unchanged') fs.writeFileSync(p.file, p.text, { flag: p.existed ? 'w' : 'wx' });
    lines.push(`${rel(p.file)}: ${SAID[p.change]}.`);
  }
  await writeOut(lines.join('\n') + '\n');
  return 0;
}
