/**
 * The transport: the switchboard that wires the LSP connection to the handlers. This layer is
 * the only one that imports vscode-languageserver. Per keystroke in a manifest it parses that one
 * document (cached by version) and runs the rules with the folder's cached policy: no I/O, no
 * workspace walk. The state lives in workspace.ts; the operations over it and the handlers beside it.
 */
import * as path from 'path';
import { type Connection, DidChangeConfigurationNotification, type InitializeParams, type InitializeResult, TextDocumentSyncKind } from 'vscode-languageserver';
import { basenameUri, normalizeUri } from '../core/paths';
import { DECIDE_EXCEPTION_COMMAND, RECORD_BASELINE_COMMAND, SHOW_DOCUMENT_COMMAND } from '../protocol';
import { pathToUri } from '../node/files';
import { registerDocumentHandlers } from './documents';
import { registerFeatures } from './features';
import { registerFileEvents } from './fileEvents';
import { registerRequests } from './requests';
import { registerReportRequest } from './reportRequest';
import { registerAgentTools } from './agentTools';
import { safe } from './safe';
import { addFolder, reloadPolicy, removeFolder } from './folders';
import { publishFolder } from './publish';
import { readSettings } from './settings';
import { registerWatchers } from './watchers';
import { ServerWorkspace } from './workspace';

export function startServer(connection: Connection): void {
  const ws = new ServerWorkspace(connection);
  let initialFolders: Array<{ uri: string; name: string }> = [];

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    ws.caps = {
      configuration: !!caps.workspace?.configuration,
      dynamicConfiguration: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
      dynamicWatchers: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      relativePatterns: !!caps.workspace?.didChangeWatchedFiles?.relativePatternSupport,
      workspaceFolders: !!caps.workspace?.workspaceFolders,
      showDocument: !!caps.window?.showDocument?.support,
      codeDescription: !!caps.textDocument?.publishDiagnostics?.codeDescriptionSupport,
      applyEdit: !!caps.workspace?.applyEdit,
      codeLensRefresh: !!caps.workspace?.codeLens?.refreshSupport,
    };
    // trust is a boolean true, never a default: without it no git, no ssh-keygen, no extends from node_modules
    const options = params.initializationOptions as { trusted?: unknown; clientCommands?: unknown } | undefined;
    ws.trusted = options?.trusted === true;
    // commands of the client's own that the server may put in code lenses (the VS Code client names its view's)
    ws.clientCommands = new Set(Array.isArray(options?.clientCommands) ? options.clientCommands.filter((c): c is string => typeof c === 'string') : []);
    initialFolders =
      params.workspaceFolders?.map((f) => ({ uri: normalizeUri(f.uri), name: f.name })) ??
      (params.rootUri ? [{ uri: normalizeUri(params.rootUri), name: basenameUri(params.rootUri) }] : params.rootPath ? [{ uri: pathToUri(params.rootPath), name: path.basename(params.rootPath) }] : []);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'], resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [SHOW_DOCUMENT_COMMAND, DECIDE_EXCEPTION_COMMAND, RECORD_BASELINE_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'tech-policy-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    // Registered only where the client can take it (Neovim, Helix: dynamicRegistration false). A
    // client that pushes workspace/didChangeConfiguration unasked is still heard (below).
    if (ws.caps.configuration && ws.caps.dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'techPolicy' });
    registerWatchers(ws);
    ws.ready = (async () => {
      const started = Date.now();
      await Promise.all(initialFolders.map((f) => addFolder(ws, f.uri, f.name)));
      registerWatchers(ws);
      ws.log(`Tech Policy server ready: ${ws.folders.size} folder(s) in ${Date.now() - started} ms${ws.trusted ? '' : ' (untrusted: no git, no ssh-keygen, no extends from node_modules)'}.`);
      scheduleMidnight(ws);
      watchKeyValidity(ws);
    })().catch((e) => connection.console.error(`Start-up failed: ${(e as Error).stack}`));
    // The library throws for a client without workspace folders (rootUri only).
    if (initialFolders.length > 0 && ws.caps.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        safe(connection, 'workspaceFolders', undefined, async (event) => {
          for (const removed of event.removed) removeFolder(ws, normalizeUri(removed.uri));
          for (const added of event.added) await addFolder(ws, normalizeUri(added.uri), added.name);
        }),
      );
    }
  });

  connection.onDidChangeConfiguration(
    safe(connection, 'didChangeConfiguration', undefined, async () => {
      await ws.ready;
      const before = [...ws.folders.values()].map((f) => f.settings.policyFile).join('|');
      for (const state of ws.folders.values()) {
        state.settings = await readSettings(ws, state.uri);
        state.refreshSigner();
        await reloadPolicy(ws, state); // re-publishes, and refreshes the code lenses if the signer changed
      }
      if ([...ws.folders.values()].map((f) => f.settings.policyFile).join('|') !== before) registerWatchers(ws);
    }),
  );

  registerDocumentHandlers(ws);
  registerFileEvents(ws);
  registerFeatures(ws);
  registerRequests(ws);
  registerReportRequest(ws);
  registerAgentTools(ws);
  ws.documents.listen(connection);
  connection.listen();
}

/** Exceptions expire with the date: re-check everything just after local midnight. */
function scheduleMidnight(ws: ServerWorkspace): void {
  const now = new Date();
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 5);
  setTimeout(() => {
    for (const state of ws.folders.values()) publishFolder(ws, state);
    scheduleMidnight(ws);
  }, next.getTime() - now.getTime()).unref();
}

/**
 * An approver's key may start or stop being valid at a time of day (allowed_signers `valid-after`,
 * `valid-before`): once a minute, a folder whose verdicts have such a moment behind them is checked again.
 */
function watchKeyValidity(ws: ServerWorkspace): void {
  setInterval(() => {
    for (const state of ws.folders.values()) if (state.model.verdictsDue()) publishFolder(ws, state);
  }, 60_000).unref();
}
