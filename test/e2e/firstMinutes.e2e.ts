// The first minutes in a repository with a policy, as a newcomer meets them in a real editor:
//   - the palette offers Tech Policy's commands as soon as the window is there, before the server
//     has reported, and one run at once does the right thing (Open Policy opens the policy);
//   - a new exception request opens with its first question selected: typing straight away
//     answers it, never lands in the front matter;
//   - "Approve and sign" fills approved-by on one line, without the template's instruction.
// Prerequisites: scripts/e2e-setup.sh, then `npm run build`.
// Run: npx mocha --ui tdd --timeout 180000 out/test/e2e/firstMinutes.e2e.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { danaSigns } from '../support/ssh';
import { DEFAULT_TIMEOUT, lineOf, useSession } from './harness';

const EXCEPTION_DOC = 'docs/policy-exceptions/EX-0001-fastify.md';
const STATUS_ITEM = 'techPolicy.status';
const ANSWER = 'Partners get catalogue answers within 50 ms.';

suite('E2E: the first minutes in a repository with a policy', () => {
  const s = useSession({
    fixture: 'e2e-journeys',
    name: 'first-minutes',
    // its first test runs commands before the extension has settled, on purpose
    settle: false,
    prepare: (workspace, runDir) => danaSigns(workspace, runDir).settings,
  });

  test('the palette offers the commands as soon as the window is there; Open Policy run at once opens the policy', async () => {
    const e2e = s();
    // the first time the palette knows any Tech Policy command (the workbench has read the
    // extension's contributions), whether or not the extension or its server has started yet
    const rows = await e2e.poll('the palette to know Tech Policy\'s commands', 60_000, async () => {
      const shown = await e2e.paletteRows('Tech Policy:');
      if (shown.some((r) => r.startsWith('Tech Policy:'))) return shown;
      await e2e.page.keyboard.press('Escape');
      return undefined;
    });
    await e2e.screenshot('palette-at-once');
    for (const command of ['Request Exception', 'Approve and Sign Exception', 'Reject Exception', 'Show Policy Exceptions', 'Show Findings and Requests', 'Record Current Findings as Baseline', 'Show Report', 'Open Policy', 'Show Output', 'Restart Server']) {
      assert.ok(rows.some((r) => r.includes(`Tech Policy: ${command}`)), `"${command}" is offered at once: ${JSON.stringify(rows)}`);
    }
    await e2e.page.keyboard.press('Escape');
    await e2e.runCommand('Tech Policy: Open Policy');
    await e2e.waitForActiveTab('techpolicy.json');
    assert.ok(!(await e2e.notifications()).some((n) => /has no policy file/.test(n)), 'never "no policy file" where there is one');
    // once the server has reported, the command for folders without a policy is not offered
    await e2e.waitForStatusBar(/^Tech Policy: \d+ findings?/, STATUS_ITEM);
    const later = await e2e.paletteRows('Tech Policy: Create Policy');
    assert.ok(!later.some((r) => r.includes('Create Policy from Workspace')), JSON.stringify(later));
    await e2e.page.keyboard.press('Escape');
  });

  test('a new request opens with its first question selected: typing at once answers it', async () => {
    const e2e = s();
    await e2e.runCommandToPicker('Tech Policy: Request Exception', 'Tech Policy: Request Exception');
    await e2e.poll('Fastify in the quick pick', DEFAULT_TIMEOUT, async () => (await e2e.quickPickItems()).some((i) => i.label === 'Fastify') || undefined);
    await e2e.pickQuickPickItem('Fastify');
    await e2e.waitForActiveTab('EX-0001-fastify.md');
    // no wait for anything else: the first keystrokes go where the cursor is as the editor shows
    await e2e.page.keyboard.type(ANSWER);
    await e2e.waitVisible(e2e.lineWith(ANSWER), 'the typed answer');
    await e2e.screenshot('answer-typed-at-once');
    await e2e.save();
    const text = await e2e.waitForFile(EXCEPTION_DOC, (t) => t.includes(ANSWER));
    const lines = text.split('\n');
    assert.strictEqual(lines[lines.indexOf('## The product capability this enables') + 2], ANSWER, text);
    assert.ok(!text.includes('What can users do with this'), `the placeholder was replaced:\n${text}`);
    assert.match(text, /^---\nid: EX-0001\nrule: new-technology\nsubject: fastify\n/, 'the front matter untouched');
  });

  test('"Approve and sign" fills approved-by on one line, without the template\'s instruction', async () => {
    const e2e = s();
    const docPath = path.join(e2e.workspace, EXCEPTION_DOC);
    const now = fs.readFileSync(docPath, 'utf8');
    assert.match(now, /^approved-by: +# filled by the approver/m, 'the request has the template\'s instruction');
    await e2e.replaceLine(lineOf(now, 'Why is that not enough?'), 'Express adds 20 ms per request at our payload sizes.');
    await e2e.save();
    const isSigned = () => fs.readFileSync(docPath, 'utf8').includes('-----END SSH SIGNATURE-----');
    await e2e.clickCodeLens('Approve and sign as Dana Reyes', async () => isSigned(), 'the signed document on disk');
    const signed = await e2e.waitForFile(EXCEPTION_DOC, (t) => t.includes('-----END SSH SIGNATURE-----'));
    assert.strictEqual(signed.split('\n').find((l) => l.startsWith('approved-by:')), 'approved-by: Dana Reyes <dana@acme.example>');
    // in the editor: that one line, whole, on one row
    const row = e2e.lineWith('approved-by:');
    await e2e.poll('the signed approved-by line in the editor', DEFAULT_TIMEOUT, async () => ((await row.innerText()).replace(/\u00a0/g, ' ') === 'approved-by: Dana Reyes <dana@acme.example>') || undefined);
    await e2e.poll('the granted code lens', DEFAULT_TIMEOUT, async () => (await e2e.codeLensTitles()).find((t) => t.startsWith('Tech Policy: granted: signed by Dana Reyes (CTO)')));
    await e2e.screenshot('signed-one-line');
  });
});
