import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { statusText, statusTooltip } from '../../client/src/statusText';
import type { FolderStatus } from '../../server/src/protocol';
import { REPO_ROOT } from '../support/fixtures';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
/** The context keys the client sets (client/src/status.ts, extension.ts). */
const CONTEXT_KEYS = ['techPolicy.active', 'techPolicy.hasPolicy', 'techPolicy.folderWithoutPolicy', 'techPolicy.hasFindings', 'techPolicy.hasPending', 'techPolicy.hasGranted'];

function contextKeysOf(when: string): string[] {
  return [...when.matchAll(/[A-Za-z][\w.]*/g)].map((m) => m[0]).filter((k) => k !== 'false' && k !== 'true' && !['view', 'viewItem'].includes(k) && k.includes('.') && !k.startsWith('exception.') && !k.startsWith('group.'));
}

suite('the extension manifest: activation, palette, walkthrough', () => {
  test('activates at once where a policy exists, and after start-up elsewhere (to know which commands apply; the server waits)', () => {
    assert.deepStrictEqual(manifest.activationEvents, ['workspaceContains:**/techpolicy.json', 'onStartupFinished']);
    assert.ok(Number(/^\^1\.(\d+)/.exec(manifest.engines.vscode)![1]) >= 74, 'VS Code 1.74+ activates on contributed commands by itself');
  });

  test('every command has a `when` in the palette, offered until known not to apply; "Create Policy" only while a folder has none', () => {
    const palette = new Map<string, string>(contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
    for (const c of contributes.commands) assert.ok(palette.get(c.command), `${c.command} has a when clause in commandPalette`);
    // before activation (techPolicy.active unset) every command shows: a key set late must not hide one
    assert.strictEqual(palette.get('techPolicy.createPolicy'), '!techPolicy.active || techPolicy.folderWithoutPolicy');
    for (const id of ['techPolicy.requestException', 'techPolicy.approveAndSign', 'techPolicy.recordBaseline', 'techPolicy.showFindings', 'techPolicy.openPolicy', 'techPolicy.showOutput']) assert.strictEqual(palette.get(id), '!techPolicy.active || techPolicy.hasPolicy', id);
    const whens = [...palette.values(), ...contributes.views.explorer.map((v: { when?: string }) => v.when ?? '')];
    for (const when of whens) for (const key of contextKeysOf(when)) assert.ok(CONTEXT_KEYS.includes(key), `${key} (in "${when}") is a context key the client sets`);
    assert.strictEqual(contributes.views.explorer.find((v: { id: string }) => v.id === 'techPolicy.exceptions').when, 'techPolicy.hasPolicy', 'no Policy Exceptions view without a policy');
  });

  test('the walkthrough: no policy → a finding → a request → signed → a baseline, each step with its command and its page', () => {
    const [walkthrough] = contributes.walkthroughs;
    assert.deepStrictEqual(walkthrough.steps.map((s: { title: string }) => s.title), ['Create the policy', 'See a finding', 'Request an exception', 'Sign it as an approver', 'Record a baseline']);
    const commands = new Set(contributes.commands.map((c: { command: string }) => c.command));
    for (const step of walkthrough.steps) {
      const links = [...step.description.matchAll(/\]\(command:([\w.]+)/g)].map((m: RegExpMatchArray) => m[1]);
      assert.ok(links.length > 0, `${step.id} has a command link`);
      for (const link of links) assert.ok(commands.has(link) || link.startsWith('workbench.'), `${step.id}: ${link} is a command`);
      const media = path.join(REPO_ROOT, step.media.markdown);
      assert.ok(fs.existsSync(media), media);
      assert.match(fs.readFileSync(media, 'utf8'), new RegExp(`^# ${step.title}\n`), `${step.media.markdown} starts with the step's title`);
      assert.ok(step.completionEvents.length > 0, step.id);
      for (const event of step.completionEvents) {
        const key = /^onContext:(.*)$/.exec(event)?.[1];
        if (key) assert.ok(CONTEXT_KEYS.includes(key), `${event}: a context key the client sets`);
        const command = /^onCommand:(.*)$/.exec(event)?.[1];
        if (command) assert.ok(commands.has(command), event);
      }
    }
  });
});

suite('the status bar item: what it counts, in words; a plain-text tooltip', () => {
  const folder = (over: Partial<FolderStatus>): FolderStatus => ({ uri: 'file:///ws', name: 'shop', policy: 'ok', policyUri: 'file:///ws/techpolicy.json', findings: 0, baselined: 0, granted: 0, pendingRequests: 0, notGranted: 0, expiringSoon: 0, trusted: true, ...over });

  test('"Tech Policy: 5 findings, 2 pending"', () => {
    assert.strictEqual(statusText(5, 2, false), 'Tech Policy: 5 findings, 2 pending');
    assert.strictEqual(statusText(1, 0, false), 'Tech Policy: 1 finding');
    assert.strictEqual(statusText(0, 0, false), 'Tech Policy: no findings');
    assert.strictEqual(statusText(0, 1, true), 'Tech Policy: no findings, 1 pending, policy has problems');
  });

  test('the tooltip: a line per folder, no Markdown', () => {
    const tooltip = statusTooltip([
      folder({ findings: 6, granted: 1, pendingRequests: 1, notGranted: 1, baselined: 3, approver: 'Dana Reyes' }),
      folder({ uri: 'file:///docs', name: 'docs', policy: 'none', trusted: false }),
    ]);
    assert.strictEqual(
      tooltip,
      [
        'Tech Policy',
        'shop: 6 findings, 3 known (baseline), 1 exception granted, 1 request awaiting signature, 1 approval not granted; you sign as Dana Reyes',
        'docs: no policy file: nothing is checked (untrusted workspace: no git, no extends from node_modules)',
        '',
        'Click to list the findings and the requests awaiting signature.',
      ].join('\n'),
    );
    assert.doesNotMatch(tooltip, /[*`]/);
  });
});
