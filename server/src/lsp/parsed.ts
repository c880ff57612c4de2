/** Open documents are parsed once per version (the hot path); a closed one's facts come from the disk scan. */
import { type PackageJsonFacts, scanPackageJson } from '../core/scan/packageJson';
import type { ScaffoldingFacts } from '../core/scan/scaffolding';
import type { FolderState } from '../node/folderState';
import type { ParsedVersion, ServerWorkspace } from './workspace';

export function factsOf(ws: ServerWorkspace, uri: string, state: FolderState): PackageJsonFacts | undefined {
  return parsedOnce<PackageJsonFacts | undefined>(ws, ws.factsCache, uri, scanPackageJson, () => state.diskPackageJsons.get(uri));
}

export function scaffoldingOf(ws: ServerWorkspace, uri: string, state: FolderState): ScaffoldingFacts | undefined {
  return parsedOnce(ws, ws.scaffoldingCache, uri, (text) => state.model.scanScaffolding(uri, text), () => state.diskScaffolding.get(uri)?.facts);
}

function parsedOnce<T>(ws: ServerWorkspace, cache: Map<string, ParsedVersion<T>>, uri: string, parse: (text: string) => T, fromDisk: () => T): T {
  const doc = ws.openDoc(uri);
  if (!doc) return fromDisk();
  const cached = cache.get(uri);
  if (cached && cached.version === doc.version) return cached.facts;
  const facts = parse(doc.getText());
  cache.set(uri, { version: doc.version, facts });
  return facts;
}
