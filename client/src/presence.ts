/**
 * Which workspace folders have a policy file, as the client sees it by itself: one stat per
 * folder at activation, before the server has started or said anything. The context keys the
 * palette and the walkthrough read are set from it at once (the server's status refines them);
 * where no folder has a policy the server is not started until a command needs it or a policy
 * file appears.
 */
import { type Disposable, FileType, RelativePattern, Uri, workspace } from 'vscode';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';

export interface PolicyPresence {
  uri: string;
  policyUri: string;
  hasPolicy: boolean;
}

/** The policy file of a folder: `techPolicy.policyFile` (relative to the folder), else techpolicy.json. */
function policyFileOf(folder: Uri): string {
  return workspace.getConfiguration('techPolicy', folder).get<string>('policyFile')?.trim() || DEFAULT_SETTINGS.policyFile;
}

export async function findPolicyFiles(): Promise<PolicyPresence[]> {
  return Promise.all(
    (workspace.workspaceFolders ?? []).map(async (folder) => {
      const policyUri = Uri.joinPath(folder.uri, policyFileOf(folder.uri));
      let hasPolicy = false;
      try {
        hasPolicy = ((await workspace.fs.stat(policyUri)).type & FileType.File) !== 0;
      } catch {
        hasPolicy = false; // no such file
      }
      return { uri: folder.uri.toString(), policyUri: policyUri.toString(), hasPolicy };
    }),
  );
}

/** Calls `onCreate` when a folder's policy file appears (also in a folder added later). */
export function watchPolicyFiles(onCreate: () => void): Disposable {
  let watchers: Disposable[] = [];
  const watch = () => {
    for (const w of watchers) w.dispose();
    watchers = (workspace.workspaceFolders ?? []).map((folder) => {
      const watcher = workspace.createFileSystemWatcher(new RelativePattern(folder, policyFileOf(folder.uri)), false, true, true);
      watcher.onDidCreate(onCreate);
      return watcher;
    });
  };
  watch();
  const folders = workspace.onDidChangeWorkspaceFolders(() => {
    watch();
    void findPolicyFiles().then((found) => found.some((f) => f.hasPolicy) && onCreate());
  });
  return { dispose: () => [...watchers, folders].forEach((d) => d.dispose()) };
}
