/**
 * Manifests of every ecosystem: the file says which language a folder brings in, and its
 * dependencies are checked like package.json's (package.json itself is read elsewhere).
 */
import type { ScaffoldingFacts } from './types';
import { emptyFacts, firstLineRange, type ScanInput } from './scanUtil';
import { type ManifestKind, manifestKind, scanManifest } from './ecosystems';
import { pushAll } from '../limits';

export { manifestKind };

/** The language a manifest declares, or undefined (also for a build tool's file that has none). */
export function languageOfManifest(base: string, folder = ''): string | undefined {
  return manifestKind(folder, base)?.language;
}

export function scanLanguageManifest(input: ScanInput, kind: ManifestKind): ScaffoldingFacts {
  const facts = emptyFacts();
  const language = kind.languageOf?.(input.text) ?? kind.language;
  if (language) facts.languages.push({ language, range: firstLineRange(input) });
  const { dependencies, problems, services, hints } = scanManifest(kind, input);
  pushAll(facts.dependencies, dependencies);
  pushAll(facts.problems, problems);
  if (services) pushAll(facts.services, services);
  if (hints) facts.hints = hints;
  return facts;
}
