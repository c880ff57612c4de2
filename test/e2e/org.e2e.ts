// The organisation page as a CTO sees it: `tech-policy org` over two clones and a folder of CI
// reports (one forged), built twice with a history, opened in Debian's Chromium (light and dark),
// one screenshot per section, nothing fetched, no script.
// Prerequisites: scripts/e2e-setup.sh, then `npm run build`.
// Run: npx mocha --ui tdd --timeout 180000 out/test/e2e/org.e2e.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type Browser, chromium } from 'playwright-core';
import { commitAt } from '../support/gitRepo';
import { at, organisation, run, SAM } from '../support/organisation';
import { OUTPUT_DIR } from './harness';

const SHOTS = path.join(OUTPUT_DIR, 'org');
const SECTIONS = ['awaiting', 'radar', 'hold', 'teams', 'deployables', 'trends', 'repositories'];

suite('E2E: the organisation page in Chromium', () => {
  let browser: Browser;
  let site = '';

  suiteSetup(async function () {
    // two builds of the site (each reports the repositories in parallel) and a browser start
    this.timeout(150_000);
    fs.mkdirSync(SHOTS, { recursive: true });
    const o = organisation();
    fs.writeFileSync(path.join(o.root, 'org.json'), JSON.stringify({ teams: { payments: ['api', 'billing'] } }));
    const build = () => {
      const r = run(['org', 'clones', 'reports', '--output', 'site', '--since', '6w', '--history', 'history.sqlite', '--config', 'org.json'], o.root);
      assert.strictEqual(r.code, 0, r.stderr);
    };
    build();
    // web drops moment between the builds: a trend to see
    fs.writeFileSync(path.join(o.clones, 'web', 'package.json'), JSON.stringify({ name: 'web', dependencies: { express: '4', fastify: '4' } }));
    commitAt(path.join(o.clones, 'web'), at(-1), SAM, 'refactor: date-fns instead of moment', { 'src/dates.ts': 5 });
    build();
    site = path.join(o.root, 'site');
    fs.cpSync(site, path.join(SHOTS, 'site'), { recursive: true });
    browser = await chromium.launch({
      executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  suiteTeardown(async () => {
    await browser?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`${scheme}: every section drawn and readable, nothing fetched, no script`, async () => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: scheme });
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(`file://${path.join(site, 'index.html')}`);
      assert.deepStrictEqual(requests.filter((u) => !u.startsWith('file://')), [], 'nothing is loaded from outside');
      assert.strictEqual(await page.locator('script').count(), 0);
      for (const id of SECTIONS) assert.ok(await page.locator(`#${id}`).isVisible(), id);
      // awaiting signature, then the forged claims shown for what they are
      assert.match(await page.locator('#awaiting table[data-list="awaiting"]').innerText(), /web\s+EX-0001\s+fastify\s+new-technology\s+Sam Lee <sam@acme\.example>\s+\S+\s+20/);
      assert.match(await page.locator('#awaiting table[data-list="not-granted"]').innerText(), /billing\s+EX-0002[\s\S]*the approval is not signed\s*The report said "granted"; not believed\./);
      assert.match(await page.locator('#awaiting table[data-list="not-verified"]').innerText(), /billing\s+EX-0010\s+kafka/);
      assert.match(await page.locator('#radar').innerText(), /Express: hold in 2 repositories, adopt in 1\./);
      assert.match(await page.locator('#hold').innerText(), /Retired: no uses left/);
      assert.match(await page.locator('#teams').innerText(), /Above the 30% platform target: @acme\/platform \(100%/);
      assert.strictEqual(await page.locator('#teams .team').count(), 3);
      assert.ok((await page.locator('#teams svg rect.bar.k-platform').count()) >= 3, 'each team has its bars');
      assert.match(await page.locator('#trends').innerText(), /2 builds in the history[\s\S]*Uses of moment \(on hold\): 0, down from 1 \(better\)\./);
      assert.match(await page.locator('#repositories').innerText(), /old[\s\S]*Not built: is a report of version 2/);
      for (const id of SECTIONS) await page.locator(`#${id}`).screenshot({ path: path.join(SHOTS, `${scheme}-${id}.png`) });
      await page.screenshot({ path: path.join(SHOTS, `${scheme}-page.png`), fullPage: true });
      // a repository's own page, linked from the organisation page
      await page.locator('#repositories a[href="repositories/web.html"]').click();
      await page.waitForURL(/repositories\/web\.html$/);
      assert.match(await page.locator('h1').innerText(), /Tech Policy report: web/);
      assert.match(await page.locator('#work').innerText(), /By team \(CODEOWNERS\)[\s\S]*@acme\/platform/);
      await page.locator('#work').screenshot({ path: path.join(SHOTS, `${scheme}-repository-work.png`) });
      assert.deepStrictEqual(requests.filter((u) => !u.startsWith('file://')), []);
      await page.close();
    });
  }

  test('print: the page prints (PDF) with every section', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${path.join(site, 'index.html')}`);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert.ok(pdf.length > 10_000, 'a PDF with content');
    fs.writeFileSync(path.join(SHOTS, 'org.pdf'), pdf);
    await page.close();
  });
});
