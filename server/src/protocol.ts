/**
 * What the client and the server say to each other beyond LSP: custom requests and
 * notifications, and the settings type with its defaults. Shared by both sides; no imports of
 * either transport here.
 */
import type { Range, WorkspaceEdit } from 'vscode-languageserver-types';

/** Server command that opens a document in the client (window/showDocument); code actions use it. */
export const SHOW_DOCUMENT_COMMAND = 'techPolicy.showDocument';

/** Service scaffolding and language manifests: for document selectors and file watchers (package.json aside). */
export const SCAFFOLDING_GLOB =
  '**/{*.yml,*.yaml,*.toml,Dockerfile,Dockerfile.*,*.Dockerfile,dockerfile,*.dockerfile,Containerfile,Containerfile.*,*.containerfile,wrangler.jsonc,Procfile,go.mod,requirements*.txt,setup.py,Pipfile,pom.xml,build.gradle,build.gradle.kts,Gemfile,*.csproj,mix.exs}';

/** Settings under the `techPolicy` prefix, per resource. */
export interface TechPolicySettings {
  enable: boolean;
  /** Path of the policy file, relative to the workspace folder. */
  policyFile: string;
}

export const DEFAULT_SETTINGS: TechPolicySettings = {
  enable: true,
  policyFile: 'techpolicy.json',
};

/** Merges what `workspace/configuration` returned (possibly null) over the defaults. */
export function resolveSettings(value: unknown): TechPolicySettings {
  const v = (value && typeof value === 'object' ? value : {}) as Partial<TechPolicySettings>;
  return {
    enable: typeof v.enable === 'boolean' ? v.enable : DEFAULT_SETTINGS.enable,
    policyFile: typeof v.policyFile === 'string' && v.policyFile.trim() !== '' ? v.policyFile.trim() : DEFAULT_SETTINGS.policyFile,
  };
}

export interface FolderStatus {
  uri: string;
  name: string;
  /** none: no policy file (nothing is checked); invalid: the policy has problems (valid parts apply). */
  policy: 'none' | 'ok' | 'invalid' | 'disabled';
  policyUri: string;
  findings: number;
  pendingRequests: number;
  /** False in an untrusted workspace: no git, no `extends` from node_modules. */
  trusted: boolean;
}

/** server → client, whenever the counts or the policy state change. */
export const StatusNotification = 'techPolicy/status';
export interface StatusParams {
  folders: FolderStatus[];
}

/** client → server: the current findings, for the Request Exception quick pick. */
export const FindingsRequest = 'techPolicy/findings';
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
}
