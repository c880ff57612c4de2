// The GitHub Action as the runner runs it: action.yml's entry point (the committed bundle) with
// the INPUT_* and GITHUB_* variables, a temporary $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT, over
// fixture repositories. Asserts the annotations, the job summary, the outputs and the exit code.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { copyFixture, REPO_ROOT } from '../support/fixtures';

interface ActionManifest {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}

const manifest = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionManifest;
const ENTRY = path.join(REPO_ROOT, manifest.runs.main);

/** Runs the action in `workspace` the way the runner does: inputs from action.yml's defaults, overridden by `inputs`. */
function runAction(workspace: string, inputs: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-action-'));
  const summary = path.join(dir, 'summary.md');
  const output = path.join(dir, 'output.txt');
  fs.writeFileSync(summary, '');
  fs.writeFileSync(output, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: 'c'.repeat(40),
  };
  for (const [name, spec] of Object.entries(manifest.inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  const r = spawnSync(process.execPath, [ENTRY], { cwd: workspace, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, summary: fs.readFileSync(summary, 'utf8'), output: fs.readFileSync(output, 'utf8') };
}

/** $GITHUB_OUTPUT read as the runner reads it: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
function outputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

suite('the GitHub Action', () => {
  test('action.yml: a node action whose inputs are the ones documented, and its bundle is fresh', () => {
    assert.match(manifest.runs.using, /^node2\d$/);
    assert.deepStrictEqual(Object.keys(manifest.inputs), ['path', 'policy', 'trusted-policy', 'new-since', 'fail-on', 'format', 'sarif-file', 'report-file', 'report-since']);
    assert.deepStrictEqual(Object.keys(manifest.outputs), ['findings', 'known', 'already-there', 'pending', 'sarif-file', 'report-file', 'report']);
    const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-action-build-')), 'index.js');
    const built = spawnSync(process.execPath, ['esbuild.mjs', '--action', '--outfile', fresh], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.strictEqual(built.status, 0, built.stderr);
    assert.ok(fs.readFileSync(fresh).equals(fs.readFileSync(ENTRY)), `${manifest.runs.main} is stale: run "npm run build:action" and commit it`);
  });

  test('every finding is an annotation on its file and line; the job summary groups them; exit 1', () => {
    const repo = copyFixture('unit/core');
    const r = runAction(repo);
    assert.strictEqual(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.some((l) => l.startsWith('::warning file=package.json,line=5,col=5,endLine=5,endColumn=14,title=Tech Policy%3A new-technology::') && l.includes('Fastify')), r.stdout);
    assert.ok(lines.some((l) => l.startsWith('::error file=docs/policy-exceptions/EX-0003-nestjs.md,line=8,')), r.stdout);
    assert.strictEqual(lines.filter((l) => l.startsWith('::')).length, 14);
    assert.match(r.summary, /^## Tech Policy: 14 findings\n/);
    assert.match(r.summary, /### Exception requests awaiting a signature \(1\)/);
    assert.match(r.summary, /\(https:\/\/github\.com\/acme\/shop\/blob\/c{40}\/package\.json#L5\)/);
    const o = outputs(r.output);
    assert.deepStrictEqual([o.findings, o.known, o.pending, o['report-file']], ['14', '0', '1', 'tech-policy-report.json']);
  });

  test('the report JSON: a file for an artifact step, and the same JSON as an output; the README\'s organisation workflow collects it', () => {
    const repo = copyFixture('unit/core');
    const r = runAction(repo, { 'fail-on': 'never' });
    assert.strictEqual(r.code, 0, r.stderr);
    const file = JSON.parse(fs.readFileSync(path.join(repo, 'tech-policy-report.json'), 'utf8'));
    assert.strictEqual(file.version, 1);
    assert.ok(file.exceptions.documents.length > 0, "the exception documents' text, for the organisation build to verify");
    // $GITHUB_OUTPUT: report<<DELIMITER, the JSON on one line, DELIMITER
    assert.match(r.output, /^report<<(ghadelimiter_[0-9a-f]{32})\n.*\n\1$/m);
    assert.deepStrictEqual(JSON.parse(outputs(r.output).report), file);
    assert.strictEqual(runAction(repo, { 'report-file': '../outside.json' }).code, 2);
    assert.ok(!fs.existsSync(path.join(repo, '..', 'outside.json')));
    const none = runAction(repo, { 'report-file': '' });
    assert.ok(!('report-file' in outputs(none.output)) && !('report' in outputs(none.output)), none.output);

    // the organisation workflow's collection step, with local files: each repository's artifact
    // downloaded into reports/NAME/, then one tech-policy org over the folder, with the history kept
    const org = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-action-org-'));
    for (const name of ['shop', 'billing']) {
      // actions/checkout puts the repository in a folder of its name: the report is named after it
      const clone = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-action-clone-')), name);
      fs.cpSync(copyFixture('unit/core'), clone, { recursive: true });
      assert.strictEqual(runAction(clone, { 'fail-on': 'never' }).code, 0);
      fs.mkdirSync(path.join(org, 'reports', name), { recursive: true });
      fs.copyFileSync(path.join(clone, 'tech-policy-report.json'), path.join(org, 'reports', name, 'tech-policy-report.json'));
    }
    const built = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'org', 'reports', '--output', 'site', '--history', 'history/tech-policy.sqlite'], { cwd: org, encoding: 'utf8' });
    assert.strictEqual(built.status, 2, 'the history folder does not exist yet: the workflow creates it');
    fs.mkdirSync(path.join(org, 'history'));
    const again = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'org', 'reports', '--output', 'site', '--history', 'history/tech-policy.sqlite'], { cwd: org, encoding: 'utf8' });
    assert.strictEqual(again.status, 0, again.stderr);
    assert.match(again.stderr, /wrote the organisation page of 2 repositories to site\/index\.html\. A snapshot was added to history\/tech-policy\.sqlite \(1 in all\)\./);
    const model = JSON.parse(fs.readFileSync(path.join(org, 'site', 'org.json'), 'utf8'));
    assert.deepStrictEqual(model.repositories.map((x: { name: string; source: string }) => [x.name, x.source]), [['billing', 'reports/billing/tech-policy-report.json'], ['shop', 'reports/shop/tech-policy-report.json']]);
  });

  test('fail-on: never passes with findings, error fails only on errors; the annotations stay', () => {
    const repo = copyFixture('unit/core');
    const never = runAction(repo, { 'fail-on': 'never' });
    assert.strictEqual(never.code, 0);
    assert.ok(never.stdout.includes('::warning file=package.json,line=5'), never.stdout);
    assert.strictEqual(runAction(repo, { 'fail-on': 'error' }).code, 1, 'exception-invalid is an error');
    const warningsOnly = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-action-warn-'));
    fs.writeFileSync(path.join(warningsOnly, 'techpolicy.json'), JSON.stringify({ technologies: { express: 'adopt' } }));
    fs.writeFileSync(path.join(warningsOnly, 'package.json'), '{ "dependencies": { "koa": "2" } }');
    assert.strictEqual(runAction(warningsOnly, { 'fail-on': 'error' }).code, 0);
    assert.strictEqual(runAction(warningsOnly).code, 1);
  });

  test('a folder inside the repository: annotation paths are from the repository root; SARIF on request', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-action-mono-'));
    fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'unit', 'core'), path.join(repo, 'apps', 'shop'), { recursive: true });
    const r = runAction(repo, { path: 'apps/shop', format: 'github,markdown,sarif', 'sarif-file': 'out/tech-policy.sarif' });
    assert.strictEqual(r.code, 2, 'out/ does not exist: the SARIF cannot be written');
    assert.match(r.stdout, /::error title=Tech Policy::.*out\/tech-policy\.sarif/);
    const escape = runAction(repo, { path: 'apps/shop', format: 'sarif', 'sarif-file': '../outside.sarif' });
    assert.strictEqual(escape.code, 2);
    assert.ok(!fs.existsSync(path.join(repo, '..', 'outside.sarif')), 'nothing is written outside the workspace');
    const ok = runAction(repo, { path: 'apps/shop', format: 'github,sarif' });
    assert.strictEqual(ok.code, 1, ok.stderr);
    assert.ok(ok.stdout.includes('::warning file=apps/shop/package.json,line=5,'), ok.stdout);
    assert.strictEqual(ok.summary, '', 'markdown was not asked for');
    const sarif = JSON.parse(fs.readFileSync(path.join(repo, 'tech-policy.sarif'), 'utf8'));
    assert.ok(sarif.runs[0].results.some((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri === 'apps/shop/package.json'));
    assert.strictEqual(outputs(ok.output)['sarif-file'], 'tech-policy.sarif', ok.output);
  });

  test('an input with a newline cannot set another output: every output is written in the multi-line form', () => {
    const repo = copyFixture('unit/core');
    const r = runAction(repo, { format: 'sarif', 'sarif-file': 'report.sarif\nfindings=0' });
    assert.strictEqual(r.code, 1, r.stderr);
    const o = outputs(r.output);
    assert.deepStrictEqual([o.findings, o.known, o.pending, o['sarif-file']], ['14', '0', '1', 'report.sarif\nfindings=0']);
  });

  test('no policy, a broken policy, a bad input: an error annotation that says what to do, exit 2', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-action-empty-'));
    fs.writeFileSync(path.join(empty, 'package.json'), '{ "dependencies": { "koa": "2" } }');
    const none = runAction(empty);
    assert.strictEqual(none.code, 2);
    assert.match(none.stdout, /^::error title=Tech Policy::There is no techpolicy\.json in the repository root: nothing was checked\. Run "tech-policy init"/m);
    assert.match(none.summary, /^## Tech Policy: the check needs attention\n[\s\S]*> \[!CAUTION\]\n> There is no techpolicy\.json/);

    fs.writeFileSync(path.join(empty, 'techpolicy.json'), '{ "technologies": { "express": "sideways" } }');
    const broken = runAction(empty);
    assert.strictEqual(broken.code, 2);
    assert.match(broken.stdout, /^::error file=techpolicy\.json,line=1,col=\d+,title=Tech Policy%3A not checked::/m);

    const bad = runAction(empty, { 'fail-on': 'sometimes' });
    assert.strictEqual(bad.code, 2);
    assert.strictEqual(bad.stdout, '::error title=Tech Policy::the input fail-on is "sometimes": use error, warning or never.\n');
    // symbolic links the repository commits lead nowhere: not the SARIF file, not the checked folder
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-action-elsewhere-'));
    fs.writeFileSync(path.join(elsewhere, 'techpolicy.json'), '{}');
    fs.symlinkSync(elsewhere, path.join(empty, 'reports'));
    const linkedSarif = runAction(empty, { format: 'sarif', 'sarif-file': 'reports/x.sarif' });
    assert.strictEqual(linkedSarif.code, 2);
    assert.ok(!fs.existsSync(path.join(elsewhere, 'x.sarif')), 'nothing is written through a link out of the workspace');
    const linkedPath = runAction(empty, { path: 'reports' });
    assert.strictEqual(linkedPath.code, 2);
    assert.match(linkedPath.stdout, /is outside the workspace/);
    fs.rmSync(path.join(empty, 'reports'));
    // a run that fails still leaves the SARIF file a later upload step expects: a failed invocation
    const failedSarif = runAction(empty, { format: 'github,sarif', 'fail-on': 'sometimes' });
    assert.strictEqual(failedSarif.code, 2);
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(empty, 'tech-policy.sarif'), 'utf8')).runs[0].invocations[0].executionSuccessful, false);
    const outside = runAction(empty, { path: '..' });
    assert.strictEqual(outside.code, 2);
    assert.match(outside.stdout, /is outside the workspace/);
  });
});
