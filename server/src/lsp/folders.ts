/**
 * The workspace folders: one FolderState each, added (settings, policy, baseline, exceptions, the
 * walk, git) and published, removed with its diagnostics, and reloaded when its policy or an
 * exception document changes (debounced: a keystroke in one re-checks the whole folder).
 */
import { FolderState } from '../node/folderState';
import { clear, publishFolder } from './publish';
import { safe } from './safe';
import { readSettings } from './settings';
import { sendStatus } from './status';
import { registerWatchers } from './watchers';
import type { ServerWorkspace } from './workspace';

export async function addFolder(ws: ServerWorkspace, uri: string, name: string): Promise<void> {
  const state = new FolderState(uri, name, await readSettings(ws, uri), (m) => ws.log(m));
  state.trusted = ws.trusted;
  ws.folders.set(uri, state);
  state.loadPolicy(ws.openText);
  state.loadBaseline(ws.openText);
  await Promise.all([state.loadExceptions(ws.openText), state.scan(), state.refreshGit()]);
  state.model.takeHintsChanged(); // every file's hints are in before the first check
  publishFolder(ws, state);
}

export function removeFolder(ws: ServerWorkspace, uri: string): void {
  const state = ws.folders.get(uri);
  if (!state) return;
  ws.folders.delete(uri);
  for (const file of [...ws.published]) if (state.contains(file)) clear(ws, file);
  sendStatus(ws);
}

export async function reloadPolicy(ws: ServerWorkspace, state: FolderState): Promise<void> {
  ws.scaffoldingCache.clear(); // which workloads run stock images depends on the policy's technologies
  const ignoreBefore = JSON.stringify(state.model.policy?.policy.ignore ?? []);
  const moved = state.loadPolicy(ws.openText);
  if (moved) await state.loadExceptions(ws.openText);
  state.loadBaseline(ws.openText);
  // files that `ignore` hid at start-up come back (and newly ignored ones go) only with a new walk
  if (JSON.stringify(state.model.policy?.policy.ignore ?? []) !== ignoreBefore) await state.scan();
  publishFolder(ws, state);
  registerWatchers(ws);
}

/** Policy and exception edits are debounced: a keystroke in one re-checks the whole folder. */
export function onPolicyOrExceptionEdited(ws: ServerWorkspace, state: FolderState, uri: string): void {
  ws.runLater(`policy|${state.uri}|${uri}`, 150, () =>
    safe(ws.connection, 'recheck', undefined, async () => {
      if (!ws.folders.has(state.uri)) return;
      if (uri === state.model.policyUri || state.model.policy?.sources.includes(uri)) await reloadPolicy(ws, state);
      else if (uri === state.model.baselineUri) {
        state.loadBaseline(ws.openText);
        publishFolder(ws, state);
      } else {
        state.readException(uri, ws.openText);
        publishFolder(ws, state);
      }
    }),
  );
}
