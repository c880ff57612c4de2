// Three journeys in a real editor, driven as a person would:
//   1. a developer requests an exception from the palette (Tech Policy: Request Exception);
//   2. the approver signs it: a typed approval is not granted, "Approve and sign" without the
//      reasons is refused, then the CTO's code lens signs it with her SSH key and the finding
//      goes away without a restart, the Policy Exceptions view moving it to Granted;
//   3. a team adopting the extension creates its policy from the workspace: zero noise on day one.
// Prerequisites: scripts/e2e-setup.sh, then `npm run build` (dist/client.js, dist/server.js).
// Run: npx mocha --ui tdd --timeout 180000 out/test/e2e/journeys.e2e.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { today } from '../../server/src/core/folder';
import { evaluateException } from '../../server/src/core/exceptions/evaluate';
import { parseExceptionDocument } from '../../server/src/core/exceptions/parse';
import { loadPolicy } from '../../server/src/core/policy/load';
import { frontMatter } from '../support/frontMatter';
import { danaSigns, type TestKey } from '../support/ssh';
import { DEFAULT_TIMEOUT, FIXTURES_DIR, lineOf, useSession } from './harness';

const EXCEPTION_DOC = 'docs/policy-exceptions/EX-0001-fastify.md';
/** The element id of the extension's status bar item ends so (publisher.name.itemId). */
const STATUS_ITEM = 'techPolicy.status';

suite('E2E journeys: request an exception from the palette, then the approver signs it', () => {
  // the CTO's key, made for this run outside the workspace; the policy lists its public half
  let signingKey: TestKey;
  const s = useSession({
    fixture: 'e2e-journeys',
    name: 'journey-exception',
    prepare: (workspace, runDir) => {
      const dana = danaSigns(workspace, runDir);
      signingKey = dana.key;
      return dana.settings;
    },
  });

  test('journey 1: "Tech Policy: Request Exception" lists the findings and writes the picked request', async () => {
    const e2e = s();
    await e2e.openFile('package.json');
    await e2e.waitForSquiggle('warning', '"fastify"');
    await e2e.waitForSquiggle('warning', '"kafkajs"');
    await e2e.screenshot('findings-in-package-json');

    await e2e.runCommandToPicker('Tech Policy: Request Exception', 'Tech Policy: Request Exception');
    const items = await e2e.poll('the findings in the quick pick', DEFAULT_TIMEOUT, async () => {
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
    await e2e.waitForStatusBar(/^Tech Policy: 2 findings, 1 pending$/, STATUS_ITEM);
    await e2e.screenshot('exception-request-open');

    await e2e.switchToTab('package.json');
    const hover = await e2e.hoverSquiggle('not yet signed', await e2e.waitForSquiggle('warning', '"fastify"'));
    assert.match(hover, /EX-0001/, `the hover names the pending request: ${hover}`);
    await e2e.screenshot('fastify-hover-pending');
    await e2e.escape();
  });

  test('journey 2: a typed approval is not a signature; the approver\'s code lens "Approve and sign" grants it', async () => {
    const e2e = s();
    const docPath = path.join(e2e.workspace, EXCEPTION_DOC);
    assert.ok(fs.existsSync(docPath), `journey 1 must have written ${EXCEPTION_DOC}`);
    const original = fs.readFileSync(docPath, 'utf8');

    // The approver opens the request: its state, and the decision, above the front matter.
    await e2e.switchToTab('EX-0001-fastify.md');
    await e2e.poll('the code lenses of the request', DEFAULT_TIMEOUT, async () => {
      const titles = await e2e.codeLensTitles();
      return titles.some((t) => t.startsWith('Tech Policy: awaiting signature')) && titles.includes('Approve and sign as Dana Reyes') && titles.includes('Reject') ? titles : undefined;
    });
    await e2e.runCommand('Tech Policy: Show Policy Exceptions');
    await e2e.waitForViewRows('Policy Exceptions', 'the request awaiting the approver', (rows) => rows.some((r) => r.startsWith('Awaiting your signature (1)')) && rows.some((r) => r.startsWith('EX-0001 fastify')));
    await e2e.screenshot('request-awaiting-signature');

    // The requester types the CTO's name: not a signature.
    await e2e.replaceLine(lineOf(original, 'status: requested'), 'status: approved');
    await e2e.replaceLine(lineOf(original, 'approved-by:'), 'approved-by: Dana Reyes <dana@acme.example>');
    await e2e.replaceLine(lineOf(original, 'approved-on:'), `approved-on: ${today()}`);
    await e2e.save();
    await e2e.waitForSquiggle('error', 'approved-by: Dana Reyes');
    // by its text: the squiggles of the unwritten reasons arrive too, and shift the squiggles' order
    const forgedHover = await e2e.hoverSquiggle('the approval is not signed', 'Dana Reyes <dana@acme.example>');
    assert.match(forgedHover, /exception-invalid/, `the error is exception-invalid: ${forgedHover}`);
    await e2e.waitForViewRows('Policy Exceptions', 'the forged approval as not granted', (rows) => rows.some((r) => r.startsWith('Not granted (1)')));
    await e2e.screenshot('typed-approval-not-granted');
    await e2e.escape();
    await e2e.switchToTab('package.json');
    const stillFlagged = await e2e.waitForSquiggle('warning', '"fastify"');
    const hover = await e2e.hoverSquiggle('not granted', stillFlagged);
    assert.match(hover, /EX-0001/, `the fastify hover names the exception that does not count: ${hover}`);
    await e2e.screenshot('fastify-still-flagged');
    await e2e.escape();

    // Approve and sign before the reasons are written: refused, the document untouched.
    await e2e.switchToTab('EX-0001-fastify.md');
    const beforeSigning = fs.readFileSync(docPath, 'utf8');
    const refused = async () => (await e2e.notifications()).find((n) => n.includes('cannot be approved yet'));
    await e2e.clickCodeLens('Approve and sign as Dana Reyes', async () => !!(await refused()), 'the refusal to sign without reasons');
    const refusal = (await refused())!;
    assert.match(refusal, /"The product capability this enables" is not written yet/, refusal);
    assert.strictEqual(fs.readFileSync(docPath, 'utf8'), beforeSigning, 'nothing written');
    await e2e.screenshot('refused-without-reasons');

    // The reasons, written; then the approver's one action signs with the key from the settings.
    const now = fs.readFileSync(docPath, 'utf8');
    await e2e.replaceLine(lineOf(now, '<!-- What can users do'), 'Partners get catalogue answers within 50 ms.');
    await e2e.replaceLine(lineOf(now, 'Why is that not enough?'), 'Express adds 20 ms per request at our payload sizes.');
    await e2e.save();
    const isSigned = () => fs.readFileSync(docPath, 'utf8').includes('-----END SSH SIGNATURE-----');
    await e2e.clickCodeLens('Approve and sign as Dana Reyes', async () => isSigned(), 'the signed document on disk');
    const signed = await e2e.waitForFile(EXCEPTION_DOC, (text) => text.includes('-----END SSH SIGNATURE-----') && frontMatter(text)['approved-by'] === 'Dana Reyes <dana@acme.example>');
    const ev = evaluateException(parseExceptionDocument('file:///x/EX-0001-fastify.md', signed), loadPolicy('file:///x/techpolicy.json', fs.readFileSync(path.join(e2e.workspace, 'techpolicy.json'), 'utf8'), { readFile: () => undefined }).policy, today());
    assert.deepStrictEqual([ev.state, ev.signature?.fingerprint], ['granted', signingKey.fingerprint], JSON.stringify(ev.problems));
    await e2e.waitForNoSquiggle('error', 'approved-by: Dana Reyes');
    await e2e.poll('the granted code lens', DEFAULT_TIMEOUT, async () => (await e2e.codeLensTitles()).find((t) => t.startsWith('Tech Policy: granted: signed by Dana Reyes (CTO)')));
    await e2e.waitForViewRows('Policy Exceptions', 'the exception granted', (rows) => rows.some((r) => r.startsWith('Granted (1)')) && !rows.some((r) => /^(Not granted|Awaiting)/.test(r)));
    await e2e.screenshot('signed-and-granted');

    await e2e.switchToTab('package.json');
    await e2e.waitForNoSquiggle('warning', '"fastify"');
    await e2e.waitForSquiggle('warning', '"kafkajs"');
    await e2e.waitForStatusBar(/^Tech Policy: 1 finding$/, STATUS_ITEM);
    await e2e.screenshot('fastify-cleared-kafka-still-flagged');
    // the hover of the use the exception now allows starts with that fact
    const allowed = await e2e.hoverSquiggle('Allowed by EX-0001', '"fastify"');
    assert.match(allowed, /^✓ Allowed by EX-0001: granted, signed by Dana Reyes \(CTO\) with a key in this checkout's policy \(SHA256:/, `the hover starts with the granted exception: ${allowed}`);
    assert.doesNotMatch(allowed, /not approved|Rule new-technology:/, allowed);
    await e2e.screenshot('fastify-hover-allowed');
    await e2e.escape();
    const rows = await e2e.poll('the Problems panel to list only the Kafka finding', DEFAULT_TIMEOUT, async () => {
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
    await e2e.waitForNoSquiggle('warning', '"fastify"');
    // quiet: without a policy the extension does not even start, so no status bar item
    await e2e.expectNoStatusBarItem(STATUS_ITEM);
    assert.ok(!(await e2e.page.locator('.pane-header', { hasText: /Policy Exceptions/i }).isVisible()), 'no Policy Exceptions view without a policy');
    const before = await e2e.problemsRows();
    assert.deepStrictEqual(before.filter((r) => r.includes('tech-policy')), [], `no tech-policy problems without a policy: ${JSON.stringify(before)}`);
    await e2e.screenshot('no-policy');
    // the palette offers what makes sense here: creating the policy, not requesting an exception
    const create = await e2e.paletteRows('Tech Policy: Create Policy');
    assert.ok(create.some((r) => r.includes('Create Policy from Workspace')), JSON.stringify(create));
    await e2e.screenshot('no-policy-palette');
    await e2e.escape();
    for (const title of ['Tech Policy: Request Exception', 'Tech Policy: Approve and Sign', 'Tech Policy: Record Current Findings']) {
      const rows = await e2e.paletteRows(title);
      assert.ok(!rows.some((r) => r.includes(title)), `${title} is not offered without a policy: ${JSON.stringify(rows)}`);
      await e2e.escape();
    }

    await e2e.runCommand('Tech Policy: Create Policy from Workspace');
    const policy = await e2e.waitForFile('techpolicy.json', (text) => text.includes('"technologies"'));
    await e2e.waitForActiveTab('techpolicy.json');
    assert.match(policy, /"fastify": \{ "ring": "adopt" \}/, `fastify approved as adopt:\n${policy}`);
    for (const id of ['express', 'react', 'postgres']) {
      assert.match(policy, new RegExp(`"${id}": \\{ "ring": "adopt" \\}`), `${id} approved as adopt:\n${policy}`);
    }
    await e2e.screenshot('policy-created');

    // The server now checks against the new policy: zero findings, and the status bar item appears.
    await e2e.waitForStatusBar(/^Tech Policy: no findings$/, STATUS_ITEM);
    const createAgain = await e2e.paletteRows('Tech Policy: Create Policy');
    assert.ok(!createAgain.some((r) => r.includes('Create Policy from Workspace')), `no "Create Policy" once there is one: ${JSON.stringify(createAgain)}`);
    await e2e.escape();
    const request = await e2e.paletteRows('Tech Policy: Request Exception');
    assert.ok(request.some((r) => r.includes('Request Exception')), JSON.stringify(request));
    await e2e.escape();
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
    await e2e.poll('the JSON language status to report the schema validated', DEFAULT_TIMEOUT, async () =>
      /Schema validated/.test((await languageStatus.getAttribute('aria-label')) ?? '') || undefined,
    );
    const rows = await e2e.problemsRows();
    await e2e.screenshot('policy-problems');
    assert.deepStrictEqual(rows, [], `problems in the workspace after creating the policy: ${JSON.stringify(rows)}`);
  });
});
