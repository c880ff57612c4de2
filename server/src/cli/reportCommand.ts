/** `tech-policy report`: the radar as used, the exception register, the deployables and platform-versus-product work, on one page. */
import * as path from 'path';
import { today } from '../core/folder';
import { renderHtml } from '../core/report/html';
import { renderMarkdown } from '../core/report/markdown';
import { periodStart } from '../core/report/work';
import { DEFAULT_POLICY_FILE } from '../core/policy/defaults';
import { folderReport } from '../node/report';
import type { ReportModel } from '../core/report/model';
import { openFolder } from './folder';
import { writeErr, writeOut, writeReport } from './output';
import { folderOrFail, formatOf, InputError, type Options, positionals } from './options';

/** One folder's report, as `report` makes it and as `org` makes it for each repository (in its workers). */
export async function reportOfFolder(root: string, o: { since: string; today: string; policy?: string; documents: boolean }): Promise<ReportModel> {
  const { state } = await openFolder(root, { policy: o.policy, scan: true });
  if (!state.model.policy) throw new InputError(`no ${DEFAULT_POLICY_FILE} in ${root}: the report shows a policy at work. Run "tech-policy init" first.`);
  // the command line is run by the user on purpose: git may run (as for --trusted-policy)
  return folderReport(state, { since: o.since, until: o.today, today: o.today, trusted: true, documents: o.documents });
}

export async function report(opts: Options): Promise<number> {
  const format = formatOf(opts, ['html', 'json', 'markdown'] as const);
  const root = folderOrFail(positionals(opts, 1)[0] ?? '.');
  const day = today();
  const since = periodStart(opts.since ?? '12w', day);
  if (!since) throw new InputError(`--since ${opts.since}: use a number of days, weeks, months or years (90d, 12w, 6m, 1y) or a date (YYYY-MM-DD) in the past.`);
  const model = await reportOfFolder(root, { since, today: day, policy: opts.policy, documents: format === 'json' });
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
