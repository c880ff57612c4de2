// The integration suite (test/integration/, mocha inside the extension host) run in code-server's
// extension host: the workbench URL's payload names the extension as extensionDevelopmentPath and
// out/test/integration/index.js as extensionTestsPath (honoured with the smoke-test driver); the
// workbench reports the suite's log through window.codeAutomationLog and its exit code through
// window.codeAutomationExit. See /work/shared/E2E.md, "Mocha inside the extension host".
// Prerequisites: scripts/e2e-setup.sh, `npm run build` and `tsc -b` (out/test/integration/).
// Run: npx tsc -b && npx mocha --ui tdd --timeout 180000 out/test/e2e/integration.e2e.js
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import { E2ESession, extensionUnderTest, OUTPUT_DIR, REPO_ROOT } from './harness';

const INDEX = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');
const LOG_FILE = path.join(OUTPUT_DIR, 'integration-log.txt');

/**
 * A console call as the workbench forwards it (`type`, then the arguments): formatted like
 * console.log does, so mocha's `%s (%dms)` lines read as they would in a terminal.
 */
function formatLogCall(type: unknown, args: unknown): string {
  const list = Array.isArray(args) ? args : [args];
  return `${String(type)}: ${util.format(...list)}`;
}

suite('E2E: the integration suite inside code-server\'s extension host', () => {
  test('every integration test passes (exit code 0, "0 failed")', async function () {
    this.timeout(300_000);
    assert.ok(fs.existsSync(INDEX), `${INDEX} missing: run npx tsc -b`);

    const lines: string[] = [];
    let exitCode: number | undefined;
    let session: E2ESession | undefined;
    let failed = true;
    try {
      session = await E2ESession.start({
        fixture: 'integration',
        name: 'integration',
        smokeTestDriver: true,
        // The payload loads the extension; a symlinked copy would activate a second time.
        linkExtension: false,
        // the suite starts inside the extension host as soon as it is up: its exit is what is waited for
        settle: false,
        payload: (authority) => [
          ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionUnderTest()}`],
          ['extensionTestsPath', `vscode-remote://${authority}${INDEX}`],
        ],
        beforeOpen: async (page) => {
          await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
            lines.push(formatLogCall(type, args));
          });
          await page.exposeFunction('codeAutomationExit', (code: unknown) => {
            exitCode = typeof code === 'number' ? code : Number(code);
          });
        },
      });
      const e2e = session;
      // The suite's own waits are bounded (index.ts: 120 s a test), so this only catches a hang.
      await e2e.poll('the extension host to finish the integration suite (codeAutomationExit)', 240_000, async () =>
        exitCode !== undefined || undefined,
      );
      const log = lines.join('\n');
      fs.mkdirSync(OUTPUT_DIR, { recursive: true });
      fs.writeFileSync(LOG_FILE, log + '\n');
      // For the assertion messages: the suite's lines, without the workbench's gallery chatter.
      const shown = lines.filter((l) => !/Ignoring fetching additional builtin extensions/.test(l)).join('\n');
      const summary = /^.*\b(\d+) passed, (\d+) failed\b.*$/m.exec(log);
      assert.ok(summary, `no "N passed, N failed" line in the extension host's log (${LOG_FILE}):\n${shown}`);
      assert.strictEqual(exitCode, 0, `the integration suite exited with ${exitCode}; log (${LOG_FILE}):\n${shown}`);
      assert.strictEqual(summary[2], '0', `failures in the integration suite; log (${LOG_FILE}):\n${shown}`);
      assert.ok(Number(summary[1]) > 0, `no integration test ran; log (${LOG_FILE}):\n${shown}`);
      failed = false;
    } finally {
      if (failed && lines.length > 0) {
        fs.mkdirSync(OUTPUT_DIR, { recursive: true });
        fs.writeFileSync(LOG_FILE, lines.join('\n') + '\n');
      }
      await session?.dispose({ keepRunDir: failed });
    }
  });
});
