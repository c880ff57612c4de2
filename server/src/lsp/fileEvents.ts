/** Files changed on disk (didChangeWatchedFiles): manifests, scaffolding, policies, exception documents, new and deleted folders. */
import { FileChangeType } from 'vscode-languageserver';
import { normalizeUri, relativePath } from '../core/paths';
import { isCheckedPath } from '../core/scan/workspaceFiles';
import { isDirectory, uriToPath } from '../node/files';
import type { FolderState } from '../node/folderState';
import { safe } from './safe';
import { reloadPolicy } from './folders';
import { checkFile, clear, publishFolder, recheckHints } from './publish';
import { sendStatus } from './status';
import type { ServerWorkspace } from './workspace';

export function registerFileEvents(ws: ServerWorkspace): void {
  ws.connection.onDidChangeWatchedFiles(
    safe(ws.connection, 'didChangeWatchedFiles', undefined, async (params) => {
      await ws.ready;
      const touched = new Set<FolderState>();
      const newFolders: Array<[FolderState, string]> = [];
      const policyChanged = new Set<FolderState>();
      for (const change of params.changes) {
        const uri = normalizeUri(change.uri);
        const users = ws.foldersUsingPolicy(uri);
        if (users.length > 0) {
          // an open policy is read from its buffer; a file it extends is read from the disk
          for (const user of users) if (!(user.model.policyUri === uri && ws.openDoc(uri))) policyChanged.add(user);
          continue;
        }
        const state = ws.folderOf(uri);
        if (!state) continue;
        const kind = state.model.kindOf(uri);
        if (uri.endsWith('/.env')) {
          // compose files beside it are read again (an open one from its buffer)
          const again = new Set(state.envChanged(uri));
          const folder = relativePath(state.uri, uri.slice(0, uri.lastIndexOf('/')));
          for (const [file, parsed] of ws.scaffoldingCache) if (parsed.facts?.env === folder) again.add(file);
          for (const file of again) {
            ws.scaffoldingCache.delete(file);
            checkFile(ws, file, state);
          }
          if (again.size) recheckHints(ws, state);
          continue;
        }
        // files read with others (a compose `extends: {file: …}`): those are read again
        const readers = state.readWithChanged(uri);
        for (const [file, parsed] of ws.scaffoldingCache) if (parsed.facts?.reads?.includes(relativePath(state.uri, uri) ?? '') && !readers.includes(file)) readers.push(file);
        for (const file of readers) {
          ws.scaffoldingCache.delete(file);
          if (file !== uri) checkFile(ws, file, state);
        }
        if (readers.length) recheckHints(ws, state);
        if (kind === 'other' && !inExceptionsDirectory(state, uri)) {
          if (change.type === FileChangeType.Created) newFolders.push([state, uri]);
          else if (change.type === FileChangeType.Deleted) forgetFolder(ws, state, uri);
          continue;
        }
        if (kind === 'baseline') {
          if (!ws.openDoc(uri)) {
            state.loadBaseline(ws.openText);
            touched.add(state);
          }
          continue;
        }
        if (kind === 'package.json') {
          if (change.type === FileChangeType.Deleted) {
            state.diskPackageJsons.delete(uri);
            if (!ws.openDoc(uri)) clear(ws, uri);
          } else {
            state.readPackageJson(uri);
            if (!ws.openDoc(uri)) checkFile(ws, uri, state);
          }
          sendStatus(ws);
        } else if (kind === 'scaffolding') {
          if (change.type === FileChangeType.Deleted) state.diskScaffolding.delete(uri);
          else state.readScaffolding(uri);
          if (!ws.openDoc(uri)) checkFile(ws, uri, state);
          recheckHints(ws, state);
          sendStatus(ws);
        } else {
          // the exceptions directory: a document, or another file whose name the next id must avoid
          const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
          if (change.type === FileChangeType.Deleted) {
            state.exceptionFiles.delete(name);
            state.model.setException(uri, undefined);
            clear(ws, uri);
          } else {
            state.exceptionFiles.add(name);
            if (kind === 'exception') state.readException(uri, ws.openText);
          }
          touched.add(state);
        }
      }
      // outermost first; a folder inside one just walked is already done
      const walked: string[] = [];
      for (const [state, uri] of newFolders.sort((a, b) => a[1].length - b[1].length)) {
        if (walked.some((w) => uri.startsWith(w + '/'))) continue;
        if (await scanNewFolder(ws, state, uri)) walked.push(uri);
      }
      for (const state of policyChanged) await reloadPolicy(ws, state);
      for (const state of touched) if (!policyChanged.has(state)) publishFolder(ws, state);
    }),
  );
}

function inExceptionsDirectory(state: FolderState, uri: string): boolean {
  return uri.slice(0, uri.lastIndexOf('/')) === state.model.exceptionsDirectoryUri;
}

/** A created path that is not a known kind may be a folder that arrived with its files. */
async function scanNewFolder(ws: ServerWorkspace, state: FolderState, uri: string): Promise<boolean> {
  const rel = relativePath(state.uri, uri);
  // cheap checks first: an npm install creates thousands of paths under node_modules
  if (!rel || !isCheckedPath(`${rel}/x`, state.model.policy?.policy.ignore ?? []) || !isDirectory(uriToPath(uri))) return false;
  const found = await state.scanFrom(rel);
  for (const file of found) if (!ws.openDoc(file)) checkFile(ws, file, state);
  if (found.length) sendStatus(ws);
  return true;
}

/** A deleted (or renamed-away) folder: file watchers report the folder, not each file in it. */
function forgetFolder(ws: ServerWorkspace, state: FolderState, uri: string): void {
  const prefix = uri + '/';
  for (const file of [...state.diskPackageJsons.keys()]) if (file.startsWith(prefix)) state.diskPackageJsons.delete(file);
  for (const file of [...state.diskScaffolding.keys()]) if (file.startsWith(prefix)) state.diskScaffolding.delete(file);
  let exceptions = false;
  for (const file of state.model.exceptionUris()) {
    if (file.startsWith(prefix)) {
      state.model.setException(file, undefined);
      exceptions = true;
    }
  }
  for (const file of [...ws.findings.keys(), ...ws.published]) if (file.startsWith(prefix) && !ws.openDoc(file)) clear(ws, file);
  if (exceptions) publishFolder(ws, state);
  else sendStatus(ws);
}
