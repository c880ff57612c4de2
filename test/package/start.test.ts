// `npm start`'s first run installs code-server (minutes, and npm prints nothing meanwhile): it says
// what it installs, how much of it is on disk against what the step takes, and the time so far.
// The real install is minutes of network; here a stand-in for scripts/e2e-setup.sh prints the
// same lines and writes into its folder, and waits until npm start has reported it.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../support/fixtures';

suite('npm start: the first run says what it does', () => {
  test('each step as it starts, then its progress in MB against the size it says, and a failure in one sentence', async function () {
    this.timeout(60_000); // one npm start process up to its (stand-in) install; a few seconds on a busy machine
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-start-'));
    const target = path.join(tmp, 'cs');
    const seen = path.join(tmp, 'seen');
    const setup = path.join(tmp, 'e2e-setup.sh');
    // the real script's lines (the "installing" line is the one start.mjs reads: folder and size)
    const realLine = /log "(installing code-server@\$CODE_SERVER_VERSION into \$CS_PREFIX \(once: about \d+ MB[^"]*)"/.exec(fs.readFileSync(path.join(REPO_ROOT, 'scripts', 'e2e-setup.sh'), 'utf8'));
    assert.ok(realLine, 'scripts/e2e-setup.sh announces code-server with its folder and size');
    const announce = realLine[1].replace('$CODE_SERVER_VERSION', '4.139.1').replace('$CS_PREFIX', target).replace(/about \d+ MB/, 'about 40 MB');
    fs.writeFileSync(
      setup,
      [
        'echo "[e2e-setup] libkrb5-dev: present"',
        `echo "[e2e-setup] ${announce}"`,
        `mkdir -p "${target}" && head -c 20971520 /dev/zero > "${target}/part"`,
        `while [ ! -e "${seen}" ]; do sleep 0.1; done`, // until npm start has said how far it got
        'echo "[e2e-setup] ERROR: stopped by the test" >&2',
        'exit 3',
      ].join('\n'),
    );
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.mjs')], {
      env: { ...process.env, TECH_POLICY_CODE_SERVER: '1', TECH_POLICY_START_DIR: path.join(tmp, 'start'), TECH_POLICY_E2E_SETUP: setup, TECH_POLICY_PROGRESS_MS: '100', PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (/still installing code-server@4\.139\.1: (2\d|[3-9]\d) MB of about 40 MB/.test(out) && !fs.existsSync(seen)) fs.writeFileSync(seen, '');
    });
    child.stderr.on('data', (chunk) => (err += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    fs.rmSync(tmp, { recursive: true, force: true });
    assert.strictEqual(code, 1, out + err);
    assert.match(out, /^\[npm start\] \d+:\d\d installing code-server@4\.139\.1 into \S+ \(once: about 40 MB, [^)]*\)$/m, out);
    assert.match(out, /^\[npm start\] {3}still installing code-server@4\.139\.1: \d+ MB of about 40 MB \(\d+:\d\d so far\)$/m, out);
    assert.ok(!/~1\.5 min/.test(out), 'no promise of a time the install does not keep');
    assert.match(err, /^\[npm start\] scripts\/e2e-setup\.sh failed \(exit 3\) after \d+:\d\d$/m, err);
  });
});
