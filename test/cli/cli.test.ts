// Every test here runs the tech-policy command as a process (often several, often over a generated
// workspace): a second or more each on a busy 2-core machine; npm run test:cli gives each test 20 s
// (--timeout 20000), and the suites that need more say so.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copyFixture, fixturePath, REPO_ROOT } from '../support/fixtures';
import { startServer } from '../support/lspClient';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
  version: number;
  findings: Array<{ file: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; rule: string; subject: string; severity: string; message: string; exception: string | null }>;
  errors: Array<{ file: string; reason: string }>;
}

suite('command line: tech-policy check and init', () => {
  const core = fixturePath('unit', 'core');

  test('text: file:line:col severity rule message, one a line, then a summary; exit 1 on findings', () => {
    // run in the folder, as CI runs at the repository root: paths relative to it
    const r = run(['check', '.'], core);
    assert.strictEqual(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.includes('package.json:5:5 warning new-technology EX-0002 requested, not yet signed: Fastify: new web framework (approved: Express).'), r.stdout);
    assert.ok(lines.includes('docs/policy-exceptions/EX-0003-nestjs.md:8:14 error exception-invalid Not granted: "Sam Lee" is not an approver in the policy (approvers: Dana Reyes (CTO)).'), r.stdout);
    assert.ok(lines.includes('package.json:9:5 warning new-technology EX-0003 not granted ("approved-by" does not name an approver): NestJS: new web framework (approved: Express).'), r.stdout);
    assert.strictEqual(lines[lines.length - 1], '14 findings (14 at error or warning level), 1 exception granted, 1 pending, 0 files not checked.');
    assert.strictEqual(r.stderr, '');
  });

  test('json: one object with version, findings (relative file, zero-based range, exception id) and errors', () => {
    const r = run(['check', '.', '--format', 'json'], core);
    assert.strictEqual(r.code, 1);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.strictEqual(report.version, 1);
    assert.deepStrictEqual(report.errors, []);
    const fastify = report.findings.find((f) => f.file === 'services/api/package.json')!;
    assert.deepStrictEqual(fastify, {
      file: 'services/api/package.json',
      range: { start: { line: 2, character: 41 }, end: { line: 2, character: 50 } },
      rule: 'new-technology',
      subject: 'fastify',
      severity: 'warning',
      message: 'EX-0002 requested, not yet signed: Fastify: new web framework (approved: Express).',
      exception: 'EX-0002',
    });
    assert.strictEqual(report.findings.find((f) => f.subject === 'graphql')!.exception, null);
  });

  test('sarif: valid SARIF 2.1.0 with one rule entry per rule id, help from the rationale, regions', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-sarif-')), 'results.sarif');
    // from the folder itself, as CI runs it at the repository root: paths are relative to it
    const r = run(['check', core, '--format', 'sarif', '--output', out], core);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.stdout, '', 'with --output nothing goes to stdout');
    const sarif = JSON.parse(fs.readFileSync(out, 'utf8'));
    const Ajv = require('ajv-draft-04');
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')));
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 1));
    const run0 = sarif.runs[0];
    assert.deepStrictEqual(run0.tool.driver.rules.map((x: { id: string }) => x.id), ['new-technology', 'hold-technology', 'new-service', 'new-language', 'unlisted-dependency', 'exception-invalid', 'exception-expired', 'exception-expiring', 'exception-unused', 'baseline-stale', 'agents-instructions-stale', 'policy-relaxed']);
    assert.strictEqual(run0.tool.driver.rules[0].help.text, 'We run on boring technology.');
    assert.strictEqual(run0.tool.driver.rules[0].helpUri, 'https://wiki.acme.example/tech-policy');
    const api = run0.results.find((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri === 'services/api/package.json');
    assert.deepStrictEqual(api.locations[0].physicalLocation.region, { startLine: 3, startColumn: 42, endLine: 3, endColumn: 51 });
    assert.strictEqual(api.ruleId, 'new-technology');
    assert.strictEqual(api.level, 'warning');
    assert.strictEqual(run0.results.length, 14);
  });

  test('exit codes: 0 clean, 2 for a missing folder, a missing or invalid policy; one sentence on stderr, no stack', () => {
    const clean = run(['check', fixturePath('unit', 'monolith')]);
    assert.strictEqual(clean.code, 0, clean.stdout);
    assert.strictEqual(clean.stdout, '0 findings (0 at error or warning level), 0 files not checked.\n');
    const missing = run(['check', '/no/such/folder']);
    assert.deepStrictEqual([missing.code, missing.stderr], [2, 'tech-policy: /no/such/folder is not a folder.\n']);
    const noPolicy = run(['check', core, '--policy', 'nope.json']);
    assert.deepStrictEqual([noPolicy.code, noPolicy.stderr], [2, 'tech-policy: the policy file nope.json does not exist.\n']);
    const broken = run(['check', '.', '--format', 'json'], fixturePath('unit', 'policy-broken'));
    assert.strictEqual(broken.code, 2);
    assert.match(broken.stderr, /^tech-policy: the policy file techpolicy\.json is invalid \(\d+ problems, listed with the errors\); fix it and run the check again\.\n$/);
    const report = JSON.parse(broken.stdout) as JsonReport;
    assert.ok(report.errors.some((e) => e.file === 'techpolicy.json' && e.reason.startsWith('line 4, column 5: Unknown rule "new-framework"')), JSON.stringify(report.errors));
    const usage = run(['check', '--format', 'xml']);
    assert.strictEqual(usage.code, 2);
    assert.ok(!/\n\s+at /.test(usage.stderr), 'no stack trace');
    assert.strictEqual(run(['--version']).stdout, '0.1.0\n');
    assert.match(run(['--help']).stdout, /^Usage:\n {2}tech-policy check \[folder\]/);
  });

  test('a folder without a policy: nothing is checked, and the text says so', () => {
    const root = copyFixture('unit/monolith');
    fs.rmSync(path.join(root, 'techpolicy.json'));
    const r = run(['check', root]);
    assert.strictEqual(r.code, 0);
    assert.ok(r.stdout.startsWith(`No techpolicy.json in ${root}: nothing is checked.`), r.stdout);
  });

  test('a subfolder of a folder with a policy: the check names the folder to check, not init', () => {
    const root = copyFixture('unit/monolith');
    fs.mkdirSync(path.join(root, 'server'), { recursive: true });
    const r = spawnSync(process.execPath, [CLI, 'check'], { cwd: path.join(root, 'server'), encoding: 'utf8' });
    assert.strictEqual(r.status, 0);
    assert.strictEqual(r.stdout, `No techpolicy.json in ${path.join(root, 'server')}: nothing is checked. The policy in ${root} covers this folder: check that folder ("tech-policy check ..").\n0 findings (0 at error or warning level), 0 files not checked.\n`);
  });

  test('bad files become errors and the check goes on: binary, half-written JSON, symlink loops', () => {
    const root = copyFixture('unit/core');
    fs.mkdirSync(path.join(root, 'bin'));
    fs.writeFileSync(path.join(root, 'bin/package.json'), Buffer.from([0, 1, 2, 3, 0x7b]));
    fs.mkdirSync(path.join(root, 'half'));
    fs.writeFileSync(path.join(root, 'half/package.json'), '{ "dependencies": { "koa": "^2", "fast');
    fs.symlinkSync(root, path.join(root, 'loop'), 'dir');
    const report = JSON.parse(run(['check', root, '--format', 'json']).stdout) as JsonReport;
    assert.deepStrictEqual(report.errors, [
      { file: 'bin/package.json', reason: 'binary content' },
      { file: 'half/package.json', reason: 'invalid JSON at line 1, column 34', line: 1, column: 34 },
    ]);
    assert.strictEqual(report.findings.filter((f) => f.file.startsWith('loop/')).length, 0);
  });

  test('a file that does not parse is not checked, in every format alike: listed with its place, none of its findings, and the check fails', () => {
    // the editor shows what parses while you type; in CI the file is broken (docs/decisions.md)
    const root = copyFixture('unit/monolith');
    fs.mkdirSync(path.join(root, 'half'));
    fs.writeFileSync(path.join(root, 'half/package.json'), '{\n  "dependencies": {\n    "koa": "^2",\n    "fastify": \n  }\n}\n');
    fs.writeFileSync(path.join(root, 'docker-compose.yml'), 'services:\n  api:\n    build: ./api\n  cache: [\n');
    const json = JSON.parse(run(['check', '.', '--format', 'json'], root).stdout) as JsonReport;
    assert.deepStrictEqual(json.findings, [], 'no finding from a file that is not checked');
    assert.deepStrictEqual(json.errors.map((e) => e.file).sort(), ['docker-compose.yml', 'half/package.json']);
    const text = run(['check', '.'], root);
    assert.strictEqual(text.code, 1, 'a broken file fails the check');
    assert.deepStrictEqual(text.stdout.trimEnd().split('\n').slice(-1), ['0 findings (0 at error or warning level), 2 files not checked.']);
    assert.ok(text.stdout.includes('half/package.json: could not be checked: invalid JSON at line 5, column 3\n'), text.stdout);
    const sarif = JSON.parse(run(['check', '.', '--format', 'sarif'], root).stdout).runs[0];
    assert.deepStrictEqual(sarif.results, []);
    const notes = sarif.invocations[0].toolExecutionNotifications as Array<{ level: string; message: { text: string } }>;
    assert.deepStrictEqual(notes.map((n) => `${n.level} ${n.message.text.replace(/: .*/s, '')}`).sort(), ['error docker-compose.yml could not be checked', 'error half/package.json could not be checked']);
    const md = run(['check', '.', '--format', 'markdown'], root);
    assert.strictEqual(md.code, 1);
    assert.match(md.stdout, /^## Tech Policy: 2 files not checked\n/);
    // never silently: --format github makes each an error annotation at the syntax error
    const gh = run(['check', '.', '--format', 'github'], root).stdout;
    assert.ok(gh.includes('::error file=half/package.json,line=5,col=3,title=Tech Policy%3A not checked::'), gh);
  });

  test('init on a repository with a file that does not parse: the file is named in ignore, and check is silent on day one', () => {
    const root = copyFixture('unit/monolith');
    fs.rmSync(path.join(root, 'techpolicy.json'));
    fs.mkdirSync(path.join(root, 'test/fixtures/broken (1)'), { recursive: true });
    fs.writeFileSync(path.join(root, 'test/fixtures/broken (1)/package.json'), '{ "dependencies": { "koa": ');
    const init = run(['init', root]);
    assert.deepStrictEqual([init.code, init.stdout], [0, `Wrote ${path.join(root, 'techpolicy.json')}. 1 file that does not parse is in its ignore list (test/fixtures/broken (1)/package.json): fix and remove it from ignore to check it.\n`]);
    const policy = fs.readFileSync(path.join(root, 'techpolicy.json'), 'utf8');
    assert.match(policy, /\/\/ Files that did not parse on \d{4}-\d{2}-\d{2}: not checked\. Fix each and take it off this list\.\n {2}"ignore": \["test\/fixtures\/broken \\\\\(1\\\\\)\/package\.json"\],/);
    const r = run(['check', '.'], root);
    assert.deepStrictEqual([r.code, r.stdout], [0, '0 findings (0 at error or warning level), 0 files not checked.\n']);
  });

  test('scaffolding that does not parse is listed under errors; an unreadable policy is unusable input', () => {
    const root = copyFixture('unit/monolith');
    fs.writeFileSync(path.join(root, 'docker-compose.yml'), 'services:\n\tweb:\n    build: .\n');
    const report = JSON.parse(run(['check', root, '--format', 'json']).stdout) as JsonReport;
    assert.ok(report.errors.some((e) => e.file === 'docker-compose.yml' && /^line \d+, column \d+: /.test(e.reason)), JSON.stringify(report.errors));
    fs.rmSync(path.join(root, 'techpolicy.json'));
    fs.mkdirSync(path.join(root, 'techpolicy.json'));
    const r = run(['check', root]);
    assert.deepStrictEqual([r.code, r.stderr], [2, 'tech-policy: cannot read the policy file techpolicy.json: not a file.\n']);
  });

  test('init writes the starter policy, refuses to overwrite, replaces with --force', () => {
    const root = copyFixture('unit/monolith');
    fs.rmSync(path.join(root, 'techpolicy.json'));
    const first = run(['init', root]);
    assert.deepStrictEqual([first.code, first.stdout], [0, `Wrote ${path.join(root, 'techpolicy.json')}.\n`]);
    const text = fs.readFileSync(path.join(root, 'techpolicy.json'), 'utf8');
    for (const id of ['express', 'react', 'postgres', 'jest', 'vite']) assert.ok(text.includes(`"${id}": { "ring": "adopt" }`), id);
    assert.strictEqual(run(['check', root]).code, 0, 'silent on day one');
    fs.writeFileSync(path.join(root, 'techpolicy.json'), '{ "mine": true }');
    const again = run(['init', root]);
    assert.deepStrictEqual([again.code, again.stderr], [2, `tech-policy: ${path.join(root, 'techpolicy.json')} already exists; use --force to replace it.\n`]);
    assert.strictEqual(fs.readFileSync(path.join(root, 'techpolicy.json'), 'utf8'), '{ "mine": true }', 'never overwritten');
    assert.strictEqual(run(['init', root, '--force']).code, 0);
    assert.strictEqual(fs.readFileSync(path.join(root, 'techpolicy.json'), 'utf8').replace(/on \d{4}-\d{2}-\d{2}/, ''), text.replace(/on \d{4}-\d{2}-\d{2}/, ''));
  });

  test('parity: the CLI and the language server report the same findings over the same folders', async function () {
    this.timeout(120000);
    // the real layouts as a user has them: init on day one, then the change on top
    const layouts = fs.readdirSync(fixturePath('layouts')).map((name) => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), `tp-parity-${name}-`));
      fs.cpSync(fixturePath('layouts', name, 'repo'), root, { recursive: true });
      assert.strictEqual(run(['init', root]).code, 0);
      if (fs.existsSync(fixturePath('layouts', name, 'change'))) fs.cpSync(fixturePath('layouts', name, 'change'), root, { recursive: true });
      return root;
    });
    for (const name of ['unit/core', 'unit/monolith', 'unit/policy-extends', 'e2e-core', 'layouts-mixed', 'baseline-parity', ...layouts]) {
      const root = path.isAbsolute(name) ? name : fixturePath(...name.split('/'));
      const report = JSON.parse(run(['check', '.', '--format', 'json'], root).stdout) as JsonReport & { baselined: JsonReport['findings'] };
      // known findings of the baseline: hints in the editor, a list apart in the CLI
      const cli = [...report.findings.map((f) => `${f.file} ${JSON.stringify(f.range)} ${f.rule} ${f.subject}`), ...report.baselined.map((f) => `${f.file} ${JSON.stringify(f.range)} ${f.rule} ${f.subject} known`)].sort();
      const server = await startServer(root);
      try {
        await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')));
        const fromServer = [...server.diagnostics.entries()]
          .flatMap(([uri, list]) => list.filter((d) => d.code !== 'policy-invalid').map((d) => `${path.relative(root, new URL(uri).pathname)} ${JSON.stringify(d.range)} ${d.code} ${(d.data as { subject: string }).subject}${(d.data as { baselined?: boolean }).baselined ? ' known' : ''}`))
          .sort();
        assert.deepStrictEqual(fromServer, cli, name);
      } finally {
        await server.stop();
      }
    }
  });
});
