// allowed_signers read as `ssh-keygen -Y verify` reads it (OpenSSH's sshsig.c): options given twice,
// unquoted or separated by a space refuse the line; "!" principals and namespaces refuse; principals
// are compared exactly; local times are standard time (tm_isdst zeroed); the same key on several
// lines grants when any line allows it. ssh-keygen itself is the oracle where it is installed.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { approvedDocument } from '../../server/src/core/exceptions/decide';
import { evaluateException } from '../../server/src/core/exceptions/evaluate';
import { parseExceptionDocument } from '../../server/src/core/exceptions/parse';
import { contentToSign, signedContent, withSignature } from '../../server/src/core/exceptions/signature';
import { matchPatternList, parseAllowedSigners, parseSshTime } from '../../server/src/core/keys/allowedSigners';
import { wireString } from '../../server/src/core/keys/wire';
import { loadPolicy } from '../../server/src/core/policy/load';
import { memoryHost } from '../support/fixtures';
import { exceptionDocument, makeKey, sshSign, sshVerify, tempDir } from '../support/ssh';

const POLICY = 'file:///ws/techpolicy.json';
const SIGNERS = 'file:///ws/.github/allowed_signers';
const DOC = 'file:///ws/docs/policy-exceptions/EX-0007-fastify.md';

/** An Ed25519 public key line made by Node (no ssh-keygen needed to parse lines). */
function nodeKey(): string {
  const x = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return `ssh-ed25519 ${Buffer.concat([wireString('ssh-ed25519'), wireString(x)]).toString('base64')}`;
}

/** Each line of the differential test: what it tries, with KEY where the key goes. */
const LINES: Array<[string, string]> = [
  ['a plain line', 'dana@acme.example KEY'],
  ['namespaces listing ours', 'dana@acme.example namespaces="git,tech-policy-exception" KEY'],
  ['valid-before given twice', 'dana@acme.example valid-before="20250101Z",valid-before="20300101Z" KEY'],
  ['valid-after given twice', 'dana@acme.example valid-after="20200101Z",valid-after="20200102Z" KEY'],
  ['namespaces given twice', 'dana@acme.example namespaces="git",namespaces="tech-policy-exception" KEY'],
  ['a negated namespace', 'dana@acme.example namespaces="!tech-policy-exception,*" KEY'],
  ['a negated principal', 'dana@acme.example,!dana@acme.example KEY'],
  ['another principal negated', '!sam@acme.example,dana@acme.example KEY'],
  ['the principal in capitals', 'DANA@acme.example KEY'],
  ['an unquoted value', 'dana@acme.example valid-before=20300101Z KEY'],
  ['options separated by a space', 'dana@acme.example namespaces="tech-policy-exception" valid-before="20300101Z" KEY'],
  ['a space inside namespaces', 'dana@acme.example namespaces="git, tech-policy-exception" KEY'],
  ['a trailing comma', 'dana@acme.example valid-before="20300101Z", KEY'],
  ['an option name in capitals', 'dana@acme.example VALID-BEFORE="20300101Z" KEY'],
  ['an escaped quote in namespaces', 'dana@acme.example namespaces="tech-policy-exception,\\"x" KEY'],
  ['the same key twice, the first expired', 'dana@acme.example valid-before="20200101Z" KEY\ndana@acme.example KEY'],
  ['the same key twice, the second for git only', 'dana@acme.example KEY\ndana@acme.example namespaces="git" KEY'],
  ['a broken line before a good one', 'dana@acme.example valid-before=2030 KEY\ndana@acme.example KEY'],
];

suite('allowed_signers as ssh-keygen -Y verify reads it', function () {
  // generates keys and runs ssh-keygen about 40 times (several seconds on a busy machine)
  this.timeout(60_000);

  test('lines ssh-keygen refuses are problems that give no key, each with its reason', () => {
    const key = nodeKey();
    const problems = (line: string) => parseAllowedSigners(line.replace(/KEY/g, key)).problems.map((p) => p.message);
    assert.deepStrictEqual(problems('dana@acme.example valid-before="20250101Z",valid-before="20300101Z" KEY'), ['valid-before is given twice: ssh-keygen refuses a line with two "valid-before" clauses']);
    assert.deepStrictEqual(problems('dana@acme.example namespaces="git",namespaces="x" KEY'), ['namespaces is given twice: ssh-keygen refuses a line with two "namespaces" clauses']);
    assert.deepStrictEqual(problems('dana@acme.example valid-before=20300101Z KEY'), ['the value of valid-before must be in double quotes (valid-before="…"), as ssh-keygen reads it']);
    assert.deepStrictEqual(problems('dana@acme.example namespaces="x" valid-before="20300101Z" KEY'), [
      'expected the key after the options, not "valid-before="20300101Z"": options are one comma-separated list without spaces (namespaces="…",valid-before="…"), as ssh-keygen reads them',
    ]);
    assert.deepStrictEqual(problems('dana@acme.example valid-before="20300101Z", KEY'), ['the options end with a comma']);
    assert.deepStrictEqual(problems('dana@acme.example namespaces="x KEY'), ['an option\'s double quote is not closed']);
    assert.deepStrictEqual(problems('dana@acme.example foo="x" KEY'), ['unknown option "foo"']);
    assert.deepStrictEqual(problems('dana@acme.example KEY'), []);
    // the principals and namespaces as written: no lowercasing, no trimming
    const [signer] = parseAllowedSigners(`DANA@acme.example,!sam@acme.example namespaces="git, tech-policy-exception" ${key}`).signers;
    assert.deepStrictEqual([signer.principals, signer.namespaces], [['DANA@acme.example', '!sam@acme.example'], ['git', ' tech-policy-exception']]);
  });

  test('pattern lists as OpenSSH matches them: a "!" entry that matches refuses, case counts', () => {
    assert.strictEqual(matchPatternList('dana@acme.example', ['dana@acme.example']), 1);
    assert.strictEqual(matchPatternList('dana@acme.example', ['dana@acme.example', '!dana@acme.example']), -1);
    assert.strictEqual(matchPatternList('tech-policy-exception', ['!tech-policy-exception', '*']), -1);
    assert.strictEqual(matchPatternList('tech-policy-exception', ['git', 'tech-policy-*']), 1);
    assert.strictEqual(matchPatternList('dana@acme.example', ['DANA@acme.example']), 0);
    assert.strictEqual(matchPatternList('dana@acme.example', ['!sam@acme.example']), 0);
  });

  test('the policy: a principal that differs in case or is negated gives no key, and says so', () => {
    const key = nodeKey();
    const load = (signers: string) => loadPolicy(POLICY, JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example' }], allowedSigners: '.github/allowed_signers' }), memoryHost({ [SIGNERS]: signers }));
    const cased = load(`DANA@acme.example ${key}\n`);
    assert.strictEqual(cased.policy.approvers[0].keys.length, 0);
    assert.deepStrictEqual(cased.problems.map((p) => [p.severity, p.message])[0], ['error', 'In ".github/allowed_signers" (line 1): "DANA@acme.example" differs from Dana Reyes\'s email "dana@acme.example" in case; ssh-keygen compares principals exactly, so this line gives no key.']);
    const negated = load(`dana@acme.example,!dana@acme.example ${key}\n`);
    assert.strictEqual(negated.policy.approvers[0].keys.length, 0);
    assert.deepStrictEqual(negated.problems.map((p) => p.message)[0], 'In ".github/allowed_signers" (line 1): a "!" principal refuses dana@acme.example, so this line gives Dana Reyes no key (as in ssh-keygen).');
    // the same key on two lines: both are kept, each with its own options
    const twice = load(`dana@acme.example valid-before="20200101Z" ${key}\ndana@acme.example ${key}\n`);
    assert.deepStrictEqual(twice.policy.approvers[0].keys.map((k) => [k.source, k.validBefore?.value]), [['.github/allowed_signers:1', '20200101Z'], ['.github/allowed_signers:2', undefined]]);
  });

  test('a local time is standard time, as OpenSSH reads it (tm_isdst zeroed): daylight saving is not applied', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'Australia/Sydney';
      // 15 December is summer in Sydney (UTC+11 on the wall); OpenSSH reads 12:00 at the standard UTC+10
      assert.strictEqual(parseSshTime('202612151200')!.seconds * 1000, Date.UTC(2026, 11, 15, 2, 0, 0));
      assert.strictEqual(parseSshTime('202606151200')!.seconds * 1000, Date.UTC(2026, 5, 15, 2, 0, 0));
      process.env.TZ = 'Europe/Berlin';
      assert.strictEqual(parseSshTime('202607011200')!.seconds * 1000, Date.UTC(2026, 6, 1, 11, 0, 0));
      assert.strictEqual(parseSshTime('20260701')!.seconds * 1000, Date.UTC(2026, 5, 30, 23, 0, 0));
      assert.strictEqual(parseSshTime('202607011200Z')!.seconds * 1000, Date.UTC(2026, 6, 1, 12, 0, 0));
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  test('differential: each line gets the same verdict from ssh-keygen -Y verify and from Tech Policy', function () {
    if (spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' }).error) {
      // the oracle is OpenSSH itself; the tests above hold the same rules without it
      this.skip();
    }
    const dir = tempDir('tp-allowed-signers-');
    const dana = makeKey(dir, 'dana', 'ed25519');
    const approved = approvedDocument(exceptionDocument(), { by: 'Dana Reyes <dana@acme.example>', on: '2026-11-24' });
    const signed = withSignature(approved, sshSign(dana, contentToSign(approved)));
    const armored = /-----BEGIN SSH SIGNATURE-----[\s\S]+?-----END SSH SIGNATURE-----\n/.exec(signed)![0];
    const file = path.join(dir, 'allowed_signers');
    const verdicts: string[] = [];
    for (const [what, line] of LINES) {
      const text = `${line.replace(/KEY/g, dana.publicKey)}\n`;
      fs.writeFileSync(file, text);
      const ssh = sshVerify(file, 'dana@acme.example', armored, signedContent(signed)).ok;
      const policy = loadPolicy(POLICY, JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example' }], allowedSigners: '.github/allowed_signers' }), memoryHost({ [SIGNERS]: text })).policy;
      const ours = evaluateException(parseExceptionDocument(DOC, signed), policy, '2026-11-25').state === 'granted';
      verdicts.push(`${what}: ${ours ? 'granted' : 'refused'}`);
      assert.strictEqual(ours, ssh, `${what}: ssh-keygen ${ssh ? 'accepts' : 'refuses'}, Tech Policy ${ours ? 'grants' : 'refuses'}`);
    }
    // the cases the review found: what ssh-keygen refuses is refused, what it accepts is granted
    assert.deepStrictEqual(verdicts, [
      'a plain line: granted',
      'namespaces listing ours: granted',
      'valid-before given twice: refused',
      'valid-after given twice: refused',
      'namespaces given twice: refused',
      'a negated namespace: refused',
      'a negated principal: refused',
      'another principal negated: granted',
      'the principal in capitals: refused',
      'an unquoted value: refused',
      'options separated by a space: refused',
      'a space inside namespaces: refused',
      'a trailing comma: refused',
      'an option name in capitals: granted',
      'an escaped quote in namespaces: granted',
      'the same key twice, the first expired: granted',
      'the same key twice, the second for git only: granted',
      'a broken line before a good one: granted',
    ]);

    // a local time during daylight saving, in a zone where it is in effect now (Sydney or Berlin: one always is)
    const before = process.env.TZ;
    try {
      const now = new Date();
      const zone = ['Australia/Sydney', 'Europe/Berlin'].find((tz) => {
        process.env.TZ = tz;
        const y = now.getFullYear();
        return now.getTimezoneOffset() !== Math.max(new Date(y, 0, 1).getTimezoneOffset(), new Date(y, 6, 1).getTimezoneOffset());
      })!;
      process.env.TZ = zone;
      const wall = (d: Date) => [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()].map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('');
      // 30 minutes ago on the wall clock is 30 minutes from now in standard time: not valid yet for ssh-keygen
      const text = `dana@acme.example valid-after="${wall(new Date(Date.now() - 30 * 60_000))}" ${dana.publicKey}\n`;
      fs.writeFileSync(file, text);
      const ssh = sshVerify(file, 'dana@acme.example', armored, signedContent(signed)).ok;
      const policy = loadPolicy(POLICY, JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example' }], allowedSigners: '.github/allowed_signers' }), memoryHost({ [SIGNERS]: text })).policy;
      const ours = evaluateException(parseExceptionDocument(DOC, signed), policy, '2026-11-25').state === 'granted';
      assert.deepStrictEqual([ssh, ours], [false, false], `${zone}: ${text}`);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});
