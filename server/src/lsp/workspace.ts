/**
 * The server's shared state: the workspace folders, the open documents, what the client can do,
 * and the findings published per file. The operations over it live beside it, one idea a module:
 * folders.ts (add, remove, reload a folder), settings.ts, parsed.ts (open documents parsed once
 * per version), publish.ts (check a file, publish a folder, the re-checks that follow), status.ts
 * (the status notification and code lens refreshes) and watchers.ts; the handlers (documents,
 * file events, language features, custom requests) likewise.
 */
import { type Connection, type Diagnostic, type Disposable, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/model';
import type { DiagnosedFindings } from '../core/features/diagnostics';
import { normalizeUri } from '../core/paths';
import type { PackageJsonFacts } from '../core/scan/packageJson';
import type { ScaffoldingFacts } from '../core/scan/scaffolding';
import type { FolderState } from '../node/folderState';
import { debounce } from './safe';

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
  /** the client shows a diagnostic's codeDescription link (VS Code does; Neovim 0.7 does not) */
  codeDescription: boolean;
  applyEdit: boolean;
  codeLensRefresh: boolean;
}

/** A document's facts, parsed for one version of it. */
export interface ParsedVersion<T> {
  version: number;
  facts: T;
}

export class ServerWorkspace {
  readonly documents = new TextDocuments(TextDocument);
  readonly folders = new Map<string, FolderState>();
  caps: ClientCapabilities = { configuration: false, dynamicConfiguration: false, dynamicWatchers: false, relativePatterns: false, workspaceFolders: false, showDocument: false, codeDescription: false, applyEdit: false, codeLensRefresh: false };
  /** Only a boolean `true` from the client is trust; anything else (absent, a string) is not. */
  trusted = false;
  /** Client-side commands the client said it has (initializationOptions.clientCommands). */
  clientCommands = new Set<string>();
  ready: Promise<void> = Promise.resolve();

  // publish.ts
  /** Findings per file, with the folder they were counted for (for the status counts). */
  readonly findings = new Map<string, Finding[]>();
  readonly folderOfFinding = new Map<string, string>();
  /** Files the client shows diagnostics for. */
  readonly published = new Set<string>();
  /** The diagnostics last published per file, whose objects a publication reuses where nothing changed. */
  readonly sentDiagnostics = new Map<string, Diagnostic[]>();
  /** Each manifest's findings with their diagnostics, as last checked: an unchanged finding keeps its diagnostic. */
  readonly diagnosed = new Map<string, DiagnosedFindings>();

  // parsed.ts
  readonly factsCache = new Map<string, ParsedVersion<PackageJsonFacts | undefined>>();
  readonly scaffoldingCache = new Map<string, ParsedVersion<ScaffoldingFacts | undefined>>();

  // status.ts
  /** What the code lenses showed when the editor was last asked to refresh them. */
  lensKey = '';

  // watchers.ts
  watcherRegistration: Promise<Disposable> | undefined;
  /** The watched files beyond the fixed globs, as last registered. */
  watchedExtra = '';

  /** URIs are compared normalized (vscode-uri); diagnostics go out under the URI the client used. */
  private readonly clientUris = new Map<string, string>();
  private readonly runners = new Map<string, () => void>();

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

  /**
   * Runs work once calls under `key` have paused for `ms`. The runner is made on the first call
   * for its key, and every later call restarts that one.
   */
  runLater(key: string, ms: number, make: () => () => void): void {
    let run = this.runners.get(key);
    if (!run) {
      run = debounce(make(), ms);
      this.runners.set(key, run);
    }
    run();
  }
}
