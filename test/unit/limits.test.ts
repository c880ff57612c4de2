// Small files that used to hang or kill (issue 18, items 8–12): each is bounded work per byte, a
// limit reported as a problem for that file, and a linear algorithm. Work is asserted by what the
// core reports (how much it read, which problem), never by a duration; the explicit timeouts are
// backstops for inputs that took minutes before the fix and take milliseconds after it.
import * as assert from 'assert';
import { codeActionsFor, MAX_CODE_ACTION_SUBJECTS } from '../../server/src/core/features/codeActions';
import { findingToDiagnostic } from '../../server/src/core/features/diagnostics';
import { FolderModel } from '../../server/src/core/folder';
import { MAX_DEPENDENCIES_PER_FILE as MAX_ENTRIES_PER_FILE, MAX_YAML_ALIASES, MAX_YAML_DOCUMENTS } from '../../server/src/core/limits';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { mayBeDeploymentYaml, scanScaffolding } from '../../server/src/core/scan/scaffolding';
import { memoryHost } from '../support/fixtures';

const ctx = { imageCategory: () => undefined };

suite('limits: small files that used to hang or kill', function () {
  // each input below took from 30 s to minutes before its fix; the timeout only catches a regression
  this.timeout(20_000);

  test('YAML of blank lines, spaces, tabs or CRLF is read in one pass and is not a deployment file (the content sniff was cubic)', () => {
    for (const text of ['\n'.repeat(200_000), '\r\n'.repeat(100_000), ' \n'.repeat(100_000), '\t\r\n  \n'.repeat(50_000), ' '.repeat(200_000), '-\n  \n'.repeat(60_000)]) {
      for (const name of ['k8s/deploy.yaml', 'config/app.yml', 'openapi.yaml']) {
        assert.strictEqual(scanScaffolding(name, text, ctx), undefined, `${name}: ${JSON.stringify(text.slice(0, 8))}…`);
      }
    }
  });

  test('the content sniff still knows a deployment file by its content', () => {
    for (const text of ['apiVersion: apps/v1\nkind: Deployment\n', '\n\n  apiVersion: v1', '- apiVersion: v1', '  -  runtime : python312', 'services:\n  web: {}', 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function', 'AWSTemplateFormatVersion: "2010-09-09"', '# x\r\napiVersion: v1\r\n']) {
      assert.ok(mayBeDeploymentYaml(text), JSON.stringify(text));
    }
    for (const text of ['', '\n\n\n', 'openapi: 3.0.0\npaths: {}\n', '  services:\n', 'myapiVersion: 1', '# apiVersion: v1', 'x: apiVersion:']) {
      assert.ok(!mayBeDeploymentYaml(text), JSON.stringify(text));
    }
  });

  test(`a compose file of 8,000 services that are aliases: the first ${MAX_YAML_ALIASES} aliases are followed, the file says why the rest are not`, () => {
    const text = `x-base: &base\n  image: redis:7\nservices:\n${Array.from({ length: 8000 }, (_, i) => `  s${i}: *base\n`).join('')}`;
    const facts = scanScaffolding('docker-compose.yml', text, ctx)!;
    assert.strictEqual(facts.images.length, MAX_YAML_ALIASES);
    assert.deepStrictEqual(facts.problems.map((p) => [p.range.start.line, p.message]), [[3 + MAX_YAML_ALIASES, `This file uses more than 1,000 YAML aliases; the ones after this are not followed.`]]);
    // a real file's aliases all count
    const few = scanScaffolding('docker-compose.yml', `x-base: &base\n  image: redis:7\nservices:\n  a: *base\n  b:\n    <<: *base\n`, ctx)!;
    assert.deepStrictEqual([few.images.length, few.problems], [2, []]);
  });

  test(`1.3 million empty YAML documents: the first ${MAX_YAML_DOCUMENTS} are read, the rest of the text is not`, () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n${'---\n'.repeat(1_300_000)}`;
    const facts = scanScaffolding('k8s/all.yaml', text, ctx)!;
    assert.deepStrictEqual(facts.problems.map((p) => [p.range.start.line, p.message]), [[4 + MAX_YAML_DOCUMENTS - 1, 'This file has more than 1,000 YAML documents; only the first 1,000 are checked (no deployment file has that many).']]);
    const real = Array.from({ length: 300 }, (_, i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${i}\nspec:\n  template:\n    spec:\n      containers:\n        - image: acme/app${i}\n`).join('---\n');
    const ok = scanScaffolding('k8s/all.yaml', real, ctx)!;
    assert.deepStrictEqual([ok.services.length, ok.problems], [300, []]);
  });

  test(`more than ${MAX_YAML_DOCUMENTS} documents before the first workload: the file keeps the limit problem (it was dropped when no early document was recognised)`, () => {
    const text = `${'---\n'.repeat(1_500)}apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: billing\nspec:\n  template:\n    spec:\n      containers:\n        - image: acme/billing\n`;
    const facts = scanScaffolding('k8s/deploy.yaml', text, ctx);
    assert.deepStrictEqual(facts?.problems.map((p) => [p.range.start.line, p.message]), [[MAX_YAML_DOCUMENTS, 'This file has more than 1,000 YAML documents; only the first 1,000 are checked (no deployment file has that many).']]);
  });

  test(`130,000 dependencies with unlisted-dependency on: the first ${MAX_ENTRIES_PER_FILE.toLocaleString('en')} are checked, the file says why the rest are not`, () => {
    const deps = Object.fromEntries(Array.from({ length: 130_000 }, (_, i) => [`lib-${i}`, '1']));
    const text = JSON.stringify({ dependencies: deps }, null, 1);
    const facts = scanPackageJson(text);
    assert.strictEqual(facts.dependencies.length, MAX_ENTRIES_PER_FILE);
    assert.deepStrictEqual(facts.problems.map((p) => [p.range.start.line, p.message]), [[2 + MAX_ENTRIES_PER_FILE, `This file has more than ${MAX_ENTRIES_PER_FILE.toLocaleString('en')} dependencies; only the first ${MAX_ENTRIES_PER_FILE.toLocaleString('en')} are checked (no manifest has that many).`]]);
    const folder = new FolderModel('file:///ws', 'techpolicy.json', () => '2026-11-25');
    folder.setPolicyText(JSON.stringify({ rules: { 'unlisted-dependency': 'warning' } }), memoryHost({}));
    assert.strictEqual(folder.checkPackageJson('file:///ws/package.json', facts).length, MAX_ENTRIES_PER_FILE);
    // the other manifests alike
    const requirements = Array.from({ length: MAX_ENTRIES_PER_FILE + 10 }, (_, i) => `lib${i}==1.0`).join('\n');
    const py = scanScaffolding('requirements.txt', requirements, ctx)!;
    assert.strictEqual(py.dependencies.length, MAX_ENTRIES_PER_FILE);
    assert.ok(py.problems[0].message.includes(`more than ${MAX_ENTRIES_PER_FILE.toLocaleString('en')} dependencies`), py.problems[0].message);
  });

  test(`code actions for 20,000 diagnostics in one request: actions for the first ${MAX_CODE_ACTION_SUBJECTS} findings, one documentation link per rule`, () => {
    const folder = new FolderModel('file:///ws', 'techpolicy.json', () => '2026-11-25');
    const policy = JSON.stringify({ rules: { 'unlisted-dependency': 'warning' } });
    folder.setPolicyText(policy, memoryHost({}));
    const deps = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`lib-${i}`, '1']));
    const found = folder.checkPackageJson('file:///ws/package.json', scanPackageJson(JSON.stringify({ dependencies: deps }, null, 1)));
    const diagnostics = Array.from({ length: 20_000 / found.length }, () => found).flat().map(findingToDiagnostic);
    assert.strictEqual(diagnostics.length, 20_000);
    const actions = codeActionsFor({ folder, diagnostics, existingExceptionFiles: [], policyText: policy, policyVersion: 1, today: '2026-11-25' });
    const requests = actions.filter((a) => a.title.startsWith('Request an exception for '));
    assert.strictEqual(requests.length, MAX_CODE_ACTION_SUBJECTS);
    assert.deepStrictEqual(requests.slice(0, 2).map((a) => a.title), ['Request an exception for lib-0', 'Request an exception for lib-1']);
    assert.deepStrictEqual(actions.filter((a) => a.title.startsWith('Show rule documentation')).map((a) => a.title), ['Show rule documentation (unlisted-dependency)']);
  });
});
