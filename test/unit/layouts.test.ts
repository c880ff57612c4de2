/**
 * Real layouts (test/fixtures/layouts): one fixture per class of mistake that real repositories
 * exposed. Each runs what a user runs: `init` on day one (the generated policy must list each
 * real service once, with its place), `check` on day one (silent), then `check` after a realistic
 * change (exactly the findings below: rule, subject and position; nothing else).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'jsonc-parser';
import { createPolicyText } from '../../server/src/core/features/createPolicy';
import { fixturePath, TODAY } from '../support/fixtures';
import { checkFolder, layout } from '../support/layouts';
import { LAYOUT_CASES as CASES } from '../support/layoutCases';
import { FolderState } from '../../server/src/node/folderState';
import { pathToUri } from '../../server/src/node/files';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';

function servicesOf(policy: { services?: Record<string, { path?: string | string[] }> }): Record<string, string | string[] | undefined> {
  return Object.fromEntries(Object.entries(policy.services ?? {}).map(([name, entry]) => [name, entry.path]));
}

suite('real layouts: init, check on day one, check after a change', () => {
  test('every fixture folder has a case, and every case a fixture', () => {
    assert.deepStrictEqual(fs.readdirSync(fixturePath('layouts')).sort(), Object.keys(CASES).sort());
  });

  for (const [name, c] of Object.entries(CASES)) {
    test(`${name}: ${c.title}`, async function () {
      // init, check, change, check through the Node host: over a second on a busy machine
      this.timeout(20000);
      const l = await layout(name);
      assert.deepStrictEqual(servicesOf(l.policy), c.services, l.policyText);
      assert.deepStrictEqual(l.dayOne, [], 'day one is silent after init');
      const after = await l.afterChange();
      assert.deepStrictEqual(after.lines, c.after);
    });
  }

  test('init after each change is silent too, and writes every service with its place', async function () {
    // every layout twice through the whole Node host: several seconds on a busy 2-core machine
    this.timeout(60000);
    for (const name of Object.keys(CASES)) {
      const l = await layout(name);
      await l.afterChange();
      fs.rmSync(path.join(l.root, 'techpolicy.json'));
      const state = new FolderState(pathToUri(l.root), name, { ...DEFAULT_SETTINGS }, () => undefined);
      state.trusted = false;
      await state.scan();
      const text = createPolicyText(state.inventory(), TODAY);
      fs.writeFileSync(path.join(l.root, 'techpolicy.json'), text);
      assert.deepStrictEqual((await checkFolder(l.root)).lines, [], `${name}:\n${text}`);
      const unplaced = Object.entries(servicesOf(parse(text))).filter(([, place]) => place === undefined || place.length === 0);
      assert.deepStrictEqual(unplaced, [], `${name}: every service has its place`);
    }
  });
});

suite('real layouts: what the findings say', () => {
  test('a framework added to a build.sbt or a Package.swift is a new technology of its kind, beside the approved one', async () => {
    const said: string[] = [];
    for (const name of ['scala-sbt', 'swift-vapor']) {
      const { findings } = await (await layout(name)).afterChange();
      said.push(...findings.map((f) => `${name} ${f.subject}: ${f.message}`));
    }
    assert.deepStrictEqual(said, [
      'scala-sbt akkahttp: Akka HTTP: new web framework (approved: Play Framework). Needs a signed exception.',
      'scala-sbt http4s: http4s: new web framework (approved: Play Framework). Needs a signed exception.',
      'swift-vapor vapor: Vapor: new web framework (approved: Hummingbird). Needs a signed exception.',
    ]);
  });

  test('a second service names the place of the known one, and its subject is its own place', async () => {
    const l = await layout('name-reuse');
    const { findings } = await l.afterChange();
    const message = (file: string) => findings.find((f) => f.uri.endsWith(file))?.message;
    assert.strictEqual(message('services/search/web/Dockerfile'), 'Second "web", in services/search/web (the known one: the workspace root and web). Needs a signed exception.');
    assert.strictEqual(message('image-resizer/template.yaml'), 'Second "HelloWorldFunction", in image-resizer/template.yaml (the known one: sam-app/template.yaml). Needs a signed exception.');
  });

  test('an image built without a Dockerfile (Jib, .NET SDK containers, ko, goreleaser) is a new deployable service, in words and subject', async () => {
    const said: string[] = [];
    for (const name of ['jib-maven', 'jib-gradle', 'dotnet-containers', 'go-ko', 'goreleaser']) {
      const { findings } = await (await layout(name)).afterChange();
      said.push(...findings.map((f) => `${name} ${f.subject}: ${f.message}`));
    }
    assert.deepStrictEqual(said, [
      'jib-maven shipping: "shipping": new deployable service (known: inventory). Needs a signed exception.',
      'jib-gradle notifier: "notifier": new deployable service (known: api). Needs a signed exception.',
      'dotnet-containers Orders.Notifier: "Orders.Notifier": new deployable service (known: Orders.Api and Orders.Jobs). Needs a signed exception.',
      'go-ko notifier: "notifier": new deployable service (known: api and worker). Needs a signed exception.',
      'goreleaser scheduler: "scheduler": new deployable service (known: api and worker). Needs a signed exception.',
    ]);
  });

  test('a name-only entry written by hand still matches that name anywhere', async () => {
    const l = await layout('name-reuse');
    const policy = JSON.parse(fs.readFileSync(path.join(l.root, 'techpolicy.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
    policy.services.web = {};
    fs.writeFileSync(path.join(l.root, 'techpolicy.json'), JSON.stringify(policy));
    const { lines } = await l.afterChange();
    assert.ok(!lines.some((line) => line.startsWith('services/search/web/')), lines.join('\n'));
    assert.ok(lines.includes('services/search/worker/Dockerfile:1:1 new-service services-search-worker'));
  });

  test('a variable name that cannot be read says so, and the subject is the folder', async () => {
    const l = await layout('serverless-vars');
    const { findings } = await l.afterChange();
    const refunds = findings.find((f) => f.uri.endsWith('refunds/serverless.yml'))!;
    assert.match(refunds.message, /its name "\$\{env:SERVICE_NAME\}" is a variable that cannot be read from the file, so it is named after its folder/);
    assert.strictEqual(refunds.subject, 'refunds');
  });

  test('a known service named by its place stays known when another folder takes its name', async () => {
    // init recorded `server` at apps/server; a later packages/server must not rename it into a finding
    const l = await layout('generic-folders');
    fs.writeFileSync(path.join(l.root, 'techpolicy.json'), JSON.stringify({ ...l.policy, services: { server: { path: 'apps/server' } } }));
    const { lines } = await l.afterChange();
    assert.ok(!lines.some((line) => line.startsWith('apps/server/')), lines.join('\n'));
    assert.ok(lines.includes('packages/server/Dockerfile:1:1 new-service packages-server'), lines.join('\n'));
  });
});
