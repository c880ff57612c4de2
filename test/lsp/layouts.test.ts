import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { copyFixture, uriOf } from '../support/fixtures';
import { type ServerUnderTest, startServer } from '../support/lspClient';

/**
 * The server on a mixed real layout (test/fixtures/layouts-mixed) that nobody opened: the same
 * findings as `tech-policy check`, including those that need the whole workspace (a compose file
 * naming a Dockerfile's service, a chart's vendored subchart, a kustomization's patch).
 */
suite('language server: a mixed real layout, no file opened', () => {
  let root: string;
  let server: ServerUnderTest;
  const uri = (rel: string) => uriOf(path.join(root, rel));
  const lines = () =>
    [...server.diagnostics.entries()]
      .flatMap(([u, list]) => list.map((d) => `${path.relative(root, new URL(u).pathname)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${(d.data as { subject: string }).subject}`))
      .sort();

  setup(async () => {
    root = copyFixture('layouts-mixed');
    server = await startServer(root);
    await server.waitFor('start-up', () => server.log.some((l) => l.includes('server ready')));
  });
  teardown(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('every class at once: exactly these findings, nothing from variants, harnesses, seeded datastores, subcharts or patches', () => {
    assert.deepStrictEqual(lines(), [
      'apps/server/Dockerfile:1:1 new-service server',
      'deploy/shop/Chart.yaml:5:11 new-technology kafka',
      'deploy/shop/charts/redis/Chart.yaml:2:7 new-technology redis',
      'docker-compose.yml:4:3 new-service seed',
      'payments/serverless.yml:1:10 new-service payments',
      'payments/serverless.yml:5:3 new-service payments',
      'seed-data/Dockerfile:1:1 new-service seed',
      'services/search/web/Dockerfile:1:1 new-service services-search-web',
    ]);
    const second = server.diagnosticsFor(uri('services/search/web/Dockerfile'))[0];
    assert.strictEqual(second.message, 'Second "web", in services/search/web (the known one: web). Needs a signed exception.');
  });

  test('a second folder with the same path name renames the first by its path, live (no file opened)', async () => {
    fs.mkdirSync(path.join(root, 'packages/server'), { recursive: true });
    fs.writeFileSync(path.join(root, 'packages/server/Dockerfile'), 'FROM node:20\n');
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('packages/server/Dockerfile'), type: 1 }] });
    await server.waitForDiagnostics(uri('packages/server/Dockerfile'), 'packages-server', (list) => (list[0]?.data as { subject?: string })?.subject === 'packages-server');
    await server.waitForDiagnostics(uri('apps/server/Dockerfile'), 'apps-server', (list) => (list[0]?.data as { subject?: string })?.subject === 'apps-server');
  });

  test('a compose entry that starts building a folder names the Dockerfile there (one subject)', async () => {
    const compose = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
    fs.writeFileSync(path.join(root, 'docker-compose.yml'), compose + '  api:\n    build: ./apps/server\n');
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('docker-compose.yml'), type: 2 }] });
    await server.waitForDiagnostics(uri('apps/server/Dockerfile'), 'named api by compose', (list) => (list[0]?.data as { subject?: string })?.subject === 'api');
  });
});
