/**
 * "Tech Policy: Show Report": the same report as `tech-policy report`, rendered for a webview.
 * Git runs only in a trusted workspace; links open files through the client's one command the
 * webview allows; the page carries a strict Content-Security-Policy with the client's nonce.
 */
import { today } from '../core/folder';
import { normalizeUri } from '../core/paths';
import { renderHtml } from '../core/report/html';
import { periodStart } from '../core/report/work';
import { folderReport } from '../node/report';
import { OPEN_REPORT_FILE_COMMAND, ReportRequest, type ReportParams, type ReportResult } from '../protocol';
import { safe } from './safe';
import { findingsOf } from './publish';
import type { ServerWorkspace } from './workspace';

export function registerReportRequest(ws: ServerWorkspace): void {
  ws.connection.onRequest(
    ReportRequest,
    safe(ws.connection, ReportRequest, { error: 'The report could not be built; see the Tech Policy output.' } as ReportResult, async (params: ReportParams): Promise<ReportResult> => {
      await ws.ready;
      const uri = params.folderUri ? normalizeUri(params.folderUri) : undefined;
      const state = uri ? (ws.folders.get(uri) ?? ws.folderOf(uri)) : [...ws.folders.values()][0];
      if (!state) return { error: 'Open a folder with a techpolicy.json to see its report.' };
      if (!state.model.policy) return { error: `${state.name} has no techpolicy.json: run "Tech Policy: Create Policy from Workspace" first.` };
      const day = today();
      const since = periodStart(params.since ?? '12w', day);
      if (!since) return { error: `"${params.since}" is not a period: use 12w, 6m, 90d or a date.` };
      // the findings the server keeps current (open documents as typed), not a second check from disk
      const model = await folderReport(state, { since, until: day, today: day, trusted: ws.trusted }, findingsOf(ws, state));
      // the client opens the file: only it knows how a workspace file is reached from the webview (a remote window, code-server)
      const link = (file: string) => `command:${OPEN_REPORT_FILE_COMMAND}?${encodeURIComponent(JSON.stringify([state.uri, file]))}`;
      const csp = `default-src 'none'; style-src ${params.cspSource} 'nonce-${params.nonce}'; img-src ${params.cspSource} data:`;
      return { html: renderHtml(model, { link, csp, nonce: params.nonce }), folderName: state.name };
    }),
  );
}
