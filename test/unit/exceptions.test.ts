import * as assert from 'assert';
import { parseExceptionDocument } from '../../server/src/core/exceptions/parse';
import { evaluateException, findApprover } from '../../server/src/core/exceptions/evaluate';
import { inScope } from '../../server/src/core/exceptions/match';
import { defaultPolicy } from '../../server/src/core/policy/defaults';
import { fixturePath, loadFixture, rangeOf, summarize } from '../support/fixtures';

suite('exceptions: parse, validate, match', () => {
  const fixture = loadFixture(fixturePath('unit', 'core'));

  test('parses the front matter with ranges', () => {
    const text = fixture.text('docs/policy-exceptions/EX-0001-kafka.md');
    const r = parseExceptionDocument('file:///x/EX-0001-kafka.md', text);
    assert.deepStrictEqual(r.problems, []);
    assert.strictEqual(r.id, 'EX-0001');
    assert.strictEqual(r.rule, 'new-technology');
    assert.strictEqual(r.subject, 'kafka');
    assert.deepStrictEqual(r.scope, ['services/api/**']);
    assert.strictEqual(r.status, 'approved');
    assert.strictEqual(r.approvedBy, 'Dana Reyes');
    assert.strictEqual(r.approvedOn, '2026-10-03');
    assert.strictEqual(r.expires, '2027-04-03');
    assert.deepStrictEqual(r.fields['approved-by']!.value, rangeOf(text, 'Dana Reyes'));
    assert.strictEqual(r.title, 'Exception request: adopt Apache Kafka (message broker)');
  });

  test('the whole fixture: approved exceptions silence findings in scope; requests, invalid and expired ones do not', () => {
    assert.deepStrictEqual(summarize(fixture.check(), fixture.root).sort(), [
      'docs/policy-exceptions/EX-0003-nestjs.md:8:14 exception-invalid EX-0003',
      'docs/policy-exceptions/EX-0005-vitest.md:5:9 exception-invalid EX-0005',
      'docs/policy-exceptions/EX-0006-vue.md:5:9 exception-invalid EX-0006',
      'docs/policy-exceptions/EX-0006-vue.md:5:9 exception-invalid EX-0006',
      'package.json:10:5 exception-expired redis',
      'package.json:14:24 new-technology vitest',
      'package.json:15:25 new-technology vue',
      'package.json:16:29 new-technology graphql',
      'package.json:5:5 new-technology fastify',
      'package.json:6:5 hold-technology moment',
      'package.json:7:5 hold-technology mongodb',
      'package.json:8:5 new-technology kafka',
      'package.json:9:5 new-technology nestjs',
      'services/api/package.json:3:42 new-technology fastify',
    ]);
  });

  test('a pending request is named in the message and carried for the code action', () => {
    const f = fixture.checkFile('package.json').find((x) => x.subject === 'fastify')!;
    assert.strictEqual(f.message, 'EX-0002 requested, not yet signed: Fastify: new web framework (approved: Express).');
    assert.deepStrictEqual(f.request, { id: 'EX-0002', uri: fixture.uri('docs/policy-exceptions/EX-0002-fastify.md') });
  });

  test('an expired exception turns the finding into exception-expired', () => {
    const f = fixture.checkFile('package.json').find((x) => x.subject === 'redis')!;
    assert.strictEqual(f.rule, 'exception-expired');
    assert.strictEqual(f.message, 'EX-0004 expired on 2025-07-12: Redis. Renew it with a new signed exception or remove the use.');
  });

  test('exception-invalid: signed by someone who is not an approver, at the approved-by value', () => {
    const text = fixture.text('docs/policy-exceptions/EX-0003-nestjs.md');
    const [f] = fixture.checkFile('docs/policy-exceptions/EX-0003-nestjs.md');
    assert.deepStrictEqual(f.range, rangeOf(text, 'Sam Lee', 1));
    assert.strictEqual(f.message, 'Not granted: "Sam Lee" is not an approver in the policy (approvers: Dana Reyes (CTO)).');
    assert.strictEqual(f.severity, 'error');
  });

  test('exception-invalid: unknown status, and approved without a date', () => {
    const [status] = fixture.checkFile('docs/policy-exceptions/EX-0005-vitest.md');
    assert.strictEqual(status.message, 'Unknown status "maybe": use requested, approved, rejected or withdrawn.');
    const text = fixture.text('docs/policy-exceptions/EX-0006-vue.md');
    const [reasons, date] = fixture.checkFile('docs/policy-exceptions/EX-0006-vue.md');
    assert.deepStrictEqual(date.range, rangeOf(text, 'approved', 0));
    assert.match(date.message, /^Not granted: marked approved without a date/);
    assert.match(reasons.message, /^Not granted: the document has no section "## The product capability this enables" or "## Why the approved stack cannot deliver it"/);
  });

  test('malformed documents are exception-invalid findings, never errors', () => {
    const policy = { ...defaultPolicy(), approvers: [{ name: 'Dana Reyes', keys: [] }] };
    const cases: Array<[string, RegExp]> = [
      ['# no front matter\n', /starts with YAML front matter/],
      ['---\nid: EX-1\nrule: [unclosed\n---\n', /not valid YAML/],
      ['---\n- a list\n---\n', /mapping of fields/],
      ['---\nid: EX-0009\nrule: new-thing\nsubject: x\nstatus: requested\n---\n', /Unknown rule "new-thing"/],
      ['---\nid: 9\nrule: new-technology\nsubject: x\nstatus: requested\n---\n', /must look like EX-0007/],
      ['---\nid: EX-0009\nrule: new-technology\nsubject: x\nstatus: approved\napproved-by: Dana Reyes\napproved-on: 24/11/2026\n---\n', /YYYY-MM-DD/],
      ['---\nid: EX-0009\nrule: new-technology\nstatus: requested\n---\n', /needs "subject"/],
      ['---\nid: EX-0009\nrule: new-technology\nsubject: x\nstatus: approved\n---\n', /"approved-by" is empty/],
      ['\uFEFF---\r\nid: EX-0009\r\nrule: new-technology\r\nsubject: x\r\nstatus: proposed\r\n---\r\n', /^$/],
    ];
    for (const [text, expected] of cases) {
      const ev = evaluateException(parseExceptionDocument('file:///x/EX.md', text), policy, '2026-11-25');
      const messages = ev.problems.map((p) => p.message).join(' | ');
      assert.match(messages, expected, text);
      if (/approved-by/.test(expected.source)) assert.strictEqual(ev.state, 'not-granted', text);
      else if (expected.source !== '^$') assert.strictEqual(ev.state, 'invalid', text);
      else assert.strictEqual(ev.state, 'requested', 'MADR "proposed" is a request; BOM and CRLF are fine');
    }
  });

  test('approvers are matched by name, email or both', () => {
    const approvers = [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO', keys: [] }];
    assert.ok(findApprover('Dana Reyes', approvers));
    assert.ok(findApprover('dana reyes <DANA@acme.example>', approvers));
    assert.ok(findApprover('dana@acme.example', approvers));
    assert.strictEqual(findApprover('Dana Reyes <sam@acme.example>', approvers), undefined);
    assert.strictEqual(findApprover('Sam Lee', approvers), undefined);
  });

  test('scope: a folder without wildcards covers what is in it; a leading / or ./ is the root', () => {
    for (const scope of ['services/api', 'services/api/', '/services/api/**', './services/api']) {
      assert.ok(inScope([scope], 'services/api/package.json'), scope);
      assert.ok(!inScope([scope], 'services/apix/package.json'), scope);
      assert.ok(!inScope([scope], 'package.json'), scope);
    }
    assert.ok(!inScope(['[unclosed'], 'services/api/package.json'), 'a broken glob matches nothing');
  });

  test('with exception-expired turned off, an expired exception covers nothing: the original finding stands', () => {
    const policyText = fixture.text('techpolicy.json').replace('"hold-technology": "error"', '"hold-technology": "error", "exception-expired": "off"');
    const off = loadFixture(fixture.root, { policyText });
    const redis = off.checkFile('package.json').find((f) => f.subject === 'redis')!;
    assert.strictEqual(redis.rule, 'new-technology');
  });

  test('scope globs: an exception scoped to services/api covers only that folder', () => {
    const api = fixture.checkFile('services/api/package.json');
    assert.deepStrictEqual(api.map((f) => f.subject), ['fastify']);
    assert.ok(fixture.checkFile('package.json').some((f) => f.subject === 'kafka'));
  });
});
