/** The report as Markdown (a wiki page, a pull request comment): the same sections as the HTML, as tables. Pure. */
import { QUADRANTS } from '../radar/quadrants';
import type { RadarBlip, ReportModel, ServiceRow } from './model';
import { layoutRadar } from './radarLayout';
import { escapeMarkdown, markdownCode } from '../text';


const pct = (n: number | undefined) => (n === undefined ? '–' : `${Math.round(n * 100)}%`);

function list(files: readonly string[], max = 6): string {
  if (files.length === 0) return '–';
  const shown = files.slice(0, max).map(markdownCode).join(', ');
  return files.length > max ? `${shown} and ${files.length - max} more` : shown;
}

function blips(rows: readonly RadarBlip[], withFindings: boolean): string[] {
  if (rows.length === 0) return ['None.', ''];
  return [
    `| technology | category | ${withFindings ? 'findings' : 'ring'} | used in |`,
    '| --- | --- | --- | --- |',
    ...rows.map((b) => `| ${escapeMarkdown(b.name)} | ${escapeMarkdown(b.category)} | ${withFindings ? b.findings : `${b.ring ?? ''}${b.note ? `: ${escapeMarkdown(b.note)}` : ''}${b.retirement ? ` (retiring: ${escapeMarkdown(b.retirement)})` : ''}`} | ${list(b.files, 12)} |`),
    '',
  ];
}

function services(rows: readonly ServiceRow[], withException: boolean, none: string): string[] {
  if (rows.length === 0) return [none, ''];
  return [
    withException ? '| name | found in | exception |' : '| name | declared in |',
    withException ? '| --- | --- | --- |' : '| --- | --- |',
    ...rows.map((r) => `| ${escapeMarkdown(r.name)} | ${list(r.places)} |${withException ? ` ${r.exception ? `${escapeMarkdown(r.exception.id)} (${escapeMarkdown(r.exception.state)})` : 'none'} |` : ''}`),
    '',
  ];
}

export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [`# Tech Policy report: ${escapeMarkdown(model.folder)}`, '', `Generated on ${model.generatedOn}.`, '', ...model.summary.map((s) => `- ${escapeMarkdown(s)}`), ''];
  out.push('## The radar as used', '', '| # | technology | quadrant | ring | files using it |', '| ---: | --- | --- | --- | ---: |');
  for (const p of layoutRadar(model.radar.blips).blips) out.push(`| ${p.number} | ${escapeMarkdown(p.blip.name)} | ${QUADRANTS[p.quadrantIndex].name} | ${p.blip.ring} | ${p.blip.files.length} |`);
  out.push('', '### On hold or being assessed: remaining uses', '', ...blips(model.radar.held, false), '### In use, not in the policy', '', ...blips(model.radar.unlisted, true));
  out.push('## The exception register', '');
  if (model.exceptions.entries.length === 0) out.push('No exception documents.', '');
  else {
    out.push('| exception | state | subject | rule | requested by | signed by | requested | expires |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const x of model.exceptions.entries) {
      out.push(`| ${markdownCode(x.file)} ${escapeMarkdown(x.id ?? '')} | ${escapeMarkdown(x.label)}${x.waitingDays !== undefined ? `, waiting ${x.waitingDays} days` : ''} | ${escapeMarkdown(x.subject ?? '')} | ${markdownCode(x.rule ?? '')} | ${escapeMarkdown(x.requestedBy ?? '')} | ${x.signer ? escapeMarkdown(x.signer.name) : 'not signed'} | ${escapeMarkdown(x.requestedOn ?? '')} | ${escapeMarkdown(x.expires ?? '')} |`);
    }
    out.push('');
  }
  out.push(`Expiring within 30 days: ${model.exceptions.expiring30.map((x) => escapeMarkdown(x.id ?? x.file)).join(', ') || 'none'}. Within 90 days: ${model.exceptions.expiring90.map((x) => escapeMarkdown(x.id ?? x.file)).join(', ') || 'none'}.`, '');
  out.push('## Deployables and languages', '', "### The monolith's known services", '', ...services(model.services.known, false, 'None in the policy.'), '### New services found', '', ...services(model.services.found, true, 'None.'));
  out.push('### Languages', '', model.languages.allowed ? `Allowed: ${model.languages.allowed.map(escapeMarkdown).join(', ')}.` : 'The policy lists no languages.', '', ...services(model.languages.found, true, 'No new languages.'));
  out.push('## Platform versus product work', '');
  const work = model.work;
  if ('unavailable' in work) out.push(`Not available: ${escapeMarkdown(work.unavailable)}`, '');
  else {
    out.push(`**${escapeMarkdown(work.sentence)}**`, '', '| week of | changes | platform lines | product lines | other lines | share | rolling 4 weeks |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const w of work.weeks.filter((x) => x.commits > 0 || x.outliers)) out.push(`| ${w.week} | ${w.commits} | ${w.lines.platform} | ${w.lines.product} | ${w.lines.other} | ${pct(w.share)} | ${pct(w.rolling)}${w.aboveTarget ? ', above target' : ''} |`);
    out.push('');
    if (work.bots.commits) out.push(`${work.bots.commits} changes by bots (${work.bots.authors.map(escapeMarkdown).join(', ')}) are counted apart.`, '');
    for (const o of work.outliers) out.push(`- Not counted (${o.kind}): ${markdownCode(o.sha.slice(0, 7))} on ${o.day} by ${escapeMarkdown(o.author)}, ${Math.round(o.lines)} lines: ${escapeMarkdown(o.subject)}`);
    if (work.outliers.length) out.push('');
    if (work.teams?.length) {
      out.push('### By team (CODEOWNERS)', '', '| team | platform share | verdict | platform lines | product lines |', '| --- | ---: | --- | ---: | ---: |');
      for (const t of work.teams) out.push(`| ${escapeMarkdown(t.team || 'no owner')} | ${pct(t.share)} | ${t.verdict} | ${t.totals.lines.platform} | ${t.totals.lines.product} |`);
      out.push('');
    }
  }
  return out.join('\n');
}
