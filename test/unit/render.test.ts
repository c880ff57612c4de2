import * as assert from 'assert';
import { approvedDocument } from '../../server/src/core/exceptions/decide';
import { addMonths, exceptionFileName, firstQuestionRange, nextExceptionId, renderExceptionRequest } from '../../server/src/core/exceptions/render';
import { parseExceptionDocument } from '../../server/src/core/exceptions/parse';

suite('exception requests: id, file name, text', () => {
  test('ids continue after the highest in use, file names carry the subject', () => {
    assert.strictEqual(nextExceptionId([]), 'EX-0001');
    assert.strictEqual(nextExceptionId(['EX-0001', 'EX-0007', undefined, 'EX-0003-redis.md', 'notes.md']), 'EX-0008');
    assert.strictEqual(nextExceptionId(['EX-9999']), 'EX-10000');
    assert.strictEqual(exceptionFileName('EX-0007', 'fastify'), 'EX-0007-fastify.md');
    assert.strictEqual(exceptionFileName('EX-0008', 'Billing Service/v2'), 'EX-0008-billing-service-v2.md');
  });

  test('expiry suggestion: six months later, clamped to the end of the month', () => {
    assert.strictEqual(addMonths('2026-11-24', 6), '2027-05-24');
    assert.strictEqual(addMonths('2026-08-31', 6), '2027-02-28');
  });

  test('the generated request: front matter from the finding, the sections the approver needs', () => {
    const text = renderExceptionRequest({
      id: 'EX-0007',
      rule: 'new-technology',
      subject: 'fastify',
      subjectName: 'Fastify',
      category: 'web framework',
      approvedAlternatives: ['Express'],
      requestedBy: 'Sam Lee <sam@acme.example>',
      requestedOn: '2026-11-24',
      seenIn: 'services/api/package.json',
    });
    assert.strictEqual(
      text,
      [
        '---',
        'id: EX-0007',
        'rule: new-technology',
        'subject: fastify',
        'scope:                            # optional: glob patterns; empty means the whole repository',
        'status: requested                 # requested | approved | rejected | withdrawn',
        'requested-by: Sam Lee <sam@acme.example>',
        'requested-on: 2026-11-24',
        "approved-by:                      # filled by the approver: one of the policy's approvers",
        'approved-on:',
        'expires: 2027-05-24               # optional',
        '---',
        '# Exception request: adopt Fastify (web framework)',
        '',
        'Raised by `new-technology` in `services/api/package.json`.',
        '',
        '## The product capability this enables',
        '',
        '<!-- What can users do with this that they cannot do today? -->',
        '',
        '## Why the approved stack cannot deliver it',
        '',
        '<!-- The approved stack uses Express for this. Why is that not enough? -->',
        '',
        '## Alternatives considered on the approved stack',
        '',
        '<!-- What did you try or rule out, and why? -->',
        '',
        '## Cost: who maintains it, what it adds to operations',
        '',
        '<!-- Owners, on-call, upgrades, security reviews, onboarding. -->',
        '',
        '## Scope and exit plan',
        '',
        '<!-- Where it is allowed (see `scope`), and how we would remove it. -->',
        '',
        '## Decision (for the approver)',
        '',
        '<!-- Approvers: add your decision here, then "Approve and sign" (the code lens above, or `tech-policy sign`). Both reasons above must be written first. -->',
        '',
      ].join('\n'),
    );
  });

  test('a generated request parses back as a valid request (and stays valid without git)', () => {
    const cases: Array<[string, string | undefined]> = [
      ['moment', 'Sam Lee <sam@acme.example>'],
      ['@acme/ui', undefined],
      ['1e3', 'yes'],
      ['on', 'Dana # not a comment'],
    ];
    for (const [subject, requestedBy] of cases) {
      const text = renderExceptionRequest({ id: 'EX-0002', rule: 'hold-technology', subject, subjectName: 'Moment', requestedBy, requestedOn: '2026-11-24' });
      const record = parseExceptionDocument('file:///x/EX-0002-moment.md', text);
      assert.deepStrictEqual(record.problems, []);
      assert.strictEqual(record.status, 'requested');
      assert.strictEqual(record.subject, subject);
      assert.strictEqual(record.requestedBy, requestedBy);
      assert.match(text, /^# Exception request: use Moment, which is on hold$/m);
    }
  });

  test('the front matter\'s comments line up, with a scope or without, with a requester or without', () => {
    for (const extra of [{}, { scope: ['services/api/**'] }, { requestedBy: undefined }, { scope: ['a/very/long/scope/pattern/that/runs/past/the/column/**'] }]) {
      const text = renderExceptionRequest({ id: 'EX-0007', rule: 'new-technology', subject: 'fastify', subjectName: 'Fastify', requestedBy: 'Sam Lee <sam@acme.example>', requestedOn: '2026-11-24', ...extra });
      const front = text.split('\n---\n')[0].split('\n').slice(1);
      const commentedLines = front.filter((l) => l.includes(' # '));
      assert.ok(commentedLines.length >= 4, JSON.stringify(extra));
      for (const l of commentedLines) {
        const at = l.indexOf(' # ') + 1;
        const head = l.slice(0, at).trimEnd();
        // at column 34, or two spaces after a value that runs past it
        if (head.length < 33) assert.strictEqual(at, 34, `${JSON.stringify(l)} (${JSON.stringify(extra)}):\n${front.join('\n')}`);
        else assert.strictEqual(l.slice(head.length, at), '  ', l);
      }
      assert.deepStrictEqual(parseExceptionDocument('file:///x/EX-0007-fastify.md', text).problems, []);
    }
  });

  test('an approval fills approved-by without the template\'s instruction beside it: one short line', () => {
    const text = renderExceptionRequest({ id: 'EX-0007', rule: 'new-technology', subject: 'fastify', subjectName: 'Fastify', requestedBy: 'Sam Lee <sam@acme.example>', requestedOn: '2026-11-24' });
    assert.ok(text.includes("approved-by:                      # filled by the approver: one of the policy's approvers\n"), text);
    const approved = approvedDocument(text, { by: 'Dana Reyes <dana@acme.example>', on: '2026-11-25' });
    const lines = approved.split('\n');
    assert.strictEqual(lines.find((l) => l.startsWith('approved-by:')), 'approved-by: Dana Reyes <dana@acme.example>');
    assert.strictEqual(lines.find((l) => l.startsWith('approved-on:')), 'approved-on: 2026-11-25');
    // the other comments stay where they were (the status legend still explains the field)
    assert.strictEqual(lines.find((l) => l.startsWith('status:')), `${'status: approved'.padEnd(34)}# requested | approved | rejected | withdrawn`);
    // the approver's line is no longer than the requester's
    assert.ok(lines.find((l) => l.startsWith('approved-by:'))!.length <= lines.find((l) => l.startsWith('requested-by:'))!.length + 4, approved);
  });

  test('the editor leaves the cursor on the first question: its placeholder, selected', () => {
    const text = renderExceptionRequest({ id: 'EX-0007', rule: 'new-technology', subject: 'fastify', subjectName: 'Fastify', requestedOn: '2026-11-24' });
    const range = firstQuestionRange(text)!;
    const lines = text.split('\n');
    assert.strictEqual(lines[range.start.line - 2], '## The product capability this enables');
    assert.strictEqual(lines[range.start.line].slice(range.start.character, range.end.character), '<!-- What can users do with this that they cannot do today? -->');
    assert.deepStrictEqual(firstQuestionRange(text.replace(/\n/g, '\r\n')), range);
    // once answered, or in another file, there is no question to go to
    assert.strictEqual(firstQuestionRange(text.replace('<!-- What can users do with this that they cannot do today? -->', 'Partners get answers in 50 ms.')), undefined);
    assert.strictEqual(firstQuestionRange('{ "technologies": {} }'), undefined);
  });
});
