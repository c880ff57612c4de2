/**
 * What the client and the server say to each other beyond LSP: custom requests and
 * notifications, and the settings type with its defaults. Shared by both sides; no imports of
 * either transport here.
 */
import type { Range, WorkspaceEdit } from 'vscode-languageserver-types';
import type { RegisterEntry } from './core/features/register';
import { SCAFFOLDING_FILE_GLOBS } from './core/scan/fileNames';

export type { RegisterEntry };

/** Server command that opens a document in the client (window/showDocument); code actions use it. */
export const SHOW_DOCUMENT_COMMAND = 'techPolicy.showDocument';

/**
 * Server command behind the "Approve and sign" / "Reject" code lenses: arguments [uri, 'approve' | 'reject'].
 * The VS Code client runs it itself (DecideExceptionRequest, apply, save); other editors get a workspace/applyEdit.
 */
export const DECIDE_EXCEPTION_COMMAND = 'techPolicy.decideException';

/** Server command (for editors without the VS Code client): record the baseline of a folder, `[folderUri, mode]`; the server applies the edit. */
export const RECORD_BASELINE_COMMAND = 'techPolicy.server.recordBaseline';

/** Client command behind the state code lens of an exception document: reveals it in the Policy Exceptions view. */
export const SHOW_EXCEPTIONS_COMMAND = 'techPolicy.showExceptions';

/** Service scaffolding and language manifests: for document selectors and file watchers (package.json aside), from the core's one list. */
export const SCAFFOLDING_GLOB = `**/{${SCAFFOLDING_FILE_GLOBS.join(',')}}`;

/** Settings under the `techPolicy` prefix, per resource. */
export interface TechPolicySettings {
  enable: boolean;
  /** Path of the policy file, relative to the workspace folder. */
  policyFile: string;
  /** The SSH key an approver signs with (a path or a public key); empty: git's `user.signingKey` when `gpg.format` is ssh. */
  signingKey: string;
  /** How the known findings of the baseline show: as hints ("known (baseline)"), or not at all. */
  baselineShow: 'hint' | 'hidden';
}

export const DEFAULT_SETTINGS: TechPolicySettings = {
  enable: true,
  policyFile: 'techpolicy.json',
  signingKey: '',
  baselineShow: 'hint',
};

/** Merges what `workspace/configuration` returned (possibly null) over the defaults. */
export function resolveSettings(value: unknown): TechPolicySettings {
  const v = (value && typeof value === 'object' ? value : {}) as Partial<TechPolicySettings> & { baseline?: { show?: unknown } };
  return {
    baselineShow: v.baseline?.show === 'hidden' ? 'hidden' : 'hint',
    enable: typeof v.enable === 'boolean' ? v.enable : DEFAULT_SETTINGS.enable,
    policyFile: typeof v.policyFile === 'string' && v.policyFile.trim() !== '' ? v.policyFile.trim() : DEFAULT_SETTINGS.policyFile,
    signingKey: typeof v.signingKey === 'string' ? v.signingKey.trim() : DEFAULT_SETTINGS.signingKey,
  };
}

export interface FolderStatus {
  uri: string;
  name: string;
  /** none: no policy file (nothing is checked); invalid: the policy has problems (valid parts apply). */
  policy: 'none' | 'ok' | 'invalid' | 'disabled';
  policyUri: string;
  findings: number;
  /** Known findings the baseline records (not in `findings`). */
  baselined: number;
  /** Exceptions granted (signed and in force). */
  granted: number;
  /** Requests awaiting an approver's signature. */
  pendingRequests: number;
  /** Approvals that do not count (unsigned, edited after signing, …). */
  notGranted: number;
  /** Granted exceptions that expire within the policy's warning window. */
  expiringSoon: number;
  /** The approver the user's signing key belongs to, when it is one (then the code lenses offer Approve and sign). */
  approver?: string;
  /** False in an untrusted workspace: no git, no `extends` from node_modules. */
  trusted: boolean;
}

/** server → client, whenever the counts or the policy state change. */
export const StatusNotification = 'techPolicy/status';
export interface StatusParams {
  folders: FolderStatus[];
}

/** client → server: the current findings, for the Request Exception quick pick (and, `counted`, the status bar's list). */
export const FindingsRequest = 'techPolicy/findings';
export interface FindingsParams {
  /** Every finding the status bar counts (problems in exception documents and stale baseline entries too), not only those an exception can be requested for. */
  counted?: boolean;
}
export interface FindingSummary {
  uri: string;
  range: Range;
  rule: string;
  subject: string;
  subjectName: string;
  message: string;
  severity: string;
  request?: { id: string; uri: string };
  /** The rule an exception for this finding must name (differs from `rule` for exception-expired). */
  exceptionRule: string;
}

/** client → server: build an exception request document (not applied: the client applies it). */
export const RequestExceptionRequest = 'techPolicy/requestException';
export interface RequestExceptionParams {
  /** A file in the folder the exception is for (or the folder itself). */
  uri: string;
  rule: string;
  subject: string;
}
export interface RequestExceptionResult {
  id: string;
  uri: string;
  edit: WorkspaceEdit;
}

/** client → server: the starter policy for a folder. */
export const CreatePolicyRequest = 'techPolicy/createPolicy';
export interface CreatePolicyParams {
  folderUri: string;
}
export interface CreatePolicyResult {
  uri: string;
  exists: boolean;
  /** The starter text, when the file does not exist yet. */
  text?: string;
  /** Why the file may not be written there (outside the folder, through a link), in one sentence. */
  refused?: string;
}

/** client → server: record the folder's current findings in its baseline file (the client applies the edit and saves). */
export const RecordBaselineRequest = 'techPolicy/recordBaseline';
export interface RecordBaselineParams {
  folderUri: string;
  /** create: a new file (refused when one exists); update: today's findings, keeping dates; prune: only remove or lower. */
  mode: 'create' | 'update' | 'prune';
}
export interface RecordBaselineResult {
  uri: string;
  exists: boolean;
  edit?: WorkspaceEdit;
  /** What was recorded, in a sentence, or why nothing was. */
  message: string;
  ok: boolean;
}

/** client → server: the exception register of every folder, for the Policy Exceptions view. */
export const ExceptionsRequest = 'techPolicy/exceptions';
export interface ExceptionsResult {
  folders: Array<{ uri: string; name: string; approver?: string; entries: RegisterEntry[] }>;
}

/** client → server: approve and sign (or reject) an exception document; the client applies the edit and saves. */
export const DecideExceptionRequest = 'techPolicy/decideException';
export interface DecideExceptionParams {
  uri: string;
  decision: 'approve' | 'reject';
}
export type DecideExceptionResult = { ok: true; message: string; edit: WorkspaceEdit } | { ok: false; message: string };

/** The VS Code client's command the report's links run: arguments [folderUri, workspace-relative path]. */
export const OPEN_REPORT_FILE_COMMAND = 'techPolicy.openReportFile';

/** client → server: the report of a folder as one HTML page for a webview (its links run OPEN_REPORT_FILE_COMMAND). */
export const ReportRequest = 'techPolicy/report';
export interface ReportParams {
  /** A workspace folder, or any file in it; the first folder when absent. */
  folderUri?: string;
  /** The webview's source for its Content-Security-Policy, and a nonce for the page's one style element. */
  cspSource: string;
  nonce: string;
  /** The period, as `tech-policy report --since` takes it (default 12w). */
  since?: string;
}
export interface ReportResult {
  html?: string;
  folderName?: string;
  /** Why there is no report, in a sentence. */
  error?: string;
}

/**
 * client → server: one of the agent tools (core/agents/tools.ts), for the VS Code extension's
 * language model tools. `prepare` plans a request without writing anything (its confirmation);
 * `invoke` answers, and for the request tool returns the edit that writes the draft, which the
 * client applies only when `confirmed` names the file the user agreed to.
 */
export const AgentToolRequest = 'techPolicy/agentTool';
export interface AgentToolParams {
  /** The tool's MCP name (check_technology …) or its VS Code name (techPolicy_checkTechnology …). */
  tool: string;
  input: unknown;
  phase: 'prepare' | 'invoke';
  /** invoke of the request tool: the workspace-relative file the user confirmed. */
  confirmed?: string;
}
export interface AgentToolResult {
  /** What the agent reads. */
  text: string;
  isError?: boolean;
  /** prepare of the request tool: what the user is asked before anything is written. */
  confirm?: { title: string; message: string; file: string };
  /** invoke of the request tool: the edit that creates the draft (never over a file), and its uri. */
  edit?: WorkspaceEdit;
  uri?: string;
}
