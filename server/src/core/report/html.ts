/**
 * The report as one self-contained HTML page: inline CSS and hand-written SVG, no script, nothing
 * loaded from anywhere, readable in light and dark, printable. Every text from the repository is
 * escaped. Links to files come from the host (relative paths in a file, `command:` links in the
 * editor's webview).
 */
import { QUADRANTS, RINGS } from '../radar/quadrants';
import type { RegisterEntry } from '../features/register';
import type { RadarBlip, ReportModel, ServiceRow } from './model';
import { layoutRadar, quadrantStart } from './radarLayout';
import type { OutlierCommit, TeamWork, WorkSummary } from './work';
import { WORK_CHART_STYLE, WORK_LEGEND, workChart } from './workChart';
import { escapeHtml } from '../text';

export interface HtmlOptions {
  /** The href of a file of the folder (workspace-relative path), or undefined for no link. */
  link?: (file: string) => string | undefined;
  /** Content-Security-Policy meta content (the webview sets its own nonce-based policy). */
  csp?: string;
  /** A nonce for the inline style, when the CSP asks for one. */
  nonce?: string;
}

const e = escapeHtml;
const RING_LABEL: Record<string, string> = { adopt: 'Adopt', trial: 'Trial', assess: 'Assess', hold: 'Hold' };
const pct = (n: number | undefined) => (n === undefined ? '–' : `${Math.round(n * 100)}%`);

function fileRef(file: string, o: HtmlOptions): string {
  const href = o.link?.(file);
  return href ? `<a href="${e(href)}"><code>${e(file)}</code></a>` : `<code>${e(file)}</code>`;
}

function files(list: readonly string[], o: HtmlOptions, max = 6): string {
  if (list.length === 0) return '<span class="muted">none</span>';
  const shown = list.slice(0, max).map((f) => fileRef(f, o)).join(', ');
  return list.length > max ? `${shown} <span class="muted">and ${list.length - max} more</span>` : shown;
}

export const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --line: #d1d9e0; --panel: #f6f8fa;
  --adopt: #1a7f37; --trial: #0969da; --assess: #9a6700; --hold: #cf222e; --platform: #8250df; --product: #1a7f37; --other: #8c959f; --target: #cf222e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #3d444d; --panel: #151b23;
  --adopt: #3fb950; --trial: #4493f8; --assess: #d29922; --hold: #f85149; --platform: #ab7df8; --product: #3fb950; --other: #6e7681; --target: #f85149; } }
body.vscode-light { --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --line: #d1d9e0; --panel: #f6f8fa; }
body.vscode-dark, body.vscode-high-contrast { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #3d444d; --panel: #151b23; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 20px 0 6px; }
.muted { color: var(--muted); } code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
a { color: var(--trial); } ul.summary { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px 12px 12px 32px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; } th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
th { color: var(--muted); font-weight: 600; } td.num, th.num { text-align: right; }
svg { display: block; max-width: 100%; height: auto; } svg text { fill: var(--fg); font: 11px system-ui, sans-serif; }
.ring-adopt { fill: var(--adopt); } .ring-trial { fill: var(--trial); } .ring-assess { fill: var(--assess); } .ring-hold { fill: var(--hold); }
.band { fill: var(--panel); stroke: var(--line); } .axis { stroke: var(--line); } svg text.blip-number { fill: #fff; font-weight: 700; }
${WORK_CHART_STYLE}
.team h4 { margin: 16px 0 2px; font-size: 14px; } ul.outliers { margin: 4px 0; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; border: 1px solid var(--line); }
.legend span { margin-right: 16px; } .sw-platform { background: var(--platform); } .sw-product { background: var(--product); } .sw-other { background: var(--other); } .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
@media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; } svg, table { break-inside: avoid; } a { color: inherit; text-decoration: none; } }
`;

function radarSvg(model: ReportModel): { svg: string; table: string } {
  const layout = layoutRadar(model.radar.blips);
  const placed = layout.blips;
  const radii = layout.radii;
  const size = 640;
  const c = size / 2;
  const R = c - 34;
  const parts: string[] = [];
  for (let ri = RINGS.length - 1; ri >= 0; ri--) parts.push(`<circle class="band" cx="${c}" cy="${c}" r="${(radii[ri] * R).toFixed(1)}"/>`);
  parts.push(`<line class="axis" x1="${c - R}" y1="${c}" x2="${c + R}" y2="${c}"/><line class="axis" x1="${c}" y1="${c - R}" x2="${c}" y2="${c + R}"/>`);
  RINGS.forEach((ring, ri) => {
    parts.push(`<text x="${c + 3}" y="${(c - radii[ri] * R + 12).toFixed(1)}" class="muted">${RING_LABEL[ring]}</text>`);
  });
  QUADRANTS.forEach((q, qi) => {
    const a = quadrantStart(qi) + Math.PI / 4;
    const x = c + Math.cos(a) * (R + 4);
    const y = c + Math.sin(a) * (R + 4);
    parts.push(`<text x="${x.toFixed(1)}" y="${(y + (Math.sin(a) > 0 ? 12 : -2)).toFixed(1)}" text-anchor="${Math.cos(a) > 0 ? 'start' : 'end'}" font-weight="600">${e(q.name)}</text>`);
  });
  const labelled = placed.length <= 24;
  for (const p of placed) {
    const x = (c + p.x * R).toFixed(1);
    const y = (c + p.y * R).toFixed(1);
    // sized by use: from the layout's radius (no use) up to half as large again
    const radius = layout.blipRadius * R * (1 + Math.min(0.5, p.blip.files.length / 10));
    parts.push(
      `<g class="blip" data-id="${e(p.blip.id)}" data-ring="${p.blip.ring}" data-quadrant="${p.blip.quadrant}" data-uses="${p.blip.files.length}"><title>${e(p.blip.name)}: ${RING_LABEL[p.blip.ring!]}, used in ${p.blip.files.length} file${p.blip.files.length === 1 ? '' : 's'}</title>` +
        `<circle class="ring-${p.blip.ring}" cx="${x}" cy="${y}" r="${radius}"/><text class="blip-number" x="${x}" y="${(Number(y) + 3).toFixed(1)}" text-anchor="middle" font-size="${Math.max(6, Math.min(9, layout.blipRadius * R * 0.9)).toFixed(1)}">${p.number}</text>` +
        // a name beside each blip while there is room for it; the table below always has them
        (labelled ? `<text class="blip-label" x="${(Number(x) + (p.x >= 0 ? radius + 3 : -radius - 3)).toFixed(1)}" y="${(Number(y) + 4).toFixed(1)}" text-anchor="${p.x >= 0 ? 'start' : 'end'}">${e(p.blip.name)}</text>` : '') +
        `</g>`,
    );
  }
  const svg = `<svg role="img" aria-labelledby="radar-title" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" xmlns="http://www.w3.org/2000/svg"><title id="radar-title">The policy's technologies on a radar: four quadrants, rings adopt, trial, assess and hold</title>${parts.join('')}</svg>`;
  const rows = placed.map(
    (p) =>
      `<tr><td class="num">${p.number}</td><td>${e(p.blip.name)} <span class="muted">${e(p.blip.id)}</span></td><td>${e(QUADRANTS[p.quadrantIndex].name)}</td><td><span class="badge">${RING_LABEL[p.blip.ring!]}</span></td><td class="num">${p.blip.files.length}</td><td>${p.blip.note ? e(p.blip.note) : ''}</td></tr>`,
  );
  const table = `<table><caption class="muted">The radar as a table</caption><thead><tr><th class="num">#</th><th>technology</th><th>quadrant</th><th>ring</th><th class="num">files using it</th><th>note</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return { svg, table };
}

function blipList(list: readonly RadarBlip[], o: HtmlOptions, withFindings: boolean): string {
  if (list.length === 0) return '<p class="muted">None.</p>';
  return `<table><thead><tr><th>technology</th><th>category</th>${withFindings ? '<th class="num">findings</th>' : '<th>ring</th>'}<th>used in</th></tr></thead><tbody>${list
    .map((b) => `<tr><td>${e(b.name)} <span class="muted">${e(b.id)}</span></td><td>${e(b.category)}</td>${withFindings ? `<td class="num">${b.findings}</td>` : `<td><span class="badge">${RING_LABEL[b.ring ?? ''] ?? ''}</span>${b.note ? ` ${e(b.note)}` : ''}${b.retirement ? `<div class="retire">Retiring: ${e(b.retirement)}</div>` : ''}</td>`}<td>${files(b.files, o, 12)}</td></tr>`)
    .join('')}</tbody></table>`;
}

function registerTable(entries: readonly RegisterEntry[], o: HtmlOptions): string {
  if (entries.length === 0) return '<p class="muted">No exception documents.</p>';
  return `<table><thead><tr><th>exception</th><th>state</th><th>subject</th><th>rule</th><th>requested by</th><th>signed by</th><th>requested</th><th>approved</th><th>expires</th></tr></thead><tbody>${entries
    .map(
      (x) =>
        `<tr data-state="${e(x.state)}"><td>${fileRef(x.file, o)} ${e(x.id ?? '')}</td><td><span class="badge">${e(x.label)}</span>${x.reason ? ` <span class="muted">${e(x.reason)}</span>` : ''}${x.waitingDays !== undefined ? ` <span class="muted">waiting ${x.waitingDays} days</span>` : ''}</td><td>${e(x.subject ?? '')}</td><td><code>${e(x.rule ?? '')}</code></td><td>${e(x.requestedBy ?? '')}</td><td>${x.signer ? `${e(x.signer.name)}${x.signer.role ? ` (${e(x.signer.role)})` : ''} <span class="muted"><code>${e(x.signer.fingerprint)}</code></span>` : '<span class="muted">not signed</span>'}</td><td>${e(x.requestedOn ?? '')}</td><td>${e(x.approvedOn ?? '')}</td><td>${e(x.expires ?? '')}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function serviceTable(rows: readonly ServiceRow[], o: HtmlOptions, what: string, withException: boolean): string {
  if (rows.length === 0) return `<p class="muted">No ${what}.</p>`;
  return `<table><thead><tr><th>name</th><th>${withException ? 'found in' : 'declared in'}</th>${withException ? '<th>exception</th>' : ''}</tr></thead><tbody>${rows
    .map((r) => `<tr><td>${e(r.name)}</td><td>${files(r.places, o)}</td>${withException ? `<td>${r.exception ? `${e(r.exception.id)} <span class="badge">${e(r.exception.state)}</span>` : '<span class="muted">none</span>'}</td>` : ''}</tr>`)
    .join('')}</tbody></table>`;
}

/** Weeks with changes, as a table under the chart. */
function weekTable(work: Pick<WorkSummary, 'weeks'>): string {
  const rows = work.weeks
    .filter((w) => w.commits > 0 || w.outliers)
    .map((w) => `<tr${w.aboveTarget ? ' class="above-target"' : ''}><td>${w.week}</td><td class="num">${w.commits}${w.outliers ? ` <span class="muted">+${w.outliers} outlier${w.outliers === 1 ? '' : 's'}</span>` : ''}</td><td class="num">${w.lines.platform}</td><td class="num">${w.lines.product}</td><td class="num">${w.lines.other}</td><td class="num">${w.authorDays.platform}/${w.authorDays.product}/${w.authorDays.other}</td><td class="num">${pct(w.share)}</td><td class="num">${pct(w.rolling)}${w.aboveTarget ? ' <span class="muted">above target</span>' : ''}</td></tr>`)
    .join('');
  return `<table><caption class="muted">Weeks with changes</caption><thead><tr><th>week of</th><th class="num">changes</th><th class="num">platform lines</th><th class="num">product lines</th><th class="num">other lines</th><th class="num">author-days (pl/pr/ot)</th><th class="num">share</th><th class="num">rolling 4 weeks</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The outlier commits, named: what was left out of the shares and why. */
export function outlierList(outliers: readonly OutlierCommit[]): string {
  if (outliers.length === 0) return '';
  return `<p class="muted">Left out of the bars and shares, as not a week's work:</p><ul class="outliers">${outliers
    .map((o) => `<li><strong>${e(o.kind)}</strong> <code>${o.repository ? `${e(o.repository)}@` : ''}${e(o.sha.slice(0, 7))}</code> on ${e(o.day)} by ${e(o.author)}: ${e(o.subject)} <span class="muted">(${Math.round(o.lines).toLocaleString('en-US')} lines)</span></li>`)
    .join('')}</ul>`;
}

/** One team's line: its share against the target, drawn small. */
export function teamBlock(team: TeamWork, id: string, label: string): string {
  return `<div class="team" data-team="${e(team.team)}" data-verdict="${team.verdict}"><h4>${e(label)} <span class="badge">${team.verdict === 'no-data' ? 'no platform or product work' : `${pct(team.share)} platform, ${team.verdict} target`}</span></h4><p class="muted">${e(team.sentence)}</p>${workChart(team, { id, title: `${label}: weekly changed lines and platform share`, compact: true })}</div>`;
}

function workSection(work: ReportModel['work']): string {
  if ('unavailable' in work) return `<p><strong>Not available:</strong> ${e(work.unavailable)}</p>`;
  const bots = work.bots.commits ? `<p class="muted">${work.bots.commits} change${work.bots.commits === 1 ? '' : 's'} by bots (${work.bots.authors.map(e).join(', ')}) are counted apart, not in the shares.</p>` : '';
  const teams = work.teams?.length
    ? `<h3>By team (CODEOWNERS)</h3><p class="muted">Each changed path counts for the first owner of the CODEOWNERS rule that applies to it.</p>${work.teams.map((t, i) => teamBlock(t, `team-${i}`, t.team || 'no owner')).join('')}`
    : '';
  return `<p><strong>${e(work.sentence)}</strong></p>${workChart(work, { id: 'work', title: 'Weekly changed lines by kind of work, and the platform share with its rolling four-week average and the target' })}${WORK_LEGEND}${outlierList(work.outliers)}${bots}
<p class="muted">Each change is classified by the paths it touches (CI and build configuration, Dockerfiles, compose, Kubernetes, Helm, Terraform and serverless manifests, dependency manifests and lock files, tooling configuration and scripts are platform; docs and tests are other; the rest is product), weighted by changed lines, lock files and generated files at a tenth. The share is platform / (platform + product). Author-days count each person's day for the kind of work with most of their lines. An initial import, a vendoring, a mass move and a change ten times the usual size are not a week's work: they are named above, not counted.</p>
${weekTable(work)}${teams}`;
}

export function renderHtml(model: ReportModel, o: HtmlOptions = {}): string {
  const radar = radarSvg(model);
  const csp = o.csp ?? "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${e(csp)}"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tech Policy report: ${e(model.folder)}</title><style${o.nonce ? ` nonce="${e(o.nonce)}"` : ''}>${STYLE}</style></head>
<body>
<h1>Tech Policy report: ${e(model.folder)}</h1>
<p class="muted">Generated on ${e(model.generatedOn)} by tech-policy report.</p>
<ul class="summary">${model.summary.map((s) => `<li>${e(s)}</li>`).join('')}</ul>
<section id="radar"><h2>The radar as used</h2>${radar.svg}${radar.table}
<h3>On hold or being assessed: remaining uses</h3>${blipList(model.radar.held, o, false)}
<h3>In use, not in the policy</h3>${blipList(model.radar.unlisted, o, true)}</section>
<section id="exceptions"><h2>The exception register</h2>${registerTable(model.exceptions.entries, o)}
<h3>Expiring within 30 days</h3>${model.exceptions.expiring30.length ? registerTable(model.exceptions.expiring30, o) : '<p class="muted">None.</p>'}
<h3>Expiring within 90 days</h3>${model.exceptions.expiring90.length ? registerTable(model.exceptions.expiring90, o) : '<p class="muted">None.</p>'}</section>
<section id="deployables"><h2>Deployables and languages</h2><h3>The monolith's known services</h3>${serviceTable(model.services.known, o, 'known services in the policy', false)}
<h3>New services found</h3>${serviceTable(model.services.found, o, 'new services', true)}
<h3>Languages</h3><p>${model.languages.allowed ? `Allowed: ${model.languages.allowed.map(e).join(', ')}.` : 'The policy lists no languages (the new-language rule is off).'}</p>${serviceTable(model.languages.found, o, 'new languages', true)}</section>
<section id="work"><h2>Platform versus product work</h2>${workSection(model.work)}</section>
</body></html>
`;
}
