/** Open documents: the hot path. A keystroke in a manifest re-checks that one file; policy and exception edits are debounced. */
import { readTextFile, uriToPath } from '../node/files';
import { normalizeUri } from '../core/paths';
import { safe } from './safe';
import { onPolicyOrExceptionEdited, reloadPolicy } from './folders';
import { checkFile } from './publish';
import { sendStatus } from './status';
import type { ServerWorkspace } from './workspace';

export function registerDocumentHandlers(ws: ServerWorkspace): void {
  const { connection, documents } = ws;
  documents.onDidChangeContent(
    safe(connection, 'didChange', undefined, async (event) => {
      await ws.ready;
      const uri = normalizeUri(event.document.uri);
      // a policy (or a file it reads) outside the folder it governs
      for (const user of ws.foldersUsingPolicy(uri)) if (!user.contains(uri)) onPolicyOrExceptionEdited(ws, user, uri);
      const state = ws.folderOf(uri);
      if (!state) return;
      const kind = state.model.kindOf(uri);
      if (kind === 'package.json' || kind === 'scaffolding') {
        checkFile(ws, uri, state);
        sendStatus(ws);
      } else if (kind === 'policy' || kind === 'baseline' || kind === 'exception' || state.model.policy?.sources.includes(uri)) onPolicyOrExceptionEdited(ws, state, uri);
    }),
  );

  documents.onDidClose(
    safe(connection, 'didClose', undefined, (event) => {
      const uri = normalizeUri(event.document.uri);
      const state = ws.folderOf(uri);
      if (!state) return;
      const kind = state.model.kindOf(uri);
      if (kind === 'package.json') {
        // back to what is on disk
        if (state.diskPackageJsons.has(uri) || readTextFile(uriToPath(uri)).ok) state.readPackageJson(uri);
        checkFile(ws, uri, state);
      } else if (kind === 'scaffolding') {
        state.readScaffolding(uri);
        checkFile(ws, uri, state);
      } else if (kind === 'exception' || kind === 'baseline') {
        onPolicyOrExceptionEdited(ws, state, uri);
      } else if (kind === 'policy') {
        void reloadPolicy(ws, state);
      }
    }),
  );
}
