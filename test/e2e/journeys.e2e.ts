// Three journeys in a real editor, driven as a person would:
//   1. a developer requests an exception from the palette (Tech Policy: Request Exception);
//   2. the approver signs it in the document: a non-approver's signature is flagged, the CTO's
//      signature clears the finding without a restart;
//   3. a team adopting the extension creates its policy from the workspace: zero noise on day one.
// Prerequisites: scripts/e2e-setup.sh, then `npm run build` (dist/client.js, dist/server.js).
// Run: npx mocha --ui tdd --timeout 180000 out/test/e2e/journeys.e2e.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { today } from '../../server/src/core/folder';
import { frontMatter } from '../support/frontMatter';
import { FIXTURES_DIR, lineOf, useSession } from './harness';

const EXCEPTION_DOC = 'docs/policy-exceptions/EX-0001-fastify.md';
/** The element id of the extension's status bar item ends so (publisher.name.itemId). */
const STATUS_ITEM = 'techPolicy.status';

suite('E2E journeys: request an exception from the palette, then the approver signs it', () => {
  const s = useSession({ fixture: 'e2e-journeys', name: 'journey-exception' });

  test('journey 1: "Tech Policy: Request Exception" lists the findings and writes the picked request', async () => {
    const e2e = s();
    await e2e.openFile('package.json');
    await e2e.waitForSquiggle('warning', '"fastify"');
    await e2e.waitForSquiggle('warning', '"kafkajs"');
    await e2e.screenshot('findings-in-package-json');

    await e2e.runCommandToPicker('Tech Policy: Request Exception', 'Tech Policy: Request Exception');
    const items = await e2e.poll('the findings in the quick pick', 30_000, async () => {
      const shown = await e2e.quickPickItems();
      return shown.length >= 3 ? shown : undefined;
    });
    await e2e.screenshot('request-exception-picker');
    const fastify = items.find((i) => i.label === 'Fastify');
    assert.ok(fastify, `a quick pick item labelled Fastify: ${JSON.stringify(items)}`);
    assert.strictEqual(fastify.description, 'new-technology', `Fastify item description: ${JSON.stringify(fastify)}`);
    assert.match(fastify.detail, /^package\.json:11 — .*Fastify/, `Fastify item detail: ${JSON.stringify(fastify)}`);
    const kafka = items.find((i) => /kafka/i.test(i.label));
    assert.ok(kafka, `a quick pick item for kafkajs: ${JSON.stringify(items)}`);
    assert.strictEqual(kafka.description, 'new-technology', `Kafka item description: ${JSON.stringify(kafka)}`);
    assert.match(kafka.detail, /^package\.json:12 — /, `Kafka item detail: ${JSON.stringify(kafka)}`);
    assert.match(items[items.length - 1].label, /Type a subject…/, `the last item lets one type a subject: ${JSON.stringify(items)}`);

    await e2e.pickQuickPickItem('Fastify');
    const expected: Record<string, string> = {
      id: 'EX-0001',
      rule: 'new-technology',
      subject: 'fastify',
      status: 'requested',
      'requested-by': 'E2E Tester <e2e@example.com>',
    };
    const doc = await e2e.waitForFile(EXCEPTION_DOC, (text) => {
      const fields = frontMatter(text);
      return Object.entries(expected).every(([key, value]) => fields[key] === value);
    });
    assert.ok(doc.startsWith('---\n'), `the document starts with YAML front matter:\n${doc}`);
    await e2e.waitForActiveTab('EX-0001-fastify.md');
    await e2e.waitForStatusBar(/^2 · 1 pending$/, STATUS_ITEM);
    await e2e.screenshot('exception-request-open');

    await e2e.switchToTab('package.json');
    const hover = await e2e.hoverSquiggle('not yet signed', await e2e.waitForSquiggle('warning', '"fastify"'));
    assert.match(hover, /EX-0001/, `the hover names the pending request: ${hover}`);
    await e2e.screenshot('fastify-hover-pending');
    await e2e.escape();
  });

  test('journey 2: a signature by a non-approver is flagged; the CTO\'s signature clears the finding', async () => {
    const e2e = s();
    const docPath = path.join(e2e.workspace, EXCEPTION_DOC);
    assert.ok(fs.existsSync(docPath), `journey 1 must have written ${EXCEPTION_DOC}`);
    const original = fs.readFileSync(docPath, 'utf8');

    // Sam Lee signs: not an approver in the policy.
    await e2e.switchToTab('EX-0001-fastify.md');
    await e2e.replaceLine(lineOf(original, 'status: requested'), 'status: approved');
    await e2e.replaceLine(lineOf(original, 'approved-by:'), 'approved-by: Sam Lee');
    await e2e.replaceLine(lineOf(original, 'approved-on:'), `approved-on: ${today()}`);
    await e2e.save();
    await e2e.waitForFile(EXCEPTION_DOC, (text) => {
      const f = frontMatter(text);
      return f.status === 'approved' && f['approved-by'] === 'Sam Lee' && f['approved-on'] === today();
    });
    const error = await e2e.waitForSquiggle('error', 'approved-by: Sam Lee');
    const errorHover = await e2e.hoverSquiggle('is not an approver', error);
    assert.match(errorHover, /exception-invalid/, `the error is the exception-invalid rule: ${errorHover}`);
    await e2e.screenshot('signed-by-non-approver');
    await e2e.escape();

    await e2e.switchToTab('package.json');
    const stillFlagged = await e2e.waitForSquiggle('warning', '"fastify"');
    const hover = await e2e.hoverSquiggle('not valid', stillFlagged);
    assert.match(hover, /EX-0001/, `the fastify hover points at the invalid exception: ${hover}`);
    await e2e.screenshot('fastify-still-flagged');
    await e2e.escape();

    // Dana Reyes (the CTO, an approver) signs instead.
    await e2e.switchToTab('EX-0001-fastify.md');
    await e2e.replaceLine(lineOf(original, 'approved-by:'), 'approved-by: Dana Reyes');
    await e2e.save();
    await e2e.waitForFile(EXCEPTION_DOC, (text) => frontMatter(text)['approved-by'] === 'Dana Reyes');
    await e2e.waitForNoSquiggle('error', 'approved-by: Dana Reyes');
    await e2e.screenshot('signed-by-cto');

    await e2e.switchToTab('package.json');
    await e2e.waitForNoSquiggle('warning', '"fastify"');
    await e2e.waitForSquiggle('warning', '"kafkajs"');
    await e2e.waitForStatusBar(/^1$/, STATUS_ITEM);
    await e2e.screenshot('fastify-cleared-kafka-still-flagged');
    const rows = await e2e.poll('the Problems panel to list only the Kafka finding', 30_000, async () => {
      const shown = (await e2e.problemsRows()).filter((r) => r.includes('tech-policy'));
      return shown.length === 1 ? shown : undefined;
    });
    assert.match(rows[0], /Apache Kafka/, `the remaining tech-policy problem is Kafka's: ${JSON.stringify(rows)}`);
    await e2e.screenshot('problems-kafka-only');
  });
});

suite('E2E journeys: a team adopts Tech Policy and creates its policy from the workspace', () => {
  const s = useSession({ fixture: 'e2e-adopt', name: 'journey-adopt' });

  test('journey 3: with no policy nothing is flagged; "Create Policy from Workspace" approves what is in use', async () => {
    const e2e = s();
    assert.ok(
      !fs.existsSync(path.join(FIXTURES_DIR, 'e2e-adopt', 'techpolicy.json')),
      'the e2e-adopt fixture must not have a policy',
    );
    await e2e.openFile('package.json');
    await e2e.waitForStatusBar('Tech Policy: no policy', STATUS_ITEM);
    await e2e.waitForNoSquiggle('warning', '"fastify"');
    const before = await e2e.problemsRows();
    assert.deepStrictEqual(before.filter((r) => r.includes('tech-policy')), [], `no tech-policy problems without a policy: ${JSON.stringify(before)}`);
    await e2e.screenshot('no-policy');

    await e2e.runCommand('Tech Policy: Create Policy from Workspace');
    const policy = await e2e.waitForFile('techpolicy.json', (text) => text.includes('"technologies"'));
    await e2e.waitForActiveTab('techpolicy.json');
    assert.match(policy, /"fastify": \{ "ring": "adopt" \}/, `fastify approved as adopt:\n${policy}`);
    for (const id of ['express', 'react', 'postgres']) {
      assert.match(policy, new RegExp(`"${id}": \\{ "ring": "adopt" \\}`), `${id} approved as adopt:\n${policy}`);
    }
    await e2e.screenshot('policy-created');

    // The server now checks against the new policy: zero findings (the count replaces "no policy").
    await e2e.waitForStatusBar(/^0$/, STATUS_ITEM);
    await e2e.switchToTab('package.json');
    await e2e.waitForNoSquiggle('warning', '"fastify"');
    await e2e.waitForNoSquiggle('warning', '"express"');
    const rows = await e2e.problemsRows();
    assert.deepStrictEqual(rows.filter((r) => r.includes('tech-policy')), [], `no tech-policy problems: ${JSON.stringify(rows)}`);
    await e2e.screenshot('zero-findings');
  });

  test('journey 3, then: VS Code\'s JSON validation finds no problem in the generated policy', async () => {
    const e2e = s();
    assert.ok(fs.existsSync(path.join(e2e.workspace, 'techpolicy.json')), 'journey 3 must have created techpolicy.json');
    // VS Code's JSON language service validates the policy against the schema the extension
    // contributes (jsonValidation); its language status says when it has.
    await e2e.switchToTab('techpolicy.json');
    const languageStatus = e2e.page.locator('.statusbar-item[id="status.languageStatus"]');
    await e2e.poll('the JSON language status to report the schema validated', 30_000, async () =>
      /Schema validated/.test((await languageStatus.getAttribute('aria-label')) ?? '') || undefined,
    );
    const rows = await e2e.problemsRows();
    await e2e.screenshot('policy-problems');
    assert.deepStrictEqual(rows, [], `problems in the workspace after creating the policy: ${JSON.stringify(rows)}`);
  });
});
