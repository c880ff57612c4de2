/**
 * Package ecosystems: where a dependency comes from, the catalog field that lists each
 * ecosystem's package names, and how names compare (PyPI ignores case and `-_.`, Go drops the
 * major-version suffix, NuGet ignores case…). Pure, no imports.
 */

export const ECOSYSTEMS = ['npm', 'rubygems', 'pypi', 'go', 'maven', 'cargo', 'packagist', 'nuget', 'hex', 'swift'] as const;
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
  swift: 'swift',
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
  swift: 'Swift package',
};

/**
 * A name as the index compares it (patterns too: `*` survives every rule).
 * - PyPI: PEP 503 (case and runs of `-`, `_`, `.` do not matter).
 * - Go: the `/vN` major-version suffix is the same module (`echo/v4` is echo).
 * - Cargo: `-` and `_` are the same crate; case does not matter.
 * - NuGet, Packagist, RubyGems, Hex: case does not matter.
 * - Swift: a package's identity as SwiftPM computes it (the last component of its URL without
 *   `.git`, lower-cased: `https://github.com/vapor/vapor.git` is `vapor`); case does not matter.
 * - Maven: exact, but for the Scala binary version sbt's `%%` appends to an artifact (`_2.13`,
 *   `_3`, Scala.js's `_sjs1_2.13`, Scala Native's `_native0.4_3`, a full `_2.13.12`): it is the same
 *   library whatever Scala it was built for, so `com.typesafe.akka:akka-http_2.13` in a pom and
 *   `"com.typesafe.akka" %% "akka-http"` in build.sbt are both `com.typesafe.akka:akka-http`.
 * - npm: exact.
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
    case 'swift':
      return name.toLowerCase();
    case 'maven':
      return name.replace(SCALA_SUFFIX, '');
    default:
      return name;
  }
}

/** The Scala binary version at the end of a Maven artifact (`_2.13`, `_3`, `_sjs1_2.13`, `_native0.4_3`, `_2.13.12`). */
const SCALA_SUFFIX = /_(?:(?:sjs|native)\d+(?:\.\d+)*_)?(?:2\.1[0-3]|3)(?:\.\d+){0,2}$/;
