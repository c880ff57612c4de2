// `npm start` as a newcomer runs it after `npm test`: scripts/start.mjs reuses the editor the tests
// installed, code-server reads the user settings it wrote, and a package.json hover in the example
// never waits on the network, here a registry that accepts connections and never answers (what
// npm sees offline: it waits for minutes). Terminals still run npm as usual.
// Prerequisites: scripts/e2e-setup.sh, then `npm run build`.
// Run: npx mocha --ui tdd --timeout 180000 out/test/e2e/start.e2e.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_TIMEOUT, E2ESession } from './harness';

suite('E2E: npm start, the example workspace offline', () => {
  let session: E2ESession | undefined;
  let registry: net.Server | undefined;
  let connections = 0;
  let failed = false;
  // npm writes a debug log of every run here: how the test sees the npm extension's `npm view` finish
  const npmCache = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-e2e-npm-cache-'));
  const e2e = () => {
    assert.ok(session, 'npm start did not start');
    return session;
  };

  suiteSetup(async function () {
    this.timeout(360_000); // npm start checks .e2e/, starts code-server, the workbench loads and the extensions activate: about 15 s here, each step with its own limit
    registry = net.createServer((socket) => {
      connections += 1;
      socket.on('error', () => undefined); // never answered, only held open
    });
    await new Promise<void>((resolve) => registry!.listen(0, '127.0.0.1', resolve));
    const { port } = registry.address() as net.AddressInfo;
    session = await E2ESession.start({ fixture: '', name: 'npm-start', npmStart: { env: { npm_config_registry: `http://127.0.0.1:${port}/`, npm_config_cache: npmCache } } });
  });
  teardown(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });
  suiteTeardown(async function () {
    this.timeout(60_000);
    await session?.dispose({ keepRunDir: failed });
    registry?.close();
    fs.rmSync(npmCache, { recursive: true, force: true });
  });

  /** The npm runs that looked `pkg` up (`npm view … -- pkg`), each with whether it has ended, from npm's debug logs. */
  function npmViews(pkg: string): Array<{ ended: boolean }> {
    const logs = path.join(npmCache, '_logs');
    if (!fs.existsSync(logs)) return [];
    return fs
      .readdirSync(logs)
      .map((f) => fs.readFileSync(path.join(logs, f), 'utf8'))
      .filter((log) => new RegExp(`verbose argv "view" .*"--" "${pkg}"`).test(log))
      .map((log) => ({ ended: /verbose exit /.test(log) }));
  }

  test('it reuses the editor an earlier npm test installed, and says so', () => {
    const log = e2e().readLog();
    assert.match(log, /\[npm start\] [\d:]+ code-server 4\.139\.1: present in \S+ \(installed by an earlier npm test or npm start\), nothing to install/, log);
    assert.ok(!/installing code-server/.test(log), log);
  });

  test('code-server reads the user settings npm start wrote: "Open User Settings (JSON)" shows them', async () => {
    const s = e2e();
    await s.runCommand('Preferences: Open User Settings (JSON)');
    // the file it opens is the one in npm start's --user-data-dir, shown with its folder
    const where = s.page.getByText(path.join(s.runDir, 'start', 'user-data', 'User')).first();
    await s.waitVisible(where, 'the user settings file, named with its folder');
    const lines = s.page.locator('.monaco-editor .view-lines', { hasText: 'npm.fetchOnlinePackageInfo' }).first();
    const text = (await s.waitVisible(lines, 'the settings npm start wrote')).innerText();
    assert.match((await text).replace(/\u00a0/g, ' '), /"terminal\.integrated\.env\.linux": \{\s*"npm_config_offline": null/);
    await s.screenshot('user-settings');
    await s.page.keyboard.press('Control+W');
    await s.poll('the settings editor to close', DEFAULT_TIMEOUT, async () => !(await where.isVisible()) || undefined);
  });

  test('a package.json hover shows the policy at once and never waits on the registry', async () => {
    const s = e2e();
    await s.openFile('server/package.json');
    await s.waitForSquiggle('warning', '"fastify"');
    // first the npm extension must be active (it activates late on a busy machine): its own hover on a script says so
    await s.hoverSquiggle('Run Script', '"start"');
    await s.escape();
    await s.hoverSquiggle('Part of the approved stack', '"express"');
    // the npm extension looks express up with `npm view`: offline it ends at once (nothing cached),
    // where it used to wait on the registry for minutes behind "Loading..."
    await s.poll('the npm extension\'s "npm view express" to end', DEFAULT_TIMEOUT, async () => npmViews('express').some((v) => v.ended) || undefined);
    const done = await s.poll('the hover to finish loading', DEFAULT_TIMEOUT, async () => {
      const t = await s.hoverWidget().innerText();
      return t.includes('Express') && !/Loading/.test(t) ? t : undefined;
    });
    await s.screenshot('hover-offline');
    assert.match(done, /Express — web framework · approved \(adopt\)/);
    assert.strictEqual(connections, 0, 'nothing asked the registry');
    await s.escape();
  });

  test('a terminal runs npm as usual: the offline switch is only the editor\'s', async () => {
    const s = e2e();
    const page = s.page;
    await page.keyboard.press('Control+Backquote');
    await s.waitVisible(page.locator('.terminal-wrapper.active .xterm'), 'the terminal');
    await page.locator('.terminal-wrapper.active .xterm').click();
    await page.keyboard.type('echo "offline=${npm_config_offline:-unset}" > terminal-env.txt\n');
    const text = await s.waitForFile('terminal-env.txt', (t) => t.includes('offline='));
    await s.screenshot('terminal');
    assert.strictEqual(text.trim(), 'offline=unset');
    assert.ok(fs.existsSync(path.join(s.workspace, 'terminal-env.txt')));
  });
});
