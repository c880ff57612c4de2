/** Starts the language server (dist/server.js over IPC) and keeps the client around. */
import * as fs from 'fs';
import * as path from 'path';
import { commands, type ExtensionContext, Selection, type TextDocument, TextEditorRevealType, Uri, window, workspace } from 'vscode';
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
  }

  async start(): Promise<void> {
    this.client.onNotification(StatusNotification, (params: StatusParams) => {
      this.lastStatus = params;
      this.status.update(params);
      this.onStatus(params);
    });
    workspace.onDidGrantWorkspaceTrust(() => void this.restart());
    workspace.onDidCreateFiles((event) => {
      for (const file of event.files) if (this.created.has(file.toString())) void this.open(file);
    });
    await this.client.start();
  }

  async stop(): Promise<void> {
    if (this.client.isRunning()) await this.client.stop();
  }

  async restart(): Promise<void> {
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
    const editor = await window.showTextDocument(doc, { preview: false });
    if (created) {
      if (doc.getText() === '') await textArrives(doc, 3000);
      if (doc.isDirty) await doc.save();
      // a request just written: the cursor waits on the first question, its placeholder selected
      const question = firstQuestionRange(doc.getText());
      if (question) {
        const range = this.client.protocol2CodeConverter.asRange(question);
        editor.selection = new Selection(range.start, range.end);
        editor.revealRange(range, TextEditorRevealType.InCenterIfOutsideViewport);
      }
    }
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
