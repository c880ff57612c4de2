import * as assert from 'assert';
import type { Finding, RuleId } from '../../server/src/core/model';
import { defaultPolicy } from '../../server/src/core/policy/defaults';
import { judgeTrusted, type TrustedCheck } from '../../server/src/core/trust';

const API = 'file:///ws/services/api/package.json';

function finding(subject: string, over: Partial<Finding> = {}): Finding {
  const line = over.range?.start.line ?? subject.length;
  return {
    uri: API,
    range: { start: { line, character: 4 }, end: { line, character: 4 + subject.length } },
    rule: 'new-technology',
    severity: 'warning',
    subject,
    subjectName: subject,
    kind: 'technology',
    message: `${subject}: new`,
    ...over,
  };
}

function check(trusted: Finding[], working: Finding[], over: Partial<TrustedCheck> = {}): Finding[] {
  return judgeTrusted({
    trusted,
    working,
    policy: defaultPolicy(),
    ref: 'main',
    policyFile: { uri: 'file:///ws/techpolicy.json', name: 'techpolicy.json', exists: true },
    baselineFile: { uri: 'file:///ws/techpolicy.baseline.json', name: 'techpolicy.baseline.json' },
    describe: (uri) => uri.replace('file:///ws/', ''),
    ...over,
  });
}

const summary = (found: Finding[]) => found.map((f) => `${f.rule} ${f.subject} ${f.severity}${f.baselined ? ' known' : ''}`).sort();

suite('trusted checks: the trusted policy judges, the working tree can only add', () => {
  test('the same findings both ways: each once, nothing else', () => {
    const same = [finding('fastify'), finding('koa')];
    assert.deepStrictEqual(summary(check(same, same.map((f) => ({ ...f, message: 'other words' })))), ['new-technology fastify warning', 'new-technology koa warning']);
    assert.strictEqual(check(same, same)[0].message, 'fastify: new', 'the trusted message is the one shown');
  });

  test('a finding the working tree\'s policy silences still counts, and the change is named on the policy file', () => {
    const found = check([finding('fastify'), finding('koa')], [finding('koa')]);
    assert.deepStrictEqual(summary(found), ['new-technology fastify warning', 'new-technology koa warning', 'policy-relaxed techpolicy.json error']);
    const relaxed = found.find((f) => f.rule === 'policy-relaxed')!;
    assert.strictEqual(relaxed.uri, 'file:///ws/techpolicy.json');
    assert.strictEqual(relaxed.message, 'This change\'s techpolicy.json would silence 1 finding the policy at main reports (new-technology "fastify" in services/api/package.json); the policy at main judges, so it counts until the policy change is merged on its own.');
  });

  test('many silenced findings are counted, three named', () => {
    const trusted = ['a', 'bb', 'ccc', 'dddd', 'eeeee'].map((s) => finding(s));
    const message = check(trusted, []).find((f) => f.rule === 'policy-relaxed')!.message;
    assert.match(message, /would silence 5 findings the policy at main reports \(new-technology "a" in services\/api\/package\.json, new-technology "bb" in .*, new-technology "ccc" in .* and 2 more\); the policy at main judges, so they count/);
  });

  test('a finding only the working tree raises counts; a stricter severity wins', () => {
    const found = check([finding('fastify')], [finding('fastify', { severity: 'error' }), finding('moment', { rule: 'hold-technology' })]);
    assert.deepStrictEqual(summary(found), ['hold-technology moment warning', 'new-technology fastify error']);
    const laxer = check([finding('fastify', { severity: 'error' })], [finding('fastify', { severity: 'info' })]);
    assert.deepStrictEqual(summary(laxer), ['new-technology fastify error']);
  });

  test('known only when the trusted baseline knows it: the working tree\'s baseline can take that away, never grant it', () => {
    const known = { since: '2026-01-01' };
    assert.deepStrictEqual(summary(check([finding('fastify', { baselined: known })], [finding('fastify', { baselined: known })])), ['new-technology fastify warning known']);
    assert.deepStrictEqual(summary(check([finding('fastify', { baselined: known })], [finding('fastify')])), ['new-technology fastify warning'], 'an entry the change removed');
    const grown = check([finding('fastify')], [finding('fastify', { baselined: known })]);
    assert.deepStrictEqual(summary(grown), ['new-technology fastify warning', 'policy-relaxed techpolicy.baseline.json error'], 'an entry the change added');
    const relaxed = grown.find((f) => f.rule === 'policy-relaxed')!;
    assert.strictEqual(relaxed.uri, 'file:///ws/techpolicy.baseline.json');
    assert.strictEqual(relaxed.message, 'This change\'s techpolicy.baseline.json records 1 finding the policy at main reports (new-technology "fastify" in services/api/package.json) as known; the baseline at main does not, so it counts. A finding becomes known once the baseline that records it is merged.');
  });

  test('staleness is the working tree baseline\'s own: the one at the ref is not reported', () => {
    const stale = (subject: string): Finding => finding(subject, { rule: 'baseline-stale' as RuleId, uri: 'file:///ws/techpolicy.baseline.json', kind: 'baseline' });
    assert.deepStrictEqual(summary(check([stale('old')], [])), []);
    assert.deepStrictEqual(summary(check([], [stale('new')])), ['baseline-stale new warning']);
  });

  test('no working-tree policy: one finding on the missing file, whatever else is found', () => {
    const found = check([finding('fastify')], [], { policyFile: { uri: 'file:///ws/techpolicy.json', name: 'techpolicy.json', exists: false } });
    assert.deepStrictEqual(summary(found), ['new-technology fastify warning', 'policy-relaxed techpolicy.json error']);
    assert.strictEqual(found[1].message, 'techpolicy.json is missing: the policy at main judges this check, and a change without a policy passes nothing. Restore the file (a change to the policy counts once it is merged).');
    assert.deepStrictEqual(summary(check([], [], { policyFile: { uri: 'file:///ws/techpolicy.json', name: 'techpolicy.json', exists: false } })), ['policy-relaxed techpolicy.json error'], 'also when nothing else is found');
  });

  test('the trusted policy may turn policy-relaxed off or down (it is trusted); the working tree cannot', () => {
    const policy = defaultPolicy();
    policy.rules['policy-relaxed'] = { ...policy.rules['policy-relaxed'], severity: 'off' };
    assert.deepStrictEqual(summary(check([finding('fastify')], [], { policy })), ['new-technology fastify warning']);
  });
});
