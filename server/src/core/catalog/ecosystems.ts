/**
 * Package ecosystems: where a dependency comes from, the catalog field that lists each
 * ecosystem's package names, and how names compare (PyPI ignores case and `-_.`, Go drops the
 * major-version suffix, NuGet ignores case…). Pure, no imports.
 */

export const ECOSYSTEMS = ['npm', 'rubygems', 'pypi', 'go', 'maven', 'cargo', 'packagist', 'nuget', 'hex'] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

/** The field of a catalog or policy technology that lists its names in each ecosystem. */
export const ECOSYSTEM_FIELDS = {
  npm: 'packages',
  rubygems: 'gems',
  pypi: 'pypi',
  go: 'go',
  maven: 'maven',
  cargo: 'crates',
  packagist: 'composer',
  nuget: 'nuget',
  hex: 'hex',
} as const satisfies Record<Ecosystem, string>;

export type EcosystemField = (typeof ECOSYSTEM_FIELDS)[Ecosystem];
export const ECOSYSTEM_FIELD_NAMES: readonly EcosystemField[] = Object.values(ECOSYSTEM_FIELDS);

/** How people call each ecosystem's packages, for messages and hovers. */
export const ECOSYSTEM_LABELS: Record<Ecosystem, string> = {
  npm: 'npm package',
  rubygems: 'gem',
  pypi: 'Python package',
  go: 'Go module',
  maven: 'Maven artifact',
  cargo: 'crate',
  packagist: 'Composer package',
  nuget: 'NuGet package',
  hex: 'Hex package',
};

/**
 * A name as the index compares it (patterns too: `*` survives every rule).
 * - PyPI: PEP 503 (case and runs of `-`, `_`, `.` do not matter).
 * - Go: the `/vN` major-version suffix is the same module (`echo/v4` is echo).
 * - Cargo: `-` and `_` are the same crate; case does not matter.
 * - NuGet, Packagist, RubyGems, Hex: case does not matter. Maven and npm: exact.
 */
export function normalizePackageName(ecosystem: Ecosystem, name: string): string {
  switch (ecosystem) {
    case 'pypi':
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'go':
      return name.replace(/\/v\d+$/, '');
    case 'cargo':
      return name.toLowerCase().replace(/_/g, '-');
    case 'nuget':
    case 'packagist':
    case 'rubygems':
    case 'hex':
      return name.toLowerCase();
    default:
      return name;
  }
}
