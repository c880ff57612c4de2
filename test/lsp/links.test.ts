// The server's start-up walk and links in a manifest's place (issue 18 follow-up, item 3): judged by
// the target's text when it is inside the workspace, said in the log when it is not. The real server
// over stdio: a second or so each, more on a busy machine.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { uriOf } from '../support/fixtures';
import { type ServerUnderTest, startServer } from '../support/lspClient';

suite('language server: links in a manifest\'s place', function () {
  this.timeout(60_000);
  let server: ServerUnderTest | undefined;
  teardown(async () => {
    await server?.stop();
    server = undefined;
  });

  test('a linked package.json is judged at start by its target\'s text; a link out of the workspace is logged as skipped, with why', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-lsp-links-'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-lsp-links-outside-'));
    fs.writeFileSync(path.join(root, 'techpolicy.json'), JSON.stringify({ technologies: { express: { ring: 'adopt' } } }));
    fs.writeFileSync(path.join(root, 'real.json'), JSON.stringify({ name: 'web', dependencies: { express: '4', fastify: '4' } }));
    fs.symlinkSync('real.json', path.join(root, 'package.json'));
    fs.writeFileSync(path.join(outside, 'package.json'), JSON.stringify({ dependencies: { koa: '2' } }));
    fs.mkdirSync(path.join(root, 'api'));
    fs.symlinkSync(path.join(outside, 'package.json'), path.join(root, 'api', 'package.json'));
    server = await startServer(root);
    const diagnostics = await server.waitForDiagnostics(uriOf(path.join(root, 'package.json')), 'fastify at the link', (d) => d.length > 0);
    assert.deepStrictEqual(diagnostics.map((d) => (d.data as { subject?: string } | undefined)?.subject), ['fastify']);
    const skipped = await server.waitFor('the log to name the outside link', () => server!.log.find((l) => l.includes(path.join(root, 'api', 'package.json'))));
    assert.match(skipped, /Skipped file .*api\/package\.json: it is a link to a file outside the workspace folder\./);
    assert.deepStrictEqual(server.diagnosticsFor(uriOf(path.join(root, 'api', 'package.json'))), []);
  });
});
