/**
 * The transport: LSP handlers over the core. This is the only layer that imports
 * vscode-languageserver. Per keystroke in a package.json it parses that one document (cached by
 * version) and runs the rules with the folder's cached policy: no I/O, no workspace walk.
 */
import * as path from 'path';
import {
  type CodeAction,
  type Connection,
  type Diagnostic,
  type Disposable,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionsFor, SHOW_DOCUMENT_COMMAND } from '../core/features/codeActions';
import { createPolicyText } from '../core/features/createPolicy';
import { findingToDiagnostic, parseProblemToDiagnostic, policyProblemToDiagnostic } from '../core/features/diagnostics';
import type { ScaffoldingFacts } from '../core/scan/scaffolding';
import { buildExceptionRequest } from '../core/features/exceptionRequest';
import { hoverPackageJson, hoverScaffolding } from '../core/features/hover';
import { today } from '../core/folder';
import { isRuleId, type Finding } from '../core/model';
import { basenameUri, dirnameUri, normalizeUri, relativePath } from '../core/paths';
import { isCheckedPath } from '../core/scan/workspaceFiles';
import { type PackageJsonFacts, scanPackageJson } from '../core/scan/packageJson';
import {
  CreatePolicyRequest,
  type CreatePolicyParams,
  type CreatePolicyResult,
  FindingsRequest,
  type FindingSummary,
  type FolderStatus,
  RequestExceptionRequest,
  type RequestExceptionParams,
  type RequestExceptionResult,
  resolveSettings,
  SCAFFOLDING_GLOB,
  StatusNotification,
  DEFAULT_SETTINGS,
} from '../protocol';
import { isDirectory, pathToUri, readTextFile, uriToPath } from '../node/files';
import { FolderState } from '../node/folderState';
import { debounce, safe } from './safe';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const folders = new Map<string, FolderState>();
  /** Findings per file, with the folder they were counted for (for the status counts). */
  const findings = new Map<string, Finding[]>();
  const folderOfFinding = new Map<string, string>();
  const published = new Set<string>();
  const factsCache = new Map<string, { version: number; facts: PackageJsonFacts | undefined }>();
  const scaffoldingCache = new Map<string, { version: number; facts: ScaffoldingFacts | undefined }>();
  let supportsConfiguration = false;
  let supportsDynamicWatchers = false;
  let initialFolders: Array<{ uri: string; name: string }> = [];
  let ready: Promise<void> = Promise.resolve();
  let trusted = true;

  const log = (message: string) => connection.console.log(message);
  // URIs are compared as strings: everything inside the server is normalized (vscode-uri's
  // encoding), and diagnostics go out under the URI the client used for an open document.
  const clientUris = new Map<string, string>();
  const toClient = (uri: string) => clientUris.get(uri) ?? uri;
  const openDoc = (uri: string) => documents.get(toClient(uri));
  const openText = (uri: string) => openDoc(uri)?.getText();
  documents.onDidOpen((e) => clientUris.set(normalizeUri(e.document.uri), e.document.uri));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    supportsConfiguration = !!caps.workspace?.configuration;
    supportsDynamicWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    trusted = (params.initializationOptions as { trusted?: boolean } | undefined)?.trusted !== false;
    initialFolders =
      params.workspaceFolders?.map((f) => ({ uri: normalizeUri(f.uri), name: f.name })) ??
      (params.rootUri ? [{ uri: normalizeUri(params.rootUri), name: basenameUri(params.rootUri) }] : params.rootPath ? [{ uri: pathToUri(params.rootPath), name: path.basename(params.rootPath) }] : []);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'], resolveProvider: false },
        executeCommandProvider: { commands: [SHOW_DOCUMENT_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'tech-policy-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (supportsConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'techPolicy' });
    registerWatchers();
    ready = (async () => {
      const started = Date.now();
      await Promise.all(initialFolders.map((f) => addFolder(f.uri, f.name)));
    registerWatchers();
      log(`Tech Policy server ready: ${folders.size} folder(s) in ${Date.now() - started} ms.`);
      scheduleMidnight();
    })().catch((e) => connection.console.error(`Start-up failed: ${(e as Error).stack}`));
    if (initialFolders.length > 0) {
      connection.workspace.onDidChangeWorkspaceFolders(
        safe(connection, 'workspaceFolders', undefined, async (event) => {
          for (const removed of event.removed) removeFolder(normalizeUri(removed.uri));
          for (const added of event.added) await addFolder(normalizeUri(added.uri), added.name);
        }),
      );
    }
  });

  /**
   * File watchers: package.json, policies and their `extends` (any .json), exception documents
   * (.md); plus the policy files that lie outside every workspace folder. Re-registered only when
   * that outside set changes.
   */
  let watcherRegistration: Promise<Disposable> | undefined;
  let watchedOutside = '';
  function registerWatchers(): void {
    if (!supportsDynamicWatchers) return;
    const outside = [...new Set([...folders.values()].flatMap((f) => [f.model.policyUri, ...(f.model.policy?.sources ?? [])]))]
      .filter((uri) => !folderOf(uri))
      .sort();
    const key = outside.join('|');
    if (watcherRegistration && key === watchedOutside) return;
    watchedOutside = key;
    const kinds = WatchKind.Create | WatchKind.Change | WatchKind.Delete;
    const previous = watcherRegistration;
    if (previous) void previous.then((d) => d.dispose(), () => undefined);
    watcherRegistration = connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [
        { globPattern: '**/*.json', kind: kinds },
        { globPattern: '**/*.md', kind: kinds },
        { globPattern: SCAFFOLDING_GLOB, kind: kinds },
        // a new folder: file watchers may report only the folder when it arrives with its files
        { globPattern: '**/*', kind: WatchKind.Create },
        ...outside.map((uri) => ({ globPattern: { baseUri: dirnameUri(uri), pattern: basenameUri(uri) }, kind: kinds })),
      ],
    });
  }

  /** Exceptions expire with the date: re-check everything just after local midnight. */
  function scheduleMidnight(): void {
    const now = new Date();
    const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 5);
    setTimeout(() => {
      for (const state of folders.values()) publishFolder(state);
      scheduleMidnight();
    }, next.getTime() - now.getTime()).unref();
  }

  /** Folders whose policy is, or extends, this file. */
  function foldersUsingPolicy(uri: string): FolderState[] {
    return [...folders.values()].filter((f) => f.model.policyUri === uri || f.model.policy?.sources.includes(uri));
  }

  async function readSettings(folderUri: string) {
    if (!supportsConfiguration) return { ...DEFAULT_SETTINGS };
    try {
      const [value] = await connection.workspace.getConfiguration([{ scopeUri: folderUri, section: 'techPolicy' }]);
      return resolveSettings(value);
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  }

  async function addFolder(uri: string, name: string): Promise<void> {
    const state = new FolderState(uri, name, await readSettings(uri), log);
    state.trusted = trusted;
    folders.set(uri, state);
    state.loadPolicy(openText);
    await Promise.all([state.loadExceptions(openText), state.scan(), state.refreshIdentity()]);
    publishFolder(state);
  }

  function removeFolder(uri: string): void {
    const state = folders.get(uri);
    if (!state) return;
    folders.delete(uri);
    for (const file of [...published]) if (state.contains(file)) clear(file);
    sendStatus();
  }

  /** The innermost folder containing the file (nested workspace folders are allowed). */
  function folderOf(uri: string): FolderState | undefined {
    let best: FolderState | undefined;
    for (const f of folders.values()) if (f.contains(uri) && (!best || f.uri.length > best.uri.length)) best = f;
    return best;
  }

  /** An open document is parsed once per version; a closed one's facts come from the disk scan. */
  function parsedOnce<T>(cache: Map<string, { version: number; facts: T }>, uri: string, parse: (text: string) => T, fromDisk: () => T): T {
    const doc = openDoc(uri);
    if (!doc) return fromDisk();
    const cached = cache.get(uri);
    if (cached && cached.version === doc.version) return cached.facts;
    const facts = parse(doc.getText());
    cache.set(uri, { version: doc.version, facts });
    return facts;
  }

  function factsOf(uri: string, state: FolderState): PackageJsonFacts | undefined {
    return parsedOnce<PackageJsonFacts | undefined>(factsCache, uri, scanPackageJson, () => state.diskPackageJsons.get(uri));
  }

  function scaffoldingOf(uri: string, state: FolderState): ScaffoldingFacts | undefined {
    return parsedOnce(scaffoldingCache, uri, (text) => state.model.scanScaffolding(uri, text), () => state.diskScaffolding.get(uri)?.facts);
  }

  function clear(uri: string): void {
    findings.delete(uri);
    folderOfFinding.delete(uri);
    if (published.delete(uri)) void connection.sendDiagnostics({ uri: toClient(uri), diagnostics: [] });
  }

  function publish(uri: string, diagnostics: Diagnostic[], found: Finding[], folderUri?: string): void {
    findings.set(uri, found);
    if (folderUri) folderOfFinding.set(uri, folderUri);
    if (diagnostics.length === 0 && !published.has(uri)) return;
    if (diagnostics.length === 0) published.delete(uri);
    else published.add(uri);
    void connection.sendDiagnostics({ uri: toClient(uri), diagnostics });
  }

  /** Checks one file and publishes its diagnostics. */
  function checkFile(uri: string, state = folderOf(uri)): void {
    if (!state) return;
    if (!state.settings.enable) return clear(uri);
    const model = state.model;
    switch (model.kindOf(uri)) {
      case 'policy': {
        const problems = model.policy?.problems ?? [];
        publish(uri, problems.map(policyProblemToDiagnostic), []);
        return;
      }
      case 'package.json': {
        const facts = factsOf(uri, state);
        if (!facts) return clear(uri);
        const found = model.checkPackageJson(uri, facts);
        publish(uri, found.map(findingToDiagnostic), found, state.uri);
        return;
      }
      case 'exception': {
        const found = model.checkException(uri);
        publish(uri, found.map(findingToDiagnostic), found, state.uri);
        return;
      }
      case 'scaffolding': {
        const facts = scaffoldingOf(uri, state);
        if (!facts) return clear(uri);
        const found = model.checkScaffolding(uri, facts);
        publish(uri, [...facts.problems.map(parseProblemToDiagnostic), ...found.map(findingToDiagnostic)], found, state.uri);
        return;
      }
      default:
        clear(uri);
    }
  }

  function publishFolder(state: FolderState): void {
    // the policy's problems, wherever the policy lives (it may be outside the folder)
    const problems = state.settings.enable ? state.model.policy?.problems ?? [] : [];
    publish(state.model.policyUri, problems.map(policyProblemToDiagnostic), []);
    const files = new Set<string>([...state.diskPackageJsons.keys(), ...state.diskScaffolding.keys(), ...state.model.exceptionUris()]);
    for (const doc of documents.all()) if (state.contains(normalizeUri(doc.uri))) files.add(normalizeUri(doc.uri));
    for (const uri of published) if (state.contains(uri)) files.add(uri);
    for (const uri of files) {
      if (folderOf(uri) === state) checkFile(uri, state);
    }
    sendStatus();
  }

  const sendStatus = debounce(() => {
    const counts = new Map<string, number>();
    for (const [uri, list] of findings) {
      const folder = folderOfFinding.get(uri);
      if (folder) counts.set(folder, (counts.get(folder) ?? 0) + list.length);
    }
    const status: FolderStatus[] = [...folders.values()].map((state) => {
      const count = counts.get(state.uri) ?? 0;
      const loaded = state.model.policy;
      return {
        uri: state.uri,
        name: state.name,
        policy: !state.settings.enable ? 'disabled' : !loaded ? 'none' : loaded.problems.some((p) => p.severity === 'error') ? 'invalid' : 'ok',
        policyUri: state.model.policyUri,
        findings: count,
        pendingRequests: state.model.exceptions.filter((e) => e.state === 'requested').length,
        trusted: state.trusted,
      };
    });
    void connection.sendNotification(StatusNotification, { folders: status });
  }, 50);

  // --- Documents: the hot path -------------------------------------------------------------
  const policyReload = new Map<string, () => void>();
  function onPolicyOrExceptionEdited(state: FolderState, uri: string): void {
    const key = `${state.uri}|${uri}`;
    let run = policyReload.get(key);
    if (!run) {
      run = debounce(
        safe(connection, 'recheck', undefined, async () => {
          if (!folders.has(state.uri)) return;
          if (uri === state.model.policyUri) await reloadPolicy(state);
          else {
            state.readException(uri, openText);
            publishFolder(state);
          }
        }),
        150,
      );
      policyReload.set(key, run);
    }
    run();
  }

  documents.onDidChangeContent(
    safe(connection, 'didChange', undefined, async (event) => {
      await ready;
      const uri = normalizeUri(event.document.uri);
      for (const user of foldersUsingPolicy(uri)) if (user.model.policyUri === uri && !user.contains(uri)) onPolicyOrExceptionEdited(user, uri);
      const state = folderOf(uri);
      if (!state) return;
      const kind = state.model.kindOf(uri);
      if (kind === 'package.json' || kind === 'scaffolding') {
        checkFile(uri, state);
        sendStatus();
      } else if (kind === 'policy' || kind === 'exception') onPolicyOrExceptionEdited(state, uri);
    }),
  );

  documents.onDidClose(
    safe(connection, 'didClose', undefined, (event) => {
      const uri = normalizeUri(event.document.uri);
      clientUris.delete(uri);
      factsCache.delete(uri);
      scaffoldingCache.delete(uri);
      const state = folderOf(uri);
      if (!state) return;
      const kind = state.model.kindOf(uri);
      if (kind === 'package.json') {
        // back to what is on disk
        if (state.diskPackageJsons.has(uri) || readTextFile(uriToPath(uri)).ok) state.readPackageJson(uri);
        checkFile(uri, state);
      } else if (kind === 'scaffolding') {
        state.readScaffolding(uri);
        checkFile(uri, state);
      } else if (kind === 'exception') {
        onPolicyOrExceptionEdited(state, uri);
      } else if (kind === 'policy') {
        void reloadPolicy(state);
      }
    }),
  );

  async function reloadPolicy(state: FolderState): Promise<void> {
    scaffoldingCache.clear(); // which workloads run stock images depends on the policy's technologies
    const ignoreBefore = JSON.stringify(state.model.policy?.policy.ignore ?? []);
    const moved = state.loadPolicy(openText);
    if (moved) await state.loadExceptions(openText);
    // files that `ignore` hid at start-up come back (and newly ignored ones go) only with a new walk
    if (JSON.stringify(state.model.policy?.policy.ignore ?? []) !== ignoreBefore) await state.scan();
    publishFolder(state);
    registerWatchers();
  }

  // --- Files changed on disk --------------------------------------------------------------
  connection.onDidChangeWatchedFiles(
    safe(connection, 'didChangeWatchedFiles', undefined, async (params) => {
      await ready;
      const touched = new Set<FolderState>();
      const newFolders: Array<[FolderState, string]> = [];
      const policyChanged = new Set<FolderState>();
      for (const change of params.changes) {
        const uri = normalizeUri(change.uri);
        const users = foldersUsingPolicy(uri);
        if (users.length > 0) {
          // an open policy is read from its buffer; a file it extends is read from the disk
          for (const user of users) if (!(user.model.policyUri === uri && openDoc(uri))) policyChanged.add(user);
          continue;
        }
        const state = folderOf(uri);
        if (!state) continue;
        const kind = state.model.kindOf(uri);
        if (kind === 'other') {
          if (change.type === FileChangeType.Created) newFolders.push([state, uri]);
          else if (change.type === FileChangeType.Deleted) forgetFolder(state, uri);
          continue;
        }
        if (kind === 'package.json') {
          if (change.type === FileChangeType.Deleted) {
            state.diskPackageJsons.delete(uri);
            if (!openDoc(uri)) clear(uri);
          } else {
            state.readPackageJson(uri);
            if (!openDoc(uri)) checkFile(uri, state);
          }
          sendStatus();
        } else if (kind === 'scaffolding') {
          if (change.type === FileChangeType.Deleted) state.diskScaffolding.delete(uri);
          else state.readScaffolding(uri);
          if (!openDoc(uri)) checkFile(uri, state);
          sendStatus();
        } else if (kind === 'exception' || dirnameMatches(state, uri)) {
          const name = uri.slice(uri.lastIndexOf('/') + 1);
          if (change.type === FileChangeType.Deleted) {
            state.exceptionFiles.delete(decodeURIComponent(name));
            state.model.setException(uri, undefined);
            clear(uri);
          } else {
            state.exceptionFiles.add(decodeURIComponent(name));
            if (kind === 'exception') state.readException(uri, openText);
          }
          touched.add(state);
        }
      }
      // outermost first; a folder inside one just walked is already done
      const walked: string[] = [];
      for (const [state, uri] of newFolders.sort((a, b) => a[1].length - b[1].length)) {
        if (walked.some((w) => uri.startsWith(w + '/'))) continue;
        if (await scanNewFolder(state, uri)) walked.push(uri);
      }
      for (const state of policyChanged) await reloadPolicy(state);
      for (const state of touched) if (!policyChanged.has(state)) publishFolder(state);
    }),
  );

  /** A created path that is not a known kind may be a folder that arrived with its files. */
  async function scanNewFolder(state: FolderState, uri: string): Promise<boolean> {
    const rel = relativePath(state.uri, uri);
    // cheap checks first: an npm install creates thousands of paths under node_modules
    if (!rel || !isCheckedPath(`${rel}/x`, state.model.policy?.policy.ignore ?? []) || !isDirectory(uriToPath(uri))) return false;
    const found = await state.scanFrom(rel);
    for (const file of found) if (!openDoc(file)) checkFile(file, state);
    if (found.length) sendStatus();
    return true;
  }

  /** A deleted (or renamed-away) folder: file watchers report the folder, not each file in it. */
  function forgetFolder(state: FolderState, uri: string): void {
    const prefix = uri + '/';
    for (const file of [...state.diskPackageJsons.keys()]) if (file.startsWith(prefix)) state.diskPackageJsons.delete(file);
    for (const file of [...state.diskScaffolding.keys()]) if (file.startsWith(prefix)) state.diskScaffolding.delete(file);
    let exceptions = false;
    for (const file of state.model.exceptionUris()) {
      if (file.startsWith(prefix)) {
        state.model.setException(file, undefined);
        exceptions = true;
      }
    }
    for (const file of [...findings.keys(), ...published]) if (file.startsWith(prefix) && !openDoc(file)) clear(file);
    if (exceptions) publishFolder(state);
    else sendStatus();
  }

  function dirnameMatches(state: FolderState, uri: string): boolean {
    return uri.slice(0, uri.lastIndexOf('/')) === state.model.exceptionsDirectoryUri;
  }

  connection.onDidChangeConfiguration(
    safe(connection, 'didChangeConfiguration', undefined, async () => {
      await ready;
      const before = [...folders.values()].map((f) => f.settings.policyFile).join('|');
      for (const state of folders.values()) {
        state.settings = await readSettings(state.uri);
        await reloadPolicy(state);
      }
      if ([...folders.values()].map((f) => f.settings.policyFile).join('|') !== before) registerWatchers();
    }),
  );

  // --- Hover and code actions -------------------------------------------------------------
  connection.onHover(
    safe(connection, 'hover', null, (params) => {
      const uri = normalizeUri(params.textDocument.uri);
      const state = folderOf(uri);
      if (!state || !state.settings.enable) return null;
      const kind = state.model.kindOf(uri);
      if (kind === 'scaffolding') {
        const facts = scaffoldingOf(uri, state);
        return facts ? hoverScaffolding(state.model, uri, facts, params.position) ?? null : null;
      }
      if (kind !== 'package.json') return null;
      const facts = factsOf(uri, state);
      return facts ? hoverPackageJson(state.model, uri, facts, params.position) ?? null : null;
    }),
  );

  connection.onCodeAction(
    safe(connection, 'codeAction', [] as CodeAction[], (params) => {
      const state = folderOf(normalizeUri(params.textDocument.uri));
      if (!state || !state.model.policy) return [];
      const policyDoc = openDoc(state.model.policyUri);
      return codeActionsFor({
        folder: state.model,
        diagnostics: params.context.diagnostics,
        requestedBy: state.identity,
        existingExceptionFiles: state.exceptionFiles,
        policyText: policyDoc?.getText() ?? state.policyText,
        policyVersion: policyDoc?.version ?? null,
        today: today(),
      });
    }),
  );

  connection.onExecuteCommand(
    safe(connection, 'executeCommand', null, async (params) => {
      if (params.command === SHOW_DOCUMENT_COMMAND && typeof params.arguments?.[0] === 'string') {
        await connection.window.showDocument({ uri: params.arguments[0], takeFocus: true });
      }
      return null;
    }),
  );

  // --- Custom requests --------------------------------------------------------------------
  connection.onRequest(
    FindingsRequest,
    safe(connection, FindingsRequest, [] as FindingSummary[], async () => {
      await ready;
      const out: FindingSummary[] = [];
      for (const list of findings.values()) {
        for (const f of list) {
          if (f.kind === 'exception') continue;
          out.push({ uri: f.uri, range: f.range, rule: f.rule, subject: f.subject, subjectName: f.subjectName, message: f.message, severity: f.severity, request: f.request, exceptionRule: f.expired?.rule ?? f.rule });
        }
      }
      return out.sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line);
    }),
  );

  connection.onRequest(
    RequestExceptionRequest,
    safe(connection, RequestExceptionRequest, null as RequestExceptionResult | null, async (params: RequestExceptionParams) => {
      await ready;
      const uri = normalizeUri(params.uri);
      const state = folderOf(uri) ?? folders.get(uri);
      if (!state || !isRuleId(params.rule) || !params.subject.trim()) return null;
      const identity = await state.refreshIdentity();
      const request = buildExceptionRequest(
        state.model,
        { rule: params.rule, subject: params.subject.trim(), seenIn: uri === state.uri ? undefined : uri, requestedBy: identity, existingFiles: state.exceptionFiles },
        today(),
      );
      return { id: request.id, uri: request.uri, edit: request.edit };
    }),
  );

  connection.onRequest(
    CreatePolicyRequest,
    safe(connection, CreatePolicyRequest, null as CreatePolicyResult | null, async (params: CreatePolicyParams) => {
      await ready;
      const state = folders.get(normalizeUri(params.folderUri));
      if (!state) return null;
      const uri = state.model.policyUri;
      if (openDoc(uri) || readTextFile(uriToPath(uri)).ok) return { uri, exists: true };
      if (!state.scanned) await state.scan();
      return { uri, exists: false, text: createPolicyText(state.inventory((u) => factsOf(u, state), (u) => scaffoldingOf(u, state)), today()) };
    }),
  );

  documents.listen(connection);
  connection.listen();
}
