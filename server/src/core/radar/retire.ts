/**
 * Whether a held technology will be gone by its `retireBy` date: the uses measured over time, a
 * straight line through them (least squares), and where that line is on the date. One sentence,
 * the same in the hover, the repository's report and the organisation page. Pure.
 */
import { daysBetween } from '../features/register';

export interface UsePoint {
  /** YYYY-MM-DD. */
  day: string;
  uses: number;
}

export interface Retirement {
  state: 'retired' | 'on-track' | 'behind' | 'overdue' | 'no-trend';
  /** Uses left on the date at the current pace (behind), or now (no trend, overdue). */
  remaining?: number;
  sentence: string;
}

export function retirement(retireBy: string, today: string, series: readonly UsePoint[]): Retirement {
  const points = [...series].sort((a, b) => a.day.localeCompare(b.day));
  const now = points.length ? points[points.length - 1].uses : 0;
  const plural = (n: number) => (n === 1 ? '1 use remains' : `${n} uses remain`);
  if (now === 0) return { state: 'retired', sentence: `Retired: no uses left (retire by ${retireBy}).` };
  const left = daysBetween(today, retireBy);
  if (left < 0) return { state: 'overdue', remaining: now, sentence: `${plural(now)}, past the retire-by date ${retireBy}.` };
  const days = new Set(points.map((p) => p.day));
  // one measurement (a repository's report, a hover, the first build): the count and the time left
  if (days.size < 2) return { state: 'no-trend', remaining: now, sentence: `${plural(now)}, ${left} day${left === 1 ? '' : 's'} before the retire-by date ${retireBy}.` };
  // least squares over (days since the first point, uses)
  const x0 = points[0].day;
  const xs = points.map((p) => daysBetween(x0, p.day));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = points.reduce((a, p) => a + p.uses, 0) / points.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (points[i].uses - my), 0) / sxx;
  const projected = Math.round(now + slope * daysBetween(points[points.length - 1].day, retireBy));
  if (projected <= 0) return { state: 'on-track', sentence: `On track: at the current pace the last use goes before ${retireBy}.` };
  return { state: 'behind', remaining: projected, sentence: `At the current pace, ${plural(projected)} on ${retireBy}.` };
}
