/** Starts the language server (dist/server.js over IPC) and keeps the client around. */
import * as fs from 'fs';
import * as path from 'path';
import { commands, type ExtensionContext, ProgressLocation, type TextDocument, TextEditorRevealType, Uri, window, workspace } from 'vscode';
import { firstQuestionRange } from '../../server/src/core/exceptions/question';
import {
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import {
  DECIDE_EXCEPTION_COMMAND,
  DecideExceptionRequest,
  type DecideExceptionResult,
  SCAFFOLDING_GLOB,
  SHOW_DOCUMENT_COMMAND,
  SHOW_EXCEPTIONS_COMMAND,
  type StatusParams,
  StatusNotification,
} from '../../server/src/protocol';
import type { StatusBar } from './status';

export const CLIENT_ID = 'techPolicy';

/** Resolves when the document gets text (the insert of a create-then-insert edit), or after `ms`. */
function textArrives(doc: TextDocument, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const listener = workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && doc.getText() !== '') done();
    });
    function done() {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    }
  });
}

export class TechPolicyClient {
  readonly client: LanguageClient;
  /** Documents created by a Tech Policy edit and not yet saved: saved once when opened. */
  private readonly created = new Set<string>();
  lastStatus: StatusParams = { folders: [] };
  /** Called with every status notification (the Policy Exceptions view refreshes on it). */
  onStatus: (status: StatusParams) => void = () => undefined;
  /** The server's start, once asked for (where no folder has a policy it waits for a command or a policy file). */
  private starting: Promise<void> | undefined;
  /** True once the server has reported its first status: its folders are loaded and checked. */
  private reported = false;
  private readonly firstStatus: Promise<void>;
  private firstStatusArrived: () => void = () => undefined;

  constructor(
    context: ExtensionContext,
    private readonly status: StatusBar,
  ) {
    const module = context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', pattern: '**/package.json' },
        { scheme: 'file', language: 'json' },
        { scheme: 'file', language: 'jsonc' },
        { scheme: 'file', language: 'markdown' },
        // service scaffolding and language manifests
        { scheme: 'file', pattern: SCAFFOLDING_GLOB },
      ],
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: { trusted: workspace.isTrusted, clientCommands: [SHOW_EXCEPTIONS_COMMAND] },
      middleware: {
        provideCodeActions: async (document, range, context, token, next) => {
          const actions = await next(document, range, context, token);
          for (const action of actions ?? []) {
            if (!('edit' in action) || !action.edit) continue;
            // A quick fix that creates a document: VS Code may drop the list of code actions (and
            // the commands in it) as soon as the edit lands, so the document is opened when VS Code
            // reports its creation instead of through the action's command.
            const creates = action.edit.entries().filter(([uri]) => uri.scheme === 'file' && !fs.existsSync(uri.fsPath)).map(([uri]) => uri.toString());
            if (creates.length === 0) continue;
            for (const uri of creates) this.created.add(uri);
            if (action.command?.command === SHOW_DOCUMENT_COMMAND) action.command = undefined;
          }
          return actions;
        },
        executeCommand: async (command, args, next) => {
          if (command === SHOW_DOCUMENT_COMMAND && typeof args[0] === 'string') {
            const uri = Uri.parse(args[0]);
            // a rule's documentation: a web page, opened the way VS Code opens links
            if (uri.scheme === 'http' || uri.scheme === 'https') await commands.executeCommand('vscode.open', uri);
            else await this.open(uri);
            return undefined;
          }
          if (command === DECIDE_EXCEPTION_COMMAND && typeof args[0] === 'string' && (args[1] === 'approve' || args[1] === 'reject')) {
            return this.decide(Uri.parse(args[0]), args[1]);
          }
          return next(command, args);
        },
      },
    };
    this.client = new LanguageClient(CLIENT_ID, 'Tech Policy', serverOptions, clientOptions);
    this.firstStatus = new Promise((resolve) => (this.firstStatusArrived = resolve));
  }

  /** Starts the server, once; later calls wait for the same start. */
  start(): Promise<void> {
    this.starting ??= this.startOnce();
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    this.client.onNotification(StatusNotification, (params: StatusParams) => {
      this.lastStatus = params;
      this.reported = true;
      this.firstStatusArrived();
      this.status.update(params);
      this.onStatus(params);
    });
    workspace.onDidGrantWorkspaceTrust(() => void this.restart());
    workspace.onDidCreateFiles((event) => {
      for (const file of event.files) if (this.created.has(file.toString())) void this.open(file);
    });
    await this.client.start();
  }

  /**
   * What a command run early waits for: the server started (now, if no folder had a policy) and
   * its first status in (which folders have a policy, what they hold), said in the status bar
   * meanwhile. Resolves at once afterwards.
   */
  async ready(): Promise<void> {
    if (this.reported) return;
    await window.withProgress({ location: ProgressLocation.Window, title: 'Tech Policy: starting' }, async () => {
      await this.start();
      await this.firstStatus;
    });
  }

  async stop(): Promise<void> {
    if (this.client.isRunning()) await this.client.stop();
  }

  async restart(): Promise<void> {
    if (!this.starting) return this.start(); // never started (no policy yet): start it
    this.client.clientOptions.initializationOptions = { trusted: workspace.isTrusted, clientCommands: [SHOW_EXCEPTIONS_COMMAND] };
    await this.client.restart();
  }

  /**
   * Opens a document; one that Tech Policy just created is saved once its text is in, so that it
   * exists on disk, and an exception request leaves the cursor on its first question.
   */
  async open(uri: Uri): Promise<TextDocument> {
    const created = this.created.delete(uri.toString());
    const doc = await workspace.openTextDocument(uri);
    if (!created) {
      await window.showTextDocument(doc, { preview: false });
      return doc;
    }
    // a request just written is shown with its first question already selected (so typing
    // answers it from the first keystroke, never lands in the front matter), then saved
    if (doc.getText() === '') await textArrives(doc, 3000);
    const question = firstQuestionRange(doc.getText());
    const selection = question && this.client.protocol2CodeConverter.asRange(question);
    const editor = await window.showTextDocument(doc, { preview: false, selection });
    if (selection) editor.revealRange(selection, TextEditorRevealType.InCenterIfOutsideViewport);
    if (doc.isDirty) await doc.save();
    return doc;
  }

  /** Opens (and saves) a document that a Tech Policy edit has just created. */
  async openCreated(uri: Uri): Promise<TextDocument> {
    this.created.add(uri.toString());
    return this.open(uri);
  }

  /**
   * Approve and sign (or reject) an exception document: the server writes and verifies the new
   * text (ssh-keygen signs it); here it is applied as one undoable edit and saved. On any failure
   * the document is left as it was and the user gets the server's one sentence.
   */
  async decide(uri: Uri, decision: 'approve' | 'reject'): Promise<boolean> {
    const result = await window.withProgress({ location: { viewId: 'techPolicy.exceptions' }, title: 'Signing' }, () =>
      this.client.sendRequest<DecideExceptionResult>(DecideExceptionRequest, { uri: uri.toString(), decision }),
    );
    if (!result.ok) {
      void window.showErrorMessage(`Tech Policy: ${result.message}`);
      return false;
    }
    const edit = await this.client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
    if (!edit || !(await workspace.applyEdit(edit))) {
      void window.showErrorMessage('Tech Policy: the document changed while it was being signed; nothing was written. Try again.');
      return false;
    }
    const doc = await workspace.openTextDocument(uri);
    if (doc.isDirty) await doc.save();
    void window.showInformationMessage(`Tech Policy: ${result.message}`);
    return true;
  }

  async showProblems(): Promise<void> {
    // focus (not toggle) the Problems view; VS Code has no API to set its filter text
    await commands.executeCommand('workbench.action.problems.focus');
  }
}
