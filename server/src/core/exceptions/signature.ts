/**
 * SSH signatures over exception documents (the SSHSIG format of `ssh-keygen -Y sign`, see
 * OpenSSH's PROTOCOL.sshsig). Pure: bytes in, verdict out. Node's `crypto` does the arithmetic.
 *
 * What is signed: the whole document without its signature block, line endings normalised to
 * LF, as UTF-8, under the namespace `tech-policy-exception`. The block is an HTML comment, so
 * rendered Markdown does not show it:
 *
 *   <!-- tech-policy-signature
 *   -----BEGIN SSH SIGNATURE-----
 *   …
 *   -----END SSH SIGNATURE-----
 *   -->
 */
import { createHash, constants, verify } from 'crypto';
import { fingerprintOf, parseKeyBlob, type SshPublicKey } from '../keys/sshKey';
import { WireError, WireReader, wireString } from '../keys/wire';

export const SIGNATURE_NAMESPACE = 'tech-policy-exception';
const MAGIC = Buffer.from('SSHSIG');
const BLOCK_OPEN = '<!-- tech-policy-signature';
const ARMOR_BEGIN = '-----BEGIN SSH SIGNATURE-----';
const ARMOR_END = '-----END SSH SIGNATURE-----';

export interface SignatureBlock {
  /** Offsets of the block in the document, its line ending included. */
  start: number;
  end: number;
  /** The armored signature (BEGIN … END lines), or undefined when the block holds none. */
  armored?: string;
  /** Why the block cannot be read, when it cannot. */
  problem?: string;
}

/** Finds the signature block; undefined when the document has none. */
export function findSignatureBlock(text: string): SignatureBlock | undefined {
  const open = new RegExp(`^${escapeRegExp(BLOCK_OPEN)}[ \\t]*\\r?$`, 'm').exec(text);
  if (!open) {
    // an armored signature pasted without the comment around it is still a signature block
    const bare = new RegExp(`^${escapeRegExp(ARMOR_BEGIN)}[ \\t]*\\r?$`, 'm').exec(text);
    if (!bare) return undefined;
    const endAt = text.indexOf(ARMOR_END, bare.index);
    if (endAt < 0) return { start: bare.index, end: text.length, problem: `the signature has no "${ARMOR_END}" line` };
    const end = lineEnd(text, endAt);
    const block: SignatureBlock = { start: bare.index, end, armored: text.slice(bare.index, endAt + ARMOR_END.length) };
    if (text.slice(endAt + ARMOR_END.length, end).trim() !== '') block.problem = `text follows "${ARMOR_END}" on its line, which no signature covers`;
    return block;
  }
  const close = text.indexOf('-->', open.index + open[0].length);
  const end = close < 0 ? text.length : lineEnd(text, close);
  const inner = text.slice(open.index + open[0].length, close < 0 ? text.length : close);
  const block: SignatureBlock = { start: open.index, end };
  if (close < 0) block.problem = 'the signature block is not closed with "-->"';
  const b = inner.indexOf(ARMOR_BEGIN);
  const e = inner.indexOf(ARMOR_END);
  if (b < 0 || e < b) block.problem ??= 'the signature block holds no armored SSH signature';
  else {
    block.armored = inner.slice(b, e + ARMOR_END.length);
    // the block is left out of the signed bytes: text in it besides the signature, or after its "-->"
    // on that line (which rendered Markdown shows), would be text no signature covers
    if (inner.slice(0, b).trim() !== '' || inner.slice(e + ARMOR_END.length).trim() !== '') block.problem ??= 'the signature block holds text besides the signature, which no signature covers';
  }
  if (close >= 0 && text.slice(close + 3, end).trim() !== '') block.problem ??= 'text follows the signature block\'s "-->" on its line, which no signature covers';
  if (text.indexOf(BLOCK_OPEN, end) >= 0) block.problem ??= 'the document has more than one signature block';
  return block;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The bytes a signature covers: the document without its signature block, with CRLF (and lone
 * CR) normalised to LF and ending in exactly the newline it had.
 */
export function signedContent(text: string, block = findSignatureBlock(text)): string {
  const without = block ? text.slice(0, block.start) + text.slice(block.end) : text;
  return without.replace(/\r\n?/g, '\n');
}

/** The document with `armored` as its (only) signature block, at the end. */
export function withSignature(text: string, armored: string): string {
  const content = signedContent(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = content.endsWith('\n') ? content : `${content}\n`;
  const block = [BLOCK_OPEN, ...armored.trim().split(/\r?\n/), '-->', ''].join('\n');
  return (body + block).replace(/\n/g, eol);
}

/** What has to be signed so that `withSignature(text, sig)` verifies: the content without a block, ending in a newline. */
export function contentToSign(text: string): string {
  const content = signedContent(text);
  return content.endsWith('\n') ? content : `${content}\n`;
}

export interface ParsedSignature {
  publicKey: SshPublicKey | undefined;
  /** Why the embedded public key is not usable. */
  keyProblem?: string;
  namespace: string;
  hashAlgorithm: string;
  /** The signature's algorithm name (`ssh-ed25519`, `rsa-sha2-512`, …). */
  algorithm: string;
  signature: Buffer;
  keyFingerprint: string;
}

export type SignatureParse = { ok: true; sig: ParsedSignature } | { ok: false; reason: string };

/** Decodes an armored SSHSIG. */
export function parseArmoredSignature(armored: string): SignatureParse {
  const lines = armored.trim().split(/\r?\n/).map((l) => l.trim());
  if (lines[0] !== ARMOR_BEGIN || lines[lines.length - 1] !== ARMOR_END) return { ok: false, reason: 'the signature is not an armored SSH signature' };
  const base64 = lines.slice(1, -1).join('');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length === 0) return { ok: false, reason: 'the signature is not valid base64' };
  const raw = Buffer.from(base64, 'base64');
  // one signature, one text, as ssh-keygen's base64 decoder has it: the padding is exact and the bits after the last byte are zero
  if (raw.toString('base64') !== base64) return { ok: false, reason: 'the signature is not valid base64 (not in its one canonical form, which ssh-keygen requires)' };
  try {
    const r = new WireReader(raw);
    if (!r.bytes(6).equals(MAGIC)) return { ok: false, reason: 'the signature does not start with "SSHSIG"' };
    const version = r.uint32();
    if (version !== 1) return { ok: false, reason: `unsupported signature version ${version}` };
    const keyBlob = r.string();
    const namespace = r.text();
    r.string(); // reserved
    const hashAlgorithm = r.text();
    const sigBlob = r.string();
    if (r.remaining !== 0) return { ok: false, reason: 'the signature has trailing bytes' };
    const s = new WireReader(sigBlob);
    const algorithm = s.text();
    const signature = s.string();
    if (s.remaining !== 0) return { ok: false, reason: 'the signature has trailing bytes' };
    const parsedKey = parseKeyBlob(keyBlob);
    return {
      ok: true,
      sig: {
        publicKey: parsedKey.ok ? parsedKey.key : undefined,
        keyProblem: parsedKey.ok ? undefined : parsedKey.reason,
        namespace,
        hashAlgorithm,
        algorithm,
        signature,
        keyFingerprint: fingerprintOf(keyBlob),
      },
    };
  } catch (e) {
    if (e instanceof WireError) return { ok: false, reason: 'the signature is truncated' };
    throw e;
  }
}

/** The blob that the signer's key actually signs (PROTOCOL.sshsig). */
export function signedData(message: Buffer | string, namespace: string, hashAlgorithm: 'sha256' | 'sha512'): Buffer {
  const digest = createHash(hashAlgorithm).update(typeof message === 'string' ? Buffer.from(message, 'utf8') : message).digest();
  return Buffer.concat([MAGIC, wireString(namespace), wireString(Buffer.alloc(0)), wireString(hashAlgorithm), wireString(digest)]);
}

export type CryptoVerdict = { ok: true } | { ok: false; reason: string };

/** Checks the signature's cryptography over `message` with its embedded key (who the key belongs to is the caller's question). */
export function verifySignature(sig: ParsedSignature, message: string): CryptoVerdict {
  if (!sig.publicKey) return { ok: false, reason: `the signing key cannot be used: ${sig.keyProblem}` };
  if (sig.namespace !== SIGNATURE_NAMESPACE) {
    return { ok: false, reason: `the signature was made for "${sig.namespace}", not for exception documents ("${SIGNATURE_NAMESPACE}")` };
  }
  if (sig.hashAlgorithm !== 'sha256' && sig.hashAlgorithm !== 'sha512') {
    return { ok: false, reason: `unsupported hash algorithm "${sig.hashAlgorithm}"` };
  }
  const data = signedData(message, sig.namespace, sig.hashAlgorithm);
  const key = sig.publicKey;
  try {
    switch (key.type) {
      case 'ssh-ed25519':
        if (sig.algorithm !== 'ssh-ed25519') return mismatch(sig, key);
        return verdict(verify(null, data, key.keyObject, sig.signature));
      case 'ssh-rsa': {
        if (sig.algorithm === 'ssh-rsa') return { ok: false, reason: 'the signature uses RSA with SHA-1, which is no longer accepted; sign again with a current ssh-keygen (rsa-sha2-512)' };
        const hash = sig.algorithm === 'rsa-sha2-512' ? 'sha512' : sig.algorithm === 'rsa-sha2-256' ? 'sha256' : undefined;
        if (!hash) return mismatch(sig, key);
        // OpenSSH accepts a signature shorter than the modulus (leading zeros dropped): pad it as OpenSSH does
        const size = Math.ceil((key.keyObject.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
        const padded = sig.signature.length < size ? Buffer.concat([Buffer.alloc(size - sig.signature.length), sig.signature]) : sig.signature;
        return verdict(verify(hash, data, { key: key.keyObject, padding: constants.RSA_PKCS1_PADDING }, padded));
      }
      default: {
        if (sig.algorithm !== key.type) return mismatch(sig, key);
        // r and s are read as OpenSSH reads them: a value without its sign byte (negative) is refused, as ssh-keygen refuses it
        const r = new WireReader(sig.signature);
        const rs = Buffer.concat([fixedWidth(r.mpint(), key.ecdsaSize!), fixedWidth(r.mpint(), key.ecdsaSize!)]);
        if (r.remaining !== 0) return { ok: false, reason: 'the ECDSA signature has trailing bytes' };
        return verdict(verify(key.ecdsaHash!, data, { key: key.keyObject, dsaEncoding: 'ieee-p1363' }, rs));
      }
    }
  } catch (e) {
    if (e instanceof WireError) return { ok: false, reason: e.message === 'truncated' ? 'the signature is truncated' : `the signature holds ${e.message}` };
    return { ok: false, reason: `the signature cannot be checked (${(e as Error).message})` };
  }
}

function mismatch(sig: ParsedSignature, key: SshPublicKey): CryptoVerdict {
  return { ok: false, reason: `the signature algorithm "${sig.algorithm}" does not fit the ${key.type} key` };
}

function verdict(ok: boolean): CryptoVerdict {
  return ok ? { ok: true } : { ok: false, reason: 'the signature does not match the document' };
}

/** An unsigned value (leading zeros dropped) as exactly `size` big-endian bytes (for IEEE P1363 r‖s). */
function fixedWidth(value: Buffer, size: number): Buffer {
  if (value.length > size) throw new WireError('an ECDSA value too large for its curve');
  return Buffer.concat([Buffer.alloc(size - value.length), value]);
}
