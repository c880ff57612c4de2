/**
 * "Approve and sign" / "Reject": an approver's decision on an exception document. The core
 * decides what the new document is and checks it; signing itself goes through the `Signer` the
 * host gives (ssh-keygen in Node). Nothing is returned but a whole, verified document, or one
 * sentence saying why not: a half-signed document is never written.
 */
import { approvedDocument, rejectedDocument } from '../exceptions/decide';
import { approverName, evaluateException, findKeyOwner } from '../exceptions/evaluate';
import { parseExceptionDocument } from '../exceptions/parse';
import { contentToSign, parseArmoredSignature, withSignature } from '../exceptions/signature';
import type { SshPublicKey } from '../keys/sshKey';
import type { FolderModel } from '../folder';
import type { Approver } from '../policy/types';

export type SignResult = { ok: true; armored: string } | { ok: false; reason: string };

/** What the host offers for signing: the key (when its public half is known) and a way to sign with it. */
export interface Signer {
  /** The public key, when the host knows it without signing (a .pub file, a literal key). */
  publicKey?: SshPublicKey;
  /** How to name the key in messages ("~/.ssh/id_ed25519"). */
  description: string;
  sign(content: string): Promise<SignResult>;
}

export type DecisionKind = 'approve' | 'reject';

export type DecisionResult =
  | { ok: true; text: string; message: string; approver: Approver; fingerprint: string }
  | { ok: false; message: string };

/** The approver the signer's key belongs to; signs a probe when the public key is not known. */
export async function signerIdentity(model: FolderModel, signer: Signer): Promise<{ ok: true; approver: Approver; key: SshPublicKey } | { ok: false; message: string }> {
  let key = signer.publicKey;
  if (!key) {
    const probe = await signer.sign('tech-policy: which key is this?\n');
    if (!probe.ok) return { ok: false, message: probe.reason };
    const parsed = parseArmoredSignature(probe.armored);
    if (!parsed.ok || !parsed.sig.publicKey) return { ok: false, message: `ssh-keygen returned a signature that cannot be read (${parsed.ok ? parsed.sig.keyProblem : parsed.reason}).` };
    key = parsed.sig.publicKey;
  }
  const approvers = model.policy?.policy.approvers ?? [];
  const owner = findKeyOwner(key.blob, approvers);
  if (!owner) {
    const listed = approvers.filter((a) => a.keys.length > 0).map((a) => a.name);
    return {
      ok: false,
      message: `Your signing key ${key.fingerprint} (${signer.description}) is not an approver's key in the policy${listed.length ? ` (keys are listed for ${listed.join(', ')})` : ' (no approver has a key yet)'}; only an approver can decide an exception.`,
    };
  }
  return { ok: true, approver: owner.approver, key };
}

export async function decideException(model: FolderModel, uri: string, text: string, kind: DecisionKind, signer: Signer, today: string): Promise<DecisionResult> {
  const loaded = model.policy;
  if (!loaded) return { ok: false, message: 'This folder has no policy, so nobody can approve exceptions in it.' };
  if (!model.isExceptionPath(uri)) return { ok: false, message: `This is not an exception document: they live in ${loaded.policy.exceptionsDirectory}/ and are named like EX-0007-fastify.md.` };
  const before = parseExceptionDocument(uri, text);
  if (before.problems.length > 0) return { ok: false, message: `Fix the document first: ${before.problems[0].message}` };
  if (before.status === 'rejected' || before.status === 'withdrawn') return { ok: false, message: `${before.id} is ${before.status}; a new request is needed.` };

  const identity = await signerIdentity(model, signer);
  if (!identity.ok) return identity;
  const { approver, key } = identity;
  const by = approver.email ? `${approver.name} <${approver.email}>` : approver.name;

  if (kind === 'reject') {
    return { ok: true, text: rejectedDocument(text, { by, on: today, name: approverName(approver) }), message: `${before.id} rejected by ${approverName(approver)}.`, approver, fingerprint: key.fingerprint };
  }

  const approved = approvedDocument(text, { by, on: today });
  // everything but the signature must already hold: do not ask for a passphrase to sign something that cannot count
  const named = { ...loaded.policy, approvals: 'named' as const };
  const precheck = evaluateException(parseExceptionDocument(uri, approved), named, today);
  if (precheck.state !== 'granted') {
    const problem = precheck.problems[0]?.message.replace(/^Not granted: /, '');
    if (precheck.state === 'expired') return { ok: false, message: `${before.id} expired on ${before.expires}: change "expires" before approving it.` };
    return { ok: false, message: `${before.id} cannot be approved yet: ${problem ?? precheck.state}` };
  }
  const signed = await signer.sign(contentToSign(approved));
  if (!signed.ok) return { ok: false, message: signed.reason };
  const result = withSignature(approved, signed.armored);
  const check = evaluateException(parseExceptionDocument(uri, result), loaded.policy, today);
  if (check.state !== 'granted' || !check.signature) {
    return { ok: false, message: `The new signature does not verify (${check.problems[0]?.message ?? check.state}); the document was not changed.` };
  }
  return {
    ok: true,
    text: result,
    message: `${before.id} approved and signed by ${approverName(approver)} (${check.signature.fingerprint}).`,
    approver,
    fingerprint: check.signature.fingerprint,
  };
}
