// `npm run test:vscode`: the integration suite (index.ts) in a desktop VS Code through
// @vscode/test-electron. VS Code comes from VSCODE_EXECUTABLE_PATH when set, otherwise it is
// downloaded (which these offline machines cannot do: there the same suite runs in code-server's
// extension host, test/e2e/integration.e2e.ts). Linux without a display: run under xvfb-run.
// Exit codes: 0 all passed; 1 a test failed or VS Code exited abnormally; 2 no VS Code to run.
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';

/** Repo root: this file compiles to <repo>/out/test/integration/runVSCode.js. */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'integration');

/** Says why no VS Code could run; returns the exit code for that (2). */
function cannotRun(reason: string): number {
  console.error(
    `test:vscode: cannot run VS Code: ${reason}. Set VSCODE_EXECUTABLE_PATH to a VS Code executable, ` +
      `or run the same suite in code-server: mocha --ui tdd --timeout 180000 out/test/e2e/integration.e2e.js`,
  );
  return 2;
}

/** A copy of the fixture in a temp folder, as its own git repository (the requester's name comes from git). */
function workspaceCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-vscode-'));
  const workspace = path.join(dir, 'workspace');
  fs.cpSync(FIXTURE, workspace, { recursive: true });
  const git = (...args: string[]) => cp.execFileSync('git', args, { cwd: workspace, stdio: 'ignore' });
  try {
    git('init', '-q');
    git('config', 'user.name', 'Integration Tester');
    git('config', 'user.email', 'integration@example.com');
  } catch {
    // no git: the request is written without requested-by, which the suite does not assert
  }
  return workspace;
}

async function main(): Promise<number> {
  const executable = process.env.VSCODE_EXECUTABLE_PATH || undefined;
  if (executable) {
    try {
      fs.accessSync(executable, fs.constants.X_OK);
    } catch {
      return cannotRun(`VSCODE_EXECUTABLE_PATH=${executable} is not an executable file`);
    }
  }
  const workspace = workspaceCopy();
  try {
    await runTests({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(__dirname, 'index'),
      launchArgs: [workspace, '--disable-extensions'],
      vscodeExecutablePath: executable,
    });
    return 0;
  } catch (err) {
    if (err instanceof TestRunFailedError) {
      console.error(`test:vscode: the integration suite failed (VS Code exited with ${err.code ?? err.signal})`);
      return 1;
    }
    // Anything else happened before VS Code ran: the download (offline, proxy) or the unzip.
    const message = ((err as Error).message ?? String(err)).split('\n')[0];
    return cannotRun(executable ? `launching ${executable} failed (${message})` : `downloading VS Code failed (${message}) and VSCODE_EXECUTABLE_PATH is not set`);
  } finally {
    fs.rmSync(path.dirname(workspace), { recursive: true, force: true, maxRetries: 3 });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`test:vscode: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
