// The agent tools in a real VS Code (code-server 4.139.1 = VS Code 1.139, chat.disableAIFeatures on,
// as every e2e run): an agent stand-in (agentDriver.ts, installed beside the extension) invokes the
// tools through vscode.lm.invokeTool; the request tool's confirmation is the dialog a person sees:
// declined, nothing is written; accepted, the draft is written and opened. Screenshots in
// test-output/e2e/agents-*.png.
// Prerequisites: scripts/e2e-setup.sh, npm run build.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_TIMEOUT, type E2ESession, OUTPUT_DIR, REPO_ROOT, useSession } from './harness';

const DRIVER = { publisher: 'tech-policy-e2e', name: 'agent-driver', version: '0.0.1' };

/** The agent stand-in: a folder in the run's extensions dir, its code compiled from agentDriver.ts. Returns the run's TMPDIR, where it reads and writes. */
function installDriver(runDir: string): string {
  const dir = path.join(runDir, 'exts', `${DRIVER.publisher}.${DRIVER.name}-${DRIVER.version}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'out', 'test', 'e2e', 'agentDriver.js'), path.join(dir, 'extension.js'));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ ...DRIVER, engines: { vscode: '^1.95.0' }, main: './extension.js', activationEvents: ['onCommand:techPolicyE2E.ask'], contributes: { commands: [{ command: 'techPolicyE2E.ask', title: 'Agent Stand-in: Ask a Tool' }] } }),
  );
  return path.join(runDir, 'tmp');
}

interface Answer {
  text?: string;
  error?: string;
  tools?: string[];
}

/** Runs the stand-in's command with a tool call (none: list the tools); returns once it has written its answer. */
function asker(session: () => E2ESession, tmp: () => string) {
  return async (tool: string, input: object, whileWaiting: () => Promise<void> = async () => undefined): Promise<Answer> => {
    const e2e = session();
    const result = path.join(tmp(), 'agent-result.json');
    fs.rmSync(result, { force: true });
    fs.writeFileSync(path.join(tmp(), 'agent-request.json'), JSON.stringify({ tool, input }));
    // the stand-in's command is in the palette once the extension host has read the extensions
    await e2e.poll('the stand-in\'s command in the palette', 60_000, async () => {
      const rows = await e2e.paletteRows('Agent Stand-in: Ask a Tool');
      await e2e.escape();
      return rows.some((r) => r.includes('Agent Stand-in: Ask a Tool')) || undefined;
    });
    await e2e.runCommand('Agent Stand-in: Ask a Tool');
    return e2e.poll(`the answer of ${tool || 'the tool list'}`, 60_000, async () => {
      await whileWaiting();
      return fs.existsSync(result) ? (JSON.parse(fs.readFileSync(result, 'utf8')) as Answer) : undefined;
    });
  };
}

const STALE_AGENTS = '# Notes for agents\n\n<!-- tech-policy:begin policy=0123456789ab (written by "tech-policy agents") -->\n## An old section\n<!-- tech-policy:end -->\n\nRun the tests before you push.\n';

const OURS = ['techPolicy_checkTechnology', 'techPolicy_checkDeployable', 'techPolicy_currentFindings', 'techPolicy_requestException'];

suite('E2E: the agent tools and the request tool\'s confirmation', () => {
  let tmp = '';
  const session = useSession({
    fixture: 'integration',
    name: 'agents',
    prepare: (workspace, runDir) => {
      tmp = installDriver(runDir);
      // an AGENTS.md whose Tech Policy section was written for another policy
      fs.writeFileSync(path.join(workspace, 'AGENTS.md'), STALE_AGENTS);
    },
  });
  const ask = asker(session, () => tmp);

  test('check_technology through vscode.lm.invokeTool: Fastify needs a signed exception, Express instead', async function () {
    this.timeout(120_000);
    const e2e = session();
    await e2e.waitForStatusBar(/Tech Policy: \d+ finding/);
    const listed = await ask('', {});
    assert.deepStrictEqual(OURS.filter((t) => listed.tools?.includes(t)), OURS, JSON.stringify(listed));
    const answer = await ask('techPolicy_checkTechnology', { package: 'fastify', path: 'package.json' });
    assert.ok(answer.text, JSON.stringify(answer));
    const lines = answer.text.split('\n');
    assert.strictEqual(lines[0], 'Fastify (web framework; technology id "fastify"): NOT ALLOWED without a signed exception (rule new-technology).');
    assert.ok(lines.includes('Use instead: Express (approved web frameworks).'), answer.text);
  });

  test('request_exception: the confirmation names the file; declined, nothing is written; accepted, the draft opens', async function () {
    this.timeout(180_000);
    const e2e = session();
    const draft = path.join(e2e.workspace, 'docs', 'policy-exceptions', 'EX-0001-fastify.md');
    const dialog = e2e.page.locator('.monaco-dialog-box');
    const input = { kind: 'technology', subject: 'fastify', path: 'package.json' };
    const seen: string[] = [];
    const shots: string[] = [];
    const answerWith = (choice: 'Cancel' | 'accept') => async () => {
      if (!(await dialog.isVisible().catch(() => false))) return;
      seen.push(await dialog.innerText());
      shots.push(await e2e.screenshot(`confirmation-${choice === 'Cancel' ? 'declined' : 'accepted'}`));
      const buttons = dialog.locator('.dialog-buttons .monaco-button');
      await (choice === 'Cancel' ? buttons.filter({ hasText: /^Cancel$/ }) : buttons.filter({ hasNotText: /^Cancel$/ }).first()).click();
      await e2e.poll('the dialog to close', DEFAULT_TIMEOUT, async () => !(await dialog.isVisible().catch(() => false)) || undefined);
    };

    const declined = await ask('techPolicy_requestException', input, answerWith('Cancel'));
    assert.match(declined.error ?? '', /Canceled/, JSON.stringify(declined));
    assert.ok(!fs.existsSync(draft), 'declined: nothing written');
    assert.strictEqual(seen.length, 1, 'one confirmation');
    assert.match(seen[0], /Draft exception request EX-0001 for Fastify\?/);
    assert.match(seen[0], /Tech Policy will write docs\/policy-exceptions\/EX-0001-fastify\.md, a request \(rule new-technology\) for a person to complete and an approver to sign\. It grants nothing, and changes no other file\./);

    const accepted = await ask('techPolicy_requestException', input, answerWith('accept'));
    assert.match(accepted.text ?? '', /^Wrote docs\/policy-exceptions\/EX-0001-fastify\.md \(EX-0001, rule new-technology, subject fastify\): a draft for a person to complete\.\n/, JSON.stringify(accepted));
    assert.strictEqual(seen.length, 2, 'asked again');
    const text = await e2e.waitForFile(draft, (t) => t.includes('Drafted by a coding agent'));
    assert.match(text, /^status: requested /m);
    await e2e.waitForActiveTab('EX-0001-fastify.md');
    shots.push(await e2e.screenshot('draft-opened'));
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    assert.ok(shots.every((s) => fs.existsSync(s)), shots.join(', '));
  });

  test('AGENTS.md written for another policy: an info squiggle on its marker; the quick fix refreshes the section, nothing else', async function () {
    this.timeout(120_000);
    const e2e = session();
    await e2e.openFile('AGENTS.md');
    const squiggle = await e2e.waitForSquiggle('info', 'tech-policy:begin');
    await e2e.screenshot('agents-md-stale');
    await e2e.quickFix('Refresh the Tech Policy section of AGENTS.md', squiggle);
    await e2e.save();
    const text = await e2e.waitForFile('AGENTS.md', (t) => t.includes('## Engineering policy (Tech Policy)'));
    assert.ok(text.startsWith('# Notes for agents\n\n<!-- tech-policy:begin policy=') && text.endsWith('<!-- tech-policy:end -->\n\nRun the tests before you push.\n'), text);
    assert.ok(text.includes('  - Web frameworks: Express.\n'), text);
    // the edit may leave the view scrolled down: the marker's line back in view
    await e2e.toTop();
    await e2e.waitForNoSquiggle('info', 'tech-policy:begin');
    await e2e.screenshot('agents-md-refreshed');
  });
});

suite('E2E: the agent tools where no folder has a policy', () => {
  let tmp = '';
  const session = useSession({
    fixture: 'e2e-adopt',
    name: 'agents-no-policy',
    prepare: (_workspace, runDir) => {
      tmp = installDriver(runDir);
    },
  });
  const ask = asker(session, () => tmp);

  // Their `when` (techPolicy.hasPolicy) keeps the tools out of agent mode's tool list here; the
  // extension API's vscode.lm.tools lists every contributed tool whatever its `when` (VS Code 1.139),
  // so another extension can still call one: it must answer, and honestly.
  test('asked where no folder has a policy, a tool starts the extension and says nothing is checked', async function () {
    this.timeout(120_000);
    const e2e = session();
    const answer = await ask('techPolicy_checkTechnology', { package: 'fastify', path: 'package.json' });
    assert.match(answer.text ?? '', /^Fastify \(web framework; technology id "fastify"\): NOT CHECKED by this policy\.\nThis folder has no techpolicy\.json, so nothing is checked here\./, JSON.stringify(answer));
    await e2e.screenshot('no-policy');
  });
});
