// Drives the real server over stdio (a process, a workspace scan, a file event): about a second,
// more on a busy 2-core machine; npm run test:lsp gives each test 20 s (--timeout 20000).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { uriOf } from '../support/fixtures';
import { type ServerUnderTest, startServer } from '../support/lspClient';

const subjects = (server: ServerUnderTest, uri: string) => server.diagnosticsFor(uri).map((d) => (d.data as { subject?: string } | undefined)?.subject ?? String(d.code));

suite('language server: a compose file reads its values from the .env beside it', function () {
  this.timeout(60_000);
  let server: ServerUnderTest | undefined;
  teardown(async () => {
    await server?.stop();
    server = undefined;
  });

  test('a .env created, changed or deleted on disk re-checks the compose file beside it', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-lsp-env-'));
    fs.writeFileSync(path.join(root, 'techpolicy.json'), JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], technologies: { postgres: { ring: 'adopt' } } }));
    fs.mkdirSync(path.join(root, 'deploy'));
    fs.writeFileSync(path.join(root, 'deploy/compose.yaml'), 'services:\n  db:\n    image: postgres:16\n  mq:\n    image: ${BROKER_IMAGE}\n');
    server = await startServer(root);
    const compose = uriOf(path.join(root, 'deploy/compose.yaml'));
    const env = uriOf(path.join(root, 'deploy/.env'));
    await server.waitFor('start-up', () => server!.log.some((l) => l.includes('server ready')));
    assert.deepStrictEqual(subjects(server, compose), []);
    fs.writeFileSync(path.join(root, 'deploy/.env'), 'BROKER_IMAGE=rabbitmq:3-management\n');
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: env, type: 1 }] });
    const found = await server.waitForDiagnostics(compose, 'RabbitMQ', (d) => d.length === 1);
    assert.match(String(found[0].message), /^RabbitMQ: new message broker/);
    assert.deepStrictEqual(found[0].range, { start: { line: 4, character: 11 }, end: { line: 4, character: 26 } });
    fs.writeFileSync(path.join(root, 'deploy/.env'), 'BROKER_IMAGE=nats:2\n');
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: env, type: 2 }] });
    await server.waitForDiagnostics(compose, 'NATS', (d) => d.length === 1 && (d[0].data as { subject?: string }).subject === 'nats');
    fs.unlinkSync(path.join(root, 'deploy/.env'));
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: env, type: 3 }] });
    await server.waitForDiagnostics(compose, 'nothing', (d) => d.length === 0);
  });

  test('a file a compose service extends, changed on disk, re-checks the compose file that extends it', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-lsp-extends-'));
    fs.writeFileSync(path.join(root, 'techpolicy.json'), JSON.stringify({ approvers: [{ name: 'Dana Reyes' }], technologies: { postgres: { ring: 'adopt' } } }));
    fs.writeFileSync(path.join(root, 'common.yml'), 'services:\n  base:\n    image: postgres:16\n');
    fs.writeFileSync(path.join(root, 'compose.yaml'), 'services:\n  db:\n    extends:\n      file: common.yml\n      service: base\n');
    server = await startServer(root);
    const compose = uriOf(path.join(root, 'compose.yaml'));
    await server.waitFor('start-up', () => server!.log.some((l) => l.includes('server ready')));
    assert.deepStrictEqual(subjects(server, compose), []);
    fs.writeFileSync(path.join(root, 'common.yml'), 'services:\n  base:\n    image: mongo:7\n');
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(root, 'common.yml')), type: 2 }] });
    const found = await server.waitForDiagnostics(compose, 'MongoDB on the extending service', (d) => d.length === 1);
    assert.strictEqual((found[0].data as { subject?: string }).subject, 'mongodb');
    assert.deepStrictEqual(found[0].range, { start: { line: 1, character: 2 }, end: { line: 1, character: 4 } });
  });
});
