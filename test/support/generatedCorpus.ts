/**
 * Shared by the generated-corpus tests (test/unit/corpus*.test.ts): for the ecosystems whose own
 * tool cannot run here, a seeded generator draws the dependencies first and then writes them in
 * the shapes the ecosystem's tool reads; the list it drew is the expected one, written without
 * the scanner.
 */
import { BUILTIN_CATALOG } from '../../server/src/core/catalog/technologies';
import type { EcosystemField } from '../../server/src/core/catalog/ecosystems';

export { Random, scannedNames } from '../differential/tools';

/** The catalog's exact names (no wildcard) of one ecosystem field (`maven`, `composer`, `hex`). */
export function catalogNames(field: Exclude<EcosystemField, 'packages'>): string[] {
  const out: string[] = [];
  for (const technology of BUILTIN_CATALOG.technologies) for (const name of technology[field] ?? []) if (!name.includes('*')) out.push(name);
  return out;
}

/** A message that shows a manifest whose names differ from the ones the generator wrote. */
export function explainCorpus(file: string, text: string, scanned: string[], expected: string[]): string {
  return `${file}: the scanner read\n  ${scanned.join(', ')}\nthe generator wrote\n  ${expected.join(', ')}\n--- manifest ---\n${text}`;
}
