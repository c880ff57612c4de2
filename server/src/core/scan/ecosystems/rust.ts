/**
 * Rust: `Cargo.toml` `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`,
 * `[workspace.dependencies]` and their target-specific tables (`[target.'cfg(unix)'.dependencies]`),
 * on the crate key. A renamed dependency (`pg = { package = "tokio-postgres" }`) is the crate it
 * names.
 */
import type { ScanInput } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { dependency, type Problems } from './common';
import { parseToml, tomlString, tomlTableValue } from './toml';

const TABLES = new Set(['dependencies', 'dev-dependencies', 'build-dependencies']);

/** The section a key path's crate is in, or undefined when the path is not a dependency key. */
function sectionOf(path: string[]): string | undefined {
  if (path.length === 2 && TABLES.has(path[0])) return path[0];
  if (path.length === 3 && path[0] === 'workspace' && path[1] === 'dependencies') return 'workspace.dependencies';
  if (path.length === 4 && path[0] === 'target' && TABLES.has(path[2])) return `target ${path[1]} ${path[2]}`;
  return undefined;
}

export function scanCargo(input: ScanInput): { dependencies: ManifestDependency[]; problems: Problems } {
  const { entries, problems } = parseToml(input);
  const out: ManifestDependency[] = [];
  for (const entry of entries) {
    const section = sectionOf(entry.path);
    if (!section) continue;
    const renamed = tomlString(tomlTableValue(entry.value, 'package'))?.value;
    const dep = dependency(input, 'cargo', renamed ?? entry.path[entry.path.length - 1], entry.keyStart, entry.keyEnd, section === 'dependencies' ? undefined : section);
    if (dep) out.push(dep);
  }
  return { dependencies: out, problems };
}
