/**
 * File watchers: package.json, policies and their `extends` (any .json), exception documents
 * (.md), scaffolding; plus policy sources outside every folder or not matched by those globs
 * (an allowed_signers file). Re-registered only when that extra set changes.
 */
import { DidChangeWatchedFilesNotification, type FileSystemWatcher, WatchKind } from 'vscode-languageserver';
import { basenameUri, dirnameUri } from '../core/paths';
import { SCAFFOLDING_GLOB } from '../protocol';
import type { ServerWorkspace } from './workspace';

export function registerWatchers(ws: ServerWorkspace): void {
  if (!ws.caps.dynamicWatchers) return;
  const extra = [...new Set([...ws.folders.values()].flatMap((f) => [f.model.policyUri, ...(f.model.policy?.sources ?? [])]))]
    .filter((uri) => !ws.folderOf(uri) || !/\.(json|md)$/i.test(uri))
    .sort();
  const key = extra.join('|');
  if (ws.watcherRegistration && key === ws.watchedExtra) return;
  ws.watchedExtra = key;
  const kinds = WatchKind.Create | WatchKind.Change | WatchKind.Delete;
  const previous = ws.watcherRegistration;
  if (previous) void previous.then((d) => d.dispose(), () => undefined);
  ws.watcherRegistration = ws.connection.client.register(DidChangeWatchedFilesNotification.type, {
    watchers: [
      { globPattern: '**/*.json', kind: kinds },
      { globPattern: '**/*.md', kind: kinds },
      { globPattern: SCAFFOLDING_GLOB, kind: kinds },
      // the `.env` a compose file beside it interpolates its values from
      { globPattern: '**/.env', kind: kinds },
      // a new folder: file watchers may report only the folder when it arrives with its files
      { globPattern: '**/*', kind: WatchKind.Create },
      ...extra.flatMap((uri): FileSystemWatcher[] => {
        if (ws.caps.relativePatterns) return [{ globPattern: { baseUri: dirnameUri(uri), pattern: basenameUri(uri) }, kind: kinds }];
        // without relative patterns (LSP 3.17) a string glob is all there is: by name inside a
        // folder; a file outside every folder cannot be named
        return ws.folderOf(uri) ? [{ globPattern: `**/${basenameUri(uri)}`, kind: kinds }] : [];
      }),
    ],
  });
}
