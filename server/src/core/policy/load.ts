/**
 * Loads a policy: parses the local file, resolves and merges `extends` (in order, the local file
 * last), applies defaults. Problems anywhere are reported in the local file — a problem inside an
 * extended policy at the `extends` entry that brought it in — and the valid parts keep working.
 */
import type { RuleId } from '../model';
import { dirnameUri, joinUri } from '../paths';
import { matchPatternList, parseAllowedSigners } from '../keys/allowedSigners';
import { defaultPolicy } from './defaults';
import type { ExtendsRef, PolicyLayer } from './layer';
import { parsePolicyLayer } from './parse';
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
  /**
   * Why a file may not be read (outside the workspace folder, not a regular file), or undefined
   * when it may. Nothing from a refused file is read, so nothing of it is quoted.
   */
  refuse?(uri: string): string | undefined;
}

/** `extends` is followed at most this deep, through at most this many files per load. */
export const MAX_EXTENDS_DEPTH = 10;
export const MAX_EXTENDS_FILES = 50;

/** One load's bookkeeping: each file is read once however many policies extend it. */
interface LoadState {
  host: PolicyHost;
  sources: string[];
  loaded: Set<string>;
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
  let keysConfigured = false;
  const take = (layer: PolicyLayer, reportAt: Range | undefined) => {
    mergeLayer(policy, layer);
    if (layer.approvals) approvals = layer.approvals;
    if (layer.keysConfigured) keysConfigured = true;
    if (layer.allowedSigners) {
      signers = { file: joinUri(dirnameUri(layer.uri), layer.allowedSigners.value), spec: layer.allowedSigners.value, reportAt: reportAt ?? layer.allowedSigners.range };
    }
  };
  const state: LoadState = { host, sources, loaded: new Set([uri]) };
  for (const ref of local.extends) {
    const chain = [uri];
    const nested = loadExtended(ref, uri, chain, state);
    for (const message of nested.messages) {
      problems.push({ uri, range: ref.range, message, severity: 'error' });
    }
    for (const layer of nested.layers) take(layer, ref.range);
  }
  take(local, undefined);
  if (signers) {
    const report = (message: string, severity: 'error' | 'warning' = 'error') => problems.push({ uri, range: signers!.reportAt, message, severity });
    const refused = host.refuse?.(signers.file);
    if (refused) report(`Cannot use "allowedSigners": "${signers.spec}": ${refused}; its keys are not used.`);
    else {
      sources.push(signers.file);
      addAllowedSigners(policy, signers.file, signers.spec, host, report);
    }
  }
  const keyed = policy.approvers.some((a) => a.keys.length > 0);
  // keys written but not loaded (a broken key, an unreadable allowed_signers file) still mean
  // "signed": a mistake in the keys must never turn signatures off
  policy.approvals = approvals ?? (keyed || keysConfigured ? 'signed' : 'named');
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
function addAllowedSigners(policy: Policy, file: string, spec: string, host: PolicyHost, report: (message: string, severity?: 'error' | 'warning') => void): void {
  const text = host.readFile(file);
  if (text === undefined) {
    report(`Cannot read "allowedSigners": "${spec}" (the file does not exist or is unreadable); its keys are not used.`);
    return;
  }
  const { signers, problems } = parseAllowedSigners(text);
  for (const p of problems) report(`In "${spec}" (line ${p.line}): ${p.message}.`, 'error');
  let given = 0;
  for (const signer of signers) {
    for (const approver of policy.approvers) {
      if (!approver.email) continue;
      const email = approver.email;
      // as ssh-keygen -Y verify -I <email> matches: exactly (case too), and a matching "!" entry refuses
      const match = matchPatternList(email, signer.principals);
      if (match !== 1) {
        const cased = match === 0 ? signer.principals.find((p) => p.toLowerCase() === email.toLowerCase()) : undefined;
        if (cased !== undefined) {
          report(`In "${spec}" (line ${signer.line}): "${cased}" differs from ${approver.name}'s email "${email}" in case; ssh-keygen compares principals exactly, so this line gives no key.`, 'error');
        } else if (match === -1) {
          report(`In "${spec}" (line ${signer.line}): a "!" principal refuses ${email}, so this line gives ${approver.name} no key (as in ssh-keygen).`, 'warning');
        }
        continue;
      }
      given++;
      // the same key on several lines is kept once per line: any line whose options allow the signature grants, as in ssh-keygen
      approver.keys.push({ key: signer.key, source: `${spec}:${signer.line}`, namespaces: signer.namespaces, validAfter: signer.validAfter, validBefore: signer.validBefore });
    }
  }
  if (given === 0) {
    const noEmail = policy.approvers.filter((a) => !a.email).map((a) => a.name);
    report(`No line of "${spec}" names an approver's email, so it gives no approver a key${noEmail.length ? ` (${noEmail.join(', ')} ${noEmail.length === 1 ? 'has' : 'have'} no "email")` : ''}.`, 'warning');
  }
}

interface Extended {
  layers: PolicyLayer[];
  messages: string[];
}

function isAbsoluteSpec(spec: string): boolean {
  return spec.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(spec) || spec.startsWith('\\');
}

function resolveSpec(ref: ExtendsRef, fromUri: string, host: PolicyHost): string | undefined {
  const dir = dirnameUri(fromUri);
  if (isRelativeSpec(ref.value)) return joinUri(dir, ref.value);
  return host.resolvePackage?.(dir, ref.value);
}

function loadExtended(ref: ExtendsRef, fromUri: string, chain: string[], state: LoadState): Extended {
  const { host } = state;
  const spec = ref.value.length > 200 ? `${ref.value.slice(0, 200)}…` : ref.value;
  const fail = (message: string): Extended => ({ layers: [], messages: [message] });
  if (isAbsoluteSpec(ref.value)) return fail(`Cannot use "extends": "${spec}": paths are relative to the policy file (e.g. "./base.json"); an absolute path is not read.`);
  if (chain.length > MAX_EXTENDS_DEPTH) return fail(`"extends": "${spec}" is more than ${MAX_EXTENDS_DEPTH} levels deep; it is ignored.`);
  const target = resolveSpec(ref, fromUri, host);
  if (!target) {
    const where = isRelativeSpec(ref.value) ? 'the file does not exist' : 'no such package in node_modules';
    return fail(`Cannot resolve "extends": "${spec}" (${where}).`);
  }
  if (chain.includes(target)) return fail(`"extends": "${spec}" creates a cycle; it is ignored.`);
  // a file that another branch already brought in is merged once, where it first came
  if (state.loaded.has(target)) return { layers: [], messages: [] };
  if (state.loaded.size >= MAX_EXTENDS_FILES) return fail(`"extends": "${spec}" would read more than ${MAX_EXTENDS_FILES} policy files; it is ignored.`);
  const refused = host.refuse?.(target);
  if (refused) return fail(`Cannot use "extends": "${spec}": ${refused}.`);
  const text = host.readFile(target);
  if (text === undefined) return fail(`Cannot read "extends": "${spec}" (the file does not exist or is unreadable).`);
  state.loaded.add(target);
  state.sources.push(target);
  const layer = parsePolicyLayer(target, text);
  const out: Extended = { layers: [], messages: [] };
  for (const p of layer.problems) {
    out.messages.push(`In "${spec}" (line ${p.range.start.line + 1}): ${p.message}`);
  }
  for (const inner of layer.extends) {
    const nested = loadExtended(inner, target, [...chain, target], state);
    out.layers.push(...nested.layers);
    out.messages.push(...nested.messages.map((m) => (m.startsWith('In "') ? m : `In "${spec}": ${m}`)));
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
  if (layer.platformWork) {
    const w = layer.platformWork;
    policy.platformWork = {
      target: w.target ?? policy.platformWork.target,
      paths: [...policy.platformWork.paths, ...(w.paths ?? [])],
      productPaths: [...policy.platformWork.productPaths, ...(w.productPaths ?? [])],
    };
  }
}

/**
 * A policy file that exists but may not or cannot be read (a link out of the workspace, a
 * directory, binary content): the defaults, with the reason as a problem on the file.
 */
export function unreadablePolicy(uri: string, reason: string): LoadedPolicy {
  const start = { line: 0, character: 0 };
  return {
    uri,
    policy: defaultPolicy(),
    problems: [{ uri, range: { start, end: start }, message: `The policy file cannot be read: ${reason}. Nothing is approved until it can.`, severity: 'error' }],
    sources: [uri],
    locations: { technologies: {}, services: {} },
  };
}

/** The policy in force when a folder has no policy file: defaults, nothing approved, nothing flagged. */
export function noPolicy(): Policy {
  return defaultPolicy();
}
