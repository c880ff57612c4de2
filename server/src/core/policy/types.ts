import type { Range } from 'vscode-languageserver-types';
import type { Ring, RuleId, Severity } from '../model';

import type { SshTime } from '../keys/allowedSigners';
import type { SshPublicKey } from '../keys/sshKey';

export interface Approver {
  name: string;
  email?: string;
  role?: string;
  /** Public SSH signing keys: from `keys` in the policy and from the `allowedSigners` file. */
  keys: ApproverKey[];
}

export interface ApproverKey {
  key: SshPublicKey;
  /** Where the key was listed ("techpolicy.json", ".github/allowed_signers:3"), for messages. */
  source: string;
  /** allowed_signers restrictions: namespaces, and the times between which the key may sign (checked at the time of verification). */
  namespaces?: string[];
  validAfter?: SshTime;
  validBefore?: SshTime;
}

/** `signed`: an approval counts only with an approver's SSH signature. `named`: a listed name is enough (labelled so). */
export type ApprovalMode = 'signed' | 'named';
export const APPROVAL_MODES: readonly ApprovalMode[] = ['signed', 'named'];

export interface RuleConfig {
  severity: Severity;
  rationale?: string;
  link?: string;
}

export interface TechnologyEntry {
  ring: Ring;
  note?: string;
  /** YYYY-MM-DD: the date by which a held technology should be gone from the repository. */
  retireBy?: string;
  /** npm packages. */
  packages?: string[];
  images?: string[];
  /** Package names in other ecosystems (catalog/ecosystems.ts). */
  gems?: string[];
  pypi?: string[];
  go?: string[];
  maven?: string[];
  crates?: string[];
  composer?: string[];
  nuget?: string[];
  hex?: string[];
  swift?: string[];
  category?: string;
  name?: string;
}

export interface ServiceEntry {
  /** Where the service is declared: a folder, a file or a glob, or a list of them. */
  path?: string | string[];
}

/** A policy after `extends` has been merged and defaults applied. */
export interface Policy {
  approvers: Approver[];
  /**
   * Where the approvers and their keys come from when a trust root gives them ("techpolicy.json at
   * main", under `--trusted-policy`); undefined when they are this checkout's own, which a change
   * can edit (a granted state then says so).
   */
  approversFrom?: string;
  /** Resolved: the policy's `approvals`, else `signed` as soon as any approver has a key. */
  approvals: ApprovalMode;
  /** Days before `expires` when a granted exception is shown as expiring soon. */
  expiryWarningDays: number;
  exceptionsDirectory: string;
  rules: Record<RuleId, RuleConfig>;
  technologies: Record<string, TechnologyEntry>;
  /** Absent means the new-language rule is inactive. */
  languages?: string[];
  services: Record<string, ServiceEntry>;
  ignore: string[];
  /** What the report counts as platform work, and the share of it the policy aims to stay under. */
  platformWork: PlatformWork;
}

export interface PlatformWork {
  /** Platform share of platform + product work to stay under, 0..1 (default 0.3). */
  target: number;
  /** Extra globs of platform work. */
  paths: string[];
  /** Globs of product work, before every other rule. */
  productPaths: string[];
}

/** A problem in a policy file, reported as a diagnostic at `range` in `uri`. */
export interface PolicyProblem {
  uri: string;
  range: Range;
  message: string;
  severity: 'error' | 'warning';
}

/** Where things are declared in the local policy file (for hovers and edits). */
export interface PolicyLocations {
  technologies: Record<string, Range>;
  services: Record<string, Range>;
  exceptionsDirectory?: Range;
}

export interface LoadedPolicy {
  uri: string;
  policy: Policy;
  problems: PolicyProblem[];
  /** Files that were read to build this policy (the policy itself and its `extends`). */
  sources: string[];
  locations: PolicyLocations;
}
