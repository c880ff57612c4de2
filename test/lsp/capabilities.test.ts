// Every test here drives the real server over stdio (a process, a workspace scan, messages): about a
// second each, more on a busy 2-core machine; npm run test:lsp gives each test 20 s (--timeout 20000).
// The server asks a client only for what its initialize capabilities offer: Neovim and Helix
// cannot register didChangeConfiguration dynamically, Neovim 0.7 registers nothing, older Helix
// takes no relative glob patterns, and a rootUri-only client has no workspace folders.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
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

/** The zero-based line of the first line containing `needle`. */
function lineIndex(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle));
}

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

  test('a client that shows no codeDescription (Neovim 0.7) gets the rule\'s page in the hover and from "Show rule documentation"', async () => {
    const page = 'https://github.com/tech-policy/tech-policy/blob/main/docs/rules/new-technology.md';
    const pkg = `${pathToFileURL(root).href}/package.json`;
    const text = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const at = { line: lineIndex(text, '"fastify"'), character: 6 };
    const hoverText = async (s: ServerUnderTest) => {
      const diags = await s.waitForDiagnostics(pkg, 'the fastify finding', (d) => d.some((x) => x.code === 'new-technology'));
      const hover = (await s.connection.sendRequest('textDocument/hover', { textDocument: { uri: pkg }, position: at })) as { contents: { value: string } };
      return { hover: hover.contents.value, diags };
    };
    // VS Code shows the link on the diagnostic's code: the hover does not repeat it
    server = await startServer(root);
    await ready(server);
    assert.doesNotMatch((await hoverText(server)).hover, /Rule documentation \(new-technology\)/);
    await server.stop();

    server = await startServer(root, { capabilities: NEOVIM_0_7 });
    await ready(server);
    const { hover, diags } = await hoverText(server);
    assert.ok(hover.endsWith(`\n\nRule documentation (new-technology): ${page}`), hover);
    const finding = diags.find((d) => d.code === 'new-technology' && d.range.start.line === at.line)!;
    const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: pkg }, range: finding.range, context: { diagnostics: [finding] } })) as Array<{ title: string; command?: { command: string; arguments: unknown[] } }>;
    const show = actions.find((a) => a.title === 'Show rule documentation (new-technology)');
    assert.ok(show?.command, JSON.stringify(actions.map((a) => a.title)));
    const messages: string[] = [];
    server.connection.onNotification('window/showMessage', (p: { message: string }) => {
      messages.push(p.message);
    });
    await server.connection.sendRequest('workspace/executeCommand', show.command);
    await server.waitFor('the message with the page', () => messages.includes(`Tech Policy: the rule's documentation is at ${page}`));
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
