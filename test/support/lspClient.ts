/** Drives the real server process (dist/server.js --stdio) as any LSP editor would. */
import { type ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import {
  createProtocolConnection,
  type Diagnostic,
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT, uriOf } from './fixtures';

export interface ServerUnderTest {
  connection: ProtocolConnection;
  process: ChildProcess;
  diagnostics: Map<string, Diagnostic[]>;
  shown: string[];
  /** Edits the server asked the editor to apply (workspace/applyEdit). */
  applied: unknown[];
  /** What the server registered dynamically (client/registerCapability), in order. */
  registrations: Array<{ method: string; registerOptions?: unknown }>;
  log: string[];
  /** The last techPolicy/status notification. */
  status?: { folders: Array<{ uri: string; findings: number; pendingRequests: number }> };
  /** What workspace/configuration answers (null: a client with no settings). */
  settings: unknown;
  waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  diagnosticsFor(uri: string): Diagnostic[];
  /** Waits until the published diagnostics of `uri` satisfy `accept`, and returns them. */
  waitForDiagnostics(uri: string, what: string, accept: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  stop(): Promise<void>;
}

export async function startServer(
  folders: string | string[],
  options: {
    settings?: unknown;
    watchers?: boolean;
    /** an editor with the bare minimum: rootUri, no configuration, no watchers, no trust */
    minimal?: boolean;
    /** initializationOptions.trusted (default true; a minimal editor sends none) */
    trusted?: unknown;
    env?: NodeJS.ProcessEnv;
    /** the initialize request's client capabilities instead of the full editor's */
    capabilities?: unknown;
    /** another server script to run instead of dist/server.js (the bench's floor server) */
    serverPath?: string;
  } = {},
): Promise<ServerUnderTest> {
  const list = Array.isArray(folders) ? folders : [folders];
  const child = spawn(process.execPath, [options.serverPath ?? path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, Diagnostic[]>();
  const shown: string[] = [];
  const log: string[] = [];
  const listeners = new Set<() => void>();
  const server: ServerUnderTest = {
    connection,
    process: child,
    diagnostics,
    shown,
    applied: [],
    registrations: [],
    log,
    settings: options.settings ?? null,
    async waitFor(what, probe, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value !== undefined && value !== false) return value as never;
        if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.\nServer log:\n${log.slice(-20).join('\n')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    diagnosticsFor: (uri) => diagnostics.get(uri) ?? [],
    waitForDiagnostics: (uri, what, accept, timeoutMs = 30_000) =>
      new Promise<Diagnostic[]>((resolve, reject) => {
        // checked on every publication (not polled), so timings measured through it are exact
        const check = () => {
          const d = diagnostics.get(uri);
          if (d && accept(d)) {
            done();
            resolve(d);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.\nServer log:\n${log.slice(-20).join('\n')}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        connection.sendNotification('exit');
      } catch {
        // already gone
      }
      connection.dispose();
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
    diagnostics.set(p.uri, p.diagnostics);
    for (const listener of [...listeners]) listener();
  });
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    log.push(p.message);
  });
  connection.onNotification('techPolicy/status', (p: ServerUnderTest['status']) => {
    server.status = p;
  });
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => server.settings));
  connection.onRequest('client/registerCapability', (p: { registrations: Array<{ method: string; registerOptions?: unknown }> }) => {
    server.registrations.push(...p.registrations);
    return null;
  });
  connection.onRequest('client/unregisterCapability', () => null);
  connection.onRequest('workspace/applyEdit', (p: { edit: unknown }) => {
    server.applied.push(p.edit);
    return { applied: true };
  });
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.onRequest('window/showDocument', (p: { uri: string }) => {
    shown.push(p.uri);
    return { success: true };
  });
  child.stderr!.on('data', (d) => log.push(String(d)));
  connection.listen();
  await connection.sendRequest('initialize', options.minimal ? { processId: process.pid, rootUri: uriOf(list[0]), capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } } } : {
    processId: process.pid,
    rootUri: uriOf(list[0]),
    // as the VS Code client: it names the client command its code lenses may run
    initializationOptions: { trusted: 'trusted' in options ? options.trusted : true, clientCommands: ['techPolicy.showExceptions'] },
    workspaceFolders: list.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
    capabilities: options.capabilities ?? {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: options.watchers ?? true, relativePatternSupport: true }, workspaceFolders: true, applyEdit: true, codeLens: { refreshSupport: true } },
      textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true }, hover: { contentFormat: ['markdown'] } },
      window: { showDocument: { support: true } },
    },
  });
  connection.sendNotification('initialized', {});
  return server;
}
