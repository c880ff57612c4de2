/**
 * A repository's report as the organisation build shows it: its register with the states this
 * build verified (never the report's own "granted … signed by"), and its findings counted again
 * where the report left out findings covered by an exception this build does not grant. The
 * report says which findings each exception covers (`covers`); a report without that (an older
 * tech-policy) cannot be recounted, and says so. Pure.
 */
import { REGISTER_GROUPS } from '../exceptions/state';
import type { ExceptionState } from '../exceptions/evaluate';
import type { RegisterGroup } from '../exceptions/groups';
import { type CoveredByException, exceptionsSentence, type ReportEntry, type ReportModel, type ServiceRow } from '../report/model';
import type { OrgException } from './verify';

/** What the organisation build counts for a repository: cheap, for every repository of every build. */
export interface Recount {
  /** Findings that count, with those covered by an exception this build does not grant counted again. */
  findings?: { new: number; known: number };
  /** The findings counted again, one per place (file, line, rule, subject). */
  recounted: CoveredByException[];
  /** Why the report's findings could not be checked: the sentence the page and stderr say. */
  findingsNotVerified?: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const placeKey = (c: CoveredByException) => `${c.file}\u0000${c.line}\u0000${c.rule}\u0000${c.subject.toLowerCase()}`;

/** The findings a report left out as covered by a grant this build does not believe, counted again. */
export function recount(report: ReportModel, verified: readonly OrgException[]): Recount {
  const entries = report.exceptions.entries;
  const grantedHere = new Set(verified.filter((v) => v.state === 'granted').map((v) => v.file));
  // what the report left out because a grant covered it, and whether this build grants any exception that covers it
  const places = new Map<string, { item: CoveredByException; granted: boolean }>();
  for (const e of entries)
    for (const c of e.covers ?? []) {
      const k = placeKey(c);
      const seen = places.get(k);
      places.set(k, { item: c, granted: (seen?.granted ?? false) || grantedHere.has(e.file) });
    }
  const recounted = [...places.values()].filter((p) => !p.granted).map((p) => p.item);
  // an older report does not say what its grants covered: where this build does not grant one, its counts cannot be checked
  const doubted = entries.filter((e) => e.covers === undefined && e.state === 'granted' && !grantedHere.has(e.file));
  const findingsNotVerified = doubted.length
    ? `Findings not verified: the report says ${report.findings ? `${report.findings.new} finding${report.findings.new === 1 ? '' : 's'}` : 'nothing about its findings'}, counted with ${doubted.map((e) => e.id ?? e.file).join(', ')} granted, which this build does not grant, and it does not say which findings ${doubted.length === 1 ? 'that exception covers' : 'those exceptions cover'} (a report by an older tech-policy): make the report again to count them.`
    : undefined;
  const findings = report.findings && (recounted.length ? { new: report.findings.new + recounted.filter((c) => !c.known).length, known: report.findings.known + recounted.filter((c) => c.known).length } : report.findings);
  return { ...(findings ? { findings } : {}), recounted, ...(findingsNotVerified ? { findingsNotVerified } : {}) };
}

/** New services or languages with the state this build verified for their exception, and those a disbelieved grant covered listed again. */
export function verifiedRows(report: ReportModel, rows: readonly ServiceRow[], rule: string, verified: readonly OrgException[], counted: Recount): ServiceRow[] {
  const stateOf = (id: string) => verified.find((v) => v.id === id)?.label ?? 'not verified';
  const again = counted.recounted.filter((x) => x.rule === rule);
  if (again.length === 0 && !rows.some((r) => r.exception)) return rows as ServiceRow[];
  const out = new Map<string, ServiceRow>(rows.map((r) => [r.name, { ...r, ...(r.exception ? { exception: { id: r.exception.id, state: stateOf(r.exception.id) } } : {}) }]));
  for (const c of again) {
    const row = out.get(c.subject) ?? { name: c.subject, places: [] };
    const by = report.exceptions.entries.find((e) => e.covers?.some((x) => placeKey(x) === placeKey(c)));
    out.set(c.subject, { ...row, places: [...new Set([...row.places, c.file])].sort(), ...(by?.id ? { exception: { id: by.id, state: stateOf(by.id) } } : {}) });
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The report as the repository's page shows it: the verified register, expiring lists, findings, the radar's finding counts, new services and languages, summary. */
export function verifiedPage(report: ReportModel, verified: readonly OrgException[], judgedBy: string | undefined, counted: Recount): ReportModel {
  const entries = report.exceptions.entries;
  const { findings, recounted, findingsNotVerified } = counted;
  // the register as verified here: each document's verified state, in register order
  const claimed = new Map(entries.map((e) => [e.file, e]));
  const order = (g: string) => (REGISTER_GROUPS as readonly string[]).indexOf(g) >>> 0;
  const register: ReportEntry[] = verified
    .map((v): ReportEntry => {
      const c = claimed.get(v.file);
      return {
        uri: c?.uri ?? v.file,
        file: v.file,
        ...(v.id !== undefined ? { id: v.id } : {}),
        ...(v.rule !== undefined ? { rule: v.rule } : {}),
        ...(v.subject !== undefined ? { subject: v.subject } : {}),
        ...(c?.title !== undefined ? { title: c.title } : {}),
        // 'not-verified' is the organisation's own state: the page shows it as it is
        state: v.state as ExceptionState,
        group: v.group as RegisterGroup,
        label: v.label,
        sentence: `${v.label}${v.reason ? `: ${v.reason}` : ''} (verified by the organisation build${judgedBy ? ` with ${judgedBy}` : ''})`,
        ...(v.reason ? { reason: v.reason } : {}),
        ...(v.requestedBy !== undefined ? { requestedBy: v.requestedBy } : {}),
        ...(v.requestedOn !== undefined ? { requestedOn: v.requestedOn } : {}),
        ...(v.approvedBy !== undefined ? { approvedBy: v.approvedBy } : {}),
        ...(v.approvedOn !== undefined ? { approvedOn: v.approvedOn } : {}),
        ...(v.expires !== undefined ? { expires: v.expires } : {}),
        ...(v.signer ? { signer: v.signer } : {}),
        ...(v.waitingDays !== undefined ? { waitingDays: v.waitingDays } : {}),
        ...(v.expiresInDays !== undefined ? { expiresInDays: v.expiresInDays } : {}),
      };
    })
    .sort((a, b) => order(a.group) - order(b.group) || (a.id ?? a.file).localeCompare(b.id ?? b.file));
  const expiringWithin = (days: number) => register.filter((e) => e.state === 'granted' && e.expiresInDays !== undefined && e.expiresInDays >= 0 && e.expiresInDays <= days);

  // the radar's finding counts, with what was counted again
  const counts = (rules: string[], id: string) => recounted.filter((c) => !c.known && rules.includes(c.rule) && c.subject.toLowerCase() === id.toLowerCase()).length;
  const blips = <T extends { id: string; findings: number }>(list: readonly T[]) => list.map((b) => ({ ...b, findings: b.findings + counts(['new-technology', 'hold-technology'], b.id) }));

  const pending = register.filter((e) => e.state === 'requested');
  const granted = register.filter((e) => e.state === 'granted');
  const differs = verified.filter((v) => v.claimed).length;
  const verification = `The exceptions' states are what the organisation build verified from the documents${judgedBy ? ` with the approvers of ${judgedBy}` : ''}, not the report's own${differs ? ` (it differs on ${plural(differs, 'exception')})` : ''}.`;
  const again = new Set(recounted.map(placeKey));
  const coveredBy = [...new Set(entries.filter((e) => e.covers?.some((x) => again.has(placeKey(x)))).map((e) => e.id ?? e.file))];
  const recountLine = recounted.length
    ? `${plural(recounted.length, 'finding')} counted again: the report left ${recounted.length === 1 ? 'it' : 'them'} out as covered by ${coveredBy.join(', ')}, which this build does not grant.`
    : undefined;
  // the summary's exceptions line said again from the verified states (its place: the report's second line)
  const exceptionsLine = exceptionsSentence(granted.length, pending.map((p) => p.waitingDays ?? 0), expiringWithin(90).length);
  const summary = report.summary.map((line) => (/^\d+ exceptions? granted, /.test(line) ? exceptionsLine : line));
  if (!summary.includes(exceptionsLine)) summary.splice(1, 0, exceptionsLine);

  return {
    ...report,
    ...(findings ? { findings } : {}),
    radar: recounted.length ? { blips: blips(report.radar.blips), unlisted: blips(report.radar.unlisted), held: blips(report.radar.held) } : report.radar,
    exceptions: { ...report.exceptions, entries: register, expiring30: expiringWithin(30), expiring90: expiringWithin(90) },
    services: { known: report.services.known, found: verifiedRows(report, report.services.found, 'new-service', verified, counted) },
    languages: { ...report.languages, found: verifiedRows(report, report.languages.found, 'new-language', verified, counted) },
    summary: [verification, ...(recountLine ? [recountLine] : []), ...(findingsNotVerified ? [findingsNotVerified] : []), ...summary],
  };
}
