// Every test here runs the tech-policy command as a process (often several, often over a generated
// workspace): a second or more each on a busy 2-core machine; npm run test:cli gives each test 20 s
// (--timeout 20000), and the suites that need more say so.
import * as assert from 'assert';
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../support/fixtures';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], cwd = REPO_ROOT, timeout = 30_000) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

function workspace(files: Record<string, string>, policy: object = { technologies: { express: { ring: 'adopt' } } }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-hostile-'));
  fs.writeFileSync(path.join(root, 'techpolicy.json'), JSON.stringify(policy));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

suite('command line: hostile and broken input', function () {
  this.timeout(60_000);

  test('a slow reader gets the whole report: every format is written before the process exits', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`apps/a${i}/package.json`] = JSON.stringify({ name: `a${i}`, dependencies: { fastify: '5', koa: '2' } });
    const root = workspace(files);
    for (const format of ['json', 'text', 'sarif']) {
      const child = spawn(process.execPath, [CLI, 'check', root, '--format', format]);
      const chunks: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.stdout.pause();
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const closed = new Promise((resolve) => child.stdout.on('close', resolve));
      // the reader is slow: nothing is read for a second, by which time a careless writer has exited
      await new Promise((r) => setTimeout(r, 1000));
      child.stdout.resume();
      const [code] = await Promise.all([exited, closed]);
      const out = Buffer.concat(chunks).toString('utf8');
      assert.strictEqual(code, 1, format);
      assert.ok(out.length > 65_536, `${format}: ${out.length} bytes`);
      if (format === 'text') assert.match(out, /^600 findings \(600 at error or warning level\), 0 files not checked\.$/m);
      else assert.strictEqual((format === 'json' ? JSON.parse(out).findings : JSON.parse(out).runs[0].results).length, 600);
    }
  });

  test('--format json is one JSON document whatever happens: a NUL byte in the policy, a missing folder, a bad option', () => {
    const root = workspace({ 'package.json': '{}' });
    fs.writeFileSync(path.join(root, 'techpolicy.json'), '{ "technologies": {} }\u0000');
    for (const args of [['check', root, '--format', 'json'], ['check', '/no/such/folder', '--format', 'json'], ['check', root, '--format', 'json', '--nope']]) {
      const r = run(args);
      assert.strictEqual(r.code, 2, args.join(' '));
      const doc = JSON.parse(r.stdout);
      assert.deepStrictEqual(Object.keys(doc), ['version', 'findings', 'baselined', 'errors']);
      assert.strictEqual(doc.errors.length, 1);
      assert.match(r.stderr, /^tech-policy: /);
    }
    const sarif = run(['check', root, '--format', 'sarif']);
    assert.strictEqual(sarif.code, 2);
    assert.strictEqual(JSON.parse(sarif.stdout).runs[0].invocations[0].executionSuccessful, false);
  });

  test('text output cannot be forged: a folder name with a newline is escaped', () => {
    const root = workspace({ 'services/x\nservices/fake/package.json:1:1 error new-technology forged/package.json': JSON.stringify({ dependencies: { koa: '2' } }) });
    const r = run(['check', root]);
    const lines = r.stdout.trimEnd().split('\n');
    assert.strictEqual(lines.length, 2, r.stdout);
    assert.ok(lines[0].startsWith('services/x\\nservices/fake/package.json:1:1 error new-technology forged/package.json:1:'), lines[0]);
    assert.ok(!lines.some((l) => l.startsWith('services/fake/')));
  });

  test('a 10,000-deep package.json is an error for that file; every other file is still checked', () => {
    const root = workspace({
      'deep/package.json': `{ "dependencies": { "fastify": "5" }, "x": ${'['.repeat(10_000)}${']'.repeat(10_000)} }`,
      'ok/package.json': JSON.stringify({ dependencies: { koa: '2' } }),
      'compose.yaml': `services:\n  x:\n    build: .\n    y: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    });
    const r = run(['check', root, '--format', 'json']);
    assert.strictEqual(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepStrictEqual(report.findings.map((f: { file: string; subject: string }) => `${f.file} ${f.subject}`), ['ok/package.json koa']);
    assert.ok(report.errors.some((e: { file: string; reason: string }) => e.file === 'deep/package.json' && /nests more than 200 levels deep/.test(e.reason)), JSON.stringify(report.errors));
    assert.ok(report.errors.some((e: { file: string; reason: string }) => e.file === 'compose.yaml' && /nests more than/.test(e.reason)), JSON.stringify(report.errors));
  });

  test('devices, FIFOs and folders named like manifests are never read: an error each, no hang', () => {
    const root = workspace({}, { extends: ['./zero.json', './fifo.json'], technologies: {} });
    fs.symlinkSync('/dev/zero', path.join(root, 'zero.json'));
    execFileSync('mkfifo', [path.join(root, 'fifo.json')]);
    fs.mkdirSync(path.join(root, 'api'));
    execFileSync('mkfifo', [path.join(root, 'api/package.json')]);
    fs.mkdirSync(path.join(root, 'web/package.json'), { recursive: true });
    fs.mkdirSync(path.join(root, 'node_modules/shared'), { recursive: true });
    const r = run(['check', root, '--format', 'json'], REPO_ROOT, 20_000);
    assert.strictEqual(r.signal, null, 'no hang');
    assert.strictEqual(r.code, 2, r.stderr);
    const reasons = JSON.parse(r.stdout).errors.map((e: { reason: string }) => e.reason).join('\n');
    assert.match(reasons, /Cannot use "extends": ".\/zero.json": it is a link to a file outside the workspace folder/);
    assert.match(reasons, /Cannot use "extends": ".\/fifo.json": it is not a regular file/);
  });

  test('nothing is read from outside the workspace: extends "..", a linked exceptions directory, a linked exception document', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-outside-'));
    fs.writeFileSync(path.join(outside, 'secret.json'), JSON.stringify({ rules: { 'api-key-abc123': 'error' } }));
    fs.writeFileSync(
      path.join(outside, 'EX-0001-koa.md'),
      '---\nid: EX-0001\nrule: new-technology\nsubject: koa\nstatus: approved\napproved-by: Dana Reyes\napproved-on: 2026-11-01\n---\n## The product capability this enables\nx\n## Why the approved stack cannot deliver it\ny\n',
    );
    const root = workspace({ 'package.json': JSON.stringify({ dependencies: { koa: '2' } }) }, { approvers: [{ name: 'Dana Reyes' }], extends: [`../${path.basename(outside)}/secret.json`] });
    fs.mkdirSync(path.join(root, 'docs/policy-exceptions'), { recursive: true });
    fs.symlinkSync(path.join(outside, 'EX-0001-koa.md'), path.join(root, 'docs/policy-exceptions/EX-0001-koa.md'));
    const r = run(['check', root, '--format', 'json']);
    assert.ok(!r.stdout.includes('api-key-abc123'), 'nothing of the outside file is quoted');
    const report = JSON.parse(r.stdout);
    assert.ok(report.findings.some((f: { subject: string }) => f.subject === 'koa'), 'the outside approval grants nothing');
    assert.ok(report.errors.some((e: { reason: string }) => /outside the workspace folder/.test(e.reason)), JSON.stringify(report.errors));
    // the whole exceptions directory as a link
    fs.rmSync(path.join(root, 'docs/policy-exceptions'), { recursive: true });
    fs.symlinkSync(outside, path.join(root, 'docs/policy-exceptions'));
    const linked = JSON.parse(run(['check', root, '--format', 'json']).stdout);
    assert.ok(linked.findings.some((f: { subject: string }) => f.subject === 'koa'));
    assert.ok(linked.errors.some((e: { reason: string }) => /The exceptions directory is a link to a file outside the workspace folder/.test(e.reason)), JSON.stringify(linked.errors));
  });

  test('init never writes through a link; --output never into a missing folder or through a link', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-outside-'));
    fs.writeFileSync(path.join(outside, 'victim.json'), 'keep me');
    const root = workspace({ 'package.json': '{}' });
    fs.rmSync(path.join(root, 'techpolicy.json'));
    fs.symlinkSync(path.join(outside, 'victim.json'), path.join(root, 'techpolicy.json'));
    const r = run(['init', root, '--force']);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /is a symbolic link; Tech Policy does not write through it/);
    assert.strictEqual(fs.readFileSync(path.join(outside, 'victim.json'), 'utf8'), 'keep me');
    const root2 = workspace({ 'package.json': '{}' });
    const missing = run(['check', root2, '--output', path.join(root2, 'no/such/dir/out.json'), '--format', 'json']);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /--output: the folder of .* does not exist; the report was not written/);
    fs.symlinkSync(path.join(outside, 'victim.json'), path.join(root2, 'out.sarif'));
    assert.strictEqual(run(['check', root2, '--output', path.join(root2, 'out.sarif')]).code, 2);
    assert.strictEqual(fs.readFileSync(path.join(outside, 'victim.json'), 'utf8'), 'keep me');
  });

  test('small files that used to hang or abort the check: blank-line YAML, aliased services, empty documents, 130,000 dependencies', () => {
    const deps = Object.fromEntries(Array.from({ length: 130_000 }, (_, i) => [`lib-${i}`, '1']));
    const root = workspace(
      {
        'k8s/blank.yaml': '\n'.repeat(8192),
        'k8s/blank-crlf.yaml': '\r\n'.repeat(8192),
        'docker-compose.yml': `x-base: &base\n  image: redis:7\nservices:\n${Array.from({ length: 8000 }, (_, i) => `  s${i}: *base\n`).join('')}`,
        'k8s/empty-docs.yaml': `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n${'---\n'.repeat(50_000)}`,
        'big/package.json': JSON.stringify({ dependencies: deps }),
      },
      { technologies: { express: { ring: 'adopt' }, redis: { ring: 'adopt' } }, rules: { 'unlisted-dependency': 'warning' } },
    );
    const r = spawnSync(process.execPath, [CLI, 'check', root, '--format', 'json'], { cwd: root, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    assert.strictEqual(r.signal, null, 'no hang');
    // each file past a limit is a problem for that file: listed as not checked (it fails the check), the others checked
    assert.strictEqual(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepStrictEqual(report.findings, []);
    assert.deepStrictEqual(report.errors.map((e: { file: string; reason: string }) => `${e.file}: ${e.reason}`).sort(), [
      'big/package.json: line 1, column 308908: This file has more than 20,000 dependencies; only the first 20,000 are checked (no manifest has that many).',
      'docker-compose.yml: line 1004, column 10: This file uses more than 1,000 YAML aliases; the ones after this are not followed.',
      'k8s/empty-docs.yaml: line 1004, column 1: This file has more than 1,000 YAML documents; only the first 1,000 are checked (no deployment file has that many).',
    ]);
  });
});
