// Forging the signed examples/shop exception (issue 18: "a 36-way attempt to forge the signed
// examples/shop exception …, hash and namespace downgrades, Bleichenbacher-style RSA forgeries,
// allowed_signers options and billion-laughs YAML all held: keep them held"). Every family the
// review tried is named here, each with its exact outcome: never granted, and the reason.
//
// Where each family is held (this file unless named):
//   control (the unmodified document is granted) ............... 'control: …'
//   line endings (CRLF, lone CR, NEL, U+2028) .................. 'line endings: …'; signature.test.ts
//                                                                  'line breaks readers disagree on …' and
//                                                                  'line endings: signed as LF and checked out as CRLF …'
//   a UTF-8 byte order mark ..................................... 'byte order mark: …'
//   look-alike characters (Cyrillic, fullwidth, ZWJ, NBSP) ...... 'look-alikes: …'
//   duplicate keys .............................................. 'duplicate keys: …'
//   YAML merge keys and aliases in the front matter ............ 'merge keys: …'
//   a second front matter ....................................... 'second front matter: …'; signature.test.ts
//                                                                  'a block placed in the front matter is malformed'
//   the signature block moved ................................... 'moved signature: …'
//   the signature block doubled (forged, copied) ................ 'doubled signature: …'
//   the signature block truncated ............................... 'truncated signature: …'; signature.test.ts
//                                                                  'malformed or truncated armored blocks …'
//   text in or beside the block that no signature covers ....... 'unsigned text: …' (was granted: fixed, see docs/decisions.md)
//   base64 ssh-keygen refuses (unused bits set, no padding) .... 'truncated signature: …' (was granted: fixed); differential.test.ts
//   reasons, subject, scope, rule, expiry edited after signing . 'edited after signing: …'; signature.test.ts
//                                                                  'widening the scope or moving the expiry …'
//   whitespace-only edits in signed parts ...................... 'whitespace: …'
//   another signer's key, another approver's name .............. 'another signer: …'; signature.test.ts
//                                                                  'a key that is not an approver's …'
//   hash downgrades (sha1, unknown, empty) ...................... 'hash and namespace downgrades: …'; differential.test.ts
//   namespace downgrades (git, empty, look-alike) ............... 'hash and namespace downgrades: …'; signature.test.ts
//                                                                  'a signature for another namespace …'
//   RSA with SHA-1 (ssh-rsa) .................................... 'RSA: …'; signature.test.ts 'RSA signatures with SHA-1 are refused'
//   RSA e = 1 and e = 3 with a Bleichenbacher forgery ........... 'RSA: …'; keys.test.ts 'weak RSA keys are refused …';
//                                                                  end to end in test/cli/trust.test.ts
//   RSA with a prime modulus or a small factor .................. keys.test.ts 'RSA keys whose modulus is prime …'
//   Ed25519 small-order keys with a forged signature ............ 'Ed25519: …'; keys.test.ts 'Ed25519 keys anyone can sign for …';
//                                                                  end to end in test/cli/trust.test.ts
//   ECDSA r or s = 0 or ≥ n, no sign byte ....................... 'ECDSA: …'; differential.test.ts (against ssh-keygen)
//   allowed_signers options that must refuse .................... 'allowed_signers: …'; allowedSigners.test.ts (against ssh-keygen);
//                                                                  keys.test.ts (validity at the time of verification)
//   billion-laughs YAML (front matter, compose file) ............ 'billion laughs: …'; limits.test.ts (8,000 aliased services)
//   end to end through check --trusted-policy ................... test/cli/trust.test.ts 'trusted checks: forgeries of a signed approval grant nothing'
import * as assert from 'assert';
import { createPublicKey, generateKeyPairSync, type KeyObject, sign as cryptoSign, verify as cryptoVerify, createHash, constants } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { type EvaluatedException, evaluateException, type ExceptionState, type NotGrantedReason } from '../../server/src/core/exceptions/evaluate';
import { parseExceptionDocument } from '../../server/src/core/exceptions/parse';
import { contentToSign, parseArmoredSignature, signedContent, signedData, verifySignature, withSignature } from '../../server/src/core/exceptions/signature';
import { wireString } from '../../server/src/core/keys/wire';
import { loadPolicy } from '../../server/src/core/policy/load';
import type { Policy } from '../../server/src/core/policy/types';
import { scanScaffolding } from '../../server/src/core/scan/scaffolding';
import { MAX_YAML_ALIASES } from '../../server/src/core/limits';
import { memoryHost, REPO_ROOT } from '../support/fixtures';
import { big, bleichenbacherE3, bytes, mpint, NAMESPACE as NS, pkcs1Block, rsaKeyLine as rsaLine, sshsig } from '../support/forgery';

const SHOP = path.join(REPO_ROOT, 'examples', 'shop');
const POLICY_URI = 'file:///ws/techpolicy.json';
const DOC_URI = 'file:///ws/docs/policy-exceptions/EX-0001-redis.md';
/** Between the shop's approval (2026-09-16) and its expiry (2027-09-16). */
const TODAY = '2026-11-25';
const NOW = Date.parse('2026-11-25T12:00:00Z');

const shopText = (rel: string) => fs.readFileSync(path.join(SHOP, rel), 'utf8');
const SIGNED = shopText('docs/policy-exceptions/EX-0001-redis.md');
const REQUEST = shopText('docs/policy-exceptions/EX-0002-graphql.md');
const TYPED_NAME = shopText('docs/policy-exceptions/EX-0003-recommendations.md');
const POLICY_TEXT = shopText('techpolicy.json');
const DANA_KEY = /"(ssh-ed25519 [A-Za-z0-9+/=]+) dana@shop\.example"/.exec(POLICY_TEXT)![1];
const BLOCK = /<!-- tech-policy-signature\n[\s\S]*?-->\n/.exec(SIGNED)![0];
const ARMORED = /-----BEGIN SSH SIGNATURE-----\n[\s\S]*?-----END SSH SIGNATURE-----\n/.exec(SIGNED)![0];

const shopPolicy = loadPolicy(POLICY_URI, POLICY_TEXT, memoryHost({})).policy;

function judge(text: string, policy: Policy = shopPolicy): EvaluatedException {
  return evaluateException(parseExceptionDocument(DOC_URI, text), policy, TODAY, NOW);
}

/** `text` with `from` replaced by `to`; fails when `from` is not there, so a mutation cannot silently do nothing. */
function replaced(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  assert.notStrictEqual(out, text, `the mutation found ${String(from)}`);
  return out;
}

/** The front matter's lines replaced by `edit` of them (the rest of the document as it is). */
function frontMatter(text: string, edit: (yaml: string) => string): string {
  const end = text.indexOf('\n---\n', 4);
  return replaced(text, text.slice(0, end), `---\n${edit(text.slice(4, end))}`);
}

// ---------------------------------------------------------------------------------------------
// SSHSIG made in process, so that keys, hashes and namespaces can be what an attacker chooses

/** The SSHSIG blob a key signs, for any hash name (signedData knows only the two real ones). */
function toBeSigned(message: string, namespace: string, hash: string, digestWith = hash): Buffer {
  const digest = createHash(digestWith).update(Buffer.from(message, 'utf8')).digest();
  return Buffer.concat([Buffer.from('SSHSIG'), wireString(namespace), wireString(''), wireString(hash), wireString(digest)]);
}

interface Ed25519Key {
  line: string;
  blob: Buffer;
  privateKey: KeyObject;
}

function ed25519(): Ed25519Key {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const blob = Buffer.concat([wireString('ssh-ed25519'), wireString(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'))]);
  return { line: `ssh-ed25519 ${blob.toString('base64')}`, blob, privateKey };
}

/** The shop's policy with Dana's key replaced by `line` (her name, email and role as they are). */
function shopPolicyWithKey(line: string) {
  return loadPolicy(POLICY_URI, replaced(POLICY_TEXT, DANA_KEY, line), memoryHost({}));
}

/** The shop's policy with Dana's key in an allowed_signers line instead. */
function shopPolicyWithSigners(signers: string) {
  const text = JSON.stringify({ approvers: [{ name: 'Dana Reyes', email: 'dana@shop.example', role: 'CTO' }], allowedSigners: '.github/allowed_signers', exceptionsDirectory: 'docs/policy-exceptions' });
  return loadPolicy(POLICY_URI, text, memoryHost({ 'file:///ws/.github/allowed_signers': signers }));
}

// ---------------------------------------------------------------------------------------------
// Mutations of the signed document: Dana's real signature, no private key

interface Mutation {
  family: string;
  name: string;
  text: () => string;
  state: ExceptionState;
  reason?: NotGrantedReason;
  /** The first problem's message. */
  message?: RegExp;
  /** The signature itself is still Dana's valid one (what is not granted is something else). */
  verified?: true;
}

const EDITED = /^Not granted: the signature by Dana Reyes \(CTO\) does not match the document: it was edited after signing\. An approver must sign it again\.$/;
const ODD_BREAK = /^This document holds a line break other than LF or CRLF \((a lone CR|U\+0085|U\+2028)\), which readers disagree on/;
const edited = (family: string, name: string, text: () => string): Mutation => ({ family, name, text, state: 'not-granted', reason: 'edited-after-signing', message: EDITED });
const malformed = (family: string, name: string, text: () => string, message: RegExp): Mutation => ({ family, name, text, state: 'not-granted', reason: 'malformed-signature', message });

const CYRILLIC_A = '\u0430';
const forgedSecondBlock = () => {
  // an attacker's own valid signature over the same document, as a second block
  const mallory = ed25519();
  const armored = sshsig(mallory.blob, 'ssh-ed25519', cryptoSign(null, signedData(contentToSign(SIGNED), NS, 'sha512'), mallory.privateKey));
  return `<!-- tech-policy-signature\n${armored}-->\n`;
};

const MUTATIONS: Mutation[] = [
  // line endings: a change of line endings alone is the same signed document (decisions.md, "What is signed"); a break that readers disagree on is malformed
  { family: 'line endings', name: 'a lone CR for the newline before expires (a comment could swallow it)', text: () => replaced(SIGNED, '2026-09-16\nexpires', '2026-09-16 #\rexpires: 2099-09-16\nexpires'), state: 'invalid', message: ODD_BREAK },
  { family: 'line endings', name: 'a lone CR at the end of every line', text: () => SIGNED.replace(/\n/g, '\r'), state: 'invalid', message: ODD_BREAK },
  { family: 'line endings', name: 'NEL (U+0085) before expires', text: () => replaced(SIGNED, '2026-09-16\nexpires', '2026-09-16 #\u0085expires'), state: 'invalid', message: ODD_BREAK },
  { family: 'line endings', name: 'U+2028 in the scope line', text: () => replaced(SIGNED, 'scope: [', '#\u2028scope: ['), state: 'invalid', message: ODD_BREAK },
  edited('line endings', 'CRLF everywhere and the scope widened', () => replaced(SIGNED.replace(/\n/g, '\r\n'), '"server/**"', '"**"')),
  edited('line endings', 'CRLF only in the front matter and the expiry moved', () => frontMatter(SIGNED, (y) => y.replace(/\n/g, '\r\n').replace('2027-09-16', '2029-09-16'))),
  // a byte order mark
  edited('byte order mark', 'a UTF-8 BOM before the front matter', () => `\uFEFF${SIGNED}`),
  edited('byte order mark', 'a BOM at the start of the body', () => replaced(SIGNED, '---\n# Exception', '---\n\uFEFF# Exception')),
  // look-alike characters
  { family: 'look-alikes', name: 'Cyrillic а in the approved-by value', text: () => replaced(SIGNED, 'approved-by: Dana', `approved-by: D${CYRILLIC_A}na`), state: 'not-granted', reason: 'not-an-approver', message: /^Not granted: "D\u0430na Reyes <dana@shop\.example>" is not an approver in the policy \(approvers: Dana Reyes \(CTO\)\)\.$/ },
  { family: 'look-alikes', name: 'Cyrillic а in the approved-by key', text: () => replaced(SIGNED, 'approved-by:', `${CYRILLIC_A}pproved-by:`), state: 'not-granted', reason: 'unsigned', message: /^Not granted: marked approved, but "approved-by" is empty/ },
  { family: 'look-alikes', name: 'Cyrillic а in the status value', text: () => replaced(SIGNED, 'status: approved', `status: ${CYRILLIC_A}pproved`), state: 'invalid', message: /^Unknown status "\u0430pproved": use requested, approved, rejected or withdrawn\.$/ },
  { family: 'look-alikes', name: 'Cyrillic а in the status key', text: () => replaced(SIGNED, 'status: approved', `st${CYRILLIC_A}tus: approved`), state: 'invalid', message: /^The front matter needs "status"\.$/ },
  { family: 'look-alikes', name: 'Cyrillic е in the subject', text: () => replaced(SIGNED, 'subject: redis', 'subject: r\u0435dis'), state: 'not-granted', reason: 'edited-after-signing', message: EDITED },
  { family: 'look-alikes', name: 'a fullwidth colon after status', text: () => replaced(SIGNED, 'status: approved', 'status\uFF1A approved'), state: 'invalid', message: /^Front matter is not valid YAML: Implicit keys need to be on a single line\.$/ },
  { family: 'look-alikes', name: 'a zero-width joiner inside the approver\'s name', text: () => replaced(SIGNED, 'approved-by: Dana Reyes', 'approved-by: Dana\u200DReyes'), state: 'not-granted', reason: 'not-an-approver', message: /^Not granted: "Dana\u200DReyes <dana@shop\.example>" is not an approver in the policy/ },
  edited('look-alikes', 'a zero-width joiner after a scope pattern', () => replaced(SIGNED, '"server/**"', '"server/**\u200D"')),
  { family: 'look-alikes', name: 'a no-break space inside the approver\'s name', text: () => replaced(SIGNED, 'approved-by: Dana Reyes', 'approved-by: Dana\u00A0Reyes'), state: 'not-granted', reason: 'not-an-approver', message: /^Not granted: "Dana\u00A0Reyes <dana@shop\.example>" is not an approver in the policy/ },
  { family: 'look-alikes', name: 'a no-break space for the space after "status:"', text: () => replaced(SIGNED, 'status: approved', 'status:\u00A0approved'), state: 'invalid', message: /^Front matter is not valid YAML: Implicit keys need to be on a single line\.$/ },
  { family: 'look-alikes', name: 'fullwidth digits in expires', text: () => replaced(SIGNED, 'expires: 2027-09-16', 'expires: \uFF12\uFF10\uFF12\uFF19-09-16'), state: 'invalid', message: /^"expires" must be a date written YYYY-MM-DD, not "\uFF12\uFF10\uFF12\uFF19-09-16"\.$/ },
  // duplicate keys
  { family: 'duplicate keys', name: 'a second status: approved', text: () => replaced(SIGNED, 'expires: 2027-09-16\n', 'expires: 2027-09-16\nstatus: approved\n'), state: 'invalid', message: /^Front matter is not valid YAML: Map keys must be unique\.$/ },
  { family: 'duplicate keys', name: 'a second approved-by', text: () => replaced(SIGNED, 'expires: 2027-09-16\n', 'expires: 2027-09-16\napproved-by: Dana Reyes <dana@shop.example>\n'), state: 'invalid', message: /^Front matter is not valid YAML: Map keys must be unique\.$/ },
  { family: 'duplicate keys', name: 'a second expires, later', text: () => replaced(SIGNED, 'expires: 2027-09-16\n', 'expires: 2027-09-16\nexpires: 2099-09-16\n'), state: 'invalid', message: /^Front matter is not valid YAML: Map keys must be unique\.$/ },
  { family: 'duplicate keys', name: 'a second scope, as a quoted key', text: () => replaced(SIGNED, 'expires: 2027-09-16\n', 'expires: 2027-09-16\n"scope": ["**"]\n'), state: 'invalid', message: /^Front matter is not valid YAML: Map keys must be unique\.$/ },
  // YAML merge keys and aliases
  edited('merge keys', '<<: *anchor bringing a later expires and a wider scope', () => replaced(SIGNED, 'expires: 2027-09-16\n', 'expires: 2027-09-16\nx-more: &more { expires: 2099-09-16, scope: ["**"] }\n<<: *more\n')),
  { family: 'merge keys', name: 'approval fields only through <<: *anchor (from the unsigned request EX-0002, with Dana\'s block)', text: () => `${replaced(REQUEST, 'status: requested\n', 'x-ok: &ok { status: approved, approved-by: Dana Reyes <dana@shop.example>, approved-on: 2026-11-21 }\n<<: *ok\nstatus: requested\n')}${BLOCK}`, state: 'requested' },
  { family: 'merge keys', name: 'status as an alias of an anchored scalar', text: () => replaced(SIGNED, 'status: approved\n', 'x-s: &s approved\nstatus: *s\n'), state: 'invalid', message: /^"status" must be a single value\.$/ },
  // a second front matter
  edited('second front matter', 'a second block with a later expiry after the first', () => replaced(SIGNED, '---\n# Exception', '---\n---\nexpires: 2099-09-16\nscope: ["**"]\n---\n# Exception')),
  edited('second front matter', 'a new front matter before the signed one', () => `---\nid: EX-0001\nrule: new-technology\nsubject: redis\nscope: ["**"]\nstatus: approved\napproved-by: Dana Reyes <dana@shop.example>\napproved-on: 2026-09-16\nexpires: 2099-09-16\n---\n${SIGNED}`),
  edited('second front matter', 'the front matter closed with "..." and a second YAML document', () => replaced(SIGNED, 'expires: 2027-09-16\n---\n', 'expires: 2027-09-16\n...\nexpires: 2099-09-16\n---\n')),
  // the signature block moved
  { family: 'moved signature', name: 'into the front matter', text: () => replaced(SIGNED.replace(BLOCK, ''), 'expires: 2027-09-16\n', `expires: 2027-09-16\n${BLOCK}`), state: 'invalid', message: /^Front matter is not valid YAML: Implicit keys need to be on a single line\.$/ },
  { family: 'moved signature', name: 'into the front matter, as a YAML comment', text: () => replaced(SIGNED.replace(BLOCK, ''), 'expires: 2027-09-16\n', `expires: 2027-09-16\n${BLOCK.replace(/^/gm, '# ').slice(0, -2)}`), state: 'not-granted', reason: 'unsigned', message: /^Not granted: the approval is not signed\./ },
  { family: 'moved signature', name: 'before the front matter', text: () => `${BLOCK}${SIGNED.replace(BLOCK, '')}`, state: 'invalid', message: /^An exception document starts with YAML front matter/ },
  {
    family: 'moved signature',
    name: 'between the front matter and the reasons (the reasons are read before the block only)',
    text: () => replaced(SIGNED.replace(BLOCK, ''), '# Exception request', `${BLOCK}# Exception request`),
    state: 'not-granted',
    reason: 'missing-reasons',
    verified: true,
    message: /^Not granted: the document has no section "## The product capability this enables" or "## Why the approved stack cannot deliver it"\./,
  },
  edited('moved signature', 'inside a code fence at the end', () => replaced(SIGNED, BLOCK, `\`\`\`\n${BLOCK}\`\`\`\n`)),
  edited('moved signature', 'indented into a list item', () => replaced(SIGNED, BLOCK, `- note\n${BLOCK}`)),
  // the signature block doubled
  malformed('doubled signature', 'the same block twice', () => `${SIGNED}${BLOCK}`, /the document has more than one signature block/),
  malformed('doubled signature', 'a second block forged with another key', () => `${SIGNED}${forgedSecondBlock()}`, /the document has more than one signature block/),
  malformed('doubled signature', 'a forged block first, the genuine one second', () => replaced(SIGNED, BLOCK, `${forgedSecondBlock()}${BLOCK}`), /the document has more than one signature block/),
  edited('doubled signature', 'a bare armored signature after the block', () => `${SIGNED}${ARMORED}`),
  edited('doubled signature', 'Dana\'s block copied into another document (EX-0003, approved by a typed name)', () => `${TYPED_NAME}${BLOCK}`),
  { family: 'doubled signature', name: 'Dana\'s block copied into the unsigned request EX-0002', text: () => `${REQUEST}${BLOCK}`, state: 'requested' },
  // the signature block truncated
  malformed('truncated signature', 'the last base64 line dropped', () => replaced(SIGNED, /\n[A-Za-z0-9+/]+=\n-----END/, '\n-----END'), /truncated|not valid base64/),
  malformed('truncated signature', 'without its END line', () => replaced(SIGNED, '-----END SSH SIGNATURE-----\n', ''), /holds no armored SSH signature/),
  malformed('truncated signature', 'without its closing -->', () => replaced(SIGNED, /-->\n$/, ''), /not closed with "-->"/),
  malformed('truncated signature', 'only the BEGIN line left', () => replaced(SIGNED, /-----BEGIN SSH SIGNATURE-----\n[\s\S]*-->\n$/, '-----BEGIN SSH SIGNATURE-----\n'), /the signature block is not closed with "-->"/),
  malformed('truncated signature', 'a bare BEGIN line without the block or an END line', () => replaced(SIGNED, BLOCK, '-----BEGIN SSH SIGNATURE-----\n'), /the signature has no "-----END SSH SIGNATURE-----" line/),
  edited('truncated signature', 'a byte of the signature changed', () => replaced(SIGNED, '/1PubNQ6', '/1PubNQ7')),
  // the same signature bytes written another way: ssh-keygen refuses base64 whose unused bits are not zero (this was granted: fixed)
  malformed('truncated signature', 'the last base64 character changed only in bits no byte holds', () => replaced(SIGNED, 'rBuig8=', 'rBuig9='), /not valid base64 \(not in its one canonical form, which ssh-keygen requires\)/),
  malformed('truncated signature', 'the base64 padding dropped', () => replaced(SIGNED, 'rBuig8=', 'rBuig8'), /not valid base64/),
  // text in or beside the block, which no signature covers (these were granted before: the block is left out of the signed bytes)
  malformed('unsigned text', 'a sentence after "-->" on its line (rendered Markdown shows it)', () => replaced(SIGNED, /-->\n$/, '--> Approved for every service, not only sessions.\n'), /^Not granted: the signature block cannot be read: text follows the signature block's "-->" on its line, which no signature covers\. Sign the document again\.$/),
  malformed('unsigned text', 'a line inside the block before the signature', () => replaced(SIGNED, '<!-- tech-policy-signature\n', '<!-- tech-policy-signature\nscope widened to every service by Dana on the phone\n'), /^Not granted: the signature block cannot be read: the signature block holds text besides the signature, which no signature covers\. Sign the document again\.$/),
  malformed('unsigned text', 'a line inside the block after the signature', () => replaced(SIGNED, '-----END SSH SIGNATURE-----\n', '-----END SSH SIGNATURE-----\nexpires: 2099-09-16\n'), /the signature block holds text besides the signature/),
  malformed('unsigned text', 'a bare armored signature with a sentence after its END line', () => replaced(SIGNED.replace(BLOCK, ARMORED), '-----END SSH SIGNATURE-----\n', '-----END SSH SIGNATURE----- Approved for every service.\n'), /text follows "-----END SSH SIGNATURE-----" on its line, which no signature covers/),
  // edits after signing
  edited('edited after signing', 'one character of the reasons', () => replaced(SIGNED, 'survive a server restart', 'survive a server restarts')),
  edited('edited after signing', 'the decision widened', () => replaced(SIGNED, 'Approved for sessions only.', 'Approved for all caching.')),
  edited('edited after signing', 'the subject', () => replaced(SIGNED, 'subject: redis', 'subject: memcached')),
  edited('edited after signing', 'the scope widened', () => replaced(SIGNED, '"server/**", ', '"**", ')),
  edited('edited after signing', 'the scope removed (all of the repository)', () => replaced(SIGNED, /scope: .*\n/, '')),
  edited('edited after signing', 'the rule', () => replaced(SIGNED, 'rule: new-technology', 'rule: new-service')),
  edited('edited after signing', 'expires extended', () => replaced(SIGNED, 'expires: 2027-09-16', 'expires: 2099-09-16')),
  edited('edited after signing', 'expires removed', () => replaced(SIGNED, 'expires: 2027-09-16\n', '')),
  edited('edited after signing', 'the id', () => replaced(SIGNED, 'id: EX-0001', 'id: EX-0009')),
  // whitespace-only edits in what is signed
  edited('whitespace', 'a trailing space on the subject line', () => replaced(SIGNED, 'subject: redis\n', 'subject: redis \n')),
  edited('whitespace', 'a tab for the space after "scope:"', () => replaced(SIGNED, 'scope: [', 'scope:\t[')),
  edited('whitespace', 'a blank line added to the reasons', () => replaced(SIGNED, '## Why the approved stack', '\n## Why the approved stack')),
  edited('whitespace', 'the newline before the block dropped (the block on the last text line)', () => replaced(SIGNED, '2026-09-16\n<!--', '2026-09-16 <!--')),
  edited('whitespace', 'a blank line after the block', () => `${SIGNED}\n`),
  // another signer
  { family: 'another signer', name: 'approved-by naming someone the policy does not list', text: () => replaced(SIGNED, 'approved-by: Dana Reyes <dana@shop.example>', 'approved-by: Sam Lee <sam@shop.example>'), state: 'not-granted', reason: 'not-an-approver' },
  { family: 'another signer', name: 'Dana\'s name with another email', text: () => replaced(SIGNED, 'dana@shop.example>\napproved-on', 'dana@shop.example.evil>\napproved-on'), state: 'not-granted', reason: 'not-an-approver' },
  {
    family: 'another signer',
    name: 'the document signed again with an attacker\'s own key',
    text: () => replaced(SIGNED, BLOCK, forgedSecondBlock()),
    state: 'not-granted',
    reason: 'wrong-key',
    message: /^Not granted: signed with the key SHA256:[A-Za-z0-9+/]+, which is not an approver's key in the policy \(approvers: Dana Reyes \(CTO\)\)\.$/,
  },
];

suite('forgeries of the signed examples/shop exception: every family the review tried grants nothing', () => {
  test('control: the unmodified document is granted, signed by Dana with the key in the shop\'s policy', () => {
    const ev = judge(SIGNED);
    assert.deepStrictEqual([ev.state, ev.problems, ev.signature?.approver.name, ev.signature?.keyType], ['granted', [], 'Dana Reyes', 'ssh-ed25519']);
  });

  test('control: a change of line endings alone, or the block moved after the reasons, is the same signed document, so it stays granted', () => {
    // "CRLF checkouts verify the same" (decisions.md, What is signed): not a forgery, nothing it says changes
    assert.strictEqual(judge(SIGNED.replace(/\n/g, '\r\n')).state, 'granted');
    assert.strictEqual(judge(frontMatter(SIGNED, (y) => y.replace(/\n/g, '\r\n'))).state, 'granted');
    // the block moved between two sections after the reasons: the same signed bytes and the same text around it (a block is
    // where it is found, everything else is signed; the reasons count only before it, see 'moved signature: …')
    assert.strictEqual(judge(replaced(SIGNED.replace(BLOCK, ''), '## Alternatives', `${BLOCK}## Alternatives`)).state, 'granted');
    // and whitespace inside the block itself is not signed text: trailing spaces there change nothing
    assert.strictEqual(judge(replaced(SIGNED, '<!-- tech-policy-signature\n', '<!-- tech-policy-signature  \n')).state, 'granted');
  });

  test(`the table holds at least 36 mutations in ${new Set(MUTATIONS.map((m) => m.family)).size} families`, () => {
    assert.ok(MUTATIONS.length >= 36, `${MUTATIONS.length}`);
    assert.strictEqual(new Set(MUTATIONS.map((m) => `${m.family}: ${m.name}`)).size, MUTATIONS.length, 'names are unique');
  });

  for (const m of MUTATIONS) {
    test(`${m.family}: ${m.name} → ${m.state}${m.reason ? ` (${m.reason})` : ''}`, () => {
      const text = m.text();
      assert.notStrictEqual(text, SIGNED);
      const ev = judge(text);
      assert.notStrictEqual(ev.state, 'granted', 'a forgery was granted');
      assert.strictEqual(ev.signature?.approver.name, m.verified ? 'Dana Reyes' : undefined, 'a signature is reported as verified only when it is Dana\'s over these bytes');
      assert.deepStrictEqual([ev.state, ev.reason], [m.state, m.reason], ev.problems.map((p) => p.message).join('\n'));
      if (m.message) assert.match(ev.problems[0]?.message ?? '', m.message);
    });
  }
});

suite('forgeries of the signature itself: downgrades and keys anyone can sign for', function () {
  // RSA keys of 2,048 bits are generated in process (a second or two on a busy machine)
  this.timeout(60_000);
  let dana: Ed25519Key;
  let policy: Policy;
  const approved = contentToSign(SIGNED);
  suiteSetup(() => {
    dana = ed25519();
    policy = shopPolicyWithKey(dana.line).policy;
  });
  const signWith = (data: Buffer) => cryptoSign(null, data, dana.privateKey);
  const state = (armored: string, p: Policy = policy) => {
    const ev = judge(withSignature(SIGNED, armored), p);
    assert.notStrictEqual(ev.state, 'granted');
    return [ev.state, ev.reason, ev.problems[0]?.message];
  };

  test('control: the shop document signed in process with the key the policy lists is granted', () => {
    const ev = judge(withSignature(SIGNED, sshsig(dana.blob, 'ssh-ed25519', signWith(signedData(approved, NS, 'sha512')))), policy);
    assert.deepStrictEqual([ev.state, ev.problems], ['granted', []]);
  });

  for (const [hash, digest] of [['sha1', 'sha1'], ['md5', 'md5'], ['sha3-512', 'sha3-512'], ['', 'sha512'], ['SHA512', 'sha512']] as const) {
    test(`hash and namespace downgrades: the message hashed with "${hash}" (honestly signed) is refused`, () => {
      const armored = sshsig(dana.blob, 'ssh-ed25519', signWith(toBeSigned(approved, NS, hash, digest)), { hash });
      assert.deepStrictEqual(state(armored), ['not-granted', 'malformed-signature', `Not granted: unsupported hash algorithm "${hash}".`]);
    });
  }

  test('hash and namespace downgrades: labelled sha256, signed over sha512 (and the reverse) is not the document', () => {
    const over512 = sshsig(dana.blob, 'ssh-ed25519', signWith(signedData(approved, NS, 'sha512')), { hash: 'sha256' });
    assert.deepStrictEqual(state(over512).slice(0, 2), ['not-granted', 'edited-after-signing']);
    const over256 = sshsig(dana.blob, 'ssh-ed25519', signWith(signedData(approved, NS, 'sha256')), { hash: 'sha512' });
    assert.deepStrictEqual(state(over256).slice(0, 2), ['not-granted', 'edited-after-signing']);
  });

  for (const namespace of ['git', '', 'file', 'tech-policy-exception ', 'Tech-Policy-Exception', 'tech-policy-exceptio\u043D', 'tech-policy-exception\0']) {
    test(`hash and namespace downgrades: a signature made for the namespace ${JSON.stringify(namespace)} is refused`, () => {
      const armored = sshsig(dana.blob, 'ssh-ed25519', signWith(signedData(approved, namespace, 'sha512')), { namespace });
      const [st, reason, message] = state(armored);
      assert.deepStrictEqual([st, reason], ['not-granted', 'malformed-signature']);
      // the namespace is shown as its bytes read one by one (latin1), so a look-alike shows as what it is not
      assert.strictEqual(message, `Not granted: the signature was made for "${Buffer.from(namespace).toString('latin1')}", not for exception documents ("tech-policy-exception").`);
    });
  }

  test('hash and namespace downgrades: an SSHSIG version other than 1, and an Ed25519 signature labelled as RSA, are refused', () => {
    const raw = signWith(signedData(approved, NS, 'sha512'));
    assert.deepStrictEqual(state(sshsig(dana.blob, 'ssh-ed25519', raw, { version: 2 })), ['not-granted', 'malformed-signature', 'Not granted: the signature block cannot be read: unsupported signature version 2. Sign the document again.']);
    assert.deepStrictEqual(state(sshsig(dana.blob, 'rsa-sha2-512', raw)), ['not-granted', 'malformed-signature', 'Not granted: the signature algorithm "rsa-sha2-512" does not fit the ssh-ed25519 key.']);
  });

  test('RSA: a signature labelled ssh-rsa (PKCS#1 with SHA-1) where rsa-sha2-256/512 is required is refused; rsa-sha2-256 and -512 are granted', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const key = rsaLine(big(Buffer.from(jwk.e!, 'base64url')), big(Buffer.from(jwk.n!, 'base64url')));
    const p = shopPolicyWithKey(key.line).policy;
    const data = signedData(approved, NS, 'sha512');
    assert.deepStrictEqual(state(sshsig(key.blob, 'ssh-rsa', cryptoSign('sha1', data, privateKey)), p), ['not-granted', 'malformed-signature', 'Not granted: the signature uses RSA with SHA-1, which is no longer accepted; sign again with a current ssh-keygen (rsa-sha2-512).']);
    for (const [alg, hash] of [['rsa-sha2-256', 'sha256'], ['rsa-sha2-512', 'sha512']]) {
      assert.strictEqual(judge(withSignature(SIGNED, sshsig(key.blob, alg, cryptoSign(hash, data, privateKey))), p).state, 'granted', alg);
    }
  });

  test('RSA: a key with e = 3 and a Bleichenbacher forgery (a cube root of a PKCS#1 block with garbage after the hash) grants nothing', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 });
    const n = big(Buffer.from(publicKey.export({ format: 'jwk' }).n!, 'base64url'));
    const key = rsaLine(3n, n);
    const data = signedData(approved, NS, 'sha512');
    // 00 01 FF 00, SHA-256's DigestInfo and the hash, then garbage: a verifier that stops after the hash accepts s³
    const forged = bleichenbacherE3(n, data);
    assert.ok(forged.cube.subarray(0, forged.prefix.length).equals(forged.prefix), 'the forgery is a real one: s³ mod n starts with the PKCS#1 block of the document');
    assert.ok(!forged.cube.subarray(forged.prefix.length).equals(Buffer.alloc(256 - forged.prefix.length)), 'with garbage after the hash');
    const armored = sshsig(key.blob, 'rsa-sha2-256', forged.signature);
    // the key is refused where the policy lists it, so it is nobody's key
    const loaded = shopPolicyWithKey(key.line);
    assert.deepStrictEqual(loaded.problems.map((p) => p.message), [
      'This key cannot be used: an RSA key with the public exponent 3 is refused: only 65537, the exponent ssh-keygen makes, is accepted (with e = 1 anyone can make a valid signature).',
      'Approvals must be signed, but no approver has a key: no exception can be granted. Add "keys" to an approver or an "allowedSigners" file.',
    ]);
    assert.deepStrictEqual(state(armored, loaded.policy).slice(0, 2), ['not-granted', 'wrong-key']);
    // the verifier itself refuses the key it embeds, and Node's PKCS#1 check (which re-encodes the block) refuses the forgery too
    const parsed = parseArmoredSignature(armored);
    assert.ok(parsed.ok);
    assert.deepStrictEqual(verifySignature(parsed.sig, signedContent(withSignature(SIGNED, armored))), { ok: false, reason: `the signing key cannot be used: ${parsed.sig.keyProblem}` });
    assert.strictEqual(cryptoVerify('sha256', data, { key: createPublicKey({ key: { kty: 'RSA', n: bytes(n).toString('base64url'), e: 'Aw' }, format: 'jwk' }), padding: constants.RSA_PKCS1_PADDING }, forged.signature), false);
  });

  test('RSA: a key with e = 1, for which the PKCS#1 block itself is the signature, grants nothing', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const n = big(Buffer.from(publicKey.export({ format: 'jwk' }).n!, 'base64url'));
    const key = rsaLine(1n, n);
    const data = signedData(approved, NS, 'sha512');
    const block = pkcs1Block(data);
    const armored = sshsig(key.blob, 'rsa-sha2-256', block);
    const loaded = shopPolicyWithKey(key.line);
    assert.match(loaded.problems[0].message, /^This key cannot be used: an RSA key with the public exponent 1 is refused/);
    assert.deepStrictEqual(state(armored, loaded.policy).slice(0, 2), ['not-granted', 'wrong-key']);
  });

  for (const [what, point, signature] of [
    ['the identity point, R = identity and S = 0', `01${'00'.repeat(31)}`, `01${'00'.repeat(63)}`],
    ['the point of order 4 (all zero), an all-zero signature', '00'.repeat(32), '00'.repeat(64)],
    ['the point of order 2, an all-zero signature', `ec${'ff'.repeat(30)}7f`, '00'.repeat(64)],
  ] as const) {
    test(`Ed25519: a small-order key (${what}) grants nothing: the policy refuses the key`, () => {
      const blob = Buffer.concat([wireString('ssh-ed25519'), wireString(Buffer.from(point, 'hex'))]);
      const line = `ssh-ed25519 ${blob.toString('base64')}`;
      const loaded = shopPolicyWithKey(line);
      assert.strictEqual(loaded.problems[0].message, 'This key cannot be used: the Ed25519 key is a point of small order: anyone can make a signature it accepts.');
      const armored = sshsig(blob, 'ssh-ed25519', Buffer.from(signature, 'hex'));
      assert.deepStrictEqual(state(armored, loaded.policy).slice(0, 2), ['not-granted', 'wrong-key']);
      const parsed = parseArmoredSignature(armored);
      assert.ok(parsed.ok && parsed.sig.publicKey === undefined && /point of small order/.test(parsed.sig.keyProblem ?? ''), JSON.stringify(parsed));
    });
  }

  test('ECDSA: r or s = 0, = n or ≥ n, and an r without its sign byte grant nothing; the honest signature is granted', () => {
    const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
    const type = 'ecdsa-sha2-nistp256';
    const blob = Buffer.concat([wireString(type), wireString('nistp256'), wireString(point)]);
    const p = shopPolicyWithKey(`${type} ${blob.toString('base64')}`).policy;
    const raw = cryptoSign('sha256', signedData(approved, NS, 'sha512'), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const r = big(raw.subarray(0, 32));
    const s = big(raw.subarray(32));
    const sig = (rr: bigint, ss: bigint) => sshsig(blob, type, Buffer.concat([mpint(rr), mpint(ss)]));
    assert.strictEqual(judge(withSignature(SIGNED, sig(r, s)), p).state, 'granted');
    const cases: Array<[string, string, NotGrantedReason, RegExp]> = [
      ['r = 0', sig(0n, s), 'edited-after-signing', EDITED],
      ['s = 0', sig(r, 0n), 'edited-after-signing', EDITED],
      ['r = s = 0', sig(0n, 0n), 'edited-after-signing', EDITED],
      ['r = n', sig(N, s), 'edited-after-signing', EDITED],
      ['s = n', sig(r, N), 'edited-after-signing', EDITED],
      ['r + n (the same r modulo n)', sig(r + N, s), 'malformed-signature', /an ECDSA value too large for its curve/],
      ['s + n', sig(r, s + N), 'malformed-signature', /an ECDSA value too large for its curve/],
      ['r = 2^256 - 1', sig((1n << 256n) - 1n, s), 'edited-after-signing', EDITED],
      ['r negative (its sign byte dropped, as ssh-keygen refuses it)', sshsig(blob, type, Buffer.concat([wireString(bytes(r | (1n << 255n))), mpint(s)])), 'malformed-signature', /negative/],
    ];
    for (const [what, armored, reason, message] of cases) {
      const ev = judge(withSignature(SIGNED, armored), p);
      assert.deepStrictEqual([ev.state, ev.reason], ['not-granted', reason], `${what}: ${ev.problems[0]?.message}`);
      assert.match(ev.problems[0].message, message, what);
    }
  });

  const signersCases: Array<[string, string, RegExp]> = [
    ['cert-authority', 'dana@shop.example cert-authority KEY', /^In "\.github\/allowed_signers" \(line 1\): cert-authority keys are not supported for exceptions/],
    ['namespaces="other"', 'dana@shop.example namespaces="other" KEY', /^Not granted: \.github\/allowed_signers:1 allows this key only for namespaces other; add "tech-policy-exception"/],
    ['a negated namespace', 'dana@shop.example namespaces="!tech-policy-exception,*" KEY', /^Not granted: \.github\/allowed_signers:1 allows this key only for namespaces !tech-policy-exception, \*/],
    ['valid-before in the past', 'dana@shop.example valid-before="20260101Z" KEY', /^Not granted: \.github\/allowed_signers:1 allows this key only until 2026-01-01 00:00 UTC, which has passed/],
    ['valid-after in the future', 'dana@shop.example valid-after="20270101Z" KEY', /^Not granted: \.github\/allowed_signers:1 allows this key only from 2027-01-01 00:00 UTC, which has not come yet/],
    ['valid-before given twice, the second later', 'dana@shop.example valid-before="20260101Z",valid-before="20300101Z" KEY', /valid-before is given twice/],
    ['namespaces given twice', 'dana@shop.example namespaces="git",namespaces="tech-policy-exception" KEY', /namespaces is given twice/],
    ['the principal in capitals', 'DANA@shop.example KEY', /differs from Dana Reyes's email "dana@shop\.example" in case; ssh-keygen compares principals exactly, so this line gives no key/],
    ['a wildcard principal', '*@shop.example KEY', /a wildcard principal gives no approver a key/],
    ['the principal negated', 'dana@shop.example,!dana@shop.example KEY', /a "!" principal refuses dana@shop\.example, so this line gives Dana Reyes no key/],
  ];
  for (const [what, line, message] of signersCases) {
    test(`allowed_signers: ${what} grants nothing`, () => {
      const loaded = shopPolicyWithSigners(line.replace('KEY', dana.line));
      const ev = judge(withSignature(SIGNED, sshsig(dana.blob, 'ssh-ed25519', signWith(signedData(approved, NS, 'sha512')))), loaded.policy);
      assert.deepStrictEqual([ev.state, ev.reason], ['not-granted', 'wrong-key'], ev.problems.map((p) => p.message).join('\n'));
      const messages = [...loaded.problems.map((p) => p.message), ...ev.problems.map((p) => p.message)];
      assert.ok(messages.some((m) => message.test(m)), messages.join('\n'));
    });
  }

  test('allowed_signers: control, the same key on a plain line is granted', () => {
    const loaded = shopPolicyWithSigners(`dana@shop.example ${dana.line}`);
    assert.strictEqual(judge(withSignature(SIGNED, sshsig(dana.blob, 'ssh-ed25519', signWith(signedData(approved, NS, 'sha512')))), loaded.policy).state, 'granted');
  });
});

suite('billion laughs: nested aliases are never expanded, and a field they feed is a problem', () => {
  /** Nine levels of nine aliases each: 9⁹ "lol"s if expanded. */
  const laughs = (levels = 9, width = 9, indent = '') =>
    [`${indent}x-l0: &l0 "lol"`, ...Array.from({ length: levels }, (_, i) => `${indent}x-l${i + 1}: &l${i + 1} [${Array(width).fill(`*l${i}`).join(', ')}]`)].join('\n');

  test('in the front matter of a request, as an extra field: read as it is, a request', () => {
    const text = replaced(REQUEST, 'status: requested\n', `status: requested\n${laughs()}\n`);
    const ev = judge(text);
    assert.deepStrictEqual([ev.state, ev.problems], ['requested', []]);
  });

  for (const field of ['scope', 'approved-by', 'expires', 'subject']) {
    test(`in the front matter of the signed document, feeding "${field}": a problem on that field, never granted`, () => {
      const text = frontMatter(SIGNED, (y) => `${laughs()}\n${y.replace(new RegExp(`^${field}:.*$`, 'm'), `${field}: *l9`)}`);
      const ev = judge(text);
      assert.strictEqual(ev.state, 'invalid');
      const expected = field === 'scope' ? ['"scope" is a list of glob patterns, e.g. ["services/api/**"].'] : field === 'subject' ? ['"subject" must be a single value.', 'The front matter needs "subject".'] : [`"${field}" must be a single value.`];
      assert.deepStrictEqual(ev.problems.map((p) => p.message), expected);
    });
  }

  test('added to the signed document\'s front matter: edited after signing', () => {
    const ev = judge(frontMatter(SIGNED, (y) => `${laughs()}\n${y}`));
    assert.deepStrictEqual([ev.state, ev.reason], ['not-granted', 'edited-after-signing']);
  });

  test(`in a compose file: more than ${MAX_YAML_ALIASES} aliases is a problem for that file at the first one not followed; its services are still read`, () => {
    // eight levels of 150 aliases (150⁸ services if expanded), 1,200 alias nodes in the text
    const text = `${laughs(8, 150)}\nservices:\n  web:\n    image: node:20\n    environment: *l8\n  cache: *l8\n`;
    const facts = scanScaffolding('docker-compose.yml', text, { imageCategory: () => undefined })!;
    assert.deepStrictEqual(facts.images.map((i) => i.image), ['node:20']);
    assert.deepStrictEqual(facts.problems.map((p) => [p.range.start.line, p.message]), [[7, `This file uses more than ${MAX_YAML_ALIASES.toLocaleString('en')} YAML aliases; the ones after this are not followed.`]]);
  });
});
