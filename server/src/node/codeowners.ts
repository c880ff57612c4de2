/** The repository's CODEOWNERS file, found where GitHub and GitLab look for it and read inside the folder's boundary. */
import * as path from 'path';
import { type Codeowners, CODEOWNERS_LOCATIONS, parseCodeowners } from '../core/owners/codeowners';
import type { Boundary } from './files';

export interface FoundCodeowners {
  /** Folder-relative, `/`-separated. */
  file: string;
  owners: Codeowners;
}

/** The first CODEOWNERS file in GitHub's order (.github/, the root, docs/), then GitLab's .gitlab/; undefined when there is none. */
export function readCodeowners(folder: string, boundary: Boundary): FoundCodeowners | undefined {
  for (const rel of CODEOWNERS_LOCATIONS) {
    const r = boundary.read(path.join(folder, rel));
    if (r.ok) return { file: rel, owners: parseCodeowners(r.text) };
  }
  return undefined;
}
