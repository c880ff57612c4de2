/**
 * Rust: `Cargo.toml` `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`,
 * `[workspace.dependencies]` and their target-specific tables (`[target.'cfg(unix)'.dependencies]`),
 * on the crate key, however the file writes it: `redis = "0.25"`, an inline table, a dotted key
 * (`redis.version = "0.25"`) or a table of its own (`[dependencies.redis]`,
 * `[target.'cfg(unix)'.dependencies.nix]`). A renamed dependency (`pg = { package =
 * "tokio-postgres" }`) is the crate it names. Cargo's own `build_dependencies` /
 * `dev_dependencies` spellings are read too.
 */
import type { ScanInput } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { dependency, type Problems } from './common';
import { parseToml, tomlNamedKeys, tomlString } from './toml';

const TABLES = new Map([
  ['dependencies', 'dependencies'],
  ['dev-dependencies', 'dev-dependencies'],
  ['dev_dependencies', 'dev-dependencies'],
  ['build-dependencies', 'build-dependencies'],
  ['build_dependencies', 'build-dependencies'],
]);

/** The section a key path's crate is in, or undefined when the path is not a dependency key. */
function sectionOf(path: string[]): string | undefined {
  if (path.length === 2 && TABLES.has(path[0])) return TABLES.get(path[0]);
  if (path.length === 3 && path[0] === 'workspace' && path[1] === 'dependencies') return 'workspace.dependencies';
  if (path.length === 4 && path[0] === 'target' && TABLES.has(path[2])) return `target ${path[1]} ${TABLES.get(path[2])}`;
  return undefined;
}

export function scanCargo(input: ScanInput): { dependencies: ManifestDependency[]; problems: Problems } {
  const parsed = parseToml(input);
  const out: ManifestDependency[] = [];
  for (const crate of tomlNamedKeys(parsed, sectionOf, 4)) {
    if (!crate.segment) continue;
    const rename = crate.below.find((e) => e.path.length === crate.path.length + 1 && e.path[crate.path.length] === 'package');
    const renamed = tomlString(rename?.value)?.value;
    const dep = dependency(input, 'cargo', renamed ?? crate.name, crate.segment.start, crate.segment.end, crate.section === 'dependencies' ? undefined : crate.section);
    if (dep) out.push(dep);
  }
  return { dependencies: out, problems: parsed.problems };
}
