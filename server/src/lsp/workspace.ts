/**
 * The server's shared state and what every handler needs from it: the workspace folders, the open
 * documents, the findings published per file, and the operations over them (check a file, publish
 * a folder, reload a policy, send the status). The handlers (documents, file events, language
 * features, custom requests) live in their own modules over this one object.
 */
import {
  type Connection,
  type Diagnostic,
  type Disposable,
  DidChangeWatchedFilesNotification,
  type FileSystemWatcher,
  TextDocuments,
  WatchKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findingsToDiagnostics, findingToDiagnostic, parseProblemToDiagnostic, policyProblemToDiagnostic } from '../core/features/diagnostics';
import type { Finding } from '../core/model';
import { basenameUri, dirnameUri, normalizeUri } from '../core/paths';
import { type PackageJsonFacts, scanPackageJson } from '../core/scan/packageJson';
import type { ScaffoldingFacts } from '../core/scan/scaffolding';
import { nestingMessage } from '../core/limits';
import { START_OF_FILE } from '../core/text';
import { DEFAULT_SETTINGS, type FolderStatus, resolveSettings, SCAFFOLDING_GLOB, StatusNotification } from '../protocol';
import { FolderState } from '../node/folderState';
import { debounce, safe } from './safe';

/** What the client said it can do (initialize), so the server never asks for more. */
export interface ClientCapabilities {
  configuration: boolean;
  /** didChangeConfiguration may be registered dynamically */
  dynamicConfiguration: boolean;
  dynamicWatchers: boolean;
  /** file watchers may use { baseUri, pattern } (LSP 3.17) */
  relativePatterns: boolean;
  /** the client sends workspace folders (and their changes) */
  workspaceFolders: boolean;
  showDocument: boolean;
  applyEdit: boolean;
  codeLensRefresh: boolean;
}

export class ServerWorkspace {
  readonly documents = new TextDocuments(TextDocument);
  readonly folders = new Map<string, FolderState>();
  /** Findings per file, with the folder they were counted for (for the status counts). */
  readonly findings = new Map<string, Finding[]>();
  private readonly folderOfFinding = new Map<string, string>();
  readonly published = new Set<string>();
  private readonly factsCache = new Map<string, { version: number; facts: PackageJsonFacts | undefined }>();
  readonly scaffoldingCache = new Map<string, { version: number; facts: ScaffoldingFacts | undefined }>();
  /** URIs are compared normalized (vscode-uri); diagnostics go out under the URI the client used. */
  private readonly clientUris = new Map<string, string>();
  caps: ClientCapabilities = { configuration: false, dynamicConfiguration: false, dynamicWatchers: false, relativePatterns: false, workspaceFolders: false, showDocument: false, applyEdit: false, codeLensRefresh: false };
  /** Only a boolean `true` from the client is trust; anything else (absent, a string) is not. */
  trusted = false;
  /** Client-side commands the client said it has (initializationOptions.clientCommands). */
  clientCommands = new Set<string>();
  ready: Promise<void> = Promise.resolve();

  constructor(readonly connection: Connection) {
    this.documents.onDidOpen((e) => this.clientUris.set(normalizeUri(e.document.uri), e.document.uri));
    this.documents.onDidClose((e) => {
      const uri = normalizeUri(e.document.uri);
      this.clientUris.delete(uri);
      this.factsCache.delete(uri);
      this.scaffoldingCache.delete(uri);
    });
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  toClient(uri: string): string {
    return this.clientUris.get(uri) ?? uri;
  }

  openDoc(uri: string): TextDocument | undefined {
    return this.documents.get(this.toClient(uri));
  }

  readonly openText = (uri: string): string | undefined => this.openDoc(uri)?.getText();

  async readSettings(folderUri: string) {
    if (!this.caps.configuration) return { ...DEFAULT_SETTINGS };
    try {
      const [value] = await this.connection.workspace.getConfiguration([{ scopeUri: folderUri, section: 'techPolicy' }]);
      return resolveSettings(value);
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  }

  async addFolder(uri: string, name: string): Promise<void> {
    const state = new FolderState(uri, name, await this.readSettings(uri), (m) => this.log(m));
    state.trusted = this.trusted;
    this.folders.set(uri, state);
    state.loadPolicy(this.openText);
    state.loadBaseline(this.openText);
    await Promise.all([state.loadExceptions(this.openText), state.scan(), state.refreshGit()]);
    state.model.takeHintsChanged(); // every file's hints are in before the first check
    this.publishFolder(state);
  }

  removeFolder(uri: string): void {
    const state = this.folders.get(uri);
    if (!state) return;
    this.folders.delete(uri);
    for (const file of [...this.published]) if (state.contains(file)) this.clear(file);
    this.sendStatus();
  }

  /** The innermost folder containing the file (nested workspace folders are allowed). */
  folderOf(uri: string): FolderState | undefined {
    let best: FolderState | undefined;
    for (const f of this.folders.values()) if (f.contains(uri) && (!best || f.uri.length > best.uri.length)) best = f;
    return best;
  }

  /** Folders whose policy is, or extends, this file. */
  foldersUsingPolicy(uri: string): FolderState[] {
    return [...this.folders.values()].filter((f) => f.model.policyUri === uri || f.model.policy?.sources.includes(uri));
  }

  /** An open document is parsed once per version; a closed one's facts come from the disk scan. */
  private parsedOnce<T>(cache: Map<string, { version: number; facts: T }>, uri: string, parse: (text: string) => T, fromDisk: () => T): T {
    const doc = this.openDoc(uri);
    if (!doc) return fromDisk();
    const cached = cache.get(uri);
    if (cached && cached.version === doc.version) return cached.facts;
    const facts = parse(doc.getText());
    cache.set(uri, { version: doc.version, facts });
    return facts;
  }

  factsOf(uri: string, state: FolderState): PackageJsonFacts | undefined {
    return this.parsedOnce<PackageJsonFacts | undefined>(this.factsCache, uri, scanPackageJson, () => state.diskPackageJsons.get(uri));
  }

  scaffoldingOf(uri: string, state: FolderState): ScaffoldingFacts | undefined {
    return this.parsedOnce(this.scaffoldingCache, uri, (text) => state.model.scanScaffolding(uri, text), () => state.diskScaffolding.get(uri)?.facts);
  }

  /** What the server has published for the folder's files (open documents as typed). */
  findingsOf(state: FolderState): Finding[] {
    return [...this.findings].filter(([uri]) => (this.folderOfFinding.get(uri) ?? this.folderOf(uri)?.uri) === state.uri).flatMap(([, list]) => list);
  }

  clear(uri: string): void {
    this.findings.delete(uri);
    this.folderOfFinding.delete(uri);
    const state = this.folderOf(uri);
    if (state) {
      state.model.forgetFile(uri);
      this.recheckUsage(state);
      this.recheckBaseline(state);
    }
    if (this.published.delete(uri)) void this.connection.sendDiagnostics({ uri: this.toClient(uri), diagnostics: [] });
  }

  private publish(uri: string, diagnostics: Diagnostic[], found: Finding[], folderUri?: string): void {
    this.findings.set(uri, found);
    if (folderUri) this.folderOfFinding.set(uri, folderUri);
    if (diagnostics.length === 0 && !this.published.has(uri)) return;
    if (diagnostics.length === 0) this.published.delete(uri);
    else this.published.add(uri);
    void this.connection.sendDiagnostics({ uri: this.toClient(uri), diagnostics });
  }

  /**
   * Checks one file and publishes its diagnostics. A file that cannot be checked gets that one
   * problem in place of its previous diagnostics: stale findings never stay standing.
   */
  checkFile(uri: string, state = this.folderOf(uri)): void {
    if (!state) return;
    try {
      this.checkFileUnguarded(uri, state);
    } catch (e) {
      this.connection.console.error(`Checking ${uri} failed: ${(e as Error)?.stack ?? String(e)}`);
      const reason = e instanceof RangeError ? `it ${nestingMessage()}` : 'of an internal error (see the Tech Policy output)';
      this.publish(uri, [parseProblemToDiagnostic({ range: START_OF_FILE, message: `the check failed, because ${reason}.` })], [], state.uri);
    }
  }

  private checkFileUnguarded(uri: string, state: FolderState): void {
    if (!state.settings.enable) return this.clear(uri);
    const model = state.model;
    switch (model.kindOf(uri)) {
      case 'policy': {
        const problems = model.policy?.problems ?? [];
        this.publish(uri, problems.map(policyProblemToDiagnostic), []);
        return;
      }
      case 'baseline': {
        const baseline = model.baseline;
        const found = model.checkBaseline();
        this.publish(uri, [...(baseline?.problems ?? []).map(policyProblemToDiagnostic), ...found.map(findingToDiagnostic)], found, state.uri);
        return;
      }
      case 'package.json': {
        const facts = this.factsOf(uri, state);
        if (!facts) return this.clear(uri);
        const found = model.checkPackageJson(uri, facts);
        this.publish(uri, [...facts.problems.map(parseProblemToDiagnostic), ...findingsToDiagnostics(found, state.settings.baselineShow)], found, state.uri);
        this.recheckUsage(state);
        this.recheckBaseline(state);
        return;
      }
      case 'exception': {
        const found = model.checkException(uri);
        this.publish(uri, found.map(findingToDiagnostic), found, state.uri);
        return;
      }
      case 'scaffolding': {
        const facts = this.scaffoldingOf(uri, state);
        if (!facts) return this.clear(uri);
        const found = model.checkScaffolding(uri, facts);
        this.publish(uri, [...facts.problems.map(parseProblemToDiagnostic), ...findingsToDiagnostics(found, state.settings.baselineShow)], found, state.uri);
        this.recheckUsage(state);
        this.recheckBaseline(state);
        this.recheckHints(state);
        return;
      }
      default:
        this.clear(uri);
    }
  }

  private readonly hintRechecks = new Map<string, () => void>();
  /**
   * What a scaffolding file says about others changed (a compose file builds another folder, a
   * kustomization patches other files): the folder is checked again, once the edits settle.
   */
  recheckHints(state: FolderState): void {
    if (!state.model.takeHintsChanged()) return;
    let run = this.hintRechecks.get(state.uri);
    if (!run) {
      run = debounce(() => {
        if (this.folders.get(state.uri) === state) this.publishFolder(state);
      }, 100);
      this.hintRechecks.set(state.uri, run);
    }
    run();
  }

  private readonly baselineRechecks = new Map<string, () => void>();
  /**
   * What the baseline matches changed (a baselined dependency removed, a file deleted): its
   * `baseline-stale` findings are published again once the edits settle, never on the keystroke.
   */
  recheckBaseline(state: FolderState): void {
    if (!state.model.takeBaselineChanged() || !state.model.baseline || !state.model.isWorkspaceChecked) return;
    let run = this.baselineRechecks.get(state.uri);
    if (!run) {
      run = debounce(() => {
        if (this.folders.get(state.uri) === state) {
          this.checkFile(state.model.baselineUri, state);
          this.sendStatus();
        }
      }, 100);
      this.baselineRechecks.set(state.uri, run);
    }
    run();
  }

  /** Exception documents that became used or unused with the last check: their `exception-unused` hint changes. */
  private recheckUsage(state: FolderState): void {
    for (const ex of state.model.takeUsageChanges()) if (state.model.kindOf(ex) === 'exception') this.checkFile(ex, state);
  }

  publishFolder(state: FolderState): void {
    // the policy's problems, wherever the policy lives (it may be outside the folder)
    const problems = state.settings.enable ? (state.model.policy?.problems ?? []) : [];
    this.publish(state.model.policyUri, problems.map(policyProblemToDiagnostic), []);
    const files = new Set<string>([...state.diskPackageJsons.keys(), ...state.diskScaffolding.keys()]);
    for (const doc of this.documents.all()) if (state.contains(normalizeUri(doc.uri))) files.add(normalizeUri(doc.uri));
    for (const uri of this.published) if (state.contains(uri)) files.add(uri);
    const exceptions = new Set(state.model.exceptionUris());
    // manifests first, so that the exception documents know which of them are still used
    for (const uri of files) if (!exceptions.has(uri) && this.folderOf(uri) === state) this.checkFile(uri, state);
    state.model.markWorkspaceChecked();
    state.model.takeUsageChanges();
    // the baseline's own findings, once every file has said what it matches
    const baselineUri = state.model.baselineUri;
    if (state.model.baseline || this.published.has(baselineUri)) this.checkFile(baselineUri, state);
    state.model.takeBaselineChanged();
    for (const uri of exceptions) if (this.folderOf(uri) === state) this.checkFile(uri, state);
    this.sendStatus();
    this.refreshCodeLenses();
  }

  private lensKey = '';
  /**
   * Asks the editor to re-request code lenses, only when what they show changed: a refresh
   * replaces the lenses on screen, and a click on a replaced one is lost.
   */
  refreshCodeLenses(): void {
    if (!this.caps.codeLensRefresh) return;
    const key = JSON.stringify(
      [...this.folders.values()].map((f) => [f.signerApprover(), f.model.exceptions.map((e) => [e.record.uri, e.state, e.reason, e.signature?.fingerprint, e.expiresInDays])]),
    );
    if (key === this.lensKey) return;
    this.lensKey = key;
    void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }

  readonly sendStatus = debounce(() => {
    const counts = new Map<string, number>();
    const known = new Map<string, number>();
    for (const [uri, list] of this.findings) {
      const folder = this.folderOfFinding.get(uri);
      if (!folder) continue;
      counts.set(folder, (counts.get(folder) ?? 0) + list.filter((f) => !f.baselined && (f.kind !== 'exception' || f.severity === 'error' || f.severity === 'warning')).length);
      known.set(folder, (known.get(folder) ?? 0) + list.filter((f) => f.baselined).length);
    }
    const status: FolderStatus[] = [...this.folders.values()].map((state) => {
      const loaded = state.model.policy;
      const exceptions = state.model.exceptions;
      const approver = state.signerApprover();
      return {
        uri: state.uri,
        name: state.name,
        policy: !state.settings.enable ? 'disabled' : !loaded ? 'none' : loaded.problems.some((p) => p.severity === 'error') ? 'invalid' : 'ok',
        policyUri: state.model.policyUri,
        findings: counts.get(state.uri) ?? 0,
        baselined: known.get(state.uri) ?? 0,
        granted: exceptions.filter((e) => e.state === 'granted').length,
        pendingRequests: exceptions.filter((e) => e.state === 'requested').length,
        notGranted: exceptions.filter((e) => e.state === 'not-granted' || e.state === 'invalid').length,
        expiringSoon: exceptions.filter((e) => e.state === 'granted' && e.expiresInDays !== undefined).length,
        approver: approver === 'unknown' ? undefined : approver,
        trusted: state.trusted,
      };
    });
    void this.connection.sendNotification(StatusNotification, { folders: status });
  }, 50);

  async reloadPolicy(state: FolderState): Promise<void> {
    this.scaffoldingCache.clear(); // which workloads run stock images depends on the policy's technologies
    const ignoreBefore = JSON.stringify(state.model.policy?.policy.ignore ?? []);
    const moved = state.loadPolicy(this.openText);
    if (moved) await state.loadExceptions(this.openText);
    state.loadBaseline(this.openText);
    // files that `ignore` hid at start-up come back (and newly ignored ones go) only with a new walk
    if (JSON.stringify(state.model.policy?.policy.ignore ?? []) !== ignoreBefore) await state.scan();
    this.publishFolder(state);
    this.registerWatchers();
  }

  private readonly policyReload = new Map<string, () => void>();
  /** Policy and exception edits are debounced: a keystroke in one re-checks the whole folder. */
  onPolicyOrExceptionEdited(state: FolderState, uri: string): void {
    const key = `${state.uri}|${uri}`;
    let run = this.policyReload.get(key);
    if (!run) {
      run = debounce(
        safe(this.connection, 'recheck', undefined, async () => {
          if (!this.folders.has(state.uri)) return;
          if (uri === state.model.policyUri || state.model.policy?.sources.includes(uri)) await this.reloadPolicy(state);
          else if (uri === state.model.baselineUri) {
            state.loadBaseline(this.openText);
            this.publishFolder(state);
          } else {
            state.readException(uri, this.openText);
            this.publishFolder(state);
          }
        }),
        150,
      );
      this.policyReload.set(key, run);
    }
    run();
  }

  private watcherRegistration: Promise<Disposable> | undefined;
  private watchedExtra = '';
  /**
   * File watchers: package.json, policies and their `extends` (any .json), exception documents
   * (.md), scaffolding; plus policy sources outside every folder or not matched by those globs
   * (an allowed_signers file). Re-registered only when that extra set changes.
   */
  registerWatchers(): void {
    if (!this.caps.dynamicWatchers) return;
    const extra = [...new Set([...this.folders.values()].flatMap((f) => [f.model.policyUri, ...(f.model.policy?.sources ?? [])]))]
      .filter((uri) => !this.folderOf(uri) || !/\.(json|md)$/i.test(uri))
      .sort();
    const key = extra.join('|');
    if (this.watcherRegistration && key === this.watchedExtra) return;
    this.watchedExtra = key;
    const kinds = WatchKind.Create | WatchKind.Change | WatchKind.Delete;
    const previous = this.watcherRegistration;
    if (previous) void previous.then((d) => d.dispose(), () => undefined);
    this.watcherRegistration = this.connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [
        { globPattern: '**/*.json', kind: kinds },
        { globPattern: '**/*.md', kind: kinds },
        { globPattern: SCAFFOLDING_GLOB, kind: kinds },
        // a new folder: file watchers may report only the folder when it arrives with its files
        { globPattern: '**/*', kind: WatchKind.Create },
        ...extra.flatMap((uri): FileSystemWatcher[] => {
          if (this.caps.relativePatterns) return [{ globPattern: { baseUri: dirnameUri(uri), pattern: basenameUri(uri) }, kind: kinds }];
          // without relative patterns (LSP 3.17) a string glob is all there is: by name inside a
          // folder; a file outside every folder cannot be named
          return this.folderOf(uri) ? [{ globPattern: `**/${basenameUri(uri)}`, kind: kinds }] : [];
        }),
      ],
    });
  }
}
