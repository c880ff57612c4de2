// `npm test`: build, then every suite in turn — unit, LSP, real editor — and one closing line
// "tests: N passed, N failed". The differential suite installs the ecosystems' tools first
// (scripts/ecosystem-tools.sh). Set TECH_POLICY_SKIP_E2E=1 to skip the real-editor suite on a
// machine that cannot install Chromium and code-server.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let passed = 0;
let failed = 0;

function run(label, command, args) {
  return new Promise((resolve) => {
    process.stdout.write(`\n=== ${label}: ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      out += chunk;
    });
    child.on('close', (code) => {
      // eslint-disable-next-line no-control-regex -- ANSI colour codes, where a reporter forces them
      out = out.replace(/\x1b\[[0-9;]*m/g, "");
      const pass = /^\s*(\d+) passing/m.exec(out);
      const fail = /^\s*(\d+) failing/m.exec(out);
      if (pass) passed += Number(pass[1]);
      if (fail) failed += Number(fail[1]);
      if (code !== 0 && !fail) failed += 1; // a suite that could not run counts as a failure
      resolve(code ?? 1);
    });
  });
}

const steps = [
  ['build', npm, ['run', 'build']],
  ['lint', npm, ['run', 'lint']],
  ['unit', npm, ['run', 'test:unit']],
  ['lsp', npm, ['run', 'test:lsp']],
  ['cli', npm, ['run', 'test:cli']],
  // each ecosystem's own tool (go, cargo, Python's packaging, Bundler), installed by the script it runs first
  ['differential', npm, ['run', 'test:differential']],
  ['package', npm, ['run', 'test:package']],
];
if (!process.env.TECH_POLICY_SKIP_E2E) steps.push(['e2e', npm, ['run', 'test:e2e']]);

let exit = 0;
for (const [label, command, args] of steps) {
  const code = await run(label, command, args);
  if (code !== 0) {
    exit = 1;
    if (label === 'build') break;
  }
}
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
process.exit(exit);
