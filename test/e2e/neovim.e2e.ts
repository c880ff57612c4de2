// Neovim, exactly as the README says: the server installed the way a user installs it (npm pack,
// npm install -g, found on PATH by name), the README's Lua recipe as the init file, verbatim, and
// a headless Neovim that opens package.json and a Dockerfile. A Lua driver
// (test/e2e/neovim.driver.lua) waits for the diagnostics, asks for a hover and writes what it saw
// as JSON; it and the client's log are kept in test-output/e2e/neovim/.
// Prerequisites: scripts/e2e-setup.sh (installs Debian's neovim), then `npx tsc -b`.
// Run: npx mocha --ui tdd --timeout 180000 out/test/e2e/neovim.e2e.js
import * as assert from 'assert';
import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES_DIR, lineOf, OUTPUT_DIR, REPO_ROOT } from './harness';

const NVIM_TIMEOUT_MS = 60_000;
const OUT = path.join(OUTPUT_DIR, 'neovim');
const DRIVER = path.join(REPO_ROOT, 'test', 'e2e', 'neovim.driver.lua');

interface Diagnostic {
  lnum: number;
  col: number;
  end_col: number;
  severity: number;
  code: string;
  message: string;
}
interface Step {
  file: string;
  seen: boolean;
  ms: number;
  clients: Array<{ id: number; name: string; root: string }>;
  lines: string[];
  diagnostics: Diagnostic[];
}
interface DriverResult {
  nvim: string;
  log: string;
  steps: Step[];
  hover?: { text?: string; error?: unknown };
  actions?: string[];
  /** the rule's documentation: what the README's <Leader>tr opened, what "Show rule documentation" said */
  rule?: { opened?: string; message?: string };
  error?: string;
  /** what nvim printed: an error in the README's recipe shows here */
  output?: string;
}

/** The README's Neovim recipe: the one ```lua block of its "Other editors" section, verbatim. */
function readmeNeovimRecipe(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Other editors');
  assert.ok(start >= 0, 'README.md has an "## Other editors" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/^```lua\n([\s\S]*?)^```$/gm)];
  assert.strictEqual(blocks.length, 1, 'the "Other editors" section has exactly one ```lua block');
  return blocks[0][1];
}

function onPath(command: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The environment without the outer npm's variables (`npm test` exports npm_config_* to its scripts). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, ...extra };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
  assert.strictEqual(r.status, 0, `${command} ${args.join(' ')} failed (status ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Processes whose command line mentions `needle` (the installed server, after Neovim quit). */
function processesWith(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

suite('E2E: Neovim with the README recipe (server from npm pack, on PATH)', () => {
  let tmp: string;
  let prefix: string;
  let workspace: string;
  let result: DriverResult;
  let nvimMs = 0;
  const text = (rel: string) => fs.readFileSync(path.join(workspace, rel), 'utf8');
  const step = (file: string) => {
    const found = result.steps.find((s) => s.file === file);
    assert.ok(found, `the driver opened ${file}: ${JSON.stringify(result)}`);
    return found;
  };

  suiteSetup(async function () {
    this.timeout(300_000);
    const nvim = onPath('nvim');
    if (!nvim) throw new Error('nvim is not installed. Run scripts/e2e-setup.sh: it installs Debian\'s neovim (apt-get install neovim).');
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tech-policy-nvim-'));

    // 1. Install the server as a user would: npm pack (its prepack builds), npm install -g.
    const started = Date.now();
    run('npm', ['pack', '--pack-destination', tmp, '--loglevel=error'], REPO_ROOT, cleanEnv());
    const tarballs = fs.readdirSync(tmp).filter((f) => f.endsWith('.tgz'));
    assert.strictEqual(tarballs.length, 1, `npm pack wrote one tarball into ${tmp}: ${tarballs.join(', ')}`);
    prefix = path.join(tmp, 'prefix');
    run('npm', ['install', '-g', '--prefix', prefix, path.join(tmp, tarballs[0]), '--offline', '--no-audit', '--no-fund', '--loglevel=error'], tmp, cleanEnv());
    const bin = path.join(prefix, 'bin');
    assert.ok(onPath('tech-policy-language-server', bin), `npm install -g put tech-policy-language-server into ${bin}`);
    const installMs = Date.now() - started;

    // 2. The README's recipe as the init file; the fixture in a folder whose name has a space.
    const config = path.join(tmp, 'config', 'nvim');
    fs.mkdirSync(config, { recursive: true });
    fs.writeFileSync(path.join(config, 'init.lua'), readmeNeovimRecipe());
    workspace = path.join(tmp, 'neovim ws');
    fs.cpSync(path.join(FIXTURES_DIR, 'neovim'), workspace, { recursive: true });
    const resultFile = path.join(tmp, 'result.json');
    const env = cleanEnv({
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: path.join(tmp, 'home'),
      XDG_CONFIG_HOME: path.join(tmp, 'config'),
      XDG_DATA_HOME: path.join(tmp, 'data'),
      XDG_STATE_HOME: path.join(tmp, 'state'),
      XDG_CACHE_HOME: path.join(tmp, 'cache'),
      TP_WORKSPACE: workspace,
      TP_RESULT: resultFile,
      TP_DRIVER: DRIVER,
    });

    // 3. Headless Neovim: the driver quits with qa!; killed (and failed) after 60 s.
    const nvimStarted = Date.now();
    const child: ChildProcess = spawn(nvim, ['--headless', '--clean', '-u', path.join(config, 'init.lua'), '-c', 'lua dofile(vim.env.TP_DRIVER)'], {
      cwd: workspace,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += String(d)));
    child.stderr!.on('data', (d) => (output += String(d)));
    const exit = await new Promise<{ code: number | null; timedOut: boolean }>((resolve) => {
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
        resolve({ code: null, timedOut: true });
      }, NVIM_TIMEOUT_MS);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, timedOut: false });
      });
    });
    nvimMs = Date.now() - nvimStarted;
    fs.writeFileSync(path.join(OUT, 'nvim-output.txt'), output);
    const raw = fs.existsSync(resultFile) ? fs.readFileSync(resultFile, 'utf8') : '';
    if (raw) fs.writeFileSync(path.join(OUT, 'result.json'), JSON.stringify(JSON.parse(raw), null, 2) + '\n');
    assert.ok(!exit.timedOut, `nvim did not quit within ${NVIM_TIMEOUT_MS / 1000} s and was killed. Its output:\n${output}\nDriver result: ${raw || '(none)'}`);
    assert.strictEqual(exit.code, 0, `nvim exited with ${exit.code}:\n${output}`);
    assert.ok(raw, `the driver wrote no result (${resultFile}). nvim output:\n${output}`);
    result = JSON.parse(raw) as DriverResult;
    if (fs.existsSync(result.log)) fs.copyFileSync(result.log, path.join(OUT, 'lsp.log'));
    assert.strictEqual(result.error, undefined, `the driver failed: ${result.error}\nnvim output (errors in the init file show here):\n${output}`);
    result.output = output;
    console.log(`      Neovim ${result.nvim}: install ${installMs} ms, nvim run ${nvimMs} ms (${result.steps.map((s) => `${s.file} ${s.ms} ms`).join(', ')})`);
  });

  suiteTeardown(() => {
    if (prefix) for (const pid of processesWith(prefix)) process.kill(pid, 'SIGKILL'); // only the server this suite installed
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('package.json: fastify is flagged new-technology on its key, express is not', () => {
    const pkg = step('package.json');
    assert.ok(pkg.seen, `no new-technology diagnostic within 15 s: ${JSON.stringify(pkg)}\nnvim output:\n${result.output}`);
    const line = lineOf(text('package.json'), '"fastify"') - 1;
    const col = text('package.json').split('\n')[line].indexOf('"fastify"');
    assert.deepStrictEqual(
      pkg.diagnostics.map((d) => ({ lnum: d.lnum, col: d.col, end_col: d.end_col, severity: d.severity, code: d.code })),
      [{ lnum: line, col, end_col: col + '"fastify"'.length, severity: 2, code: 'new-technology' }],
      'one warning (source tech-policy) on the "fastify" key, none on express',
    );
    assert.match(pkg.diagnostics[0].message, /^Fastify: new web framework \(approved: Express\)\. Needs a signed exception\./);
  });

  test('the hover on the "fastify" key names Fastify and says it is not approved', () => {
    const hover = result.hover?.text ?? '';
    assert.ok(hover.includes('Fastify'), `the hover mentions Fastify: ${JSON.stringify(result.hover)}`);
    assert.match(hover, /not approved/, `the hover says it is not approved: ${hover}`);
  });

  test('the quick fixes on fastify include the exception request', () => {
    assert.ok(result.actions?.includes('Request an exception for Fastify'), `code actions: ${JSON.stringify(result.actions)}`);
  });

  test('the rule documentation reaches Neovim three ways: the hover\'s address, the README\'s <Leader>tr, "Show rule documentation"', () => {
    const page = 'https://github.com/tech-policy/tech-policy/blob/main/docs/rules/new-technology.md';
    // Neovim 0.7 shows no codeDescription: the hover ends with the page, a plain address gx opens
    assert.ok((result.hover?.text ?? '').trimEnd().endsWith(`Rule documentation (new-technology): ${page}`), `the hover ends with the rule's page: ${JSON.stringify(result.hover)}`);
    assert.strictEqual(result.rule?.opened, page, `<Leader>tr opened the finding's codeDescription: ${JSON.stringify(result.rule)}`);
    assert.ok(result.actions?.includes('Show rule documentation (new-technology)'), `code actions: ${JSON.stringify(result.actions)}`);
    assert.strictEqual(result.rule?.message, `Tech Policy: the rule's documentation is at ${page}`, JSON.stringify(result.rule));
  });

  test('services/search/Dockerfile: new-service on the FROM line, from the same server', () => {
    const docker = step('services/search/Dockerfile');
    assert.ok(docker.seen, `no new-service diagnostic within 15 s: ${JSON.stringify(docker)}`);
    assert.deepStrictEqual(
      docker.diagnostics.map((d) => ({ lnum: d.lnum, code: d.code, line: docker.lines[d.lnum] })),
      [{ lnum: lineOf(text('services/search/Dockerfile'), 'FROM ') - 1, code: 'new-service', line: 'FROM node:20-alpine' }],
    );
    assert.match(docker.diagnostics[0].message, /^"search": new deployable service \(known: web\)\./);
    const clients = result.steps.map((s) => s.clients);
    assert.deepStrictEqual(clients[1], clients[0], 'both files are attached to the same client (one per root)');
    assert.deepStrictEqual(
      clients[0].map((c) => ({ name: c.name, root: c.root })),
      [{ name: 'tech-policy', root: workspace }],
      'one tech-policy client, rooted at the folder with techpolicy.json',
    );
  });

  test("the client's log: the server started trusted, no errors, nothing the client does not support", () => {
    const log = fs.readFileSync(result.log, 'utf8');
    assert.match(log, /Tech Policy server ready: 1 folder\(s\)/, `the server logged its start:\n${log}`);
    assert.ok(!log.includes('untrusted'), 'init_options.trusted reached the server');
    const bad = log.split('\n').filter((l) => /^\[(ERROR|WARN)\]/.test(l) || /registerCapability|failed|Unhandled|Uncaught/i.test(l));
    assert.deepStrictEqual(bad, [], 'no error or warning in the LSP log');
  });

  test('the server exits with Neovim', async function () {
    // it must go; how soon depends on the machine's load, so it gets 60 s
    this.timeout(90_000);
    const deadline = Date.now() + 60_000;
    while (processesWith(prefix).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.deepStrictEqual(processesWith(prefix), [], 'no tech-policy-language-server left running after :qa!');
  });
});
