// Editor polish, as a daily user meets it in the example shop (examples/shop): the status bar says
// what it counts and a click lists the findings and requests; the hover of a use a signed
// exception allows starts with that; the quick fixes are labelled for who they are for and each
// finding links its rule's documentation; the palette hides what does not apply; the walkthrough;
// a workspace whose policy is removed goes quiet.
// Prerequisites: scripts/e2e-setup.sh, then `npm run build`.
// Run: npx mocha --ui tdd --timeout 180000 out/test/e2e/polish.e2e.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_TIMEOUT, lineOf, useSession } from './harness';

const STATUS_ITEM = 'techPolicy.status';

suite('E2E: editor polish in the example shop', () => {
  // the example itself, copied (test/fixtures/../../examples/shop)
  const s = useSession({ fixture: path.join('..', '..', 'examples', 'shop'), name: 'polish' });

  test('the status bar says what it counts; its tooltip is plain text', async () => {
    const e2e = s();
    await e2e.openFile('server/package.json');
    await e2e.waitForSquiggle('warning', '"fastify"');
    const text = await e2e.waitForStatusBar(/^Tech Policy: \d+ findings, 1 pending$/, STATUS_ITEM);
    const tooltip = await e2e.statusBarTooltip(STATUS_ITEM);
    await e2e.screenshot('status-tooltip');
    assert.doesNotMatch(tooltip, /\*\*|`/, `no raw Markdown in the tooltip: ${tooltip}`);
    assert.match(tooltip, /^Tech Policy\n/, tooltip);
    const count = Number(/(\d+) findings/.exec(text)![1]);
    assert.match(tooltip, new RegExp(`workspace: ${count} findings, 1 exception granted, 1 request awaiting signature, 1 approval not granted`), tooltip);
    await e2e.escape();
  });

  test('a click on the status bar item lists the findings and the pending request; picking one goes there', async () => {
    const e2e = s();
    await e2e.clickStatusBarItem(STATUS_ITEM);
    const title = e2e.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Tech Policy: Findings and Requests' });
    await e2e.waitVisible(title, 'the findings quick pick');
    const items = await e2e.poll('the findings and the request in the quick pick', DEFAULT_TIMEOUT, async () => {
      const shown = await e2e.quickPickItems();
      return shown.some((i) => i.label.includes('EX-0002')) && shown.some((i) => i.label.includes('Fastify')) ? shown : undefined;
    });
    await e2e.screenshot('status-quick-pick');
    const counted = Number(/(\d+) findings/.exec(await e2e.waitForStatusBar(/findings/, STATUS_ITEM))![1]);
    const findingItems = items.filter((i) => !i.label.includes('EX-0002 graphql') && !i.label.includes('Show all in the Problems panel'));
    assert.strictEqual(findingItems.length, counted, `as many findings as the status bar counts: ${JSON.stringify(items)}`);
    const fastify = items.find((i) => i.label.includes('Fastify'))!;
    const pkg = fs.readFileSync(path.join(s().workspace, 'server', 'package.json'), 'utf8');
    assert.strictEqual(fastify.description, `new-technology · server/package.json:${lineOf(pkg, '"fastify"')}`, JSON.stringify(fastify));
    assert.match(fastify.detail, /Fastify/, JSON.stringify(fastify));
    const request = items.find((i) => i.label.includes('EX-0002'))!;
    assert.match(request.label, /EX-0002 graphql/, JSON.stringify(request));
    assert.match(request.detail, /awaiting signature/, JSON.stringify(request));
    assert.ok(items.some((i) => i.label.includes('Show all in the Problems panel')), JSON.stringify(items));

    // a finding in another file: the editor opens there, the cursor on the finding
    const service = items.find((i) => i.label.includes('recommendations'));
    assert.ok(service, `the recommendations findings are listed: ${JSON.stringify(items)}`);
    assert.match(service.description, /^new-service · docker-compose\.yml:\d+$/, `the first of them, by file: ${JSON.stringify(service)}`);
    await e2e.pickQuickPickItem(service.label);
    await e2e.waitForActiveTab('docker-compose.yml');
    const line = Number(/:(\d+)$/.exec(service.description)![1]);
    const cursor = e2e.page.locator('.statusbar-item[id="status.editor.selection"]');
    await e2e.poll(`the cursor on line ${line}`, DEFAULT_TIMEOUT, async () => new RegExp(`^Ln ${line},`).test(await cursor.innerText().catch(() => '')) || undefined);
    await e2e.waitForSquiggle('warning', 'recommendations:');
    await e2e.screenshot('status-pick-opened-finding');

    // the request: its document opens
    await e2e.clickStatusBarItem(STATUS_ITEM);
    await e2e.waitVisible(title, 'the findings quick pick');
    await e2e.pickQuickPickItem('EX-0002 graphql');
    await e2e.waitForActiveTab('EX-0002-graphql.md');
  });

  test('the hover of a use a signed exception allows starts with that fact', async () => {
    const e2e = s();
    await e2e.openFile('server/package.json');
    await e2e.waitForSquiggle('warning', '"fastify"');
    const hover = await e2e.hoverSquiggle('Allowed by EX-0001', '"ioredis"');
    await e2e.screenshot('redis-hover-allowed');
    assert.match(hover, /^✓ Allowed by EX-0001: granted, signed by Dana Reyes \(CTO\) with a key in this checkout's policy \(SHA256:\S+\), on 2026-09-16, expires 2027-09-16\. Scope: "server\/\*\*", "docker-compose\.yml"\./, hover);
    assert.doesNotMatch(hover, /not approved|Rule new-technology:/, hover);
    await e2e.escape();

    // a finding's hover: the diagnostic, then the hover, without saying the same thing twice
    const fastify = await e2e.hoverSquiggle('not approved', await e2e.waitForSquiggle('warning', '"fastify"'));
    await e2e.screenshot('fastify-hover');
    assert.strictEqual(fastify.split('Express').length - 1, 1, `Express named once: ${fastify}`);
    assert.doesNotMatch(fastify, /Rule documentation/, `the rule's page is linked once, by the diagnostic's code: ${fastify}`);
    await e2e.escape();
  });

  test('quick fixes: the request first, "Policy owner: approve" for the policy\'s owners, the rule\'s documentation', async () => {
    const e2e = s();
    await e2e.switchToTab('package.json');
    const squiggle = await e2e.waitForSquiggle('warning', '"fastify"');
    await e2e.escape();
    const box = (await squiggle.boundingBox())!;
    await e2e.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await e2e.page.keyboard.press('Control+.');
    const rows = e2e.page.locator('.action-widget .monaco-list-row');
    const titles = await e2e.poll('the quick fix menu', DEFAULT_TIMEOUT, async () => {
      const shown = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      return shown.some((t) => t.includes('Show rule documentation')) ? shown : undefined;
    });
    await e2e.screenshot('quick-fix-menu');
    const fixes = titles.filter((t) => /Request an exception|Policy owner|Show rule documentation/.test(t));
    assert.deepStrictEqual(fixes, ['Request an exception for Fastify', 'Policy owner: approve Fastify in techpolicy.json', 'Show rule documentation (new-technology)'], JSON.stringify(titles));
    await e2e.page.keyboard.press('Escape');

    // the documentation opens where VS Code opens links: a browser tab (or the prompt before one)
    const popup = e2e.page.context().waitForEvent('page', { timeout: DEFAULT_TIMEOUT }).catch(() => undefined);
    await e2e.quickFix('Show rule documentation (new-technology)', squiggle);
    const dialog = e2e.page.locator('.monaco-dialog-box', { hasText: 'github.com' });
    const opened = await e2e.poll('the rule documentation to open', DEFAULT_TIMEOUT, async () => {
      if (await dialog.isVisible()) return 'dialog';
      return (await Promise.race([popup, Promise.resolve(undefined)])) ? 'page' : undefined;
    });
    await e2e.screenshot('rule-documentation-opened');
    if (opened === 'dialog') {
      assert.match(await dialog.innerText(), /tech-policy\/tech-policy\/blob\/main\/docs\/rules\/new-technology\.md/);
      await e2e.page.keyboard.press('Escape');
    } else {
      const page = (await popup)!;
      assert.match(page.url(), /docs\/rules\/new-technology\.md$/);
      await page.close();
    }
  });

  test('with a policy, the palette has no "Create Policy from Workspace"', async () => {
    const e2e = s();
    const rows = await e2e.paletteRows('Tech Policy: Create Policy');
    await e2e.screenshot('palette-without-create');
    assert.ok(!rows.some((r) => r.includes('Create Policy from Workspace')), JSON.stringify(rows));
    await e2e.escape();
  });

  test('a workspace whose policy is removed goes quiet: no status bar item, a JSON language status offers to create one', async () => {
    const e2e = s();
    fs.rmSync(path.join(e2e.workspace, 'techpolicy.json'));
    await e2e.poll('the status bar item to go', DEFAULT_TIMEOUT, async () => !(await e2e.statusBarItems()).some((i) => i.id.endsWith(STATUS_ITEM)) || undefined);
    await e2e.openFile('server/package.json');
    await e2e.waitForNoSquiggle('warning', '"fastify"');
    const language = e2e.page.locator('.statusbar-item[id="status.languageStatus"]');
    await e2e.waitVisible(language, 'the language status');
    await language.click();
    const entry = e2e.page.locator('.monaco-hover:visible', { hasText: 'Tech Policy: no techpolicy.json' });
    await e2e.waitVisible(entry, 'the "no techpolicy.json" language status');
    assert.match(await entry.innerText(), /Create Policy from Workspace/);
    await e2e.screenshot('no-policy-language-status');
    await e2e.escape();
  });
});

suite('E2E: a new team follows the walkthrough', () => {
  const s = useSession({ fixture: 'e2e-adopt', name: 'walkthrough' });

  test('Get Started with Tech Policy: five steps; its "Create Policy from Workspace" writes the policy and checks the step', async () => {
    const e2e = s();
    assert.ok(!fs.existsSync(path.join(e2e.workspace, 'techpolicy.json')), 'the fixture has no policy');
    const input = e2e.page.locator('.quick-input-widget .quick-input-box input');
    await e2e.page.keyboard.press('F1');
    await e2e.waitVisible(input, 'the command palette');
    await input.fill('>Welcome: Open Walkthrough');
    await e2e.waitVisible(e2e.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: 'Open Walkthrough' }), 'the Open Walkthrough command');
    await e2e.page.keyboard.press('Enter');
    await e2e.pickQuickPickItem('Get Started with Tech Policy');
    const steps = e2e.page.locator('.getting-started-step .step-title');
    const titles = await e2e.poll('the walkthrough steps', DEFAULT_TIMEOUT, async () => {
      const shown = (await steps.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
      return shown.length >= 5 ? shown : undefined;
    });
    assert.deepStrictEqual(titles, ['Create the policy', 'See a finding', 'Request an exception', 'Sign it as an approver', 'Record a baseline']);
    // the first step's page beside it: its markdown
    await e2e.poll("the first step's page", DEFAULT_TIMEOUT, async () => {
      for (const frame of e2e.page.frames()) {
        if (await frame.locator('h1', { hasText: 'Create the policy' }).count().catch(() => 0)) return true;
      }
      return undefined;
    });
    const done = e2e.page.locator('.getting-started-step:has(.codicon-getting-started-step-checked:not(.hidden)) .step-title');
    assert.deepStrictEqual(await done.allInnerTexts(), [], 'nothing done yet');
    await e2e.screenshot('walkthrough-no-policy');

    await e2e.page.locator('.getting-started-step .button-container a, .getting-started-step .button-container button', { hasText: 'Create Policy from Workspace' }).first().click();
    await e2e.waitForFile('techpolicy.json', (t) => t.includes('"technologies"'));
    await e2e.waitForStatusBar(/^Tech Policy: no findings$/, 'techPolicy.status');
    // back to the walkthrough: the step is checked
    await e2e.page.locator('.tabs-container .tab', { hasText: 'Welcome' }).first().click();
    await e2e.poll('the first step checked', DEFAULT_TIMEOUT, async () => ((await done.allInnerTexts()).map((t) => t.trim())[0] === 'Create the policy') || undefined);
    await e2e.screenshot('walkthrough-policy-created');
  });
});
