/**
 * Public keys that anyone can sign for, although OpenSSH accepts them: an Ed25519 key that is a
 * point of small order (the identity point verifies the signature R = identity, S = 0 for every
 * message) or is not encoded canonically, and an RSA modulus that is prime or has a small factor
 * (its private exponent is then computable: with a prime n, d = e⁻¹ mod (n − 1)). A policy that
 * lists such a key grants nothing with it. Pure: BigInt arithmetic and Node's `crypto` (a primality
 * test), no I/O.
 */
import { checkPrimeSync } from 'crypto';
import { LruCache } from '../lru';

/** The field prime of Curve25519, 2^255 − 19. */
const P = (1n << 255n) - 19n;

function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

const inverse = (a: bigint): bigint => power(a, P - 2n);
/** The curve constant d = −121665/121666 (RFC 8032, section 5.1). */
const D = mod(-121665n * inverse(121666n));
/** A square root of −1 modulo P. */
const SQRT_M1 = power(2n, (P - 1n) / 4n);

/** The sum of two points of edwards25519 in affine coordinates (the formula is complete: no exceptional case). */
function add([x1, y1]: [bigint, bigint], [x2, y2]: [bigint, bigint]): [bigint, bigint] {
  const t = mod(D * x1 * x2 * y1 * y2);
  return [mod((x1 * y2 + y1 * x2) * inverse(1n + t)), mod((y1 * y2 + x1 * x2) * inverse(1n - t))];
}

/**
 * Why a 32-byte Ed25519 public key is refused, or undefined when it is a canonical point of large
 * order. Decoding as RFC 8032, section 5.1.3, without its leniency: y must be below P, and x = 0
 * must have the sign bit clear; then the key is refused when 8·A is the identity (the 8 points of
 * small order, whose signatures anyone can make).
 */
export function ed25519KeyProblem(key: Buffer): string | undefined {
  return memo(`ed25519:${key.toString('hex')}`, () => ed25519Problem(key));
}

/**
 * The verdicts, by key: a policy is loaded again on every edit of it, and a primality test of a
 * 3,072-bit modulus takes about 20 ms (an Ed25519 check a few): each key is judged once.
 */
const verdicts = new LruCache<string, string>(512);

function memo(key: string, judge: () => string | undefined): string | undefined {
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = judge() ?? '';
    verdicts.set(key, verdict);
  }
  return verdict || undefined;
}

function ed25519Problem(key: Buffer): string | undefined {
  if (key.length !== 32) return 'an Ed25519 key has 32 bytes';
  const sign = key[31] >> 7;
  const bytes = Buffer.from(key);
  bytes[31] &= 0x7f;
  const y = BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);
  if (y >= P) return 'the Ed25519 key is not encoded canonically (its y coordinate is not reduced), which no key generator produces';
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  let x = mod(u * power(v, 3n) * power(u * power(v, 7n), (P - 5n) / 8n));
  const vx2 = mod(v * x * x);
  if (vx2 !== u) {
    if (vx2 !== mod(-u)) return 'the Ed25519 key is not a point of the curve';
    x = mod(x * SQRT_M1);
  }
  if (x === 0n && sign === 1) return 'the Ed25519 key is not encoded canonically (x = 0 with the sign bit set), which no key generator produces';
  if (Number(x & 1n) !== sign) x = P - x;
  let point: [bigint, bigint] = [x, y];
  for (let i = 0; i < 3; i++) point = add(point, point);
  if (point[0] === 0n && point[1] === 1n) return 'the Ed25519 key is a point of small order: anyone can make a signature it accepts';
  return undefined;
}

/** The primes below this are tried as factors of an RSA modulus. */
const SMALL_PRIME_LIMIT = 10_000;

let smallPrimes: bigint[] | undefined;

function primesBelow(limit: number): bigint[] {
  const composite = new Uint8Array(limit);
  const out: bigint[] = [];
  for (let i = 2; i < limit; i++) {
    if (composite[i]) continue;
    out.push(BigInt(i));
    for (let j = i * i; j < limit; j += i) composite[j] = 1;
  }
  return out;
}

/**
 * Why an RSA modulus (big-endian, unsigned) is refused, or undefined: a prime modulus, or one with a
 * factor below 10,000, lets anyone compute a private exponent. (A real modulus is the product of
 * two primes of half its size: the primality test says "composite" after one round.)
 */
export function rsaModulusProblem(n: Buffer): string | undefined {
  return memo(`rsa:${n.toString('hex')}`, () => rsaProblem(n));
}

function rsaProblem(n: Buffer): string | undefined {
  const value = BigInt(`0x${n.toString('hex') || '0'}`);
  smallPrimes ??= primesBelow(SMALL_PRIME_LIMIT);
  for (const p of smallPrimes) {
    if (value % p === 0n) return `the RSA key's modulus has the small factor ${p}: anyone can factor it and sign`;
  }
  if (checkPrimeSync(value)) return 'the RSA key\'s modulus is prime: anyone can compute its private exponent and sign';
  return undefined;
}
