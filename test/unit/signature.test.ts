import * as assert from 'assert';
import { createPrivateKey, sign as cryptoSign } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { approvedDocument } from '../../server/src/core/exceptions/decide';
import { type EvaluatedException, evaluateException, findApprover } from '../../server/src/core/exceptions/evaluate';
import { parseExceptionDocument } from '../../server/src/core/exceptions/parse';
import { contentToSign, signedContent, signedData, withSignature } from '../../server/src/core/exceptions/signature';
import { parsePublicKeyLine } from '../../server/src/core/keys/sshKey';
import { wireString } from '../../server/src/core/keys/wire';
import { stateSentence } from '../../server/src/core/exceptions/state';
import { loadPolicy } from '../../server/src/core/policy/load';
import type { Policy } from '../../server/src/core/policy/types';
import { memoryHost, rangeOf } from '../support/fixtures';
import { exceptionDocument, makeKey, sshSign, type TestKey, tempDir } from '../support/ssh';

const POLICY_URI = 'file:///ws/techpolicy.json';
const DOC_URI = 'file:///ws/docs/policy-exceptions/EX-0007-fastify.md';
const TODAY = '2026-11-25';

function policyOf(json: object, files: Record<string, string> = {}) {
  return loadPolicy(POLICY_URI, JSON.stringify(json, null, 2), memoryHost(files));
}

function evaluate(text: string, policy: Policy, today = TODAY): EvaluatedException {
  return evaluateException(parseExceptionDocument(DOC_URI, text), policy, today);
}

/** An approved document signed the way `tech-policy sign` does, but with the test's own ssh-keygen call. */
function signedDocument(key: TestKey, fields: Record<string, string> = {}, by = 'Dana Reyes <dana@acme.example>'): string {
  const approved = approvedDocument(exceptionDocument(fields), { by, on: '2026-11-24' });
  return withSignature(approved, sshSign(key, contentToSign(approved)));
}

suite('signed exceptions: SSH signatures made by ssh-keygen, verified by the core', function () {
  // each test runs ssh-keygen (RSA keys of 2,048 and 3,072 bits are generated): a second or two on a busy machine
  this.timeout(30_000);
  const dir = tempDir();
  let ed25519: TestKey;
  let other: TestKey;
  let policy: Policy;

  suiteSetup(() => {
    ed25519 = makeKey(dir, 'dana', 'ed25519', { comment: 'dana@acme.example' });
    other = makeKey(dir, 'sam', 'ed25519', { comment: 'sam@acme.example' });
    policy = policyOf({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO', keys: [ed25519.publicKey] }] }).policy;
  });
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a key in the policy makes approvals signed by default; the key parses with ssh-keygen\'s fingerprint', () => {
    assert.strictEqual(policy.approvals, 'signed');
    const parsed = parsePublicKeyLine(ed25519.publicKey);
    assert.ok(parsed.ok);
    assert.strictEqual(parsed.key.fingerprint, ed25519.fingerprint);
  });

  test('the signed bytes are the document without its block, LF: a block appended by hand to ssh-keygen\'s signature verifies', () => {
    const doc = approvedDocument(exceptionDocument(), { by: 'Dana Reyes <dana@acme.example>', on: '2026-11-24' });
    const armored = sshSign(ed25519, doc); // the plain file, exactly as written
    const text = `${doc}<!-- tech-policy-signature\n${armored}-->\n`;
    assert.strictEqual(signedContent(text), doc);
    const ev = evaluate(text, policy);
    assert.deepStrictEqual([ev.state, ev.problems], ['granted', []]);
    assert.strictEqual(ev.signature?.fingerprint, ed25519.fingerprint);
    assert.strictEqual(stateSentence(ev), `granted: signed by Dana Reyes (CTO) with a key in this checkout's policy (${ed25519.fingerprint}), on 2026-11-24, expires 2027-05-20`);
  });

  for (const [type, bits] of [['ed25519', 0], ['ecdsa', 256], ['ecdsa', 384], ['ecdsa', 521], ['rsa', 3072]] as const) {
    test(`${type}${bits ? ` ${bits}` : ''}: valid; one byte of the reasons changed is "edited after signing"`, () => {
      const key = makeKey(dir, `k-${type}-${bits}`, type, bits ? { bits } : {});
      const p = policyOf({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', keys: [key.publicKey] }] }).policy;
      const text = signedDocument(key);
      const ev = evaluate(text, p);
      assert.deepStrictEqual([ev.state, ev.signature?.fingerprint, ev.signature?.keyType], ['granted', key.fingerprint, type === 'ed25519' ? 'ssh-ed25519' : type === 'rsa' ? 'ssh-rsa' : `ecdsa-sha2-nistp${bits}`]);
      const edited = text.replace('20 ms', '21 ms');
      const bad = evaluate(edited, p);
      assert.deepStrictEqual([bad.state, bad.reason], ['not-granted', 'edited-after-signing']);
      assert.match(bad.problems[0].message, /does not match the document: it was edited after signing/);
      assert.strictEqual(bad.problems[0].range.start.line, rangeOf(edited, '<!-- tech-policy-signature').start.line, 'on the signature block');
    });
  }

  test('widening the scope or moving the expiry after signing voids the signature', () => {
    const text = signedDocument(ed25519);
    for (const edit of [text.replace('["services/api/**"]', '["**"]'), text.replace('expires: 2027-05-20', 'expires: 2029-05-20'), text.replace('subject: fastify', 'subject: koa')]) {
      assert.strictEqual(evaluate(edit, policy).reason, 'edited-after-signing');
    }
  });

  test('line endings: signed as LF and checked out as CRLF, and signed as CRLF and read as LF, both verify', () => {
    const lf = signedDocument(ed25519);
    assert.strictEqual(evaluate(lf.replace(/\n/g, '\r\n'), policy).state, 'granted');
    const crlfApproved = approvedDocument(exceptionDocument().replace(/\n/g, '\r\n'), { by: 'Dana Reyes <dana@acme.example>', on: '2026-11-24' });
    assert.ok(crlfApproved.includes('\r\n'), 'the decision keeps the document\'s line endings');
    const crlf = withSignature(crlfApproved, sshSign(ed25519, contentToSign(crlfApproved)));
    assert.ok(!/[^\r]\n/.test(crlf), 'the signature block is written with the document\'s CRLF');
    assert.strictEqual(evaluate(crlf, policy).state, 'granted');
    assert.strictEqual(evaluate(crlf.replace(/\r\n/g, '\n'), policy).state, 'granted');
  });

  test('a signature for another namespace (a git commit signature) does not count', () => {
    const approved = approvedDocument(exceptionDocument(), { by: 'Dana Reyes <dana@acme.example>', on: '2026-11-24' });
    const ev = evaluate(withSignature(approved, sshSign(ed25519, contentToSign(approved), 'git')), policy);
    assert.strictEqual(ev.state, 'not-granted');
    assert.match(ev.problems[0].message, /made for "git", not for exception documents/);
  });

  test('a key that is not an approver\'s: not granted, naming the key', () => {
    const ev = evaluate(signedDocument(other), policy);
    assert.deepStrictEqual([ev.state, ev.reason], ['not-granted', 'wrong-key']);
    assert.strictEqual(ev.problems[0].message, `Not granted: signed with the key ${other.fingerprint}, which is not an approver's key in the policy (approvers: Dana Reyes (CTO)).`);
  });

  test('approved-by must name the approver whose key signed', () => {
    const policy2 = policyOf({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', keys: [ed25519.publicKey] }, { name: 'Sam Lee', email: 'sam@acme.example', keys: [other.publicKey] }] }).policy;
    const ev = evaluate(signedDocument(other, {}, 'Dana Reyes <dana@acme.example>'), policy2);
    assert.strictEqual(ev.state, 'not-granted');
    assert.match(ev.problems[0].message, /"approved-by" names Dana Reyes, but the signature was made with Sam Lee's key/);
  });

  test('malformed or truncated armored blocks: not granted, with a reason, never a throw', () => {
    const text = signedDocument(ed25519);
    const lines = text.split('\n');
    const begin = lines.indexOf('-----BEGIN SSH SIGNATURE-----');
    const truncated = [...lines.slice(0, begin + 2), ...lines.slice(begin + 4)].join('\n');
    const cases = [
      truncated,
      text.replace('-->\n', ''),
      text.replace(/-----END SSH SIGNATURE-----/, ''),
      text.replace(/^U1NIU0lH/m, 'AAAAAAAA'),
      text.replace(/^(U1NIU0lH.{10})/m, '$1!!'),
      `${text}<!-- tech-policy-signature\n${lines.slice(begin, begin + 6).join('\n')}\n-->\n`,
    ];
    for (const bad of cases) {
      const ev = evaluate(bad, policy);
      assert.strictEqual(ev.state, 'not-granted', bad.slice(-400));
      assert.ok(ev.reason === 'malformed-signature' || ev.reason === 'edited-after-signing', `${ev.reason}: ${ev.problems[0]?.message}`);
    }
  });

  test('line breaks readers disagree on (a lone CR, NEL, U+2028/9) make a document malformed, so a signed one cannot be re-read differently', () => {
    const text = signedDocument(ed25519, { subject: 'fastify\n# the partner API only' });
    assert.strictEqual(evaluate(text, policy).state, 'granted');
    for (const odd of ['\r', '\u0085', '\u2028', '\u2029']) {
      // the comment swallows the next field for a reader that does not see the break: scope and expiry would vanish
      const tampered = text.replace('# the partner API only\n', `# the partner API only${odd}`);
      const ev = evaluate(tampered, policy);
      assert.strictEqual(ev.state, 'invalid', JSON.stringify(odd));
      assert.match(ev.problems[0].message, /a line break other than LF or CRLF/);
    }
  });

  test('a signature blob with trailing bytes is malformed', () => {
    const text = signedDocument(ed25519);
    const armored = /-----BEGIN SSH SIGNATURE-----\n([\s\S]+?)-----END SSH SIGNATURE-----/.exec(text)!;
    const raw = Buffer.from(armored[1].replace(/\n/g, ''), 'base64');
    // SSHSIG: ... string(signature) is last; grow that string by one byte inside its own length
    const sigLen = raw.readUInt32BE(raw.length - 4 - 83);
    assert.strictEqual(sigLen, 83, 'ed25519 signature blob: string(type) + string(64 bytes)');
    const grown = Buffer.concat([raw.subarray(0, raw.length - 87), Buffer.from([0, 0, 0, 84]), raw.subarray(raw.length - 83), Buffer.from([0])]);
    const bad = text.replace(armored[1], grown.toString('base64').replace(/(.{70})/g, '$1\n') + '\n');
    const ev = evaluate(bad, policy);
    assert.strictEqual(ev.reason, 'malformed-signature');
    assert.match(ev.problems[0].message, /trailing bytes/);
  });

  test('a key line in "keys" with options or principals is refused: they belong in allowed_signers', () => {
    for (const line of [`dana@acme.example valid-before="20200101" ${ed25519.publicKey}`, `cert-authority ${ed25519.publicKey}`, `garbage words ${ed25519.publicKey}`]) {
      const text = JSON.stringify({ approvers: [{ name: 'Dana Reyes', keys: [line] }] });
      const loaded = loadPolicy(POLICY_URI, text, memoryHost({}));
      assert.match(loaded.problems[0]?.message ?? '', /is the public key line alone/, line);
      assert.strictEqual(loaded.policy.approvers[0].keys.length, 0);
      assert.strictEqual(loaded.policy.approvals, 'signed', 'a key that did not load still means signed approvals');
    }
  });

  test('keys configured but not loaded never turn signatures off: an unreadable allowed_signers file keeps "signed"', () => {
    const text = JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example' }], allowedSigners: 'nope/allowed_signers' });
    const loaded = loadPolicy(POLICY_URI, text, memoryHost({}));
    assert.strictEqual(loaded.policy.approvals, 'signed');
    const forged = exceptionDocument({ status: 'approved', 'approved-by': 'Dana Reyes', 'approved-on': '2026-11-24' });
    assert.strictEqual(evaluate(forged, loaded.policy).reason, 'unsigned');
    const noEmail = loadPolicy(POLICY_URI, JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], allowedSigners: 'a' }), memoryHost({ 'file:///ws/a': `dana@acme.example ${ed25519.publicKey}\n` }));
    assert.deepStrictEqual(noEmail.problems.map((p) => [p.severity, p.message]), [
      ['warning', 'No line of "a" names an approver\'s email, so it gives no approver a key (Dana Reyes has no "email").'],
      ['warning', 'Approvals must be signed, but no approver has a key: no exception can be granted. Add "keys" to an approver or an "allowedSigners" file.'],
    ]);
    const wildcard = loadPolicy(POLICY_URI, JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example' }], allowedSigners: 'a' }), memoryHost({ 'file:///ws/a': `*@acme.example ${ed25519.publicKey}\n` }));
    assert.match(wildcard.problems[0].message, /a wildcard principal gives no approver a key/);
    const nsPattern = loadPolicy(POLICY_URI, JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example' }], allowedSigners: 'a' }), memoryHost({ 'file:///ws/a': `dana@acme.example namespaces="git,tech-policy-*" ${ed25519.publicKey}\n` }));
    assert.strictEqual(evaluate(signedDocument(ed25519), nsPattern.policy).state, 'granted', 'namespaces patterns as ssh-keygen reads them');
  });

  test('RSA signatures with SHA-1 are refused, with the reason', () => {
    const rsa = makeKey(dir, 'legacy', 'rsa', { bits: 2048, pem: true });
    const p = policyOf({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', keys: [rsa.publicKey] }] }).policy;
    const approved = approvedDocument(exceptionDocument(), { by: 'Dana Reyes <dana@acme.example>', on: '2026-11-24' });
    const pub = parsePublicKeyLine(rsa.publicKey);
    assert.ok(pub.ok);
    const data = signedData(contentToSign(approved), 'tech-policy-exception', 'sha512');
    const raw = cryptoSign('sha1', data, createPrivateKey(fs.readFileSync(rsa.file, 'utf8')));
    const version = Buffer.alloc(4);
    version.writeUInt32BE(1);
    const blob = Buffer.concat([Buffer.from('SSHSIG'), version, wireString(pub.key.blob), wireString('tech-policy-exception'), wireString(''), wireString('sha512'), wireString(Buffer.concat([wireString('ssh-rsa'), wireString(raw)]))]);
    const armored = `-----BEGIN SSH SIGNATURE-----\n${blob.toString('base64').replace(/(.{70})/g, '$1\n')}\n-----END SSH SIGNATURE-----\n`;
    const ev = evaluate(withSignature(approved, armored), p);
    assert.strictEqual(ev.state, 'not-granted');
    assert.match(ev.problems[0].message, /RSA with SHA-1, which is no longer accepted/);
  });

  test('signed mode: a typed name is not a signature; the finding stays and the field says why', () => {
    const forged = exceptionDocument({ status: 'approved', 'approved-by': 'Dana Reyes <dana@acme.example>', 'approved-on': '2026-11-24' });
    const ev = evaluate(forged, policy);
    assert.deepStrictEqual([ev.state, ev.reason], ['not-granted', 'unsigned']);
    assert.deepStrictEqual(ev.problems[0].range, rangeOf(forged, 'Dana Reyes <dana@acme.example>'));
    assert.match(ev.problems[0].message, /^Not granted: the approval is not signed\./);
  });

  test('named mode: a listed name counts, labelled "named, not signed" everywhere', () => {
    const named = policyOf({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO' }] }).policy;
    assert.strictEqual(named.approvals, 'named');
    const ev = evaluate(exceptionDocument({ status: 'approved', 'approved-by': 'Dana Reyes', 'approved-on': '2026-11-24' }), named);
    assert.strictEqual(ev.state, 'granted');
    assert.strictEqual(stateSentence(ev), 'granted (named, not signed): named by Dana Reyes (CTO), on 2026-11-24, expires 2027-05-20');
    const explicit = policyOf({ approvals: 'named', approvers: [{ name: 'Dana Reyes', keys: [ed25519.publicKey] }] }).policy;
    assert.strictEqual(explicit.approvals, 'named', '"approvals": "named" wins over keys');
  });

  test('the why is required: an approval with the template\'s empty comment is not granted, on that heading', () => {
    const key = ed25519;
    const empty = exceptionDocument().replace("Express's per-request overhead alone is 20 ms at our payload sizes.\n", '');
    const approved = approvedDocument(empty, { by: 'Dana Reyes <dana@acme.example>', on: '2026-11-24' });
    const text = withSignature(approved, sshSign(key, contentToSign(approved)));
    const ev = evaluate(text, policy);
    assert.deepStrictEqual([ev.state, ev.reason], ['not-granted', 'missing-reasons']);
    assert.deepStrictEqual(ev.problems[0].range, rangeOf(text, '## Why the approved stack cannot deliver it'));
    assert.match(ev.problems[0].message, /"Why the approved stack cannot deliver it" is not written yet/);
    // a request may be saved empty: it is just a request
    assert.deepStrictEqual(evaluate(empty, policy).state, 'requested');
  });

  test('dates that should not grant: approved in the future, or before the request', () => {
    for (const [on, expected] of [['2999-01-01', /is in the future/], ['2026-11-19', /is before the request \(2026-11-20\)/]] as const) {
      const named = policyOf({ approvers: [{ name: 'Dana Reyes' }] }).policy;
      const ev = evaluate(exceptionDocument({ status: 'approved', 'approved-by': 'Dana Reyes', 'approved-on': on }), named);
      assert.strictEqual(ev.state, 'not-granted');
      assert.match(ev.problems[0].message, expected);
    }
  });

  test('an email that is not the approver\'s is not that approver (named mode too)', () => {
    const approvers = [{ name: 'Dana Reyes', role: 'CTO', keys: [] }];
    assert.ok(findApprover('Dana Reyes', approvers));
    assert.strictEqual(findApprover('Dana Reyes <someone@else.example>', approvers), undefined);
    assert.strictEqual(findApprover('Dana Reyes <dana@acme.example>', [{ name: 'Dana Reyes', email: 'dana@acme.example', keys: [] }])?.name, 'Dana Reyes');
  });

  test('allowed_signers: keys for approvers\' emails, namespaces and validity honoured, bad lines reported at the entry', () => {
    const signers = [
      '# approvers and everyone who signs commits',
      `dana@acme.example namespaces="git,tech-policy-exception" ${ed25519.publicKey}`,
      `sam@acme.example ${other.publicKey}`,
      'broken@acme.example ssh-ed25519 AAAAnotakey',
    ].join('\n');
    const text = JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@acme.example' }], allowedSigners: '.github/allowed_signers' });
    const loaded = loadPolicy(POLICY_URI, text, memoryHost({ 'file:///ws/.github/allowed_signers': signers }));
    assert.deepStrictEqual(loaded.policy.approvers[0].keys.map((k) => [k.key.fingerprint, k.source]), [[ed25519.fingerprint, '.github/allowed_signers:2']]);
    assert.strictEqual(loaded.policy.approvals, 'signed');
    assert.deepStrictEqual(loaded.problems.map((p) => [p.message, p.range]), [['In ".github/allowed_signers" (line 4): the key is not valid base64.', rangeOf(text, '".github/allowed_signers"')]]);
    assert.ok(loaded.sources.includes('file:///ws/.github/allowed_signers'), 'watched like the policy');
    assert.strictEqual(evaluate(signedDocument(ed25519), loaded.policy).state, 'granted');

    const gitOnly = loadPolicy(POLICY_URI, text, memoryHost({ 'file:///ws/.github/allowed_signers': `dana@acme.example namespaces="git" ${ed25519.publicKey}` }));
    assert.match(evaluate(signedDocument(ed25519), gitOnly.policy).problems[0].message, /allows this key only for namespaces git; add "tech-policy-exception"/);
    const expired = loadPolicy(POLICY_URI, text, memoryHost({ 'file:///ws/.github/allowed_signers': `dana@acme.example valid-before="20260101" ${ed25519.publicKey}` }));
    assert.match(evaluate(signedDocument(ed25519), expired.policy).problems[0].message, /allows this key only until 2026-01-01 \(local time\), which has passed \(a key is judged at the time of verification, not by the date the document states\)/);
    const missing = loadPolicy(POLICY_URI, text, memoryHost({}));
    assert.match(missing.problems[0].message, /^Cannot read "allowedSigners": ".github\/allowed_signers"/);
  });

  test('policy: a key that does not parse is policy-invalid at its exact range; "signed" without keys warns', () => {
    const text = JSON.stringify({ approvers: [{ name: 'Dana Reyes', keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBro', 'ssh-dss AAAAB3NzaC1kc3MAAACBAA', 42] }] }, null, 2);
    const loaded = loadPolicy(POLICY_URI, text, memoryHost({}));
    assert.deepStrictEqual(
      loaded.problems.map((p) => [p.message, p.range]),
      [
        ['This key cannot be used: the key is truncated.', rangeOf(text, '"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBro"')],
        ['This key cannot be used: unsupported key type "ssh-dss" (use ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, ssh-rsa).', rangeOf(text, '"ssh-dss AAAAB3NzaC1kc3MAAACBAA"')],
        ['A key is a string: a public key line such as "ssh-ed25519 AAAA… dana@acme.example".', rangeOf(text, '42')],
        ['Approvals must be signed, but no approver has a key: no exception can be granted. Add "keys" to an approver or an "allowedSigners" file.', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }],
      ],
    );
    const signedNoKeys = JSON.stringify({ approvals: 'signed', approvers: [{ name: 'Dana Reyes' }] });
    const warn = loadPolicy(POLICY_URI, signedNoKeys, memoryHost({}));
    assert.deepStrictEqual(warn.problems.map((p) => [p.severity, p.range]), [['warning', rangeOf(signedNoKeys, '"signed"')]]);
  });
});

suite('signature blocks inside the front matter never count', () => {
  test('a block placed in the front matter is malformed', () => {
    const text = exceptionDocument({ status: 'approved' }).replace('---\n#', '<!-- tech-policy-signature\n-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n-->\n---\n#');
    const record = parseExceptionDocument(DOC_URI, text);
    assert.ok(record.signature && !record.signature.parsed.ok);
  });

  test('fixture keys stay out of the repository: no private key under test/ or examples/', () => {
    const root = path.resolve(__dirname, '..', '..', '..');
    const offenders: string[] = [];
    const privateKey = new RegExp('-----BEGIN [A-Z ]*' + 'PRIVATE KEY-----');
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory() && e.name !== 'node_modules') walk(p);
        else if (e.isFile() && fs.statSync(p).size < 100_000 && privateKey.test(fs.readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    for (const d of ['test', 'examples']) walk(path.join(root, d));
    assert.deepStrictEqual(offenders, []);
  });
});
