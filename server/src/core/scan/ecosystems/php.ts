/**
 * PHP: `composer.json` `require` and `require-dev`, on the package key. Platform requirements
 * (`php`, `ext-*`, `lib-*`, `composer-*`, never with a `vendor/`) are the runtime, not packages.
 * Names are lower-cased, as Composer's loader does with every link (`Monolog/Monolog` is
 * `monolog/monolog`).
 */
import type { ScanInput } from '../scanUtil';
import { parseJson } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { dependency, type Problems } from './common';

export function scanComposer(input: ScanInput): { dependencies: ManifestDependency[]; problems: Problems } {
  const { root, problems } = parseJson(input);
  const out: ManifestDependency[] = [];
  if (root?.type !== 'object') return { dependencies: out, problems };
  for (const prop of root.children ?? []) {
    const [key, value] = prop.children ?? [];
    const section = key?.value;
    if ((section !== 'require' && section !== 'require-dev') || value?.type !== 'object') continue;
    for (const entry of value.children ?? []) {
      const name = entry.children?.[0];
      // platform requirements (`php`, `ext-pdo`, `lib-icu`, `composer-plugin-api`) have no vendor
      if (typeof name?.value !== 'string' || !name.value.includes('/')) continue;
      const dep = dependency(input, 'packagist', name.value.toLowerCase(), name.offset, name.offset + name.length, section === 'require-dev' ? 'require-dev' : undefined);
      if (dep) out.push(dep);
    }
  }
  return { dependencies: out, problems };
}
