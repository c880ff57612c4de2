/**
 * The organisation page: one self-contained HTML file (inline CSS and SVG, no script, nothing
 * loaded from anywhere, light, dark and print), every text from a repository escaped. The
 * repositories' own pages are the report's renderer (report/html.ts); the work charts are the
 * report's chart, one per team.
 */
import { escapeHtml as e } from '../text';
import { STYLE, outlierList, teamBlock } from '../report/html';
import { WORK_LEGEND } from '../report/workChart';
import type { OrgDeployables, OrgHeld, OrgModel, OrgTechnology } from './model';
import type { OrgException } from './verify';

const RING_LABEL: Record<string, string> = { adopt: 'Adopt', trial: 'Trial', assess: 'Assess', hold: 'Hold', unlisted: 'in no policy' };
const pct = (n: number | undefined | null) => (n === undefined || n === null ? '–' : `${Math.round(n * 100)}%`);

const ORG_STYLE = `
.disagree { color: var(--assess); font-weight: 600; } .state-not-granted, .state-invalid, .state-not-verified { color: var(--hold); }
.spark { display: inline-block; vertical-align: middle; } .spark polyline { fill: none; stroke: var(--trial); stroke-width: 1.5; } .spark circle { fill: var(--trial); }
.trend-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 8px 16px; }
.trend-grid div { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
.trend-grid strong { display: block; font-size: 13px; } .claimed { font-size: 12px; } .nowrap { white-space: nowrap; }
.on-track, .retired { color: var(--adopt); } .behind, .overdue { color: var(--hold); }
`;

/** A small line over a series, or a dash without one. */
function sparkline(values: ReadonlyArray<number | null>, label: string): string {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return '<span class="muted">–</span>';
  const W = 120;
  const H = 28;
  const max = Math.max(...present);
  const min = Math.min(...present);
  const x = (i: number) => (values.length === 1 ? W / 2 : 3 + (i * (W - 6)) / (values.length - 1));
  const y = (v: number) => (max === min ? H / 2 : 3 + (H - 6) * (1 - (v - min) / (max - min)));
  const pts = values.flatMap((v, i) => (v === null ? [] : [`${x(i).toFixed(1)},${y(v).toFixed(1)}`]));
  const last = values.length - 1;
  const end = values[last] !== null ? `<circle cx="${x(last).toFixed(1)}" cy="${y(values[last]!).toFixed(1)}" r="2.5"/>` : '';
  return `<svg class="spark" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${e(label)}" xmlns="http://www.w3.org/2000/svg"><title>${e(label)}</title>${pts.length > 1 ? `<polyline points="${pts.join(' ')}"/>` : ''}${end}</svg>`;
}

function docLink(x: OrgException): string {
  const text = `${x.id ?? x.file}`;
  return x.link ? `<a href="${e(x.link)}">${e(text)}</a>` : `<code>${e(text)}</code>`;
}

function exceptionTable(rows: readonly OrgException[], kind: 'awaiting' | 'expiring' | 'not-granted' | 'not-verified'): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  const head = {
    awaiting: '<th>repository</th><th>exception</th><th>subject</th><th>rule</th><th>requested by</th><th>requested</th><th class="num">days waiting</th>',
    expiring: '<th>repository</th><th>exception</th><th>subject</th><th>rule</th><th>signed by</th><th>expires</th><th class="num">days left</th>',
    'not-granted': '<th>repository</th><th>exception</th><th>subject</th><th>rule</th><th>state</th><th>why</th>',
    'not-verified': '<th>repository</th><th>exception</th><th>subject</th><th>rule</th><th>the report says</th><th>why not verified</th>',
  }[kind];
  const cells = (x: OrgException) => {
    const base = `<td>${e(x.repository)}</td><td>${docLink(x)}</td><td>${e(x.subject ?? '')}</td><td><code>${e(x.rule ?? '')}</code></td>`;
    switch (kind) {
      case 'awaiting':
        return `${base}<td>${e(x.requestedBy ?? '')}</td><td>${e(x.requestedOn ?? '')}</td><td class="num">${x.waitingDays ?? ''}</td>`;
      case 'expiring':
        return `${base}<td>${x.signer ? `${e(x.signer.name)}${x.signer.role ? ` (${e(x.signer.role)})` : ''}` : '<span class="muted">named, not signed</span>'}</td><td>${e(x.expires ?? '')}</td><td class="num">${x.expiresInDays ?? ''}</td>`;
      case 'not-granted':
        return `${base}<td class="state-${e(x.state)}">${e(x.label)}</td><td>${e(x.reason ?? '')}${x.claimed ? `<div class="claimed muted">The report said "${e(x.claimed)}"; not believed.</div>` : ''}</td>`;
      default:
        return `${base}<td>${e(x.claimed ?? '')}</td><td class="state-not-verified">${e(x.reason ?? '')}</td>`;
    }
  };
  return `<table data-list="${kind}"><thead><tr>${head}</tr></thead><tbody>${rows.map((x) => `<tr data-repository="${e(x.repository)}" data-id="${e(x.id ?? x.file)}" data-state="${e(x.state)}">${cells(x)}</tr>`).join('')}</tbody></table>`;
}

function usedIn(t: OrgTechnology, max = 8): string {
  const shown = t.uses.slice(0, max).map((u) => `${e(u.repository)} <span class="muted">(${u.files.length})</span>`).join(', ');
  return t.uses.length > max ? `${shown} <span class="muted">and ${t.uses.length - max} more</span>` : shown || '<span class="muted">not in use</span>';
}

function radarTable(list: readonly OrgTechnology[], unlisted: boolean): string {
  if (list.length === 0) return '<p class="muted">None.</p>';
  return `<table><thead><tr><th>technology</th><th>category</th>${unlisted ? '' : '<th>ring</th>'}<th class="num">repositories</th><th class="num">manifests</th><th>used in (manifests)</th></tr></thead><tbody>${list
    .map(
      (t) =>
        `<tr data-id="${e(t.id)}"${t.disagreement ? ' class="disagreement"' : ''}><td>${e(t.name)} <span class="muted">${e(t.id)}</span></td><td>${e(t.category)}</td>${
          unlisted ? '' : `<td><span class="badge">${RING_LABEL[t.ring ?? ''] ?? ''}</span>${t.disagreement ? `<div class="disagree">${e(t.disagreement)}</div>` : ''}</td>`
        }<td class="num">${t.repositories}</td><td class="num">${t.manifests}</td><td>${usedIn(t)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function holdTable(hold: readonly OrgHeld[]): string {
  if (hold.length === 0) return '<p class="muted">No technology on hold is in use.</p>';
  return `<table><thead><tr><th>technology</th><th class="num">uses left</th><th>by repository</th><th>trend</th><th>retire by</th></tr></thead><tbody>${hold
    .map(
      (h) =>
        `<tr data-id="${e(h.id)}"><td>${e(h.name)} <span class="muted">${e(h.id)}</span></td><td class="num">${h.uses}</td><td>${h.byRepository.map((u) => `${e(u.repository)} <span class="muted">(${u.files.length})</span>`).join(', ') || '<span class="muted">none</span>'}</td><td>${sparkline(
          h.trend.map((t) => t.uses),
          `${h.name}: uses per build, ${h.trend.map((t) => `${t.day} ${t.uses}`).join(', ')}`,
        )}</td><td>${h.retireBy ? `${e(h.retireBy)}<div class="${e(h.retirementState ?? '')}">${e(h.retirement ?? '')}</div>` : '<span class="muted">no date</span>'}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function deployablesTable(list: readonly OrgDeployables[], repoLink: (name: string) => string): string {
  if (list.length === 0) return '<p class="muted">No repository built.</p>';
  const rows = list.map((d) => {
    const known = d.known.map((s) => e(s.name)).join(', ') || '<span class="muted">none listed</span>';
    const found = d.found.map((s) => `${e(s.name)} ${s.exception ? `<span class="badge">${e(s.exception.id)}: ${e(s.exception.state)}</span>` : '<span class="badge">no exception</span>'}`).join('<br>') || '<span class="muted">none</span>';
    const languages = `${d.languages.allowed ? e(d.languages.allowed.join(', ')) : '<span class="muted">not listed</span>'}${d.languages.found.length ? `<br>new: ${d.languages.found.map((s) => `${e(s.name)}${s.exception ? ` <span class="badge">${e(s.exception.id)}: ${e(s.exception.state)}</span>` : ''}`).join(', ')}` : ''}`;
    return `<tr data-repository="${e(d.repository)}"><td>${repoLink(d.repository)}</td><td>${known}</td><td>${found}</td><td>${languages}</td></tr>`;
  });
  return `<table><thead><tr><th>repository</th><th>known deployables</th><th>new services and their exception</th><th>languages</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function trendsSection(model: OrgModel): string {
  const t = model.trends;
  if (!t) return '<p class="muted">No history: pass <code>--history FILE</code> to keep one snapshot per build and see the trends here.</p>';
  const pts = t.points;
  const tile = (label: string, values: Array<number | null>, now: string) => `<div><strong>${e(label)}</strong>${sparkline(values, `${label}: ${values.map((v) => (v === null ? '–' : v)).join(', ')}`)} <span>${e(now)}</span></div>`;
  const last = pts[pts.length - 1];
  const tiles = [
    tile('Findings that count', pts.map((p) => p.findingsNew), String(last?.findingsNew ?? 0)),
    tile('Known findings (baseline)', pts.map((p) => p.findingsKnown), String(last?.findingsKnown ?? 0)),
    tile('Awaiting a signature', pts.map((p) => p.awaiting), String(last?.awaiting ?? 0)),
    tile('Oldest request, days', pts.map((p) => p.oldestWaiting), String(last?.oldestWaiting ?? 0)),
    tile('Granted exceptions', pts.map((p) => p.granted), String(last?.granted ?? 0)),
    tile('Expiring within 90 days', pts.map((p) => p.expiring), String(last?.expiring ?? 0)),
  ];
  for (const id of Object.keys(last?.holdUses ?? {}).sort()) tiles.push(tile(`Uses of ${id} (hold)`, pts.map((p) => p.holdUses[id] ?? null), String(last.holdUses[id])));
  for (const team of Object.keys(last?.teamShare ?? {}).sort()) tiles.push(tile(`Platform share: ${team || 'no owner'}`, pts.map((p) => (p.teamShare[team] === undefined || p.teamShare[team] === null ? null : Math.round(p.teamShare[team]! * 100))), pct(last.teamShare[team])));
  return `<p>${pts.length} build${pts.length === 1 ? '' : 's'} in the history, from ${e(pts[0]?.day ?? '')} to ${e(last?.day ?? '')}.</p><ul>${t.changes.map((c) => `<li>${e(c)}</li>`).join('')}</ul><div class="trend-grid">${tiles.join('')}</div>`;
}

export interface OrgHtmlOptions {
  /** The href of a repository's own page, or undefined when it has none. */
  page?: (name: string) => string | undefined;
}

export function renderOrgHtml(model: OrgModel, o: OrgHtmlOptions = {}): string {
  const pageOf = new Map(model.repositories.map((r) => [r.name, r.page]));
  const repoLink = (name: string) => {
    const href = o.page?.(name) ?? pageOf.get(name);
    return href ? `<a href="${e(href)}">${e(name)}</a>` : e(name);
  };
  const x = model.exceptions;
  const teams = model.work.teams.length
    ? model.work.teams.map((t, i) => teamBlock(t, `team-${i}`, `${t.team || 'no team'}${t.repositories.length ? ` — ${t.repositories.join(', ')}` : ''}`)).join('') + WORK_LEGEND
    : '<p class="muted">No repository had its history.</p>';
  const outliers = model.work.teams.flatMap((t) => t.outliers);
  const repoRows = model.repositories
    .map(
      (r) =>
        `<tr data-repository="${e(r.name)}"${r.problem ? ' class="problem"' : ''}><td>${repoLink(r.name)}</td><td><code>${e(r.source)}</code></td><td>${r.url ? `<a href="${e(r.url)}">${e(r.url)}</a>` : '<span class="muted">no web address</span>'}${r.commit ? ` <code>${e(r.commit.slice(0, 7))}</code>` : ''}</td><td class="num nowrap">${r.findingsNotVerified ? `<span class="state-not-verified">not verified</span>${r.findings ? ` <span class="muted">(the report says ${r.findings.new})</span>` : ''}` : r.findings ? `${r.findings.new} <span class="muted">+${r.findings.known} known</span>` : '–'}</td><td class="num">${r.exceptions.awaiting}</td><td class="num">${r.exceptions.granted}</td><td>${r.problem ? `<strong class="state-invalid">Not built: ${e(r.problem)}</strong>` : r.notes.map((n) => `<div>${e(n)}</div>`).join('') || '<span class="muted">–</span>'}</td></tr>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tech Policy: the organisation</title><style>${STYLE}${ORG_STYLE}</style></head>
<body>
<h1>Tech Policy: the organisation</h1>
<p class="muted">${model.repositories.length} repositories, generated on ${e(model.generatedOn)} by tech-policy org; work from ${e(model.since)} to ${e(model.until)}.</p>
<ul class="summary">${model.summary.map((s) => `<li>${e(s)}</li>`).join('')}</ul>
<p><strong>Verification.</strong> ${e(model.trust.sentence)}</p>
${model.problems.length ? `<section id="problems"><h2>Could not be read or built</h2><ul>${model.problems.map((p) => `<li><code>${e(p.source)}</code>: ${e(p.message)}</li>`).join('')}</ul></section>` : ''}
<section id="awaiting"><h2>Awaiting signature</h2><p class="muted">Every request across the repositories, oldest first. The states are what this build verified from the documents themselves.</p>${exceptionTable(x.awaiting, 'awaiting')}
<h3>Expiring within 30 days</h3>${exceptionTable(x.expiring30, 'expiring')}
<h3>Expiring in 31 to 90 days</h3>${exceptionTable(x.expiring90.filter((y) => (y.expiresInDays ?? 0) > 30), 'expiring')}
<h3>Approvals that are not granted</h3>${exceptionTable(x.notGranted, 'not-granted')}
<h3>Not verified</h3>${exceptionTable(x.notVerified, 'not-verified')}</section>
<section id="radar"><h2>The radar across the organisation</h2><p class="muted">Every technology in use, its ring (${model.trust.mode === 'trusted' ? `from ${e(model.trust.source ?? '')}` : "the ring most repositories' policies give it"}), and where the policies disagree.</p>${radarTable(model.radar.technologies, false)}
<h3>In use, in no policy</h3>${radarTable(model.radar.unlisted, true)}</section>
<section id="hold"><h2>Retiring what is on hold</h2>${holdTable(model.hold)}</section>
<section id="teams"><h2>Platform versus product work by team</h2><p><strong>${e(model.work.sentence)}</strong></p><p class="muted">Target ${pct(model.work.target)}: ${e(model.work.targetSource)}. Teams from each repository's CODEOWNERS (the first owner of the rule that applies to a changed path), else from the configuration's <code>teams</code>.</p>${teams}${outlierList(outliers)}${
    model.work.unavailable.length ? `<p class="muted">Without history: ${model.work.unavailable.map((u) => `${e(u.repository)} (${e(u.reason)})`).join('; ')}</p>` : ''
  }</section>
<section id="deployables"><h2>Deployables and languages</h2>${deployablesTable(model.deployables, repoLink)}</section>
<section id="trends"><h2>Over time</h2>${trendsSection(model)}</section>
<section id="repositories"><h2>Repositories</h2><table><thead><tr><th>repository</th><th>source</th><th>where</th><th class="num">findings</th><th class="num">awaiting</th><th class="num">granted</th><th>notes</th></tr></thead><tbody>${repoRows}</tbody></table></section>
</body></html>
`;
}
