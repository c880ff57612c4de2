// Approvers' keys: when an allowed_signers key may sign (judged at the time of verification, as
// ssh-keygen -Y verify judges it, never by the date a document states), and which keys are refused.
import * as assert from 'assert';
import { generateKeyPairSync, generatePrimeSync } from 'crypto';
import { approvedDocument } from '../../server/src/core/exceptions/decide';
import { evaluateException } from '../../server/src/core/exceptions/evaluate';
import { parseExceptionDocument } from '../../server/src/core/exceptions/parse';
import { contentToSign, withSignature } from '../../server/src/core/exceptions/signature';
import { FolderModel } from '../../server/src/core/folder';
import { parseAllowedSigners, parseSshTime } from '../../server/src/core/keys/allowedSigners';
import { parsePublicKeyLine } from '../../server/src/core/keys/sshKey';
import { wireString } from '../../server/src/core/keys/wire';
import { loadPolicy } from '../../server/src/core/policy/load';
import { memoryHost, rangeOf } from '../support/fixtures';
import { exceptionDocument, makeKey, sshSign, type TestKey, tempDir } from '../support/ssh';

const POLICY = 'file:///ws/techpolicy.json';
const SIGNERS = 'file:///ws/.github/allowed_signers';
const DOC = 'file:///ws/docs/policy-exceptions/EX-0007-fastify.md';
const at = (iso: string) => Date.parse(iso);

function policyWith(line: string) {
  const text = JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example' }], allowedSigners: '.github/allowed_signers' });
  return loadPolicy(POLICY, text, memoryHost({ [SIGNERS]: line }));
}

suite('approvers\' keys: validity at the time of verification, and the keys refused', function () {
  this.timeout(30_000);
  let dana: TestKey;
  let backdated: string;
  suiteSetup(() => {
    dana = makeKey(tempDir(), 'dana', 'ed25519', { comment: 'dana@acme.example' });
    // signed today, dated before the key was retired: the backdating the document's own date allowed
    const approved = approvedDocument(exceptionDocument({ 'requested-on': '2024-12-01' }), { by: 'Dana Reyes <dana@acme.example>', on: '2024-12-30' });
    backdated = withSignature(approved, sshSign(dana, contentToSign(approved)));
  });

  test('times as ssh-keygen reads them: a date is its first second, HHMM[SS] counts, Z or UTC is UTC, anything else is refused', () => {
    assert.deepStrictEqual(parseSshTime('20250101Z'), { seconds: at('2025-01-01T00:00:00Z') / 1000, text: '2025-01-01 00:00 UTC', value: '20250101Z' });
    assert.deepStrictEqual(parseSshTime('202501011230Z'), { seconds: at('2025-01-01T12:30:00Z') / 1000, text: '2025-01-01 12:30 UTC', value: '202501011230Z' });
    assert.deepStrictEqual(parseSshTime('20250101123045utc'), { seconds: at('2025-01-01T12:30:45Z') / 1000, text: '2025-01-01 12:30:45 UTC', value: '20250101123045utc' });
    assert.deepStrictEqual(parseSshTime('20250101'), { seconds: new Date(2025, 0, 1).getTime() / 1000, text: '2025-01-01 (local time)', value: '20250101' });
    for (const bad of ['2025010', '2025-01-01', '20251301', '20250100', '202501012460', '2025010112', 'Z', 'yesterday', '20250101Zulu']) assert.strictEqual(parseSshTime(bad), undefined, bad);
  });

  test('an allowed_signers line whose valid-before is not after its valid-after is refused, as ssh-keygen refuses it', () => {
    const { signers, problems } = parseAllowedSigners(`dana@acme.example valid-after="20260101Z",valid-before="20250101Z" ${dana.publicKey}`);
    assert.deepStrictEqual([signers.length, problems], [0, [{ line: 1, message: 'valid-before is not after valid-after: the key could never sign' }]]);
  });

  test('a retired key does not grant a document dated before it retired: the time of verification counts, not approved-on', () => {
    const retired = policyWith(`dana@acme.example valid-before="20250101Z" ${dana.publicKey}`).policy;
    const ev = evaluateException(parseExceptionDocument(DOC, backdated), retired, '2026-11-25', at('2026-11-25T10:00:00Z'));
    assert.strictEqual(ev.state, 'not-granted');
    assert.strictEqual(ev.problems[0].message, 'Not granted: .github/allowed_signers:1 allows this key only until 2025-01-01 00:00 UTC, which has passed (a key is judged at the time of verification, not by the date the document states). An approver signs it again with a current key.');
    // verified while the key was valid, it counted
    assert.strictEqual(evaluateException(parseExceptionDocument(DOC, backdated), retired, '2024-12-31', at('2024-12-31T10:00:00Z')).state, 'granted');
  });

  test('the time of day counts, both ends included (ssh-keygen compares seconds)', () => {
    const policy = policyWith(`dana@acme.example valid-after="202611250900Z",valid-before="202611251400Z" ${dana.publicKey}`).policy;
    const state = (iso: string) => evaluateException(parseExceptionDocument(DOC, backdated), policy, '2026-11-25', at(iso)).state;
    assert.deepStrictEqual(
      ['2026-11-25T08:59:59Z', '2026-11-25T09:00:00Z', '2026-11-25T13:59:59.999Z', '2026-11-25T14:00:00.999Z', '2026-11-25T14:00:01Z'].map(state),
      ['not-granted', 'granted', 'granted', 'granted', 'not-granted'],
    );
    const early = evaluateException(parseExceptionDocument(DOC, backdated), policy, '2026-11-25', at('2026-11-25T08:00:00Z'));
    assert.match(early.problems[0].message, /allows this key only from 2026-11-25 09:00 UTC, which has not come yet/);
  });

  test('a folder judges again when a key\'s validity ends during the day, not only at midnight', () => {
    let now = at('2026-11-25T13:59:00Z');
    const folder = new FolderModel('file:///ws', 'techpolicy.json', () => '2026-11-25', () => now);
    const text = JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example' }], allowedSigners: '.github/allowed_signers' });
    folder.setPolicyText(text, memoryHost({ [SIGNERS]: `dana@acme.example valid-before="202611251400Z" ${dana.publicKey}` }));
    folder.setException(DOC, backdated);
    assert.strictEqual(folder.exceptions[0].state, 'granted');
    now = at('2026-11-25T14:00:01Z');
    assert.strictEqual(folder.exceptions[0].state, 'not-granted');
  });

  test('weak RSA keys are refused where the policy lists them: e = 1, e = 3, under 2,048 bits', () => {
    const rsa = (bits: number, e: number) => {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
      const n = Buffer.from(publicKey.export({ format: 'jwk' }).n!, 'base64url');
      const mp = (b: Buffer) => wireString(b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
      const eBytes = Buffer.alloc(4);
      eBytes.writeUInt32BE(e);
      let i = 0;
      while (eBytes[i] === 0) i++;
      return `ssh-rsa ${Buffer.concat([wireString('ssh-rsa'), mp(eBytes.subarray(i)), mp(n)]).toString('base64')}`;
    };
    const e1 = rsa(2048, 1);
    const e3 = rsa(2048, 3);
    const small = rsa(1536, 65537);
    const text = JSON.stringify({ approvers: [{ name: 'Dana Reyes', keys: [e1, e3, small] }] }, null, 2);
    const loaded = loadPolicy(POLICY, text, memoryHost({}));
    assert.deepStrictEqual(loaded.problems.slice(0, 3).map((p) => [p.message, p.range]), [
      ['This key cannot be used: an RSA key with the public exponent 1 is refused: only 65537, the exponent ssh-keygen makes, is accepted (with e = 1 anyone can make a valid signature).', rangeOf(text, JSON.stringify(e1))],
      ['This key cannot be used: an RSA key with the public exponent 3 is refused: only 65537, the exponent ssh-keygen makes, is accepted (with e = 1 anyone can make a valid signature).', rangeOf(text, JSON.stringify(e3))],
      ['This key cannot be used: an RSA key of 1536 bits is too weak (2048 bits at least).', rangeOf(text, JSON.stringify(small))],
    ]);
    assert.strictEqual(loaded.policy.approvers[0].keys.length, 0);
    // in an allowed_signers file alike, and a 2,048-bit key with 65537 is fine
    assert.match(parseAllowedSigners(`dana@acme.example ${e1}`).problems[0].message, /public exponent 1 is refused/);
    assert.ok(parsePublicKeyLine(rsa(2048, 65537)).ok);
    // a modulus of 2,047 bits (256 bytes with the top bit clear) is under 2,048 bits too
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2047 });
    const n = Buffer.from(publicKey.export({ format: 'jwk' }).n!, 'base64url');
    const line = `ssh-rsa ${Buffer.concat([wireString('ssh-rsa'), wireString(Buffer.from([1, 0, 1])), wireString(n.length === 256 && n[0] & 0x80 ? Buffer.concat([Buffer.from([0]), n]) : n)]).toString('base64')}`;
    const parsed = parsePublicKeyLine(line);
    assert.ok(!parsed.ok && /of 2047 bits is too weak/.test(parsed.reason), JSON.stringify(parsed));
  });

  test('Ed25519 keys anyone can sign for are refused: the 8 points of small order and non-canonical encodings', () => {
    const ed = (hex: string) => `ssh-ed25519 ${Buffer.concat([wireString('ssh-ed25519'), wireString(Buffer.from(hex, 'hex'))]).toString('base64')}`;
    const smallOrder = [
      '0100000000000000000000000000000000000000000000000000000000000000', // the identity (order 1)
      'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // order 2
      '0000000000000000000000000000000000000000000000000000000000000000', // order 4
      '0000000000000000000000000000000000000000000000000000000000000080',
      '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
      'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
      '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
      'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
    ];
    for (const hex of smallOrder) {
      const parsed = parsePublicKeyLine(ed(hex));
      assert.deepStrictEqual(parsed, { ok: false, reason: 'the Ed25519 key is a point of small order: anyone can make a signature it accepts' }, hex);
    }
    const nonCanonical: Array<[string, RegExp]> = [
      ['0100000000000000000000000000000000000000000000000000000000000080', /x = 0 with the sign bit set/], // the identity with its sign bit
      ['ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', /x = 0 with the sign bit set/],
      ['edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', /its y coordinate is not reduced/], // y = p
      ['eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', /its y coordinate is not reduced/], // y = p + 1, the identity again
      ['ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', /its y coordinate is not reduced/],
    ];
    for (const [hex, reason] of nonCanonical) {
      const parsed = parsePublicKeyLine(ed(hex));
      assert.ok(!parsed.ok && reason.test(parsed.reason), `${hex}: ${JSON.stringify(parsed)}`);
    }
    // where the policy lists one: policy-invalid at the key, and the approver has no key
    const forged = ed(smallOrder[0]);
    const text = JSON.stringify({ approvers: [{ name: 'Dana Reyes', keys: [forged] }] }, null, 2);
    const loaded = loadPolicy(POLICY, text, memoryHost({}));
    assert.deepStrictEqual(loaded.problems.slice(0, 1).map((p) => [p.severity, p.message, p.range]), [
      ['error', 'This key cannot be used: the Ed25519 key is a point of small order: anyone can make a signature it accepts.', rangeOf(text, JSON.stringify(forged))],
    ]);
    assert.strictEqual(loaded.policy.approvers[0].keys.length, 0);
    assert.deepStrictEqual(parseAllowedSigners(`dana@acme.example ${forged}`).problems, [{ line: 1, message: 'the Ed25519 key is a point of small order: anyone can make a signature it accepts' }]);
    // keys that real tools make are fine
    for (let i = 0; i < 20; i++) {
      const x = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url');
      assert.ok(parsePublicKeyLine(ed(x.toString('hex'))).ok, x.toString('hex'));
    }
    assert.ok(parsePublicKeyLine(dana.publicKey).ok);
  });

  test('RSA keys whose modulus is prime or has a small factor are refused: anyone can compute a private exponent', () => {
    const rsaLine = (n: bigint) => {
      let hex = n.toString(16);
      if (hex.length % 2) hex = `0${hex}`;
      const bytes = Buffer.from(hex, 'hex');
      return `ssh-rsa ${Buffer.concat([wireString('ssh-rsa'), wireString(Buffer.from([1, 0, 1])), wireString(bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes)]).toString('base64')}`;
    };
    // the red team's key: a 2,048-bit prime modulus (d = e⁻¹ mod (n − 1) signs for it); ssh-keygen accepts it
    const primeKey =
      'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDleQSN3JDnjXB2jvmMp6EGBJciD6SpHb0t3aiPJI3YglJ0PHMdKLsuY5Dx1gFrWMRGSF3XodfCp392BEAXBBHnjglFgResaKM8erx9Rzqa8wuRlvg8yd9bpvVCodU2rYSZ6KKFHf2N9dQXKlwwEzYWR+CixLFhUYVVSokKASe6I6A85OXFmFdDRDo5fypf4prAD00TV7Myn7xiuHfa+faKra3cquuXN0ZA5K1UH+8LnFXHIEDDS84JoCmNnbKZ08bodo8zUf+xQzalWr2TZt/UARiV9rKmSO2Ql/w0dP6/DCl5vsFLhDnbiipY6tZp7V2MuzCnyEx5ryF2ZEvQ8CZv prime-n';
    assert.deepStrictEqual(parsePublicKeyLine(primeKey), { ok: false, reason: 'the RSA key\'s modulus is prime: anyone can compute its private exponent and sign' });
    // a large prime times 7 (2,048 bits or more): trial division finds the 7
    const big = generatePrimeSync(2046, { bigint: true });
    assert.deepStrictEqual(parsePublicKeyLine(rsaLine(big * 7n)), { ok: false, reason: 'the RSA key\'s modulus has the small factor 7: anyone can factor it and sign' });
    assert.deepStrictEqual(parsePublicKeyLine(rsaLine(big * 9973n)), { ok: false, reason: 'the RSA key\'s modulus has the small factor 9973: anyone can factor it and sign' });
    const text = JSON.stringify({ approvers: [{ name: 'Dana Reyes', keys: [primeKey] }] }, null, 2);
    const loaded = loadPolicy(POLICY, text, memoryHost({}));
    assert.deepStrictEqual(loaded.problems[0].message, 'This key cannot be used: the RSA key\'s modulus is prime: anyone can compute its private exponent and sign.');
    assert.strictEqual(loaded.policy.approvers[0].keys.length, 0);
    assert.match(parseAllowedSigners(`dana@acme.example ${primeKey}`).problems[0].message, /modulus is prime/);
    // a real key (two primes of half the size) is fine
    const n = Buffer.from(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }).n!, 'base64url');
    assert.ok(parsePublicKeyLine(rsaLine(BigInt(`0x${n.toString('hex')}`))).ok);
  });
});
