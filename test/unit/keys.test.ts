// Approvers' keys: when an allowed_signers key may sign (judged at the time of verification, as
// ssh-keygen -Y verify judges it, never by the date a document states), and which keys are refused.
import * as assert from 'assert';
import { generateKeyPairSync } from 'crypto';
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
});
