/**
 * One policy file's contribution to a policy (a layer, before `extends` are merged), and the small
 * context every section reader (sections/) shares: the layer it fills and where its problems go,
 * each with the exact range of the part that causes it.
 */
import type { Node } from 'jsonc-parser';
import type { Range } from 'vscode-languageserver-types';
import { compileGlob } from '../glob';
import type { RuleId } from '../model';
import type { LineIndex } from '../text';
import type { ApprovalMode, Approver, PlatformWork, PolicyLocations, PolicyProblem, RuleConfig, ServiceEntry, TechnologyEntry } from './types';

export interface ExtendsRef {
  value: string;
  range: Range;
}

/** One file's contribution to a policy, before `extends` are merged. */
export interface PolicyLayer {
  /** The file this layer was read from. */
  uri: string;
  approvers?: Approver[];
  /** Where `approvals` is written, for problems about it. */
  approvalsRange?: Range;
  /** A git-style allowed_signers file, relative to this policy file. */
  allowedSigners?: ExtendsRef;
  approvals?: ApprovalMode;
  /** True when this layer gives any approver keys (`keys` or `allowedSigners`), even ones that fail to load. */
  keysConfigured?: boolean;
  expiryWarningDays?: number;
  exceptionsDirectory?: string;
  rules: Partial<Record<RuleId, Partial<RuleConfig>>>;
  technologies: Record<string, TechnologyEntry>;
  languages?: string[];
  services: Record<string, ServiceEntry>;
  ignore?: string[];
  platformWork?: Partial<PlatformWork>;
  extends: ExtendsRef[];
  problems: PolicyProblem[];
  locations: PolicyLocations;
}

/** Reads one top-level property's value into the layer. */
export type SectionReader = (value: Node, cx: LayerContext) => void;

/** What the section readers share: the layer, the problems (with exact ranges), and the readers of values that recur. */
export class LayerContext {
  readonly layer: PolicyLayer;

  constructor(
    readonly uri: string,
    private readonly lines: LineIndex,
  ) {
    this.layer = { uri, rules: {}, technologies: {}, services: {}, extends: [], problems: [], locations: { technologies: {}, services: {} } };
  }

  range(node: { offset: number; length: number }): Range {
    return this.lines.range(node.offset, node.offset + node.length);
  }

  problem(node: { offset: number; length: number }, message: string, severity: 'error' | 'warning' = 'error'): void {
    this.layer.problems.push({ uri: this.uri, range: this.range(node), message, severity });
  }

  /** An array of strings; anything else is a problem (and left out). */
  stringArray(node: Node, what: string): string[] | undefined {
    if (node.type !== 'array') {
      this.problem(node, `${what} must be an array of strings.`);
      return undefined;
    }
    const out: string[] = [];
    for (const item of node.children ?? []) {
      if (item.type === 'string') out.push(item.value);
      else this.problem(item, `${what} must contain only strings.`);
    }
    return out;
  }

  /** An array of glob patterns, trimmed; an empty or unusable pattern is a problem (and left out). */
  globList(node: Node, what: string, example: string): string[] | undefined {
    if (node.type !== 'array') {
      this.stringArray(node, what);
      return undefined;
    }
    const out: string[] = [];
    for (const item of node.children ?? []) {
      if (item.type !== 'string' || item.value.trim() === '') {
        this.problem(item, `${what} entries are non-empty glob patterns, e.g. "${example}".`);
        continue;
      }
      const compiled = compileGlob(item.value.trim());
      if (compiled.ok) out.push(item.value.trim());
      else this.problem(item, `This pattern cannot be used: ${compiled.reason}.`);
    }
    return out;
  }
}
