/** What the client shows beyond diagnostics: the status of each folder (the status bar, the view) and the code lenses' refresh. */
import { isCounted } from '../core/model';
import { type FolderStatus, StatusNotification } from '../protocol';
import type { ServerWorkspace } from './workspace';

/** Sends every folder's status, once the changes of the moment settle. */
export function sendStatus(ws: ServerWorkspace): void {
  ws.runLater('status', 50, () => () => sendStatusNow(ws));
}

function sendStatusNow(ws: ServerWorkspace): void {
  const counts = new Map<string, number>();
  const known = new Map<string, number>();
  for (const [uri, list] of ws.findings) {
    const folder = ws.folderOfFinding.get(uri);
    if (!folder) continue;
    counts.set(folder, (counts.get(folder) ?? 0) + list.filter(isCounted).length);
    known.set(folder, (known.get(folder) ?? 0) + list.filter((f) => f.baselined).length);
  }
  const status: FolderStatus[] = [...ws.folders.values()].map((state) => {
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
  void ws.connection.sendNotification(StatusNotification, { folders: status });
}

/**
 * Asks the editor to re-request code lenses, only when what they show changed: a refresh
 * replaces the lenses on screen, and a click on a replaced one is lost.
 */
export function refreshCodeLenses(ws: ServerWorkspace): void {
  if (!ws.caps.codeLensRefresh) return;
  const key = JSON.stringify(
    [...ws.folders.values()].map((f) => [f.signerApprover(), f.model.exceptions.map((e) => [e.record.uri, e.state, e.reason, e.signature?.fingerprint, e.expiresInDays])]),
  );
  if (key === ws.lensKey) return;
  ws.lensKey = key;
  void ws.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
}
