// Entry point of the integration suite inside VS Code's extension host (the @vscode/test-electron
// contract: `run(): Promise<void>`, rejected when a test failed). The same file serves both routes:
// `runTests({ extensionTestsPath })` in a downloaded VS Code (runVSCode.ts) and the workbench
// `payload` of code-server's smoke-test driver (test/e2e/integration.e2e.ts).
// Compiled to out/test/integration/index.js; runs every out/test/integration/**/*.test.js.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

function testFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...testFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) files.push(full);
  }
  return files.sort();
}

export async function run(): Promise<void> {
  // The extension host can be slow to start the language server on a busy machine: generous,
  // and each wait inside the tests has its own deadline with a message.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000 });
  const files = testFiles(__dirname);
  if (files.length === 0) throw new Error(`no *.test.js files under ${__dirname}`);
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();

  let passed = 0;
  let failed = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => (passed += 1));
    // 'fail' also reports a failed hook, which counts as a failure of the suite.
    runner.on('fail', () => (failed += 1));
  });
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} integration test(s) failed`);
}
