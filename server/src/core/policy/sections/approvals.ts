/** Who may grant exceptions and how an approval counts: `approvers` (with their `keys`), `allowedSigners`, `approvals`. */
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { parsePublicKeyLine, splitKeyLine } from '../../keys/sshKey';
import type { LayerContext } from '../layer';
import { APPROVAL_MODES, type ApprovalMode, type Approver } from '../types';

export function readApprovers(node: Node, cx: LayerContext): void {
  if (node.type !== 'array') {
    cx.problem(node, '"approvers" must be an array of { "name", "email", "role" } objects.');
    return;
  }
  const approvers: Approver[] = [];
  for (const item of node.children ?? []) {
    if (item.type !== 'object') {
      cx.problem(item, 'An approver must be an object with at least a "name".');
      continue;
    }
    const name = findNodeAtLocation(item, ['name']);
    if (!name || name.type !== 'string' || name.value.trim() === '') {
      cx.problem(name ?? item, 'An approver needs a non-empty "name".');
      continue;
    }
    const approver: Approver = { name: name.value.trim(), keys: [] };
    for (const field of ['email', 'role'] as const) {
      const f = findNodeAtLocation(item, [field]);
      if (!f) continue;
      if (f.type === 'string') approver[field] = f.value.trim();
      else cx.problem(f, `"${field}" must be a string.`);
    }
    const keys = findNodeAtLocation(item, ['keys']);
    if (keys) {
      cx.layer.keysConfigured = true;
      readKeys(keys, approver, cx);
    }
    for (const prop of item.children ?? []) {
      const k = prop.children?.[0];
      if (k && !['name', 'email', 'role', 'keys'].includes(String(k.value))) {
        cx.problem(k, `Unknown approver setting "${k.value}". Known settings: name, email, role, keys.`, 'warning');
      }
    }
    approvers.push(approver);
  }
  cx.layer.approvers = approvers;
}

/** An approver's `keys`: public key lines alone (restrictions belong in an allowed_signers file). */
function readKeys(node: Node, approver: Approver, cx: LayerContext): void {
  const items = node.type === 'array' ? (node.children ?? []) : undefined;
  if (!items) {
    cx.problem(node, '"keys" is a list of public SSH signing keys, e.g. ["ssh-ed25519 AAAA… dana@acme.example"].');
    return;
  }
  for (const item of items) {
    if (item.type !== 'string') {
      cx.problem(item, 'A key is a string: a public key line such as "ssh-ed25519 AAAA… dana@acme.example".');
      continue;
    }
    const parts = splitKeyLine(item.value.trim().replace(/^key::/, ''));
    if (parts && parts.prefix !== '') {
      cx.problem(item, 'A key in "keys" is the public key line alone ("ssh-ed25519 AAAA… comment"): principals and options (namespaces=, valid-before=, cert-authority) belong in an allowed_signers file, where they are honoured.');
      continue;
    }
    const parsed = parsePublicKeyLine(item.value);
    if (!parsed.ok) cx.problem(item, `This key cannot be used: ${parsed.reason}.`);
    else approver.keys.push({ key: parsed.key, source: basename(cx.uri) });
  }
}

/** `allowedSigners`: a git-style allowed_signers file, relative to this policy file (read by load.ts). */
export function readAllowedSigners(node: Node, cx: LayerContext): void {
  if (node.type === 'string' && node.value.trim() !== '' && !/^([a-zA-Z]:)?[\\/]/.test(node.value.trim())) {
    cx.layer.allowedSigners = { value: node.value.trim(), range: cx.range(node) };
    cx.layer.keysConfigured = true;
  } else cx.problem(node, '"allowedSigners" is the path of a git-style allowed_signers file, relative to this policy file (e.g. ".github/allowed_signers").');
}

export function readApprovals(node: Node, cx: LayerContext): void {
  cx.layer.approvalsRange = cx.range(node);
  if (node.type === 'string' && (APPROVAL_MODES as readonly string[]).includes(node.value)) cx.layer.approvals = node.value as ApprovalMode;
  else cx.problem(node, `"approvals" is "signed" (an approval counts only with an approver's SSH signature) or "named" (a listed name is enough).`);
}

function basename(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
