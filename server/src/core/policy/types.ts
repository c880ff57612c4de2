import type { Range } from 'vscode-languageserver-types';
import type { Ring, RuleId, Severity } from '../model';

export interface Approver {
  name: string;
  email?: string;
  role?: string;
}

export interface RuleConfig {
  severity: Severity;
  rationale?: string;
  link?: string;
}

export interface TechnologyEntry {
  ring: Ring;
  note?: string;
  packages?: string[];
  images?: string[];
  category?: string;
  name?: string;
}

export interface ServiceEntry {
  path?: string;
}

/** A policy after `extends` has been merged and defaults applied. */
export interface Policy {
  approvers: Approver[];
  exceptionsDirectory: string;
  rules: Record<RuleId, RuleConfig>;
  technologies: Record<string, TechnologyEntry>;
  /** Absent means the new-language rule is inactive. */
  languages?: string[];
  services: Record<string, ServiceEntry>;
  ignore: string[];
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
}

export interface LoadedPolicy {
  uri: string;
  policy: Policy;
  problems: PolicyProblem[];
  /** Files that were read to build this policy (the policy itself and its `extends`). */
  sources: string[];
  locations: PolicyLocations;
}
