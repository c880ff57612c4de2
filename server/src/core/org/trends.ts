/**
 * The organisation over time: what one build measures (a snapshot), and the trends across the
 * snapshots the history holds. The Node host stores snapshots in SQLite (node/orgHistory.ts);
 * this decides what is measured and how it reads. Pure.
 */
import type { OrgModel } from './model';
import { retirement } from '../radar/retire';

/** What one build measures: one row of `snapshots`, with its per-repository, per-technology and per-team rows. */
export interface Snapshot {
  /** Identity of what was measured: the repositories and their commits (a re-run on the same commits adds none). */
  key: string;
  takenAt: string;
  day: string;
  trust: string;
  repositories: Array<{ name: string; commit?: string; findingsNew: number; findingsKnown: number; awaiting: number; granted: number; notGranted: number; notVerified: number }>;
  requests: Array<{ repository: string; id: string; subject: string; requestedOn?: string; waitingDays: number }>;
  expiring: Array<{ repository: string; id: string; expires: string }>;
  holdUses: Array<{ repository: string; technology: string; uses: number }>;
  teams: Array<{ team: string; share?: number; platformLines: number; productLines: number; otherLines: number; target: number }>;
}

/** One point of every trend: the totals of a snapshot. */
export interface TrendPoint {
  day: string;
  takenAt: string;
  repositories: number;
  findingsNew: number;
  findingsKnown: number;
  awaiting: number;
  /** Age in days of the oldest request waiting, and the mean age. */
  oldestWaiting: number;
  meanWaiting: number;
  granted: number;
  expiring: number;
  holdUses: Record<string, number>;
  teamShare: Record<string, number | null>;
}

export interface OrgTrends {
  points: TrendPoint[];
  /** One sentence per measure: how it moved since the build before. */
  changes: string[];
}

/** The snapshot of a built model. `key` names what was measured (repositories and commits). */
export function snapshotOf(model: OrgModel, takenAt: string): Snapshot {
  const repositories = model.repositories
    .filter((r) => !r.problem)
    .map((r) => ({ name: r.name, ...(r.commit ? { commit: r.commit } : {}), findingsNew: r.findings?.new ?? 0, findingsKnown: r.findings?.known ?? 0, awaiting: r.exceptions.awaiting, granted: r.exceptions.granted, notGranted: r.exceptions.notGranted, notVerified: r.exceptions.notVerified }));
  // what was measured: each repository at its commit (a report without one, by the day it was made)
  const measured = model.repositories.filter((r) => !r.problem).map((r) => [r.name, r.commit ?? `reported on ${r.reportedOn ?? ''}`]);
  const key = JSON.stringify({ trust: model.trust.source ?? 'own', repositories: measured });
  return {
    key,
    takenAt,
    day: model.generatedOn,
    trust: model.trust.source ?? 'own',
    repositories,
    requests: model.exceptions.awaiting.map((x) => ({ repository: x.repository, id: x.id ?? x.file, subject: x.subject ?? '', ...(x.requestedOn ? { requestedOn: x.requestedOn } : {}), waitingDays: x.waitingDays ?? 0 })),
    expiring: model.exceptions.expiring90.map((x) => ({ repository: x.repository, id: x.id ?? x.file, expires: x.expires ?? '' })),
    // a held technology no repository uses any more is measured too: its trend reaches zero
    holdUses: model.hold.flatMap((h) => (h.byRepository.length ? h.byRepository.map((u) => ({ repository: u.repository, technology: h.id, uses: u.files.length })) : [{ repository: '', technology: h.id, uses: 0 }])),
    teams: model.work.teams.map((t) => ({ team: t.team, ...(t.share !== undefined ? { share: t.share } : {}), platformLines: t.totals.lines.platform, productLines: t.totals.lines.product, otherLines: t.totals.lines.other, target: t.target })),
  };
}

/** The totals of a snapshot, as one trend point. */
export function pointOf(s: Snapshot): TrendPoint {
  // keyed by names a repository wrote (a technology id, a CODEOWNERS team): no prototype to collide with
  const holdUses: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const h of s.holdUses) holdUses[h.technology] = (holdUses[h.technology] ?? 0) + h.uses;
  const teamShare: Record<string, number | null> = Object.create(null) as Record<string, number | null>;
  for (const t of s.teams) teamShare[t.team] = t.share ?? null;
  const waits = s.requests.map((r) => r.waitingDays);
  return {
    day: s.day,
    takenAt: s.takenAt,
    repositories: s.repositories.length,
    findingsNew: s.repositories.reduce((n, r) => n + r.findingsNew, 0),
    findingsKnown: s.repositories.reduce((n, r) => n + r.findingsKnown, 0),
    awaiting: s.requests.length,
    oldestWaiting: waits.length ? Math.max(...waits) : 0,
    meanWaiting: waits.length ? Math.round(waits.reduce((a, b) => a + b, 0) / waits.length) : 0,
    granted: s.repositories.reduce((n, r) => n + r.granted, 0),
    expiring: s.expiring.length,
    holdUses,
    teamShare,
  };
}

function change(label: string, before: number, now: number, lowerIsBetter = true): string {
  if (before === now) return `${label}: ${now}, unchanged.`;
  const better = lowerIsBetter ? now < before : now > before;
  return `${label}: ${now}, ${now > before ? 'up' : 'down'} from ${before} (${better ? 'better' : 'worse'}).`;
}

/**
 * The model with its history: the trend points (oldest first, this build's last), what changed
 * since the build before, and each hold technology's uses over time and its retirement forecast.
 */
export function withTrends(model: OrgModel, points: readonly TrendPoint[]): OrgModel {
  const list = [...points].sort((a, b) => a.takenAt.localeCompare(b.takenAt));
  const changes: string[] = [];
  if (list.length >= 2) {
    const [a, b] = list.slice(-2);
    changes.push(
      change('Findings that count', a.findingsNew, b.findingsNew),
      change('Known findings (baseline)', a.findingsKnown, b.findingsKnown),
      change('Requests awaiting a signature', a.awaiting, b.awaiting),
      change('Days the oldest request has waited', a.oldestWaiting, b.oldestWaiting),
      change('Exceptions granted', a.granted, b.granted, false),
      change('Expiring within 90 days', a.expiring, b.expiring),
    );
    for (const id of Object.keys(b.holdUses).sort()) changes.push(change(`Uses of ${id} (on hold)`, a.holdUses[id] ?? 0, b.holdUses[id]));
    for (const team of Object.keys(b.teamShare).sort()) {
      const was = a.teamShare[team];
      const now = b.teamShare[team];
      if (was === undefined || was === null || now === null) continue;
      const pct = (n: number) => Math.round(n * 100);
      changes.push(pct(was) === pct(now) ? `Platform share of ${team || 'no owner'}: ${pct(now)}%, unchanged.` : `Platform share of ${team || 'no owner'}: ${pct(now)}%, ${now > was ? 'up' : 'down'} from ${pct(was)}%.`);
    }
  } else changes.push('The first build in this history: trends appear from the second build on.');
  const hold = model.hold.map((h) => {
    const trend = list.filter((p) => p.holdUses[h.id] !== undefined).map((p) => ({ day: p.day, uses: p.holdUses[h.id] }));
    if (trend.length === 0) trend.push({ day: model.generatedOn, uses: h.uses });
    const r = h.retireBy ? retirement(h.retireBy, model.generatedOn, trend) : undefined;
    return { ...h, trend, ...(r ? { retirement: r.sentence, retirementState: r.state } : {}) };
  });
  return { ...model, hold, trends: { points: list, changes } };
}
