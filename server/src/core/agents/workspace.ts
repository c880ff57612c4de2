/**
 * What the agent tools need from their host (the language server, the MCP server): the workspace
 * folders and what a check reports in each now; and where a path an agent gives lies. Paths are
 * judged by their text here (the check tools read nothing); what writes (the request tool) is
 * bounded again by the host, by real path.
 */
import { URI } from 'vscode-uri';
import type { FolderModel } from '../folder';
import type { Finding } from '../model';
import { joinUri, normalizeUri, relativePath } from '../paths';
import { normalizeRelative } from '../scan/scanUtil';
import { quoted } from './tools';

export interface AgentFolder {
  model: FolderModel;
  /** The folder's name (its last path segment, or the editor's name for it). */
  name: string;
}

export interface AgentHost {
  folders(): readonly AgentFolder[];
  /** Everything a check reports in the folder now (known findings of the baseline marked). */
  findings(folder: AgentFolder): readonly Finding[];
}

export type Located = { folder: AgentFolder; uri: string; rel: string } | { refusal: string };

function isAbsolute(p: string): boolean {
  return /^([a-zA-Z]:)?[\\/]/.test(p) || /^file:\/\//i.test(p);
}

/**
 * The folder and place a path names: absolute (or a file URI) inside a folder; relative to the
 * folder that has a policy (in a workspace of several, a first segment that names a folder picks
 * it); none: that folder itself. A path outside every folder, or one that climbs out, is refused
 * in one sentence.
 */
export function locate(host: AgentHost, path: string | undefined): Located {
  const folders = host.folders();
  if (folders.length === 0) return { refusal: 'No workspace folder is open, so there is no policy to ask.' };
  const fallback = folders.find((f) => f.model.policy) ?? folders[0];
  if (!path || path === '.' || path === './') return { folder: fallback, uri: fallback.model.folderUri, rel: '' };
  if (isAbsolute(path)) {
    let uri: string;
    try {
      uri = /^file:/i.test(path) ? normalizeUri(path) : URI.file(path).toString();
    } catch {
      return { refusal: `The path ${quoted(path)} is not a path Tech Policy can read.` };
    }
    let best: AgentFolder | undefined;
    for (const f of folders) if (relativePath(f.model.folderUri, uri) !== undefined && (!best || f.model.folderUri.length > best.model.folderUri.length)) best = f;
    if (!best) return { refusal: `The path ${quoted(path)} is outside the workspace (${folders.map((f) => f.name).join(', ')}); Tech Policy answers for places inside it only.` };
    const rel = relativePath(best.model.folderUri, uri) ?? '';
    return { folder: best, uri: rel === '' ? best.model.folderUri : uri, rel };
  }
  const normal = normalizeRelative(path);
  if (normal === undefined) return { refusal: `The path ${quoted(path)} climbs out of the workspace; Tech Policy answers for places inside it only.` };
  let folder = fallback;
  let rel = normal;
  if (folders.length > 1) {
    const [first, ...rest] = normal.split('/');
    const named = folders.find((f) => f.name === first);
    if (named) {
      folder = named;
      rel = rest.join('/');
    }
  }
  return { folder, uri: rel === '' ? folder.model.folderUri : joinUri(folder.model.folderUri, rel), rel };
}
