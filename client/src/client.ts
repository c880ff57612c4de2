/** Starts the language server (dist/server.js over IPC) and keeps the client around. */
import * as path from 'path';
import { commands, type ExtensionContext, type TextDocument, Uri, window, workspace } from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { SHOW_DOCUMENT_COMMAND, type StatusParams, StatusNotification } from '../../server/src/protocol';
import type { StatusBar } from './status';

export const CLIENT_ID = 'techPolicy';

export class TechPolicyClient {
  readonly client: LanguageClient;
  /** Documents created by a Tech Policy edit and not yet saved: saved once when opened. */
  private readonly created = new Set<string>();
  lastStatus: StatusParams = { folders: [] };

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
      ],
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: { trusted: workspace.isTrusted },
      middleware: {
        provideCodeActions: async (document, range, context, token, next) => {
          const actions = await next(document, range, context, token);
          for (const action of actions ?? []) {
            const edit = 'edit' in action ? action.edit : undefined;
            for (const [uri] of edit?.entries() ?? []) {
              if (!workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) this.created.add(uri.toString());
            }
          }
          return actions;
        },
        executeCommand: async (command, args, next) => {
          if (command === SHOW_DOCUMENT_COMMAND && typeof args[0] === 'string') {
            await this.open(Uri.parse(args[0]));
            return undefined;
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
    });
    workspace.onDidGrantWorkspaceTrust(() => void this.restart());
    await this.client.start();
  }

  async stop(): Promise<void> {
    if (this.client.isRunning()) await this.client.stop();
  }

  async restart(): Promise<void> {
    this.client.clientOptions.initializationOptions = { trusted: workspace.isTrusted };
    await this.client.restart();
  }

  /** Opens a document; one that Tech Policy just created is saved so that it exists on disk with its text. */
  async open(uri: Uri): Promise<TextDocument> {
    const doc = await workspace.openTextDocument(uri);
    await window.showTextDocument(doc, { preview: false });
    if (this.created.delete(uri.toString()) && doc.isDirty) await doc.save();
    return doc;
  }

  markCreated(uri: Uri): void {
    this.created.add(uri.toString());
  }

  async showProblems(): Promise<void> {
    await commands.executeCommand('workbench.actions.view.problems');
  }
}
