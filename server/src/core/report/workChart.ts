/**
 * The platform-versus-product chart, one drawing for the repository's report and for each team on
 * the organisation page: volume above (changed lines per week, stacked by kind, to scale, so a
 * one-line week looks like one), share below (each week's platform share, the rolling four-week
 * share and the target; a week is marked above target only when it had platform or product
 * work). Outlier commits are not in the bars; their week carries a marker that names them.
 * Hand-written SVG, every repository text escaped.
 */
import { escapeHtml as e } from '../text';
import type { OutlierCommit, WorkWeek } from './work';

export interface WorkChartInput {
  weeks: readonly WorkWeek[];
  target: number;
  outliers: readonly OutlierCommit[];
}

export interface WorkChartOptions {
  /** Unique in the page: ids of the SVG's title. */
  id: string;
  /** What the chart shows, for screen readers and the tooltip. */
  title: string;
  /** Smaller panels, for one chart per team. */
  compact?: boolean;
}

const pct = (n: number | undefined) => (n === undefined ? '–' : `${Math.round(n * 100)}%`);
/** One formatter for every number drawn (toLocaleString makes one per call; the text is the same). */
// made when a chart is first drawn: building a number format loads ICU data, ~6 ms of every server's and CLI's start
let enUs: Intl.NumberFormat | undefined;
const fmt = (n: number) => (enUs ??= new Intl.NumberFormat('en-US')).format(Math.round(n));

/** A round number at or above `n` for the volume axis: its first digit rounded up (560 → 600, 1,230 → 2,000). */
function niceMax(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / p) * p;
}

export function workChart(work: WorkChartInput, o: WorkChartOptions): string {
  const weeks = work.weeks;
  const W = o.compact ? 640 : 1000;
  const left = 78;
  const right = 10;
  const volH = o.compact ? 56 : 110;
  const shareH = o.compact ? 64 : 120;
  const top = 16;
  const gap = 22;
  const shareTop = top + volH + gap;
  const H = shareTop + shareH + 24;
  const step = (W - left - right) / Math.max(1, weeks.length);
  const barW = Math.max(2, step * 0.7);
  const max = niceMax(Math.max(0, ...weeks.map((w) => w.lines.platform + w.lines.product + w.lines.other)));
  const yVol = (lines: number) => top + volH * (1 - lines / max);
  const yShare = (share: number) => shareTop + shareH * (1 - share);
  const parts: string[] = [];
  // volume axis: zero and the maximum; share axis: 0, 50 and 100 %
  // the axes' names on the left edge, beside their top tick: changed lines above, the platform share below
  parts.push(`<text x="2" y="${(yVol(max) + 4).toFixed(1)}" class="axis-label">lines</text>`);
  for (const tick of [0, max]) parts.push(`<line class="axis" x1="${left}" x2="${W - right}" y1="${yVol(tick).toFixed(1)}" y2="${yVol(tick).toFixed(1)}"/><text x="${left - 6}" y="${(yVol(tick) + 4).toFixed(1)}" text-anchor="end">${fmt(tick)}</text>`);
  parts.push(`<text x="2" y="${(yShare(1) + 4).toFixed(1)}" class="axis-label">share</text>`);
  for (const tick of [0, 0.5, 1]) parts.push(`<line class="axis" x1="${left}" x2="${W - right}" y1="${yShare(tick).toFixed(1)}" y2="${yShare(tick).toFixed(1)}"/><text x="${left - 6}" y="${(yShare(tick) + 4).toFixed(1)}" text-anchor="end">${tick * 100}%</text>`);
  const line: string[] = [];
  const every = Math.max(1, Math.ceil(weeks.length / (o.compact ? 6 : 12)));
  weeks.forEach((w, i) => {
    const x = left + i * step + (step - barW) / 2;
    const cx = (x + barW / 2).toFixed(1);
    let y = top + volH;
    for (const k of ['platform', 'product', 'other'] as const) {
      if (w.lines[k] <= 0) continue;
      const h = (w.lines[k] / max) * volH;
      y -= h;
      parts.push(`<rect class="bar k-${k}" data-week="${w.week}" data-kind="${k}" data-lines="${w.lines[k]}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${Math.max(0.5, h).toFixed(1)}"><title>${w.week}: ${k} ${fmt(w.lines[k])} lines</title></rect>`);
    }
    const outliers = work.outliers.filter((x) => x.week === w.week);
    if (outliers.length) {
      const names = outliers.map((x) => `${x.kind} ${x.repository ? `${x.repository}@` : ''}${x.sha.slice(0, 7)} (${fmt(x.lines)} lines): ${x.subject}`).join('; ');
      parts.push(`<path class="outlier" data-week="${w.week}" d="M${cx} ${top - 12} l5 5 l-5 5 l-5 -5 z"><title>${e(`${w.week}: left out of the bars and shares, not a week's work: ${names}`)}</title></path>`);
    }
    if (w.share !== undefined) parts.push(`<circle class="week-share" data-week="${w.week}" cx="${cx}" cy="${yShare(w.share).toFixed(1)}" r="${o.compact ? 2.5 : 3.5}"><title>${w.week}: platform share ${pct(w.share)} of ${fmt(w.lines.platform + w.lines.product)} lines</title></circle>`);
    if (w.aboveTarget) parts.push(`<path class="above" data-week="${w.week}" d="M${cx} ${shareTop - 2} l-5 -8 h10 z"><title>${w.week}: rolling platform share ${pct(w.rolling)}, above target</title></path>`);
    if (w.rolling !== undefined) line.push(`${cx},${yShare(w.rolling).toFixed(1)}`);
    if (i % every === 0) parts.push(`<text x="${cx}" y="${H - 8}" text-anchor="middle">${w.week.slice(5)}</text>`);
  });
  if (line.length) parts.push(`<polyline class="rolling" points="${line.join(' ')}"/>`);
  parts.push(`<line class="target" x1="${left}" x2="${W - right}" y1="${yShare(work.target).toFixed(1)}" y2="${yShare(work.target).toFixed(1)}"/><text x="${W - right - 2}" y="${(yShare(work.target) - 4).toFixed(1)}" text-anchor="end">target ${pct(work.target)}</text>`);
  return `<svg class="work-chart" role="img" aria-labelledby="${e(o.id)}-title" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg"><title id="${e(o.id)}-title">${e(o.title)}</title>${parts.join('')}</svg>`;
}

/** The legend under a work chart. */
export const WORK_LEGEND =
  '<p class="legend"><span><i class="swatch sw-platform"></i>platform</span><span><i class="swatch sw-product"></i>product</span><span><i class="swatch sw-other"></i>other (docs, tests)</span><span>● week\'s platform share</span><span>— rolling 4-week share</span><span>- - target</span><span>▼ above target (weeks with work)</span><span>◆ outlier left out</span></p>';

/** CSS the chart needs, for every page that draws one. */
export const WORK_CHART_STYLE = `.k-platform { fill: var(--platform); } .k-product { fill: var(--product); } .k-other { fill: var(--other); }
.rolling { fill: none; stroke: var(--fg); stroke-width: 2; } .target { stroke: var(--target); stroke-dasharray: 6 4; stroke-width: 1.5; } .above { fill: var(--target); }
.week-share { fill: var(--platform); stroke: var(--bg); stroke-width: 1; } .outlier { fill: var(--assess); } svg text.axis-label { fill: var(--muted); }`;
