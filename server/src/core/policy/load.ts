/**
 * Loads a policy: parses the local file, resolves and merges `extends` (in order, the local file
 * last), applies defaults. Problems anywhere are reported in the local file — a problem inside an
 * extended policy at the `extends` entry that brought it in — and the valid parts keep working.
 */
import type { RuleId } from '../model';
import { dirnameUri, joinUri } from '../paths';
import { parseAllowedSigners } from './allowedSigners';
import { defaultPolicy } from './defaults';
import { type ExtendsRef, type PolicyLayer, parsePolicyLayer } from './parse';
import type { LoadedPolicy, Policy, PolicyProblem } from './types';
import type { Range } from 'vscode-languageserver-types';

/** What loading needs from the outside world. The Node host reads the disk; tests use a map. */
export interface PolicyHost {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(uri: string): string | undefined;
  /**
   * The policy file of a package named in `extends` (`@acme/tech-policy`), resolved from
   * `node_modules` starting at `fromDirUri`; undefined when not found or not allowed.
   */
  resolvePackage?(fromDirUri: string, name: string): string | undefined;
}

export function isRelativeSpec(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(spec);
}

export function loadPolicy(uri: string, text: string, host: PolicyHost): LoadedPolicy {
  const local = parsePolicyLayer(uri, text);
  const problems: PolicyProblem[] = [...local.problems];
  const sources = [uri];
  const policy = defaultPolicy();

  /** The allowed_signers file in force (the last layer that names one wins), and where to report its problems. */
  let signers: { file: string; spec: string; reportAt: Range } | undefined;
  let approvals: Policy['approvals'] | undefined;
  const take = (layer: PolicyLayer, reportAt: Range | undefined) => {
    mergeLayer(policy, layer);
    if (layer.approvals) approvals = layer.approvals;
    if (layer.allowedSigners) {
      signers = { file: joinUri(dirnameUri(layer.uri), layer.allowedSigners.value), spec: layer.allowedSigners.value, reportAt: reportAt ?? layer.allowedSigners.range };
    }
  };
  for (const ref of local.extends) {
    const chain = [uri];
    const nested = loadExtended(ref, uri, chain, host, sources);
    for (const message of nested.messages) {
      problems.push({ uri, range: ref.range, message, severity: 'error' });
    }
    for (const layer of nested.layers) take(layer, ref.range);
  }
  take(local, undefined);
  if (signers) {
    sources.push(signers.file);
    addAllowedSigners(policy, signers.file, signers.spec, host, (message) => problems.push({ uri, range: signers!.reportAt, message, severity: 'error' }));
  }
  const keyed = policy.approvers.some((a) => a.keys.length > 0);
  policy.approvals = approvals ?? (keyed ? 'signed' : 'named');
  if (policy.approvals === 'signed' && !keyed) {
    problems.push({
      uri,
      range: local.approvalsRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: 'Approvals must be signed, but no approver has a key: no exception can be granted. Add "keys" to an approver or an "allowedSigners" file.',
      severity: 'warning',
    });
  }
  return { uri, policy, problems, sources, locations: local.locations };
}

/** Gives each approver the keys that an allowed_signers file lists for their email. */
function addAllowedSigners(policy: Policy, file: string, spec: string, host: PolicyHost, report: (message: string) => void): void {
  const text = host.readFile(file);
  if (text === undefined) {
    report(`Cannot read "allowedSigners": "${spec}" (the file does not exist or is unreadable); its keys are not used.`);
    return;
  }
  const { signers, problems } = parseAllowedSigners(text);
  for (const p of problems) report(`In "${spec}" (line ${p.line}): ${p.message}.`);
  for (const signer of signers) {
    for (const approver of policy.approvers) {
      if (!approver.email || !signer.principals.includes(approver.email.toLowerCase())) continue;
      if (approver.keys.some((k) => k.key.blob.equals(signer.key.blob))) continue;
      approver.keys.push({ key: signer.key, source: `${spec}:${signer.line}`, namespaces: signer.namespaces, validAfter: signer.validAfter, validBefore: signer.validBefore });
    }
  }
}

interface Extended {
  layers: PolicyLayer[];
  messages: string[];
}

function resolveSpec(ref: ExtendsRef, fromUri: string, host: PolicyHost): string | undefined {
  const dir = dirnameUri(fromUri);
  if (isRelativeSpec(ref.value)) {
    return ref.value.startsWith('/') ? joinUri('file:///', ref.value) : joinUri(dir, ref.value);
  }
  return host.resolvePackage?.(dir, ref.value);
}

function loadExtended(ref: ExtendsRef, fromUri: string, chain: string[], host: PolicyHost, sources: string[]): Extended {
  const target = resolveSpec(ref, fromUri, host);
  if (!target) {
    const where = isRelativeSpec(ref.value) ? 'the file does not exist' : 'no such package in node_modules';
    return { layers: [], messages: [`Cannot resolve "extends": "${ref.value}" (${where}).`] };
  }
  if (chain.includes(target)) {
    return { layers: [], messages: [`"extends": "${ref.value}" creates a cycle; it is ignored.`] };
  }
  const text = host.readFile(target);
  if (text === undefined) {
    return { layers: [], messages: [`Cannot read "extends": "${ref.value}" (the file does not exist or is unreadable).`] };
  }
  sources.push(target);
  const layer = parsePolicyLayer(target, text);
  const out: Extended = { layers: [], messages: [] };
  for (const p of layer.problems) {
    out.messages.push(`In "${ref.value}" (line ${p.range.start.line + 1}): ${p.message}`);
  }
  for (const inner of layer.extends) {
    const nested = loadExtended(inner, target, [...chain, target], host, sources);
    out.layers.push(...nested.layers);
    out.messages.push(...nested.messages.map((m) => (m.startsWith('In "') ? m : `In "${ref.value}": ${m}`)));
  }
  out.layers.push(layer);
  return out;
}

function mergeLayer(policy: Policy, layer: PolicyLayer): void {
  if (layer.approvers) {
    for (const a of layer.approvers) {
      const same = policy.approvers.findIndex((b) => b.name.toLowerCase() === a.name.toLowerCase());
      if (same >= 0) policy.approvers[same] = a;
      else policy.approvers.push(a);
    }
  }
  if (layer.exceptionsDirectory) policy.exceptionsDirectory = layer.exceptionsDirectory;
  if (layer.expiryWarningDays !== undefined) policy.expiryWarningDays = layer.expiryWarningDays;
  for (const [id, config] of Object.entries(layer.rules)) {
    const rule = id as RuleId;
    policy.rules[rule] = { ...policy.rules[rule], ...config };
  }
  for (const [id, entry] of Object.entries(layer.technologies)) {
    policy.technologies[id] = { ...policy.technologies[id], ...entry };
  }
  if (layer.languages) policy.languages = [...layer.languages];
  for (const [name, entry] of Object.entries(layer.services)) policy.services[name] = { ...entry };
  if (layer.ignore) policy.ignore = [...policy.ignore, ...layer.ignore];
}

/** The policy in force when a folder has no policy file: defaults, nothing approved, nothing flagged. */
export function noPolicy(): Policy {
  return defaultPolicy();
}
