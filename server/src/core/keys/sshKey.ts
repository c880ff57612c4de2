/**
 * OpenSSH public keys: parsing a key blob (mpints read from the wire format, wire.ts) and a key line
 * (`ssh-ed25519 AAAA… comment`), fingerprints and conversion to a Node KeyObject for
 * verification. Pure computation: Node's `crypto` only, no I/O.
 */
import { createHash, createPublicKey, type KeyObject } from 'crypto';
import { trimChars } from '../text';
import { ed25519KeyProblem, rsaModulusProblem } from './weakKeys';
import { WireError, WireReader } from './wire';

/** Key types that `ssh-keygen -Y sign` produces and this verifier checks. */
export const SUPPORTED_KEY_TYPES = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa'] as const;
export type KeyType = (typeof SUPPORTED_KEY_TYPES)[number];

const CURVES: Record<string, { curve: string; jwk: string; size: number; hash: string }> = {
  'ecdsa-sha2-nistp256': { curve: 'nistp256', jwk: 'P-256', size: 32, hash: 'sha256' },
  'ecdsa-sha2-nistp384': { curve: 'nistp384', jwk: 'P-384', size: 48, hash: 'sha384' },
  'ecdsa-sha2-nistp521': { curve: 'nistp521', jwk: 'P-521', size: 66, hash: 'sha512' },
};

export interface SshPublicKey {
  type: KeyType;
  /** The key blob as it travels in SSH messages (what the fingerprint hashes). */
  blob: Buffer;
  /** `SHA256:…`, as ssh-keygen prints it. */
  fingerprint: string;
  comment?: string;
  /** For an ECDSA key, the digest its signatures use. */
  ecdsaHash?: string;
  /** For an ECDSA key, the byte length of r and s. */
  ecdsaSize?: number;
  keyObject: KeyObject;
}

export type ParsedKey = { ok: true; key: SshPublicKey } | { ok: false; reason: string };

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${trimChars(createHash('sha256').update(blob).digest('base64'), '=', 'end')}`;
}

function base64url(b: Buffer): string {
  return b.toString('base64url');
}

/** The exponent every RSA key OpenSSH makes has; any other (e = 1 above all, which anyone can sign for) is refused. */
const RSA_EXPONENT = 65537;
/** The smallest RSA modulus accepted, in bits (ssh-keygen makes 3072 by default; OpenSSH refuses less than 1024). */
export const RSA_MIN_BITS = 2048;

/** The number of bits of an unsigned big-endian integer (no leading zero bytes). */
function bitLength(b: Buffer): number {
  return b.length === 0 ? 0 : (b.length - 1) * 8 + (32 - Math.clz32(b[0]));
}

/** Parses a key blob (the base64 part of a key line, decoded). */
export function parseKeyBlob(blob: Buffer, comment?: string): ParsedKey {
  try {
    const r = new WireReader(blob);
    const type = r.text();
    let keyObject: KeyObject;
    const extra: Partial<SshPublicKey> = {};
    if (type === 'ssh-ed25519') {
      const pk = r.string();
      // small-order points and non-canonical encodings: ssh-keygen accepts them, and anyone can sign for them
      const weak = ed25519KeyProblem(pk);
      if (weak) return { ok: false, reason: weak };
      keyObject = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: base64url(pk) }, format: 'jwk' });
    } else if (CURVES[type]) {
      const c = CURVES[type];
      if (r.text() !== c.curve) return { ok: false, reason: `the curve does not match the key type ${type}` };
      const q = r.string();
      if (q.length !== 1 + 2 * c.size || q[0] !== 4) return { ok: false, reason: 'the ECDSA point is not an uncompressed point of its curve' };
      keyObject = createPublicKey({
        key: { kty: 'EC', crv: c.jwk, x: base64url(q.subarray(1, 1 + c.size)), y: base64url(q.subarray(1 + c.size)) },
        format: 'jwk',
      });
      extra.ecdsaHash = c.hash;
      extra.ecdsaSize = c.size;
    } else if (type === 'ssh-rsa') {
      const e = r.mpint();
      const n = r.mpint();
      const bits = bitLength(n);
      if (bits < RSA_MIN_BITS) return { ok: false, reason: `an RSA key of ${bits} bits is too weak (${RSA_MIN_BITS} bits at least)` };
      const exponent = e.length <= 6 ? e.readUIntBE(0, Math.max(e.length, 1)) : Infinity;
      if (exponent !== RSA_EXPONENT) {
        return { ok: false, reason: `an RSA key with the public exponent ${e.length <= 6 ? exponent : 'of ' + bitLength(e) + ' bits'} is refused: only 65537, the exponent ssh-keygen makes, is accepted (with e = 1 anyone can make a valid signature)` };
      }
      const weak = rsaModulusProblem(n);
      if (weak) return { ok: false, reason: weak };
      keyObject = createPublicKey({ key: { kty: 'RSA', n: base64url(n), e: base64url(e) }, format: 'jwk' });
    } else if (type.startsWith('sk-')) {
      return { ok: false, reason: `security-key (FIDO) keys (${type}) are not supported yet; use an ed25519, ecdsa or rsa key` };
    } else if (type.includes('-cert-v01@openssh.com')) {
      return { ok: false, reason: 'certificates are not supported: give the public key itself' };
    } else {
      return { ok: false, reason: `unsupported key type "${type}" (use ${SUPPORTED_KEY_TYPES.join(', ')})` };
    }
    if (r.remaining !== 0) return { ok: false, reason: 'the key blob has trailing bytes' };
    return { ok: true, key: { type: type as KeyType, blob, fingerprint: fingerprintOf(blob), comment, keyObject, ...extra } };
  } catch (e) {
    return { ok: false, reason: e instanceof WireError ? (e.message === 'truncated' ? 'the key is truncated' : `the key holds ${e.message}`) : `the key material is invalid (${(e as Error).message})` };
  }
}

/** Where the key's tokens are in a line, for exact diagnostics. */
export interface KeyLine {
  /** Text before the key type: principals and options of an allowed_signers line. */
  prefix: string;
  type: string;
  base64: string;
  comment?: string;
  /** Offset of the key type within the line. */
  typeOffset: number;
}

/** A key type and its base64 key, at a word's start (the comment after them is the rest of the line). */
const KEY_TYPE = /(?<!\S)((?:ssh|ecdsa-sha2|sk-ssh|sk-ecdsa-sha2)-[a-z0-9@.-]+)[ \t]+([A-Za-z0-9+/]+={0,2})(?![^ \t])/;

/** Splits an authorized_keys / allowed_signers style line at its key type. */
export function splitKeyLine(line: string): KeyLine | undefined {
  // options may hold quoted strings with spaces (namespaces="git,x"): find the key type after them;
  // the comment is the rest of the line, split off by position (a `\s+(.*)$` in the pattern backtracked)
  const m = KEY_TYPE.exec(line);
  if (!m) return undefined;
  const typeOffset = m.index;
  const comment = line.slice(m.index + m[0].length).trim();
  return { prefix: line.slice(0, typeOffset).trim(), type: m[1], base64: m[2], comment: comment || undefined, typeOffset };
}

/** Parses a key written as in authorized_keys: `ssh-ed25519 AAAA… comment`. */
export function parsePublicKeyLine(line: string): ParsedKey {
  const trimmed = line.trim();
  const text = trimmed.startsWith('key::') ? trimmed.slice(5) : trimmed;
  const parts = splitKeyLine(text);
  if (!parts) return { ok: false, reason: 'expected a public key such as "ssh-ed25519 AAAA… name@example.com"' };
  return parseKeyParts(parts);
}

export function parseKeyParts(parts: KeyLine): ParsedKey {
  const blob = Buffer.from(parts.base64, 'base64');
  if (blob.length === 0 || trimChars(blob.toString('base64'), '=', 'end') !== trimChars(parts.base64, '=', 'end')) {
    return { ok: false, reason: 'the key is not valid base64' };
  }
  const parsed = parseKeyBlob(blob, parts.comment);
  if (parsed.ok && parsed.key.type !== parts.type) return { ok: false, reason: `the key says "${parts.type}" but holds a ${parsed.key.type} key` };
  return parsed;
}

/** The key as a one-line public key (`ssh-ed25519 AAAA…`). */
export function keyLine(key: Pick<SshPublicKey, 'type' | 'blob'>): string {
  return `${key.type} ${key.blob.toString('base64')}`;
}
