/**
 * What a forger builds without anyone's private key: SSHSIG signatures over chosen keys, hashes and
 * namespaces, SSH key lines from raw numbers, and Bleichenbacher's forgery for an RSA key with e = 3.
 * For the forgery tests (test/unit/forgeries.test.ts, test/cli/trust.test.ts); pure computation.
 */
import { createHash } from 'crypto';
import { wireString } from '../../server/src/core/keys/wire';

export const NAMESPACE = 'tech-policy-exception';

/** An armored SSHSIG as `ssh-keygen -Y sign` writes it, with every field the forger's choice. */
export function sshsig(keyBlob: Buffer, algorithm: string, signature: Buffer, options: { namespace?: string; hash?: string; version?: number } = {}): string {
  const version = Buffer.alloc(4);
  version.writeUInt32BE(options.version ?? 1);
  const raw = Buffer.concat([Buffer.from('SSHSIG'), version, wireString(keyBlob), wireString(options.namespace ?? NAMESPACE), wireString(''), wireString(options.hash ?? 'sha512'), wireString(Buffer.concat([wireString(algorithm), wireString(signature)]))]);
  return `-----BEGIN SSH SIGNATURE-----\n${raw.toString('base64').match(/.{1,70}/g)!.join('\n')}\n-----END SSH SIGNATURE-----\n`;
}

export const big = (b: Buffer): bigint => (b.length ? BigInt(`0x${b.toString('hex')}`) : 0n);

/** Big-endian bytes of `n`, left-padded with zeros to `width`. */
export function bytes(n: bigint, width = 0): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const b = n === 0n ? Buffer.alloc(0) : Buffer.from(hex, 'hex');
  return width > b.length ? Buffer.concat([Buffer.alloc(width - b.length), b]) : b;
}

/** An SSH mpint: a 0x00 in front when the high bit is set. */
export function mpint(n: bigint): Buffer {
  const b = bytes(n);
  return wireString(b.length && b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

/** An `ssh-rsa` key line (and its blob) for any exponent and modulus. */
export function rsaKeyLine(e: bigint, n: bigint): { line: string; blob: Buffer } {
  const blob = Buffer.concat([wireString('ssh-rsa'), mpint(e), mpint(n)]);
  return { line: `ssh-rsa ${blob.toString('base64')}`, blob };
}

/** The integer cube root, rounded up. */
function cubeRootCeil(x: bigint): bigint {
  let lo = 0n;
  let hi = 1n << BigInt(Math.ceil(x.toString(2).length / 3) + 1);
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if (mid * mid * mid < x) lo = mid + 1n;
    else hi = mid;
  }
  return lo;
}

/** SHA-256's DigestInfo prefix (PKCS#1 v1.5). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * Bleichenbacher's forgery for an RSA key with e = 3 (2,048 bits): s with s³ = 00 01 FF 00,
 * SHA-256's DigestInfo and the hash of `data`, then garbage. A verifier that stops reading after
 * the hash accepts it as an rsa-sha2-256 signature; `prefix` is what s³ starts with.
 */
export function bleichenbacherE3(n: bigint, data: Buffer): { signature: Buffer; prefix: Buffer; cube: Buffer } {
  const size = Math.ceil(n.toString(2).length / 8);
  const prefix = Buffer.concat([Buffer.from([0, 1, 0xff, 0]), SHA256_DIGEST_INFO, createHash('sha256').update(data).digest()]);
  const s = cubeRootCeil(big(prefix) << BigInt((size - prefix.length) * 8));
  return { signature: bytes(s, size), prefix, cube: bytes((s * s * s) % n, size) };
}

/** For e = 1 the PKCS#1 v1.5 block itself is the signature: 00 01 FF… 00, DigestInfo, SHA-256 of `data`. */
export function pkcs1Block(data: Buffer, size = 256): Buffer {
  const t = Buffer.concat([SHA256_DIGEST_INFO, createHash('sha256').update(data).digest()]);
  return Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(size - 3 - t.length, 0xff), Buffer.from([0]), t]);
}
