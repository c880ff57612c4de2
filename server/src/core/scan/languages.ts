/**
 * Language manifests: the file name alone says which language a folder brings in.
 * (package.json → javascript is read with the rest of package.json, not here.)
 */
import type { ScaffoldingFacts } from './types';
import { emptyFacts, firstLineRange, type ScanInput } from './scanUtil';
import { MANIFESTS } from './fileNames';


/** The language a manifest's file name declares, or undefined. */
export function languageOfManifest(base: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(MANIFESTS, base)) return MANIFESTS[base];
  if (/^requirements[^/]*\.txt$/.test(base)) return 'python';
  if (/^[^/]+\.csproj$/i.test(base)) return 'csharp';
  return undefined;
}

export function scanLanguageManifest(input: ScanInput, language: string): ScaffoldingFacts {
  const facts = emptyFacts();
  facts.languages.push({ language, range: firstLineRange(input) });
  return facts;
}
