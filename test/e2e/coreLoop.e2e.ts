// The core loop in a real editor: a new framework in package.json gets a squiggle, the hover says
// it is not approved, and the quick fix writes and opens a pre-filled exception request.
// Prerequisites: scripts/e2e-setup.sh, then `npm run build` (dist/client.js, dist/server.js).
// Run: npx tsc -b && npx mocha --ui tdd --timeout 180000 'out/test/e2e/**/*.e2e.js'
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { frontMatter } from '../support/frontMatter';
import { FIXTURES_DIR, lineOf, REPO_ROOT, useSession } from './harness';

/** The journey runs twice: with the repository linked as the extension, and with the packaged .vsix installed (no node_modules). */
const VSIX = path.join(REPO_ROOT, 'tech-policy.vsix');
for (const variant of [
  { label: '', name: 'core-loop', vsix: undefined as string | undefined },
  { label: ' — the packaged .vsix', name: 'core-loop-vsix', vsix: VSIX },
]) {
  suite(`E2E: core loop (package.json → squiggle → hover → exception request)${variant.label}`, () => {
    suiteSetup(function () {
      this.timeout(120_000);
      if (variant.vsix && !fs.existsSync(variant.vsix)) {
        const r = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, encoding: 'utf8' });
        assert.strictEqual(r.status, 0, r.stdout + r.stderr);
      }
    });
    const s = useSession({ fixture: 'e2e-core', name: variant.name, vsix: variant.vsix });

    test('a new framework dependency is flagged and the quick fix writes an exception request', async () => {
      const e2e = s();
      const page = e2e.page;
      await e2e.openFile('package.json');

      const fixtureText = fs.readFileSync(path.join(FIXTURES_DIR, 'e2e-core', 'package.json'), 'utf8');
      assert.ok(!fixtureText.includes('fastify'), 'the fixture must not already depend on fastify');
      await e2e.goToLineEnd(lineOf(fixtureText, '"dependencies": {'));
      await page.keyboard.press('Enter');
      // insertText: no auto-closing quotes or brackets.
      await page.keyboard.insertText('"fastify": "^5.2.0",');
      await e2e.waitVisible(e2e.lineWith('"fastify": "^5.2.0",'), 'the typed fastify line');

      const squiggle = await e2e.waitForSquiggle('warning', '"fastify"');
      await e2e.screenshot('fastify-squiggle');

      const hover = await e2e.hoverSquiggle('not approved', squiggle);
      assert.match(hover, /fastify/i, `hover should name the technology: ${hover}`);
      await e2e.screenshot('fastify-hover');

      await e2e.quickFix('Request an exception for Fastify', squiggle);
      const expected: Record<string, string> = {
        id: 'EX-0001',
        rule: 'new-technology',
        subject: 'fastify',
        status: 'requested',
        'requested-by': 'E2E Tester <e2e@example.com>',
      };
      const doc = await e2e.waitForFile('docs/policy-exceptions/EX-0001-fastify.md', (text) => {
        const fields = frontMatter(text);
        return Object.entries(expected).every(([key, value]) => fields[key] === value);
      });
      assert.ok(doc.startsWith('---\n'), `the document starts with YAML front matter:\n${doc}`);
      await e2e.waitForActiveTab('EX-0001-fastify.md');
      await e2e.screenshot('exception-request-open');
    });

    test('an approved technology hovers as approved (adopt)', async () => {
      const e2e = s();
      await e2e.escape();
      await e2e.openFile('package.json');
      const hover = await e2e.hoverSquiggle('approved (adopt)', '"express"');
      assert.doesNotMatch(hover, /not approved/, `express must not be reported as not approved: ${hover}`);
      await e2e.screenshot('express-hover');
    });
  });
}
