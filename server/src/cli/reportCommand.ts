/** `tech-policy report`: the radar as used, the exception register, the deployables and platform-versus-product work, on one page. */
import * as path from 'path';
import { today } from '../core/folder';
import { renderHtml } from '../core/report/html';
import { renderMarkdown } from '../core/report/markdown';
import { periodStart } from '../core/report/work';
import { DEFAULT_POLICY_FILE } from '../core/policy/defaults';
import { folderReport } from '../node/report';
import { openFolder } from './folder';
import { writeErr, writeOut, writeReport } from './output';
import { folderOrFail, formatOf, InputError, type Options, positionals } from './options';

export async function report(opts: Options): Promise<number> {
  const format = formatOf(opts, ['html', 'json', 'markdown'] as const);
  const root = folderOrFail(positionals(opts, 1)[0] ?? '.');
  const day = today();
  const since = periodStart(opts.since ?? '12w', day);
  if (!since) throw new InputError(`--since ${opts.since}: use a number of days, weeks, months or years (90d, 12w, 6m, 1y) or a date (YYYY-MM-DD) in the past.`);
  const { state } = await openFolder(root, { policy: opts.policy, scan: true });
  if (!state.model.policy) throw new InputError(`no ${DEFAULT_POLICY_FILE} in ${root}: the report shows a policy at work. Run "tech-policy init" first.`);
  // the command line is run by the user on purpose: git may run (as for --trusted-policy)
  const model = await folderReport(state, { since, until: day, today: day, trusted: true, documents: format === 'json' });
  const out = opts.output ? path.resolve(opts.output) : undefined;
  // links from the report to the files, relative to where the report is written
  const base = out ? path.dirname(out) : root;
  const link = (file: string) => path.relative(base, path.join(root, file)).split(path.sep).map(encodeURIComponent).join('/');
  const text = format === 'json' ? JSON.stringify(model, null, 2) + '\n' : format === 'markdown' ? renderMarkdown(model) : renderHtml(model, { link });
  if (out) {
    try {
      writeReport(out, text);
    } catch (e) {
      throw new InputError(`--output: ${(e as Error).message}.`);
    }
    await writeErr(`tech-policy: wrote the report of ${root} (${since} to ${day}) to ${opts.output}.\n`);
  } else await writeOut(text);
  return 0;
}
