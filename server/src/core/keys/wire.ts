/**
 * The SSH wire format (RFC 4251): length-prefixed strings read from and written to a buffer. Both
 * public keys (sshKey.ts) and SSHSIG signatures (exceptions/signature.ts) are written in it.
 */

/** Reads the SSH wire format; every read throws `WireError` past the end of the buffer. */
export class WireReader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  bytes(n: number): Buffer {
    if (n < 0 || this.offset + n > this.buf.length) throw new WireError('truncated');
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  uint32(): number {
    return this.bytes(4).readUInt32BE(0);
  }

  string(): Buffer {
    return this.bytes(this.uint32());
  }

  text(): string {
    return this.string().toString('latin1');
  }

  /**
   * An mpint read as OpenSSH reads one (sshbuf_get_bignum2_bytes_direct): a negative value (the
   * high bit set without a leading zero byte) or one longer than 16,384 bits is refused; leading
   * zero bytes are dropped. The unsigned big-endian bytes, empty for zero.
   */
  mpint(): Buffer {
    const b = this.string();
    if (b.length > 0 && (b[0] & 0x80) !== 0) throw new WireError('a negative number');
    if (b.length > MAX_BIGNUM_BYTES + 1 || (b.length === MAX_BIGNUM_BYTES + 1 && b[0] !== 0)) throw new WireError('a number too large');
    let i = 0;
    while (i < b.length && b[i] === 0) i++;
    return b.subarray(i);
  }
}

/** OpenSSH's SSHBUF_MAX_BIGNUM: 16,384 bits. */
const MAX_BIGNUM_BYTES = 16384 / 8;

export class WireError extends Error {}

export function wireString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length, 0);
  return Buffer.concat([len, body]);
}
