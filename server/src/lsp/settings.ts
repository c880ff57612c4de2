/** The settings of a folder, asked of the client per folder (`techPolicy`), with the defaults where it cannot answer. */
import { DEFAULT_SETTINGS, resolveSettings, type TechPolicySettings } from '../protocol';
import type { ServerWorkspace } from './workspace';

export async function readSettings(ws: ServerWorkspace, folderUri: string): Promise<TechPolicySettings> {
  if (!ws.caps.configuration) return { ...DEFAULT_SETTINGS };
  try {
    const [value] = await ws.connection.workspace.getConfiguration([{ scopeUri: folderUri, section: 'techPolicy' }]);
    return resolveSettings(value);
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}
