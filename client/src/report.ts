/**
 * "Tech Policy: Show Report": the leaders' page (radar, register, deployables, platform versus
 * product work) in a webview. No script runs in it; the only command its links may run is
 * the one that opens a file of the folder; nothing is loaded from outside (the page's
 * Content-Security-Policy allows the one style element by nonce).
 */
import { randomBytes } from 'crypto';
import { commands, type ExtensionContext, Uri, ViewColumn, type WebviewPanel, window, workspace, type WorkspaceFolder } from 'vscode';
import { OPEN_REPORT_FILE_COMMAND, ReportRequest, type ReportParams, type ReportResult } from '../../server/src/protocol';
import { escapeHtml } from '../../server/src/core/text';
import type { TechPolicyClient } from './client';

let panel: WebviewPanel | undefined;
let requests = 0;

export async function showReport(context: ExtensionContext, tp: TechPolicyClient, folder: WorkspaceFolder): Promise<void> {
  if (!panel) {
    panel = window.createWebviewPanel('techPolicy.report', 'Tech Policy Report', ViewColumn.Active, {
      enableScripts: false,
      enableCommandUris: [OPEN_REPORT_FILE_COMMAND],
      localResourceRoots: [],
      retainContextWhenHidden: false,
    });
    panel.onDidDispose(() => (panel = undefined), undefined, context.subscriptions);
  } else panel.reveal();
  const shown = panel;
  const nonce = randomBytes(16).toString('base64');
  shown.title = `Tech Policy Report: ${folder.name}`;
  shown.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>Building the report of ${escapeHtml(folder.name)}…</p></body></html>`;
  const params: ReportParams = { folderUri: folder.uri.toString(), cspSource: shown.webview.cspSource, nonce };
  const asked = ++requests;
  const result = await tp.client.sendRequest<ReportResult>(ReportRequest, params);
  // closed meanwhile, or another folder's report was asked for since: this page is not wanted
  if (panel !== shown || asked !== requests) return;
  if (result.html) shown.webview.html = result.html;
  else {
    shown.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>${escapeHtml(result.error ?? 'No report.')}</p></body></html>`;
    void window.showWarningMessage(`Tech Policy: ${result.error ?? 'no report.'}`);
  }
}

/** The report's links: a file of a workspace folder, by its relative path, never one outside it. */
export function registerReportLinks(context: ExtensionContext): void {
  context.subscriptions.push(
    commands.registerCommand(OPEN_REPORT_FILE_COMMAND, async (folderUri?: unknown, file?: unknown) => {
      if (typeof folderUri !== 'string' || typeof file !== 'string') return;
      const folder = workspace.workspaceFolders?.find((f) => f.uri.toString() === folderUri);
      if (!folder || file.split('/').some((s) => s === '..' || s === '') || file.startsWith('/')) return;
      await window.showTextDocument(Uri.joinPath(folder.uri, ...file.split('/')), { preview: true });
    }),
  );
}
