// The server asks a client only for what its initialize capabilities offer: Neovim and Helix
// cannot register didChangeConfiguration dynamically, Neovim 0.7 registers nothing, older Helix
// takes no relative glob patterns, and a rootUri-only client has no workspace folders.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { copyFixture } from '../support/fixtures';
import { type ServerUnderTest, startServer } from '../support/lspClient';

/** What Neovim 0.7.2 sends (protocol.make_client_capabilities), trimmed to what the server reads. */
const NEOVIM_0_7 = {
  workspace: { workspaceFolders: true, applyEdit: true, workspaceEdit: { resourceOperations: ['rename', 'create', 'delete'] } },
  textDocument: { publishDiagnostics: { relatedInformation: true }, hover: { dynamicRegistration: false, contentFormat: ['markdown', 'plaintext'] } },
  window: { workDoneProgress: true, showDocument: { support: false } },
};
/** Neovim 0.10 and later: configuration pulled, but didChangeConfiguration not registrable. */
const NEOVIM_0_10 = {
  ...NEOVIM_0_7,
  workspace: {
    ...NEOVIM_0_7.workspace,
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: false },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
};
/** Helix 25.07 and earlier: watchers registrable, relativePatternSupport false (string globs only). */
const HELIX_25 = {
  workspace: { configuration: true, workspaceFolders: true, applyEdit: true, didChangeConfiguration: { dynamicRegistration: false }, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: false } },
  textDocument: { publishDiagnostics: {}, hover: { contentFormat: ['markdown'] } },
};

type Watcher = { globPattern: string | { baseUri: string; pattern: string } };

suite('client capabilities are honoured', () => {
  let root: string;
  let server: ServerUnderTest | undefined;

  setup(() => {
    root = copyFixture('unit/core');
    // a policy source that is neither .json nor .md: watched on its own
    const policyPath = path.join(root, 'techpolicy.json');
    fs.mkdirSync(path.join(root, '.github'));
    fs.writeFileSync(path.join(root, '.github', 'allowed_signers'), '');
    fs.writeFileSync(policyPath, fs.readFileSync(policyPath, 'utf8').replace('{', '{ "allowedSigners": ".github/allowed_signers",'));
  });
  teardown(async () => {
    await server?.stop();
    server = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  const ready = (s: ServerUnderTest) => s.waitFor('start-up', () => s.log.some((l) => l.includes('Tech Policy server ready')));
  const methods = (s: ServerUnderTest) => s.registrations.map((r) => r.method);
  const errors = (s: ServerUnderTest) => s.log.filter((l) => /failed|error|doesn't support|Unhandled|Uncaught/i.test(l));
  const extraWatchers = (s: ServerUnderTest) =>
    s.registrations
      .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
      .flatMap((r) => (r.registerOptions as { watchers: Watcher[] }).watchers)
      .filter((w) => JSON.stringify(w.globPattern).includes('allowed_signers'))
      .map((w) => w.globPattern);

  test('a client that can register it (VS Code) gets didChangeConfiguration registered, and relative watchers', async () => {
    server = await startServer(root);
    await ready(server);
    await server.waitFor('registrations', () => methods(server!).includes('workspace/didChangeConfiguration'));
    const [watched, ...more] = await server.waitFor('the allowed_signers watcher', () => extraWatchers(server!).length > 0 && extraWatchers(server!));
    assert.deepStrictEqual(more, []);
    assert.deepStrictEqual(watched, { baseUri: (watched as { baseUri: string }).baseUri, pattern: 'allowed_signers' });
    assert.match((watched as { baseUri: string }).baseUri, /\/\.github$/);
    assert.deepStrictEqual(errors(server), []);
  });

  test('Neovim 0.10+ (didChangeConfiguration.dynamicRegistration false): no registerCapability for it; watchers only', async () => {
    server = await startServer(root, { capabilities: NEOVIM_0_10 });
    await ready(server);
    await server.waitFor('the watcher registration', () => methods(server!).includes('workspace/didChangeWatchedFiles'));
    assert.ok(!methods(server).includes('workspace/didChangeConfiguration'), `registered: ${methods(server).join(', ')}`);
    assert.deepStrictEqual(errors(server), []);
  });

  test('Neovim 0.7 (nothing dynamic, no configuration, no showDocument): no registerCapability at all, no errors', async () => {
    server = await startServer(root, { capabilities: NEOVIM_0_7 });
    await ready(server);
    await server.waitFor('diagnostics', () => server!.diagnostics.size > 0);
    assert.deepStrictEqual(methods(server), []);
    assert.deepStrictEqual(errors(server), []);
  });

  test('Helix 25.07 (relativePatternSupport false): watchers are string globs only', async () => {
    server = await startServer(root, { capabilities: HELIX_25 });
    await ready(server);
    await server.waitFor('the watcher registration', () => methods(server!).includes('workspace/didChangeWatchedFiles'));
    assert.ok(!methods(server).includes('workspace/didChangeConfiguration'), `registered: ${methods(server).join(', ')}`);
    const watchers = server.registrations.flatMap((r) => (r.registerOptions as { watchers: Watcher[] }).watchers);
    assert.deepStrictEqual(watchers.filter((w) => typeof w.globPattern !== 'string'), []);
    assert.deepStrictEqual(await server.waitFor('the allowed_signers watcher', () => extraWatchers(server!).length > 0 && extraWatchers(server!)), ['**/allowed_signers']);
    assert.deepStrictEqual(errors(server), []);
  });

  test('a client with rootUri only (no workspace folders) starts without a handler error', async () => {
    server = await startServer(root, { minimal: true });
    await ready(server);
    await server.waitFor('diagnostics', () => server!.diagnostics.size > 0);
    assert.deepStrictEqual(errors(server), []);
  });
});
