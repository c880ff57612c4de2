/**
 * The organisation's model: every repository's report (built here from a clone, or a CI
 * artifact) merged into one picture — what waits for a signature (verified by this build), the
 * radar across repositories with their disagreements, the hold technologies and their retirement,
 * platform versus product work by team, the deployables — plus its trends from the history. The
 * renderers (org/html.ts, JSON) only draw it. Pure: the Node host reads, scans and stores.
 */
import { TechnologyIndex } from '../catalog/technologies';
import { daysBetween } from '../features/register';
import type { Ring } from '../model';
import { RINGS } from '../radar/quadrants';
import type { QuadrantId } from '../radar/quadrants';
import type { ReportModel, ServiceRow } from '../report/model';
import { DEFAULT_TARGET, mergeWork, type TeamWork, type WorkSummary } from '../report/work';
import type { Policy } from '../policy/types';
import { retirement } from '../radar/retire';
import type { OrgTrends } from './trends';
import { type Judge, type OrgException, VerifyCache, verifyRepository } from './verify';
import { type Recount, recount, verifiedPage, verifiedRows } from './verifiedReport';
import { pushAll } from '../limits';

export const ORG_VERSION = 1;

/** One SOURCE of the command line, after the host read or scanned it. */
export interface OrgSource {
  /** Unique on the page: the folder's name (a number added when two are alike). */
  name: string;
  /** What the command line named: a folder or a report file. */
  source: string;
  kind: 'repository' | 'report';
  report?: ReportModel;
  /** Why nothing could be built from it. */
  problem?: string;
  /** The page of its report, relative to the site (`repositories/shop.html`). */
  page?: string;
  /** A document's address: the repository's web address when `origin` names one, else its path. */
  link: (file: string) => string | undefined;
}

/** `--config org.json`: who owns what, where CODEOWNERS does not say. */
export interface OrgConfig {
  /** Team → the repositories it owns whole, and the CODEOWNERS owners that are this team. */
  teams: Record<string, { repositories: string[]; owners: string[] }>;
  /** The platform share to stay under, when no trusted policy names one. */
  target?: number;
}

export interface OrgInput {
  sources: OrgSource[];
  /** The trusted (shared) policy: its approvers judge every exception and its rings and target are the organisation's. */
  trusted?: { source: string; policy: Policy };
  config: OrgConfig;
  today: string;
  since: string;
  until: string;
}

export interface OrgRepository {
  name: string;
  source: string;
  kind: OrgSource['kind'];
  page?: string;
  url?: string;
  commit?: string;
  /** The day its report was made. */
  reportedOn?: string;
  /** Why it could not be built (then it is only listed). */
  problem?: string;
  /** What is missing or wrong, said next to it: no git history, a broken policy, unverified documents. */
  notes: string[];
  /** Findings that count (new) and known ones, with those covered by an exception this build does not grant counted again. */
  findings?: { new: number; known: number };
  /** The report's findings could not be checked (an older report that does not say what its exceptions cover): `findings` is its word. */
  findingsNotVerified?: true;
  exceptions: { awaiting: number; granted: number; notGranted: number; notVerified: number };
  /** Whose approvers judged its documents. */
  judgedBy?: string;
}

export interface OrgTechnology {
  id: string;
  name: string;
  category: string;
  quadrant: QuadrantId;
  /** The organisation's ring: the trusted policy's, else the one most repositories give (undefined: no policy lists it). */
  ring?: Ring;
  /** Per ring, the repositories whose policy puts it there (`unlisted` where it is used and not listed). */
  rings: Array<{ ring: Ring | 'unlisted'; repositories: string[] }>;
  /** "Express: adopt in 12 repositories, hold in 1", when the policies disagree. */
  disagreement?: string;
  /** Repositories that use it, with their manifests. */
  uses: Array<{ repository: string; files: string[] }>;
  repositories: number;
  manifests: number;
}

export interface OrgHeld {
  id: string;
  name: string;
  retireBy?: string;
  uses: number;
  byRepository: Array<{ repository: string; files: string[] }>;
  /** Uses per build, from the history (today's last). */
  trend: Array<{ day: string; uses: number }>;
  /** With a `retireBy`: on track, or how many uses remain on the date at the current pace. */
  retirement?: string;
  retirementState?: string;
}

export interface OrgTeam extends TeamWork {
  repositories: string[];
}

export interface OrgDeployables {
  repository: string;
  known: ServiceRow[];
  found: ServiceRow[];
  languages: { allowed?: string[]; found: ServiceRow[] };
}

export interface OrgModel {
  version: typeof ORG_VERSION;
  generatedOn: string;
  since: string;
  until: string;
  trust: { mode: 'trusted' | 'own'; source?: string; sentence: string };
  repositories: OrgRepository[];
  problems: Array<{ source: string; message: string }>;
  exceptions: {
    /** Requests, oldest first. */
    awaiting: OrgException[];
    expiring30: OrgException[];
    expiring90: OrgException[];
    notGranted: OrgException[];
    notVerified: OrgException[];
    granted: number;
  };
  radar: { technologies: OrgTechnology[]; unlisted: OrgTechnology[] };
  hold: OrgHeld[];
  work: { target: number; targetSource: string; teams: OrgTeam[]; above: string[]; sentence: string; unavailable: Array<{ repository: string; reason: string }> };
  deployables: OrgDeployables[];
  summary: string[];
  trends?: OrgTrends;
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The trusted policy's ring for each canonical technology id. */
function ringsOf(policy: Policy | undefined): Map<string, { ring: Ring; retireBy?: string }> {
  const out = new Map<string, { ring: Ring; retireBy?: string }>();
  if (!policy) return out;
  const index = new TechnologyIndex(policy);
  for (const [id, entry] of Object.entries(policy.technologies)) out.set(index.get(id)?.id ?? id, { ring: entry.ring, retireBy: entry.retireBy });
  return out;
}

export function buildOrg(input: OrgInput): OrgModel {
  return buildOrgSite(input).model;
}

/**
 * The model, and each built repository's report as its page shows it (the states this build
 * verified; findings counted again), made when asked for: a merge that writes no pages makes none.
 */
export function buildOrgSite(input: OrgInput): { model: OrgModel; page: (source: OrgSource) => ReportModel | undefined } {
  const { today } = input;
  const judged = new Map<OrgSource, { verified: OrgException[]; judgedBy?: string; counted: Recount }>();
  // each distinct document (its path and text) judged once per judge: a thousand repositories' copies of one policy's documents cost one verification
  const cache = new VerifyCache();
  const built = input.sources.filter((s): s is OrgSource & { report: ReportModel } => !!s.report && !s.problem);
  const trustedJudge: Judge | undefined = input.trusted && {
    approvers: input.trusted.policy.approvers,
    approvals: input.trusted.policy.approvals,
    expiryWarningDays: input.trusted.policy.expiryWarningDays,
    source: input.trusted.source,
  };

  // exceptions: verified here, never taken from the report's word
  const all: OrgException[] = [];
  const repositories: OrgRepository[] = [];
  for (const s of input.sources) {
    const r = s.report;
    if (!r || s.problem) {
      repositories.push({ name: s.name, source: s.source, kind: s.kind, problem: s.problem ?? 'nothing could be read', notes: [], exceptions: { awaiting: 0, granted: 0, notGranted: 0, notVerified: 0 } });
      continue;
    }
    const judge = trustedJudge ?? cache.judgeOf(r);
    const verified = verifyRepository(s.name, r, judge, today, s.link, cache);
    pushAll(all, verified);
    const view = recount(r, verified);
    judged.set(s, { verified, ...(judge ? { judgedBy: judge.source } : {}), counted: view });
    const notes: string[] = [];
    if ('unavailable' in r.work) notes.push(`Platform versus product work: ${r.work.unavailable}`);
    for (const p of r.policyProblems ?? []) notes.push(`The policy has a problem (${p}); its valid parts are used.`);
    // the states counted in one pass over the repository's exceptions
    let awaitingHere = 0;
    let grantedHere = 0;
    let notGrantedHere = 0;
    let firstUnverified: OrgException | undefined;
    let unverifiedHere = 0;
    const forged: OrgException[] = [];
    for (const x of verified) {
      if (x.state === 'requested') awaitingHere++;
      else if (x.state === 'granted') grantedHere++;
      else if (x.state === 'not-granted' || x.state === 'invalid') notGrantedHere++;
      if (x.state === 'not-verified') {
        firstUnverified ??= x;
        unverifiedHere++;
      } else if (x.claimed) forged.push(x);
    }
    if (firstUnverified) notes.push(`${plural(unverifiedHere, 'exception')} not verified: ${firstUnverified.reason}.`);
    if (forged.length) notes.push(`The report's own word on ${plural(forged.length, 'exception')} differs from what this build verified (${forged.map((x) => `${x.id ?? x.file}: the report says "${x.claimed}", verified "${x.label}"`).join('; ')}); the verified state is shown.`);
    if (view.recounted.length) notes.push(`${plural(view.recounted.length, 'finding')} counted again: the report left ${view.recounted.length === 1 ? 'it' : 'them'} out as covered by an exception this build does not grant.`);
    if (view.findingsNotVerified) notes.push(view.findingsNotVerified);
    repositories.push({
      name: s.name,
      source: s.source,
      kind: s.kind,
      ...(s.page ? { page: s.page } : {}),
      ...(r.repository?.url ? { url: r.repository.url } : {}),
      ...(r.repository?.commit ? { commit: r.repository.commit } : {}),
      reportedOn: String(r.generatedOn),
      notes,
      ...(view.findings ? { findings: view.findings } : {}),
      ...(view.findingsNotVerified ? { findingsNotVerified: true } : {}),
      exceptions: { awaiting: awaitingHere, granted: grantedHere, notGranted: notGrantedHere, notVerified: unverifiedHere },
      ...(judge ? { judgedBy: judge.source } : {}),
    });
  }
  repositories.sort(byName);
  const byRepoThenId = (a: OrgException, b: OrgException) => a.repository.localeCompare(b.repository) || (a.id ?? a.file).localeCompare(b.id ?? b.file);
  const awaiting = all.filter((x) => x.state === 'requested').sort((a, b) => (a.requestedOn ?? '9999').localeCompare(b.requestedOn ?? '9999') || byRepoThenId(a, b));
  const granted = all.filter((x) => x.state === 'granted');
  const expiringWithin = (days: number) => granted.filter((x) => x.expiresInDays !== undefined && x.expiresInDays >= 0 && x.expiresInDays <= days).sort((a, b) => a.expiresInDays! - b.expiresInDays! || byRepoThenId(a, b));
  const notGranted = all.filter((x) => x.state === 'not-granted' || x.state === 'invalid').sort(byRepoThenId);
  const notVerified = all.filter((x) => x.state === 'not-verified').sort(byRepoThenId);

  // the radar across repositories
  const trustedRings = ringsOf(input.trusted?.policy);
  const techs = new Map<string, OrgTechnology & { ringVotes: Map<Ring | 'unlisted', string[]> }>();
  const techOf = (b: { id: string; name: string; category: string; quadrant: QuadrantId }) => {
    let t = techs.get(b.id);
    if (!t) techs.set(b.id, (t = { id: b.id, name: b.name, category: b.category, quadrant: b.quadrant, rings: [], uses: [], repositories: 0, manifests: 0, ringVotes: new Map() }));
    return t;
  };
  // one list per ring, added to in place: a thousand repositories are a thousand pushes, not a thousand copies
  const vote = (t: { ringVotes: Map<Ring | 'unlisted', string[]> }, ring: Ring | 'unlisted', repository: string) => {
    const list = t.ringVotes.get(ring);
    if (list) list.push(repository);
    else t.ringVotes.set(ring, [repository]);
  };
  const repoRetireBy = new Map<string, string>();
  for (const s of built) {
    for (const b of s.report.radar.blips ?? []) {
      const t = techOf(b);
      if (b.ring) vote(t, b.ring, s.name);
      if (b.files.length) t.uses.push({ repository: s.name, files: b.files });
      if (b.retireBy && !repoRetireBy.has(b.id)) repoRetireBy.set(b.id, b.retireBy);
    }
    for (const b of s.report.radar.unlisted ?? []) {
      const t = techOf(b);
      vote(t, 'unlisted', s.name);
      if (b.files.length) t.uses.push({ repository: s.name, files: b.files });
    }
  }
  const order: Array<Ring | 'unlisted'> = [...RINGS, 'unlisted'];
  const technologies: OrgTechnology[] = [];
  const unlisted: OrgTechnology[] = [];
  for (const t of techs.values()) {
    t.rings = order.filter((r) => t.ringVotes.has(r)).map((ring) => ({ ring, repositories: t.ringVotes.get(ring)!.sort() }));
    const listedRings = t.rings.filter((r) => r.ring !== 'unlisted') as Array<{ ring: Ring; repositories: string[] }>;
    const trusted = trustedRings.get(t.id)?.ring;
    // the most repositories, then the stricter ring on a tie
    const consensus = [...listedRings].sort((a, b) => b.repositories.length - a.repositories.length || RINGS.indexOf(b.ring) - RINGS.indexOf(a.ring))[0]?.ring;
    t.ring = trusted ?? consensus;
    const differs = listedRings.length > 1 || (trusted !== undefined && listedRings.some((r) => r.ring !== trusted));
    if (differs) {
      // most repositories first, as people say it: "adopt in 12 repositories, hold in 1"
      const parts = [...listedRings]
        .sort((a, b) => b.repositories.length - a.repositories.length || RINGS.indexOf(a.ring) - RINGS.indexOf(b.ring))
        .map((r, i) => `${r.ring} in ${i === 0 ? plural(r.repositories.length, 'repository', 'repositories') : r.repositories.length}`);
      t.disagreement = `${t.name}: ${trusted ? `${trusted} in the trusted policy; ` : ''}${parts.join(', ')}.`;
    }
    t.uses.sort((a, b) => a.repository.localeCompare(b.repository));
    t.repositories = t.uses.length;
    t.manifests = t.uses.reduce((n, u) => n + u.files.length, 0);
    const tech: OrgTechnology = { id: t.id, name: t.name, category: t.category, quadrant: t.quadrant, ...(t.ring ? { ring: t.ring } : {}), rings: t.rings, ...(t.disagreement ? { disagreement: t.disagreement } : {}), uses: t.uses, repositories: t.repositories, manifests: t.manifests };
    if (t.ring === undefined) {
      if (t.uses.length) unlisted.push(tech);
    } else if (t.uses.length || trusted) technologies.push(tech);
  }
  technologies.sort(byName);
  unlisted.sort(byName);

  // hold: where the organisation's ring (trusted, else the repository's own) is hold
  const hold: OrgHeld[] = [];
  for (const t of [...techs.values()].sort(byName)) {
    // each repository's own ring for it (the first that names it), looked up, not searched: a thousand uses, a thousand lookups
    const ringOf = new Map<string, Ring | 'unlisted'>();
    for (const r of t.rings) for (const repository of r.repositories) if (!ringOf.has(repository)) ringOf.set(repository, r.ring);
    const held = t.uses.filter((u) => (trustedRings.get(t.id)?.ring ?? ringOf.get(u.repository)) === 'hold');
    const ringHere = trustedRings.get(t.id)?.ring ?? t.ring;
    if (held.length === 0 && ringHere !== 'hold') continue;
    const uses = held.reduce((n, u) => n + u.files.length, 0);
    const retireBy = trustedRings.get(t.id)?.retireBy ?? repoRetireBy.get(t.id);
    const entry: OrgHeld = { id: t.id, name: t.name, ...(retireBy ? { retireBy } : {}), uses, byRepository: held, trend: [{ day: today, uses }] };
    if (retireBy) {
      const r = retirement(retireBy, today, entry.trend);
      entry.retirement = r.sentence;
      entry.retirementState = r.state;
    }
    hold.push(entry);
  }

  // platform versus product by team
  const work = teamsOf(input, built);

  const deployables: OrgDeployables[] = built
    .map((s) => {
      // the state this build verified, never the report's word; services a disbelieved grant covered listed again
      const { verified, counted } = judged.get(s)!;
      const r = s.report;
      return { repository: s.name, known: r.services.known, found: verifiedRows(r, r.services.found, 'new-service', verified, counted), languages: { ...(r.languages.allowed ? { allowed: r.languages.allowed } : {}), found: verifiedRows(r, r.languages.found, 'new-language', verified, counted) } };
    })
    .sort((a, b) => a.repository.localeCompare(b.repository));

  const trust = input.trusted
    ? { mode: 'trusted' as const, source: input.trusted.source, sentence: `Every exception was verified by this build with the approvers and keys of ${input.trusted.source}.` }
    : { mode: 'own' as const, sentence: "No trusted policy was given: every exception was verified by this build with the approvers and keys of its repository's own policy, which that repository could change. Pass --trusted-policy to judge all of them by one policy." };

  const problems = input.sources.filter((s) => s.problem).map((s) => ({ source: s.source, message: s.problem! }));
  const oldest = awaiting[0];
  const holdUses = hold.reduce((n, h) => n + h.uses, 0);
  const summary = [
    `${plural(built.length, 'repository', 'repositories')} built${notBuilt(input.sources)}.`,
    `${plural(awaiting.length, 'request')} awaiting a signature${oldest ? ` (the oldest, ${oldest.repository} ${oldest.id ?? oldest.file}, for ${plural(oldest.waitingDays ?? 0, 'day')})` : ''}; ${plural(granted.length, 'exception')} granted, ${expiringWithin(90).length} expiring within 90 days, ${notGranted.length} not granted${notVerified.length ? `, ${notVerified.length} not verified` : ''}.`,
    `${plural(technologies.length + unlisted.length, 'technology', 'technologies')} in use, ${unlisted.length} in no policy; ${technologies.filter((t) => t.disagreement).length} the policies disagree on.`,
    hold.length ? `${plural(hold.length, 'technology', 'technologies')} on hold with ${plural(holdUses, 'use')} left.` : 'No technology on hold is in use.',
    work.sentence,
  ];
  const model: OrgModel = {
    version: ORG_VERSION,
    generatedOn: today,
    since: input.since,
    until: input.until,
    trust,
    repositories,
    problems,
    exceptions: { awaiting, expiring30: expiringWithin(30), expiring90: expiringWithin(90), notGranted, notVerified, granted: granted.length },
    radar: { technologies, unlisted },
    hold,
    work,
    deployables,
    summary,
  };
  const page = (source: OrgSource) => {
    const j = judged.get(source);
    return j && source.report ? verifiedPage(source.report, j.verified, j.judgedBy, j.counted) : undefined;
  };
  return { model, page };
}

/** "; 1 report could not be read and 1 source could not be built (listed below)", or nothing when every source was built. */
function notBuilt(sources: readonly OrgSource[]): string {
  const failed = sources.filter((s) => s.problem);
  const unread = failed.filter((s) => s.kind === 'report').length;
  const unbuilt = failed.length - unread;
  const parts = [...(unread ? [`${plural(unread, 'report')} could not be read`] : []), ...(unbuilt ? [`${plural(unbuilt, 'source')} could not be built`] : [])];
  return parts.length ? `; ${parts.join(' and ')} (listed below)` : '';
}

function teamsOf(input: OrgInput, built: Array<OrgSource & { report: ReportModel }>): OrgModel['work'] {
  const teamOfRepo = new Map<string, string>();
  const teamOfOwner = new Map<string, string>();
  for (const [team, entry] of Object.entries(input.config.teams)) {
    for (const r of entry.repositories) teamOfRepo.set(r.toLowerCase(), team);
    for (const o of entry.owners) teamOfOwner.set(o.toLowerCase(), team);
  }
  const targets = [...new Set(built.flatMap((s) => ('unavailable' in s.report.work ? [] : [s.report.work.target])))];
  let target: number;
  let targetSource: string;
  if (input.trusted) {
    target = input.trusted.policy.platformWork.target;
    targetSource = `the target of ${input.trusted.source}`;
  } else if (input.config.target !== undefined) {
    target = input.config.target;
    targetSource = 'the target in the configuration';
  } else if (targets.length === 1) {
    target = targets[0];
    targetSource = "the repositories' policies' target";
  } else {
    target = DEFAULT_TARGET;
    targetSource = targets.length > 1 ? `the default: the repositories' policies name different targets (${targets.map((t) => `${Math.round(t * 100)}%`).join(', ')})` : 'the default';
  }
  const parts = new Map<string, Array<{ repository: string; work: Omit<WorkSummary, 'teams'> }>>();
  const add = (team: string, repository: string, work: Omit<WorkSummary, 'teams'>) => {
    if (!parts.has(team)) parts.set(team, []);
    parts.get(team)!.push({ repository, work });
  };
  const unavailable: OrgModel['work']['unavailable'] = [];
  for (const s of built) {
    const w = s.report.work;
    if ('unavailable' in w) {
      unavailable.push({ repository: s.name, reason: w.unavailable });
      continue;
    }
    const repoTeam = teamOfRepo.get(s.name.toLowerCase());
    if (w.teams?.length) {
      // CODEOWNERS first; its owners named as a team in the configuration; unowned paths to the repository's team
      for (const t of w.teams) add(t.team ? (teamOfOwner.get(t.team.toLowerCase()) ?? t.team) : (repoTeam ?? ''), s.name, t);
    } else add(repoTeam ?? '', s.name, w);
  }
  const teams: OrgTeam[] = [...parts]
    .map(([team, list]) => ({ team, repositories: [...new Set(list.map((p) => p.repository))].sort(), ...mergeWork(list, input.since, input.until, target) }))
    .sort((a, b) => (a.team === '' ? 1 : b.team === '' ? -1 : a.team.localeCompare(b.team)));
  const above = teams.filter((t) => t.team !== '' && t.verdict === 'above');
  const pct = (n: number | undefined) => `${Math.round((n ?? 0) * 100)}%`;
  const sentence =
    teams.length === 0
      ? 'Platform versus product work: no repository had its history available.'
      : above.length
        ? `Above the ${pct(target)} platform target: ${above.map((t) => `${t.team} (${pct(t.share)}${t.drivers.length ? `, driven by ${t.drivers.map((d) => d.path).join(', ')}` : ''})`).join('; ')}.`
        : `No team is above the ${pct(target)} platform target.`;
  return { target, targetSource, teams, above: above.map((t) => t.team), sentence, unavailable };
}

/** Days between two dates, re-exported for the renderers. */
export { daysBetween };
