/**
 * The report's model: the radar as used, the exception register, the deployables and languages,
 * and platform versus product work, built from the same folder view the CLI checks. Renderers
 * (HTML, JSON, Markdown) only draw it. Pure.
 */
import type { WorkspaceInventory } from '../features/createPolicy';
import { inUse } from '../features/createPolicy';
import { daysBetween, type RegisterEntry, registerOf } from '../features/register';
import type { FolderModel } from '../folder';
import type { Finding, Ring } from '../model';
import { keyLine } from '../keys/sshKey';
import { retirement } from '../radar/retire';
import type { ApprovalMode } from '../policy/types';
import { type QuadrantId, quadrantOf } from '../radar/quadrants';
import type { WorkSummary } from './work';
import { relativePath } from '../paths';

export interface RadarBlip {
  id: string;
  name: string;
  category: string;
  quadrant: QuadrantId;
  /** The policy's ring; undefined for a technology in use that the policy does not list. */
  ring?: Ring;
  /** Files (manifests) that use it, workspace-relative. */
  files: string[];
  /** Findings about it (unlisted or held uses). */
  findings: number;
  note?: string;
  /** The date by which a held technology should be gone (the policy's `retireBy`). */
  retireBy?: string;
  /** With a `retireBy`: the uses left and the time left, as the hover and the organisation page say it. */
  retirement?: string;
}

export interface ServiceRow {
  name: string;
  /** Known: where the policy says it is declared; new: where it was found. */
  places: string[];
  /** For a new service or language: the exception that covers it, its state, or none. */
  exception?: { id: string; state: string };
}

/** An approver as the report carries it: enough for another machine to verify the documents again. */
export interface ReportApprover {
  name: string;
  email?: string;
  role?: string;
  /** `validAfter` / `validBefore` as allowed_signers writes them ("20250101Z"), read again with parseSshTime. */
  keys: Array<{ key: string; source: string; namespaces?: string[]; validAfter?: string; validBefore?: string }>;
}

/**
 * A finding a granted exception covers (so the report does not count it): what a reader that does
 * not believe the grant counts again. `line` is 1-based; `known` when the baseline records the same
 * file, rule and subject.
 */
export interface CoveredByException {
  file: string;
  line: number;
  rule: string;
  subject: string;
  severity: string;
  known?: boolean;
}

/** A register entry as the report writes it: with the findings it covers (`[]` for one that covers none). */
export type ReportEntry = RegisterEntry & { covers?: CoveredByException[] };

export interface ReportModel {
  version: 1;
  folder: string;
  generatedOn: string;
  /** The repository: its web address (from the `origin` remote) and the commit the report is of, when git knows them. */
  repository?: { url?: string; commit?: string };
  /** The policy's problems at error level (the report still uses its valid parts). */
  policyProblems?: string[];
  /**
   * Whose approvals count and how, as the folder judged them: the organisation page verifies
   * `exceptions.documents` again with these (or with its own trusted policy's).
   */
  approval?: { approvals: ApprovalMode; expiryWarningDays: number; exceptionsDirectory: string; source: string; approvers: ReportApprover[] };
  radar: {
    /** The policy's technologies, each once, with where they are used. */
    blips: RadarBlip[];
    /** In use, not in the policy. */
    unlisted: RadarBlip[];
    /** Ring hold or assess, with their remaining uses. */
    held: RadarBlip[];
  };
  exceptions: {
    /** `covers`: the findings each covers (added in 0.x; a report without it is older). */
    entries: ReportEntry[];
    /** Granted exceptions expiring within 30 and within 90 days. */
    expiring30: RegisterEntry[];
    expiring90: RegisterEntry[];
    /** Every exception document's text, folder-relative path first, so a reader can verify them itself. */
    documents?: Array<{ file: string; text: string }>;
  };
  services: { known: ServiceRow[]; found: ServiceRow[] };
  /** Findings that count (new) and the baseline's known ones. */
  findings?: { new: number; known: number };
  languages: { allowed?: string[]; found: ServiceRow[] };
  /** Platform versus product work, or why it is not there (no git, untrusted, a shallow clone). */
  work: WorkSummary | { unavailable: string };
  summary: string[];
}

export interface ReportInput {
  folder: FolderModel;
  folderName: string;
  inventory: WorkspaceInventory;
  /** Every finding of the folder with its workspace-relative file (baselined ones included). */
  findings: Array<Finding & { file: string }>;
  today: string;
  work: WorkSummary | { unavailable: string };
  documents?: Array<{ file: string; text: string }>;
  repository?: ReportModel['repository'];
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** The summary's line about exceptions (the organisation's page of a repository says it again with the states it verified). */
export function exceptionsSentence(granted: number, waitingDays: readonly number[], expiring90: number): string {
  const oldest = waitingDays.length ? Math.max(...waitingDays) : 0;
  return `${granted} exception${granted === 1 ? '' : 's'} granted, ${waitingDays.length} awaiting a signature${waitingDays.length ? ` (the oldest for ${oldest} day${oldest === 1 ? '' : 's'})` : ''}, ${expiring90} expiring within 90 days.`;
}

/** "1 use left", "40 uses left": the files that still use what is on hold or being assessed. */
function usesLeft(n: number): string {
  return `${n} use${n === 1 ? '' : 's'} left`;
}

export function buildReport(input: ReportInput): ReportModel {
  const { folder, today } = input;
  const policy = folder.policy?.policy;
  const index = folder.technologyIndex;
  const used = inUse(input.inventory, index);
  const findingsAbout = (rules: string[], subject: string) => input.findings.filter((f) => rules.includes(f.rule) && f.subject === subject).length;
  const blip = (id: string, ring: Ring | undefined): RadarBlip => {
    const tech = index.get(id);
    const b: RadarBlip = {
      id,
      name: tech?.name ?? id,
      category: tech?.categoryLabel ?? 'technology',
      quadrant: quadrantOf(tech?.category ?? 'other'),
      ring,
      files: used.technologyFiles.get(tech?.id ?? id) ?? [],
      findings: findingsAbout(['new-technology', 'hold-technology'], tech?.id ?? id),
      note: policy?.technologies[id]?.note,
    };
    const retireBy = policy?.technologies[id]?.retireBy;
    if (retireBy && ring === 'hold') Object.assign(b, { retireBy, retirement: retirement(retireBy, today, [{ day: today, uses: b.files.length }]).sentence });
    return b;
  };
  const listed = new Set<string>();
  const blips: RadarBlip[] = [];
  for (const [id, entry] of Object.entries(policy?.technologies ?? {})) {
    const canonical = index.get(id)?.id ?? id;
    if (listed.has(canonical)) continue;
    listed.add(canonical);
    blips.push(blip(canonical, entry.ring));
  }
  blips.sort(byName);
  const unlisted = used.technologies.filter((t) => !listed.has(t.id)).map((t) => blip(t.id, undefined)).sort(byName);
  const held = blips.filter((b) => b.ring === 'hold' || b.ring === 'assess');

  const register = registerOf(folder, today);
  const expiringWithin = (days: number) =>
    register.filter((e) => e.state === 'granted' && e.expires && /^\d{4}-\d{2}-\d{2}$/.test(e.expires) && daysBetween(today, e.expires) >= 0 && daysBetween(today, e.expires) <= days);

  const exceptionFor = (rule: string, subject: string): ServiceRow['exception'] => {
    // the request a finding names: its state as the register says it (awaiting signature, not granted, …)
    const f = input.findings.find((x) => x.rule === rule && x.subject === subject && x.request);
    if (f?.request) return { id: f.request.id, state: register.find((e) => e.uri === f.request!.uri)?.label ?? 'requested' };
    const granted = register.find((e) => e.rule === rule && e.subject?.toLowerCase() === subject.toLowerCase());
    return granted?.id ? { id: granted.id, state: granted.label } : undefined;
  };
  const grouped = (rule: string): ServiceRow[] => {
    const map = new Map<string, Set<string>>();
    for (const f of input.findings.filter((x) => x.rule === rule)) {
      if (!map.has(f.subject)) map.set(f.subject, new Set());
      map.get(f.subject)!.add(f.file);
    }
    return [...map].map(([name, places]) => ({ name, places: [...places].sort(), exception: exceptionFor(rule, name) })).sort(byName);
  };
  const known: ServiceRow[] = Object.entries(policy?.services ?? {})
    .map(([name, entry]) => ({ name, places: entry.path === undefined ? [] : Array.isArray(entry.path) ? [...entry.path] : [entry.path] }))
    .sort(byName);
  const found = grouped('new-service');
  const languages = grouped('new-language');

  const pending = register.filter((e) => e.state === 'requested');
  const granted = register.filter((e) => e.state === 'granted');
  // per exception, the findings it covers: a reader that does not believe a grant counts them again
  const covers = new Map<string, CoveredByException[]>();
  for (const c of folder.coveredFindings()) {
    const f = c.finding;
    const item: CoveredByException = { file: relativePath(folder.folderUri, f.uri) ?? f.uri, line: f.range.start.line + 1, rule: f.rule, subject: f.subject, severity: f.severity, ...(folder.baselineEntry(f.uri, f.rule, f.subject) ? { known: true } : {}) };
    for (const by of c.by) covers.set(by, [...(covers.get(by) ?? []), item]);
  }
  const byPlace = (a: CoveredByException, b: CoveredByException) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule) || a.subject.localeCompare(b.subject);
  const entries: ReportEntry[] = register.map((e) => ({ ...e, covers: (covers.get(e.uri) ?? []).sort(byPlace) }));
  const summary = [
    `${blips.length} technolog${blips.length === 1 ? 'y' : 'ies'} in the policy, ${unlisted.length} more in use that it does not list${held.length ? `, ${held.length} on hold or being assessed (${usesLeft(held.reduce((n, b) => n + b.files.length, 0))})` : ''}.`,
    exceptionsSentence(granted.length, pending.map((p) => p.waitingDays ?? 0), expiringWithin(90).length),
    `${known.length} known deployable${known.length === 1 ? '' : 's'}; ${found.length} new service${found.length === 1 ? '' : 's'} and ${languages.length} new language${languages.length === 1 ? '' : 's'} found.`,
    'unavailable' in input.work ? `Platform versus product work: ${input.work.unavailable}` : input.work.sentence,
  ];
  const approvalPolicy = folder.approvalPolicy;
  const approval: ReportModel['approval'] = approvalPolicy && {
    approvals: approvalPolicy.approvals,
    expiryWarningDays: approvalPolicy.expiryWarningDays,
    exceptionsDirectory: approvalPolicy.exceptionsDirectory,
    source: folder.trustedApprovers?.source ?? 'the policy of the repository',
    approvers: approvalPolicy.approvers.map((a) => ({
      name: a.name,
      ...(a.email ? { email: a.email } : {}),
      ...(a.role ? { role: a.role } : {}),
      keys: a.keys.map((k) => ({ key: keyLine(k.key), source: k.source, ...(k.namespaces ? { namespaces: k.namespaces } : {}), ...(k.validAfter ? { validAfter: k.validAfter.value } : {}), ...(k.validBefore ? { validBefore: k.validBefore.value } : {}) })),
    })),
  };
  const policyProblems = (folder.policy?.problems ?? []).filter((p) => p.severity === 'error').map((p) => `line ${p.range.start.line + 1}: ${p.message}`);
  return {
    version: 1,
    folder: input.folderName,
    generatedOn: today,
    ...(input.repository ? { repository: input.repository } : {}),
    ...(policyProblems.length ? { policyProblems } : {}),
    ...(approval ? { approval } : {}),
    radar: { blips, unlisted, held },
    exceptions: { entries, expiring30: expiringWithin(30), expiring90: expiringWithin(90), ...(input.documents ? { documents: input.documents } : {}) },
    services: { known, found },
    findings: { new: input.findings.filter((f) => !f.baselined).length, known: input.findings.filter((f) => f.baselined).length },
    languages: { allowed: policy?.languages, found: languages },
    work: input.work,
    summary,
  };
}
