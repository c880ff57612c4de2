/**
 * The exception register: every exception document of a folder with its one state, grouped as
 * the Policy Exceptions view and `tech-policy exceptions` show it.
 */
import type { EvaluatedException, ExceptionState } from '../exceptions/evaluate';
import { GROUP_TITLES, notGrantedReason, REGISTER_GROUPS, type RegisterGroup, registerGroup, stateLabel, stateSentence } from '../exceptions/state';
import type { FolderModel } from '../folder';
import { relativePath } from '../paths';
import { oneLine } from '../text';

export interface RegisterEntry {
  uri: string;
  /** Workspace-relative path, `/`-separated. */
  file: string;
  id?: string;
  rule?: string;
  subject?: string;
  title?: string;
  state: ExceptionState;
  group: RegisterGroup;
  /** "awaiting signature", "granted", … */
  label: string;
  /** The whole state in one sentence. */
  sentence: string;
  /** For a not-granted (or malformed) document: why, in a few words. */
  reason?: string;
  requestedBy?: string;
  requestedOn?: string;
  approvedBy?: string;
  approvedOn?: string;
  expires?: string;
  /** The verified signer, when an approver's key signed it. */
  signer?: { name: string; role?: string; fingerprint: string };
  /** Days a request has been waiting. */
  waitingDays?: number;
  expiresInDays?: number;
  /** Granted, but covering nothing in the workspace (known once the workspace has been checked). */
  unused?: boolean;
}

/** Whole days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function registerEntry(folder: FolderModel, ev: EvaluatedException, today: string): RegisterEntry {
  const r = ev.record;
  const approvers = folder.approvalPolicy?.approvers ?? [];
  const entry: RegisterEntry = {
    uri: r.uri,
    file: relativePath(folder.folderUri, r.uri) ?? r.uri,
    id: r.id,
    rule: r.rule,
    subject: r.subject,
    title: r.title,
    state: ev.state,
    group: registerGroup(ev),
    label: stateLabel(ev),
    sentence: stateSentence(ev, approvers),
    requestedBy: r.requestedBy,
    requestedOn: r.requestedOn,
    approvedBy: r.approvedBy,
    approvedOn: r.approvedOn,
    expires: r.expires,
  };
  if (ev.state === 'not-granted' || ev.state === 'invalid') entry.reason = notGrantedReason(ev);
  if (ev.signature) entry.signer = { name: ev.signature.approver.name, role: ev.signature.approver.role, fingerprint: ev.signature.fingerprint };
  if (ev.state === 'requested' && r.requestedOn) entry.waitingDays = daysBetween(r.requestedOn, today);
  if (ev.expiresInDays !== undefined) entry.expiresInDays = ev.expiresInDays;
  if (ev.state === 'granted' && folder.isWorkspaceChecked && !folder.isUsed(r.uri)) entry.unused = true;
  return entry;
}

/** Every exception of the folder, in register order: by group, then by id. */
export function registerOf(folder: FolderModel, today: string): RegisterEntry[] {
  const order = (g: RegisterGroup) => REGISTER_GROUPS.indexOf(g);
  return folder.exceptions
    .map((ev) => registerEntry(folder, ev, today))
    .sort((a, b) => order(a.group) - order(b.group) || (a.id ?? a.file).localeCompare(b.id ?? b.file));
}

/** The register as plain text: a heading per non-empty group, one line per exception. */
export function formatRegister(entries: readonly RegisterEntry[], approverNames: string): string {
  const out: string[] = [];
  for (const group of REGISTER_GROUPS) {
    const items = entries.filter((e) => e.group === group);
    if (items.length === 0) continue;
    out.push(`${GROUP_TITLES[group]} (${items.length})`);
    for (const e of items) {
      const what = [e.id ?? e.file, e.rule, e.subject].filter(Boolean).join(' ');
      const line = `${what}: ${e.sentence}${e.unused ? '; covers nothing in the workspace any more' : ''}${e.waitingDays !== undefined ? `; waiting ${e.waitingDays} day${e.waitingDays === 1 ? '' : 's'}` : ''} (${e.file})`;
      out.push(`  ${oneLine(line)}`);
    }
  }
  const count = (g: RegisterGroup) => entries.filter((e) => e.group === g).length;
  out.push(
    `${entries.length} exception${entries.length === 1 ? '' : 's'}: ${count('granted') + count('expiring')} granted, ${count('awaiting')} awaiting signature, ${count('not-granted')} not granted, ${count('expired')} expired, ${count('closed')} rejected or withdrawn (${approverNames}).`,
  );
  return out.join('\n') + '\n';
}
