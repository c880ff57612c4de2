// The leaders' report as a reader sees it: `tech-policy report` over a repository with a dated
// history, opened in Debian's Chromium (light and dark), one screenshot per section, and the SVG
// holding the expected blips and bars.
// Prerequisites: scripts/e2e-setup.sh, then `npm run build`.
// Run: npx mocha --ui tdd --timeout 180000 out/test/e2e/report.e2e.js
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type Browser, chromium } from 'playwright-core';
import { DEFAULT_TIMEOUT, FIXTURES_DIR, OUTPUT_DIR, REPO_ROOT, useSession } from './harness';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SHOTS = path.join(OUTPUT_DIR, 'report');

function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...env } });
  assert.strictEqual(r.status, 0, r.stderr);
}

/** examples/shop with eight weeks of history: product work at first, then a run of platform work. */
function shopWithHistory(into?: string): string {
  const repo = into ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-report-e2e-')), 'shop');
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'shop'), repo, { recursive: true });
  if (!into) git(repo, ['init', '-q', '-b', 'main']);
  const today = new Date();
  const commit = (daysAgo: number, file: string, lines: number, subject: string, author = 'Sam Lee <sam@shop.example>') => {
    const date = new Date(today.getTime() - daysAgo * 86_400_000).toISOString();
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.appendFileSync(path.join(repo, file), `${Array.from({ length: lines }, (_, i) => `// ${subject} ${i}`).join('\n')}\n`);
    git(repo, ['add', '-A']);
    const [name, email] = author.split(' <');
    git(repo, ['commit', '-q', '-m', subject], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email.slice(0, -1), GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email.slice(0, -1) });
  };
  commit(60, 'server/src/orders.js', 10, 'initial');
  for (let week = 8; week >= 1; week--) {
    commit(week * 7, 'server/src/orders.js', 120, `feat: orders ${week}`);
    commit(week * 7 - 1, 'web/src/cart.jsx', 80, `feat: cart ${week}`, 'Kim Ito <kim@shop.example>');
    if (week <= 3) {
      commit(week * 7 - 2, 'infra/main.tf', 300, `infra ${week}`, 'Kim Ito <kim@shop.example>');
      commit(week * 7 - 3, '.github/workflows/ci.yml', 60, `ci: pipeline ${week}`);
    }
  }
  return repo;
}

suite('E2E: the report in Chromium', () => {
  let browser: Browser;
  let repo = '';
  let html = '';

  suiteSetup(async function () {
    this.timeout(120_000);
    fs.mkdirSync(SHOTS, { recursive: true });
    repo = shopWithHistory();
    html = path.join(repo, 'tech-policy-report.html');
    const r = spawnSync(process.execPath, [CLI, 'report', '.', '--since', '10w', '--output', html], { cwd: repo, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    fs.copyFileSync(html, path.join(SHOTS, 'tech-policy-report.html'));
    browser = await chromium.launch({
      executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  suiteTeardown(async () => {
    await browser?.close();
    void FIXTURES_DIR;
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`${scheme}: every section drawn, the radar's blips and the weekly bars in the SVG, nothing fetched`, async () => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: scheme });
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(`file://${html}`);
      assert.deepStrictEqual(requests.filter((u) => !u.startsWith('file://')), [], 'nothing is loaded from outside');
      assert.strictEqual(await page.locator('script').count(), 0);
      // the radar: the policy's six technologies, moment on hold in Tools
      assert.strictEqual(await page.locator('#radar svg g.blip').count(), 6);
      assert.strictEqual(await page.locator('#radar svg g.blip[data-id="moment"][data-ring="hold"][data-quadrant="tools"]').count(), 1);
      assert.strictEqual(await page.locator('#radar svg g.blip[data-id="postgres"][data-ring="adopt"][data-quadrant="data"][data-uses="3"]').count(), 1);
      assert.match((await page.locator('#radar').innerText()), /In use, not in the policy[\s\S]*Fastify[\s\S]*GraphQL[\s\S]*Redis/);
      // the register and the deployables
      assert.match(await page.locator('#exceptions').innerText(), /EX-0001[\s\S]*granted/);
      assert.match(await page.locator('#deployables').innerText(), /recommendations[\s\S]*EX-0003/);
      // the work: bars for the weeks with changes, the last three above the 30% target
      // bars to scale: product work in each of the eight weeks, platform work in the last three (no empty bars)
      const productBars = await page.locator('#work svg rect.bar.k-product').count();
      assert.ok(productBars >= 8, `${productBars} product bars`);
      const platformBars = await page.locator('#work svg rect.bar.k-platform').count();
      assert.ok(platformBars >= 3, `${platformBars} platform bars`);
      assert.strictEqual(await page.locator('#work svg rect.bar[height="0.0"]').count(), 0, 'no bar of nothing');
      assert.ok((await page.locator('#work svg path.above').count()) >= 2, 'the weeks above target are marked');
      assert.match(await page.locator('#work').innerText(), /Platform work was \d+% of platform and product changes from .*, above the 30% target; most platform lines were in infra\//);
      const visible = await page.locator('#radar svg').boundingBox();
      assert.ok(visible && visible.width > 300 && visible.height > 300, 'the radar is drawn at a readable size');
      for (const section of ['radar', 'exceptions', 'deployables', 'work']) await page.locator(`#${section}`).screenshot({ path: path.join(SHOTS, `${scheme}-${section}.png`) });
      await page.screenshot({ path: path.join(SHOTS, `${scheme}-page.png`), fullPage: true });
      await page.close();
    });
  }

  test('print: the page prints (PDF) without losing a section', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${html}`);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert.ok(pdf.length > 10_000, 'a PDF with content');
    fs.writeFileSync(path.join(SHOTS, 'report.pdf'), pdf);
    await page.close();
  });
});

suite('E2E: "Tech Policy: Show Report" in code-server', () => {
  const s = useSession({
    fixture: 'e2e-journeys',
    name: 'report-webview',
    // the workspace becomes examples/shop with a history, in the session's own git repository
    prepare: (workspace) => {
      for (const f of fs.readdirSync(workspace)) if (f !== '.git') fs.rmSync(path.join(workspace, f), { recursive: true, force: true });
      shopWithHistory(workspace);
    },
  });

  test('the report opens in a webview: radar, register, deployables, weekly bars; no script; a link opens the file', async () => {
    const e2e = s();
    await e2e.waitForStatusBar(/Tech Policy/, 'techPolicy.status');
    await e2e.runCommand('Tech Policy: Show Report');
    const frame = await e2e.poll('the report in a webview', 60_000, async () => {
      for (const f of e2e.page.frames()) {
        if ((await f.locator('#radar svg g.blip').count().catch(() => 0)) > 0) return f;
      }
      return undefined;
    });
    assert.strictEqual(await frame.locator('#radar svg g.blip').count(), 6);
    assert.strictEqual(await frame.locator('#radar svg g.blip[data-id="moment"][data-ring="hold"]').count(), 1);
    assert.match(await frame.locator('#exceptions').innerText(), /EX-0001[\s\S]*granted/);
    assert.match(await frame.locator('#deployables').innerText(), /recommendations/);
    // the workspace is trusted: git ran, and the weeks are there
    assert.ok((await frame.locator('#work svg rect.bar.k-product').count()) >= 8, await frame.locator('#work').innerText());
    assert.ok((await frame.locator('#work svg rect.bar.k-platform').count()) >= 3, await frame.locator('#work').innerText());
    assert.strictEqual(await frame.locator('script').count(), 0);
    const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', /^default-src 'none'; style-src [^;]* 'nonce-[A-Za-z0-9+/=]+'; img-src [^;]*$/);
    await e2e.screenshot('webview-radar');
    await frame.locator('#work').scrollIntoViewIfNeeded();
    await e2e.screenshot('webview-work');
    // a file link opens the file in the editor (command:vscode.open, the one command the webview may run)
    await frame.locator('#radar a', { hasText: 'server/package.json' }).first().click();
    await e2e.poll('server/package.json open in an editor, its text shown', DEFAULT_TIMEOUT, async () => (await e2e.page.locator('.editor-instance .view-lines', { hasText: '"fastify"' }).count()) > 0);
    await e2e.screenshot('webview-link-opened');
  });
});
