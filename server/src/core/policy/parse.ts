/**
 * Parses one policy file's text (JSON with comments) into a layer: the valid parts, plus a
 * problem with an exact range for every part that is not. Never throws.
 */
import { type Node, type ParseError, findNodeAtLocation, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Range } from 'vscode-languageserver-types';
import { RINGS, RULE_IDS, SEVERITIES, isRuleId, type Ring, type RuleId, type Severity } from '../model';
import { LineIndex, withoutBom } from '../text';
import { jsonTooDeep, nestingMessage } from '../limits';
import { compileGlob } from '../glob';
import { parsePublicKeyLine, splitKeyLine } from '../keys/sshKey';
import { APPROVAL_MODES, type ApprovalMode, type Approver, type PolicyLocations, type PolicyProblem, type PlatformWork, type RuleConfig, type ServiceEntry, type TechnologyEntry } from './types';

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

const TOP_LEVEL = [
  '$schema',
  'extends',
  'approvers',
  'allowedSigners',
  'approvals',
  'expiryWarningDays',
  'exceptionsDirectory',
  'rules',
  'technologies',
  'languages',
  'services',
  'ignore',
  'platformWork',
];

export function parsePolicyLayer(uri: string, text: string): PolicyLayer {
  const lines = new LineIndex(text);
  const layer: PolicyLayer = {
    uri,
    rules: {},
    technologies: {},
    services: {},
    extends: [],
    problems: [],
    locations: { technologies: {}, services: {} },
  };
  const problem = (node: { offset: number; length: number }, message: string, severity: 'error' | 'warning' = 'error') =>
    layer.problems.push({ uri, range: lines.range(node.offset, node.offset + node.length), message, severity });

  if (text.trim() === '') {
    problem({ offset: 0, length: 0 }, 'The policy file is empty: expected a JSON object.');
    return layer;
  }
  const deep = jsonTooDeep(text);
  if (deep !== undefined) {
    problem({ offset: deep, length: 1 }, `The policy file ${nestingMessage()}: the defaults apply.`);
    return layer;
  }
  const errors: ParseError[] = [];
  const root = parseTree(withoutBom(text), errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) {
    problem({ offset: e.offset, length: Math.max(e.length, 1) }, `Invalid JSON: ${describeParseError(e)}.`);
  }
  if (!root) return layer;
  if (root.type !== 'object') {
    problem(root, 'The policy must be a JSON object.');
    return layer;
  }

  for (const prop of root.children ?? []) {
    const keyNode = prop.children?.[0];
    const value = prop.children?.[1];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    const key = keyNode.value;
    if (!value) continue; // half-typed property: the JSON error above already says so
    switch (key) {
      case '$schema':
        if (value.type !== 'string') problem(value, '"$schema" must be a string.');
        break;
      case 'extends':
        readExtends(value);
        break;
      case 'approvers':
        readApprovers(value);
        break;
      case 'allowedSigners':
        if (value.type === 'string' && value.value.trim() !== '' && !/^([a-zA-Z]:)?[\\/]/.test(value.value.trim())) {
          layer.allowedSigners = { value: value.value.trim(), range: lines.range(value.offset, value.offset + value.length) };
          layer.keysConfigured = true;
        } else problem(value, '"allowedSigners" is the path of a git-style allowed_signers file, relative to this policy file (e.g. ".github/allowed_signers").');
        break;
      case 'approvals':
        layer.approvalsRange = lines.range(value.offset, value.offset + value.length);
        if (value.type === 'string' && (APPROVAL_MODES as readonly string[]).includes(value.value)) layer.approvals = value.value as ApprovalMode;
        else problem(value, `"approvals" is "signed" (an approval counts only with an approver's SSH signature) or "named" (a listed name is enough).`);
        break;
      case 'expiryWarningDays':
        if (value.type === 'number' && Number.isInteger(value.value) && value.value >= 0 && value.value <= 3650) layer.expiryWarningDays = value.value;
        else problem(value, '"expiryWarningDays" is a whole number of days (0 to 3650).');
        break;
      case 'exceptionsDirectory': {
        layer.locations.exceptionsDirectory = lines.range(value.offset, value.offset + value.length);
        const dir = value.type === 'string' ? value.value.trim() : '';
        if (dir === '') problem(value, '"exceptionsDirectory" must be a non-empty string (a folder relative to the workspace).');
        else if (escapesFolder(dir)) problem(value, `"exceptionsDirectory" must be a folder inside the workspace ("docs/policy-exceptions"), not "${dir.slice(0, 100)}": Tech Policy never reads or writes exception documents elsewhere. The default applies.`);
        else layer.exceptionsDirectory = dir;
        break;
      }
      case 'rules':
        readRules(value);
        break;
      case 'technologies':
        readTechnologies(value);
        break;
      case 'languages': {
        const list = stringArray(value, '"languages"');
        if (list) layer.languages = list.map((l) => l.toLowerCase());
        break;
      }
      case 'services':
        readServices(value);
        break;
      case 'ignore': {
        if (value.type !== 'array') {
          stringArray(value, '"ignore"');
          break;
        }
        layer.ignore = [];
        for (const item of value.children ?? []) {
          if (item.type !== 'string' || item.value.trim() === '') {
            problem(item, '"ignore" entries are non-empty glob patterns, e.g. "examples/**".');
            continue;
          }
          const compiled = compileGlob(item.value.trim());
          if (compiled.ok) layer.ignore.push(item.value.trim());
          else problem(item, `This pattern cannot be used: ${compiled.reason}.`);
        }
        break;
      }
      case 'platformWork':
        readPlatformWork(value);
        break;
      default:
        problem(keyNode, `Unknown property "${key}". Known properties: ${TOP_LEVEL.filter((k) => k !== '$schema').join(', ')}.`, 'warning');
    }
  }
  return layer;

  function stringArray(node: Node, what: string): string[] | undefined {
    if (node.type !== 'array') {
      problem(node, `${what} must be an array of strings.`);
      return undefined;
    }
    const out: string[] = [];
    for (const item of node.children ?? []) {
      if (item.type === 'string') out.push(item.value);
      else problem(item, `${what} must contain only strings.`);
    }
    return out;
  }

  function readExtends(node: Node): void {
    const items = node.type === 'string' ? [node] : node.type === 'array' ? (node.children ?? []) : undefined;
    if (!items) {
      problem(node, '"extends" must be a string or an array of strings (relative paths or package names).');
      return;
    }
    for (const item of items) {
      if (item.type === 'string' && item.value.trim() !== '') {
        layer.extends.push({ value: item.value.trim(), range: lines.range(item.offset, item.offset + item.length) });
      } else {
        problem(item, '"extends" entries must be non-empty strings.');
      }
    }
  }

  function readApprovers(node: Node): void {
    if (node.type !== 'array') {
      problem(node, '"approvers" must be an array of { "name", "email", "role" } objects.');
      return;
    }
    const approvers: Approver[] = [];
    for (const item of node.children ?? []) {
      if (item.type !== 'object') {
        problem(item, 'An approver must be an object with at least a "name".');
        continue;
      }
      const name = findNodeAtLocation(item, ['name']);
      if (!name || name.type !== 'string' || name.value.trim() === '') {
        problem(name ?? item, 'An approver needs a non-empty "name".');
        continue;
      }
      const approver: Approver = { name: name.value.trim(), keys: [] };
      for (const field of ['email', 'role'] as const) {
        const f = findNodeAtLocation(item, [field]);
        if (!f) continue;
        if (f.type === 'string') approver[field] = f.value.trim();
        else problem(f, `"${field}" must be a string.`);
      }
      const keys = findNodeAtLocation(item, ['keys']);
      if (keys) {
        layer.keysConfigured = true;
        readKeys(keys, approver);
      }
      for (const prop of item.children ?? []) {
        const k = prop.children?.[0];
        if (k && !['name', 'email', 'role', 'keys'].includes(String(k.value))) {
          problem(k, `Unknown approver setting "${k.value}". Known settings: name, email, role, keys.`, 'warning');
        }
      }
      approvers.push(approver);
    }
    layer.approvers = approvers;
  }

  function readKeys(node: Node, approver: Approver): void {
    const items = node.type === 'array' ? (node.children ?? []) : undefined;
    if (!items) {
      problem(node, '"keys" is a list of public SSH signing keys, e.g. ["ssh-ed25519 AAAA… dana@acme.example"].');
      return;
    }
    for (const item of items) {
      if (item.type !== 'string') {
        problem(item, 'A key is a string: a public key line such as "ssh-ed25519 AAAA… dana@acme.example".');
        continue;
      }
      const parts = splitKeyLine(item.value.trim().replace(/^key::/, ''));
      if (parts && parts.prefix !== '') {
        problem(item, 'A key in "keys" is the public key line alone ("ssh-ed25519 AAAA… comment"): principals and options (namespaces=, valid-before=, cert-authority) belong in an allowed_signers file, where they are honoured.');
        continue;
      }
      const parsed = parsePublicKeyLine(item.value);
      if (!parsed.ok) problem(item, `This key cannot be used: ${parsed.reason}.`);
      else approver.keys.push({ key: parsed.key, source: basename(uri) });
    }
  }

  function readSeverity(node: Node): Severity | undefined {
    if (node.type === 'string' && (SEVERITIES as readonly string[]).includes(node.value)) return node.value as Severity;
    problem(node, `Invalid severity${node.type === 'string' ? ` "${node.value}"` : ''}: use one of ${SEVERITIES.join(', ')}.`);
    return undefined;
  }

  function readRules(node: Node): void {
    if (node.type !== 'object') {
      problem(node, '"rules" must be an object keyed by rule id.');
      return;
    }
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v) continue;
      const id = String(k.value);
      if (!isRuleId(id)) {
        problem(k, `Unknown rule "${id}". Known rules: ${RULE_IDS.join(', ')}.`);
        continue;
      }
      const config: Partial<RuleConfig> = {};
      if (v.type === 'string') {
        const severity = readSeverity(v);
        if (severity) config.severity = severity;
      } else if (v.type === 'object') {
        for (const rp of v.children ?? []) {
          const [rk, rv] = rp.children ?? [];
          if (!rk || !rv) continue;
          const field = String(rk.value);
          if (field === 'severity') {
            const severity = readSeverity(rv);
            if (severity) config.severity = severity;
          } else if (field === 'rationale' || field === 'link') {
            if (rv.type === 'string') config[field] = rv.value;
            else problem(rv, `"${field}" must be a string.`);
          } else {
            problem(rk, `Unknown rule setting "${field}". Known settings: severity, rationale, link.`, 'warning');
          }
        }
      } else {
        problem(v, `A rule is configured with an object { "severity", "rationale", "link" } or a severity string.`);
        continue;
      }
      layer.rules[id] = config;
    }
  }

  function readTechnologies(node: Node): void {
    if (node.type !== 'object') {
      problem(node, '"technologies" must be an object keyed by technology id.');
      return;
    }
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v) continue;
      const id = String(k.value).trim();
      if (id === '') {
        problem(k, 'A technology id must not be empty.');
        continue;
      }
      let entry: Partial<TechnologyEntry> = {};
      if (v.type === 'string') {
        const ring = readRing(v);
        if (!ring) continue;
        entry.ring = ring;
      } else if (v.type === 'object') {
        entry = readTechnologyObject(v, k);
        if (!entry.ring) continue;
      } else {
        problem(v, `A technology is an object with a "ring" (${RINGS.join(', ')}) or a ring string.`);
        continue;
      }
      layer.technologies[id] = entry as TechnologyEntry;
      layer.locations.technologies[id] = lines.range(k.offset, k.offset + k.length);
    }
  }

  function readRing(node: Node): Ring | undefined {
    if (node.type === 'string' && (RINGS as readonly string[]).includes(node.value)) return node.value as Ring;
    problem(node, `Invalid ring${node.type === 'string' ? ` "${node.value}"` : ''}: use one of ${RINGS.join(', ')}.`);
    return undefined;
  }

  function readTechnologyObject(node: Node, keyNode: Node): Partial<TechnologyEntry> {
    const entry: Partial<TechnologyEntry> = {};
    let sawRing = false;
    for (const p of node.children ?? []) {
      const [fk, fv] = p.children ?? [];
      if (!fk || !fv) continue;
      const field = String(fk.value);
      switch (field) {
        case 'ring': {
          sawRing = true;
          const ring = readRing(fv);
          if (ring) entry.ring = ring;
          break;
        }
        case 'note':
        case 'category':
        case 'name':
          if (fv.type === 'string') entry[field] = fv.value;
          else problem(fv, `"${field}" must be a string.`);
          break;
        case 'packages':
        case 'images':
        case 'gems':
        case 'pypi':
        case 'go':
        case 'maven':
        case 'crates':
        case 'composer':
        case 'nuget':
        case 'hex': {
          const list = stringArray(fv, `"${field}"`);
          if (list) entry[field] = list;
          break;
        }
        default:
          problem(fk, `Unknown technology setting "${field}". Known settings: ring, note, category, name, packages (npm), images, gems, pypi, go, maven, crates, composer, nuget, hex.`, 'warning');
      }
    }
    if (!sawRing) problem(keyNode, `Technology "${keyNode.value}" needs a "ring" (${RINGS.join(', ')}).`);
    return entry;
  }

  function readPlatformWork(node: Node): void {
    if (node.type !== 'object') {
      problem(node, '"platformWork" is an object: { "target": 0.3, "paths": ["infra/**"], "productPaths": ["app/**"] }.');
      return;
    }
    const work: Partial<PlatformWork> = {};
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v) continue;
      if (k.value === 'target') {
        if (v.type === 'number' && v.value >= 0 && v.value <= 1) work.target = v.value;
        else problem(v, '"target" is the share of platform work to stay under, a number from 0 to 1 (0.3 is 30%).');
      } else if (k.value === 'paths' || k.value === 'productPaths') {
        const key: 'paths' | 'productPaths' = k.value;
        if (v.type !== 'array') {
          stringArray(v, `"platformWork.${key}"`);
          continue;
        }
        const ok: string[] = [];
        for (const item of v.children ?? []) {
          if (item.type !== 'string' || item.value.trim() === '') {
            problem(item, `"platformWork.${key}" entries are non-empty glob patterns, e.g. "infra/**".`);
            continue;
          }
          const compiled = compileGlob(item.value.trim());
          if (compiled.ok) ok.push(item.value.trim());
          else problem(item, `This pattern cannot be used: ${compiled.reason}.`);
        }
        work[key] = ok;
      } else problem(k, `Unknown property "${String(k.value)}" of "platformWork": use target, paths or productPaths.`, 'warning');
    }
    layer.platformWork = work;
  }

  function readServices(node: Node): void {
    if (node.type !== 'object') {
      problem(node, '"services" must be an object keyed by service name.');
      return;
    }
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v) continue;
      const name = String(k.value);
      if (v.type !== 'object') {
        problem(v, 'A service is an object, optionally with a "path" (where it is declared).');
        continue;
      }
      const entry: ServiceEntry = {};
      for (const p of v.children ?? []) {
        const [fk, fv] = p.children ?? [];
        if (!fk || !fv) continue;
        if (fk.value === 'path') {
          if (fv.type === 'string' && fv.value.trim() !== '') entry.path = fv.value;
          else if (fv.type === 'array' && (fv.children ?? []).length > 0 && (fv.children ?? []).every((c) => c.type === 'string' && String(c.value).trim() !== '')) entry.path = (fv.children ?? []).map((c) => String(c.value));
          else problem(fv, '"path" is where the service is declared: a folder, a file or a glob ("services/api"), or a list of them.');
        } else {
          problem(fk, `Unknown service setting "${fk.value}". Known settings: path.`, 'warning');
        }
      }
      layer.services[name] = entry;
      layer.locations.services[name] = lines.range(k.offset, k.offset + k.length);
    }
  }
}

/** An absolute path, or one whose `..` climbs above where it starts. */
export function escapesFolder(p: string): boolean {
  if (/^([a-zA-Z]:)?[\\/]/.test(p) || p.startsWith('~')) return true;
  let depth = 0;
  for (const segment of p.split(/[\\/]+/)) {
    if (segment === '..') depth--;
    else if (segment !== '' && segment !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}

function basename(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

function describeParseError(e: ParseError): string {
  const code = printParseErrorCode(e.error);
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
