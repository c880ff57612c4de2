import * as assert from 'assert';
import * as fs from 'fs';
import type { MarkupContent } from 'vscode-languageserver-types';
import { evaluationCount, parsePerson } from '../../server/src/core/exceptions/evaluate';
import { nextExceptionId } from '../../server/src/core/exceptions/render';
import { buildExceptionRequest } from '../../server/src/core/features/exceptionRequest';
import { hoverPackageJson } from '../../server/src/core/features/hover';
import { FolderModel } from '../../server/src/core/folder';
import { MAX_NESTING, yamlTextTooDeep } from '../../server/src/core/limits';
import { loadPolicy, MAX_EXTENDS_DEPTH } from '../../server/src/core/policy/load';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { scanScaffolding } from '../../server/src/core/scan/scaffolding';
import { fixturePath, memoryHost, rangeOf } from '../support/fixtures';
import { markdownTargets } from '../support/markdown';
import { exceptionDocument } from '../support/ssh';

const ROOT = 'file:///ws';
const deepJson = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

function folderWith(policy: object, docs: Record<string, string> = {}): FolderModel {
  const folder = new FolderModel(ROOT, 'techpolicy.json', () => '2026-11-25');
  folder.setPolicyText(JSON.stringify(policy), memoryHost({}));
  for (const [name, text] of Object.entries(docs)) folder.setException(`${ROOT}/docs/policy-exceptions/${name}`, text);
  return folder;
}

suite('hostile input in the core: bounded, linear, never a throw', () => {
  test('a package.json nested 10,000 deep is a problem for that file, not a stack overflow', () => {
    const text = `{ "dependencies": { "fastify": "5" }, "x": ${deepJson(10_000)} }`;
    const facts = scanPackageJson(text);
    assert.deepStrictEqual(facts.dependencies, []);
    assert.strictEqual(facts.problems.length, 1);
    assert.match(facts.problems[0].message, new RegExp(`nests more than ${MAX_NESTING} levels deep`));
    // a real package.json (a few levels) is untouched
    assert.strictEqual(scanPackageJson(`{ "dependencies": { "fastify": "5" }, "x": ${deepJson(50)} }`).dependencies.length, 1);
  });

  test('deep YAML (compose, Kubernetes), a deep policy and deep front matter are problems too', () => {
    const ctx = { imageCategory: () => undefined };
    const flow = `services:\n  web:\n    build: .\n    x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const compose = scanScaffolding('docker-compose.yml', flow, ctx)!;
    assert.match(compose.problems[0].message, /nests more than/);
    const block = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n' + Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n') + '\n';
    assert.ok(scanScaffolding('k8s/deploy.yaml', block, ctx)!.problems.some((p) => /nests more than/.test(p.message)));
    const policy = loadPolicy(`${ROOT}/techpolicy.json`, `{ "technologies": ${deepJson(10_000)} }`, memoryHost({}));
    assert.match(policy.problems[0].message, /^The policy file nests more than \d+ levels deep/);
    const front = `---\nid: EX-0001\nrule: new-technology\nsubject: x\nstatus: requested\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n`;
    const folder = folderWith({ approvers: [{ name: 'Dana Reyes' }] }, { 'EX-0001-x.md': front });
    assert.match(folder.exceptions[0].problems[0].message, /front matter nests more than/);
  });

  test('YAML that may nest too deep is not handed to the parser (flow, compact "- - -" entries, huge indentation); normal manifests pass', () => {
    const ctx = { imageCategory: () => undefined };
    for (const text of [`x: ${'{a: '.repeat(300)}1${'}'.repeat(300)}\n`, `x:\n${'- '.repeat(300)}1\n`, `services:\n${' '.repeat(500)}web: {}\n`]) {
      assert.deepStrictEqual(yamlTextTooDeep(text) !== undefined, true, text.slice(0, 40));
      assert.match(scanScaffolding('docker-compose.yml', text, ctx)!.problems[0].message, /nests more than 200 levels deep/);
    }
    for (const rel of ['scaffolding/compose/docker-compose.yml', 'scaffolding/sam/template.yaml', 'layouts-mixed/base/deployment.yaml']) {
      assert.strictEqual(yamlTextTooDeep(fs.readFileSync(fixturePath(...rel.split('/')), 'utf8')), undefined, rel);
    }
    // brackets in quotes and comments are not nesting
    assert.strictEqual(yamlTextTooDeep(`a: "${'['.repeat(500)}"\nb: '${'{'.repeat(500)}'\n# ${'['.repeat(500)}\n`), undefined);
  });

  test('deep TOML and XML manifests: a problem or their findings, never a throw', function () {
    // 40,000 brackets and 100,000 tags through the parsers: a fraction of a second, more on a busy
    // machine (their cost as they grow is a figure of npm run bench, "hostile" section)
    this.timeout(30_000);
    const ctx = { imageCategory: () => undefined };
    const toml = scanScaffolding('Cargo.toml', `[dependencies]\nx = ${'['.repeat(20_000)}${']'.repeat(20_000)}\naxum = "1"\n`, ctx)!;
    assert.ok(toml.problems.length > 0 || toml.dependencies.some((d) => d.name === 'axum'));
    const xml = scanScaffolding('pom.xml', `<project>${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}<dependency><groupId>g</groupId><artifactId>x</artifactId></dependency></project>`, ctx)!;
    assert.deepStrictEqual(xml.dependencies.map((d) => d.name), ['g:x']);
  });

  test('extends: a diamond 18 levels deep loads each file once (reads counted); depth and count are bounded', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 18; i++) files[`${ROOT}/p${i}.json`] = JSON.stringify({ extends: [`./a${i + 1}.json`, `./b${i + 1}.json`] });
    for (let i = 1; i <= 18; i++) {
      files[`${ROOT}/a${i}.json`] = JSON.stringify({ extends: [`./p${i}.json`] });
      files[`${ROOT}/b${i}.json`] = JSON.stringify({ extends: [`./p${i}.json`] });
    }
    files[`${ROOT}/p18.json`] = JSON.stringify({ technologies: { express: 'adopt' } });
    let reads = 0;
    const host = { readFile: (uri: string) => (reads++, files[uri]) };
    const loaded = loadPolicy(`${ROOT}/techpolicy.json`, JSON.stringify({ extends: ['./p0.json'] }), host);
    // 37 files, each read once: a policy that read each file once per path to it would read 2^18
    assert.ok(reads <= 60, `${reads} reads`);
    assert.ok(loaded.problems.some((p) => new RegExp(`more than ${MAX_EXTENDS_DEPTH} levels deep`).test(p.message)), loaded!.problems.map((p) => p.message).join('\n'));
  });

  test('extends and allowedSigners never name a file by absolute path; a host can refuse a file, and then nothing of it is read', () => {
    const text = JSON.stringify({ extends: ['/etc/passwd', 'C:\\x.json', '../../outside.json'], allowedSigners: '../keys' });
    let read = 0;
    const loaded = loadPolicy(`${ROOT}/techpolicy.json`, text, { readFile: () => (read++, '{"secret": "value"}'), refuse: (uri) => (uri.startsWith(`${ROOT}/`) ? undefined : 'it is outside the workspace folder') });
    assert.strictEqual(read, 0);
    const messages = loaded.problems.map((p) => p.message);
    assert.deepStrictEqual(messages.slice(0, 3), [
      'Cannot use "extends": "/etc/passwd": paths are relative to the policy file (e.g. "./base.json"); an absolute path is not read.',
      'Cannot use "extends": "C:\\x.json": paths are relative to the policy file (e.g. "./base.json"); an absolute path is not read.',
      'Cannot use "extends": "../../outside.json": it is outside the workspace folder.',
    ]);
    assert.ok(messages.some((m) => m.startsWith('Cannot use "allowedSigners": "../keys": it is outside the workspace folder')));
    assert.ok(!messages.some((m) => m.includes('secret')), 'nothing of a refused file is quoted');
  });

  test('exceptionsDirectory must stay inside the workspace: "../escaped" or an absolute path is refused, the default applies', () => {
    for (const dir of ['../escaped', '/tmp/x', 'docs/../../x', '~/x']) {
      const text = JSON.stringify({ exceptionsDirectory: dir });
      const loaded = loadPolicy(`${ROOT}/techpolicy.json`, text, memoryHost({}));
      assert.strictEqual(loaded.policy.exceptionsDirectory, 'docs/policy-exceptions', dir);
      assert.deepStrictEqual(loaded.problems[0].range, rangeOf(text, JSON.stringify(dir)));
    }
    assert.strictEqual(loadPolicy(`${ROOT}/techpolicy.json`, JSON.stringify({ exceptionsDirectory: 'a/../decisions' }), memoryHost({})).policy.exceptionsDirectory, 'a/../decisions');
  });

  test('a 100,000-character approved-by and spaces-only values parse (by position, one pass: see parsePerson)', () => {
    assert.deepStrictEqual(parsePerson(' '.repeat(100_000)), { name: '' });
    assert.deepStrictEqual(parsePerson(`Dana ${'x '.repeat(50_000)}`), { name: `Dana ${'x '.repeat(49_999)}x` });
    assert.deepStrictEqual(parsePerson(`${'<'.repeat(50_000)}a@b`), { email: `${'<'.repeat(50_000)}a@b` });
    assert.deepStrictEqual(parsePerson(`a${' '.repeat(100_000)}<x`), { name: `a${' '.repeat(100_000)}<x` });
    assert.deepStrictEqual(parsePerson('Dana Reyes <dana@acme.example>'), { name: 'Dana Reyes', email: 'dana@acme.example' });
    assert.deepStrictEqual(parsePerson('dana@acme.example'), { email: 'dana@acme.example' });
    assert.deepStrictEqual(parsePerson('Dana Reyes'), { name: 'Dana Reyes' });
  });

  test('huge exception ids: never EX-Infinity or EX-1e+240; the next id is a valid, unused EX-nnnn', () => {
    assert.strictEqual(nextExceptionId(['EX-9007199254740992-x.md', 'EX-99999999999999999999-y.md', 'EX-0003']), 'EX-0004');
    assert.strictEqual(nextExceptionId(['EX-999999999', 'EX-0001', 'EX-0002']), 'EX-0003');
    const folder = folderWith({ approvers: [{ name: 'Dana Reyes' }] }, { 'EX-9007199254740992-x.md': exceptionDocument({ id: 'EX-9007199254740992' }) });
    const request = buildExceptionRequest(folder, { rule: 'new-technology', subject: 'fastify', existingFiles: ['EX-9007199254740992-x.md', 'EX-1e+240-y.md'] }, '2026-11-25');
    assert.strictEqual(request.id, 'EX-0001');
    assert.match(folder.exceptions[0].problems[0].message, /at most nine digits/);
  });

  test('2,000 exception documents load with one evaluation each (counted), not one of every document per document', function () {
    // 2,000 documents parsed and evaluated: about a second, more on a busy 2-core machine
    this.timeout(60_000);
    const folder = folderWith({ approvers: [{ name: 'Dana Reyes' }] });
    const docs = Array.from({ length: 2000 }, (_, i) => exceptionDocument({ id: `EX-${String(i + 1).padStart(4, '0')}`, subject: `t${i}` }));
    const before = evaluationCount.evaluations;
    docs.forEach((d, i) => folder.setException(`${ROOT}/docs/policy-exceptions/EX-${i}.md`, d));
    assert.strictEqual(folder.exceptions.length, 2000);
    assert.strictEqual(evaluationCount.evaluations - before, 2000);
  });

  test('hover: Markdown from the repository stays text; the only links are the ones Tech Policy makes', () => {
    const evil = 'x](https://evil.example/a) ![p](https://evil.example/pixel.png) <https://evil.example/b> www.evil.example';
    const doc = exceptionDocument({ id: `"${evil}"`, subject: 'fastify', 'requested-by': `"${evil}"`, scope: '' });
    const folder = folderWith({ approvers: [{ name: 'Dana Reyes' }], rules: { 'new-technology': { rationale: evil, link: 'javascript:alert(1)' } }, technologies: { evil: { ring: 'hold', note: evil, name: evil, packages: ['evil-pkg'] } } }, { 'EX-0001-fastify.md': doc });
    const text = '{ "dependencies": { "fastify": "5", "evil-pkg": "1" } }';
    const facts = scanPackageJson(text);
    for (const needle of ['"fastify"', '"evil-pkg"']) {
      const hover = hoverPackageJson(folder, `${ROOT}/package.json`, facts, rangeOf(text, needle).start)!;
      const md = (hover.contents as MarkupContent).value;
      for (const target of markdownTargets(md)) assert.ok(/^(file:\/\/\/ws\/|https:\/\/github\.com\/tech-policy\/)/.test(target), `${target} in\n${md}`);
      assert.ok(!/(?<!\\)!\[/.test(md), 'no image');
    }
  });
});
