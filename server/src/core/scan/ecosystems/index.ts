/**
 * Manifests of every ecosystem the language rule knows: which file is which, and its
 * dependencies. One entry per kind of file; each scanner is in its ecosystem's module.
 */
import type { ScanInput } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { MANIFEST_EXTENSIONS, MANIFESTS } from '../fileNames';
import { type ManifestResult, takeTooLongNames } from './common';

export type { ManifestResult } from './common';
import { scanMsBuild, scanPackagesConfig } from './dotnet';
import { scanMix } from './elixir';
import { scanGoMod } from './go';
import { gradleLanguage, pomLanguage, scanGradle, scanPom, scanVersionCatalog } from './jvm';
import { scanComposer } from './php';
import { isRequirementsFile, isSetupScript, scanPipfile, scanPyproject, scanRequirements, scanSetupCfg, scanSetupPy } from './python';
import { scanGemfile, scanGemspec } from './ruby';
import { scanCargo } from './rust';
import { isSbtBuildFile, scanSbt } from './sbt';
import { scanPackageSwift } from './swift';

export type ManifestScan = (input: ScanInput) => ManifestDependency[] | ManifestResult;

export interface ManifestKind {
  /** The language the file brings in (for `new-language`); absent for files of a build tool's (`Directory.Packages.props`). */
  language?: string;
  scan: ManifestScan;
  /** The language when the text decides it (a Gradle build that applies the Kotlin plugin is Kotlin). */
  languageOf?: (text: string) => string;
  /** For a name that other files share: whether this text is the manifest (a setup.py that packages). */
  recognise?: (text: string) => boolean;
}

/** The scanner of each manifest named in fileNames.ts (a test keeps the two lists in step). */
export const SCANNERS: Record<string, ManifestScan> = {
  Gemfile: scanGemfile,
  'gems.rb': scanGemfile,
  'pyproject.toml': scanPyproject,
  Pipfile: scanPipfile,
  'setup.py': scanSetupPy,
  'setup.cfg': scanSetupCfg,
  'go.mod': scanGoMod,
  'pom.xml': scanPom,
  'build.gradle': scanGradle,
  'build.gradle.kts': scanGradle,
  'libs.versions.toml': scanVersionCatalog,
  'build.sbt': scanSbt,
  'Package.swift': scanPackageSwift,
  'Cargo.toml': scanCargo,
  'composer.json': scanComposer,
  'mix.exs': scanMix,
  'Directory.Packages.props': scanMsBuild,
  'Directory.Build.props': scanMsBuild,
  'packages.config': scanPackagesConfig,
  '.gemspec': scanGemspec,
  '.csproj': scanMsBuild,
  '.fsproj': scanMsBuild,
  '.vbproj': scanMsBuild,
  '.sbt': scanSbt,
};

/** What the text of some manifests decides: the language of a JVM build, whether a setup.py packages. */
const EXTRAS: Record<string, Partial<ManifestKind>> = {
  'setup.py': { recognise: isSetupScript },
  'build.gradle': { languageOf: gradleLanguage },
  'build.gradle.kts': { languageOf: gradleLanguage },
  'pom.xml': { languageOf: pomLanguage },
};

/** The kind of manifest a file is, by its folder and name; undefined when it is none. */
export function manifestKind(folder: string, base: string): ManifestKind | undefined {
  if (Object.prototype.hasOwnProperty.call(MANIFESTS, base)) return { language: MANIFESTS[base] || undefined, scan: SCANNERS[base], ...EXTRAS[base] };
  if (isRequirementsFile(folder, base)) return { language: 'python', scan: scanRequirements };
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot).toLowerCase() : '';
  if (Object.prototype.hasOwnProperty.call(MANIFEST_EXTENSIONS, ext)) return { language: MANIFEST_EXTENSIONS[ext] || undefined, scan: SCANNERS[ext] };
  // an sbt build's Scala files (project/Dependencies.scala): its dependencies, no language of their own (build.sbt brings in Scala)
  if (isSbtBuildFile(folder, base)) return { scan: scanSbt };
  return undefined;
}

export function scanManifest(kind: ManifestKind, input: ScanInput): ManifestResult {
  const scanned = kind.scan(input);
  const result = Array.isArray(scanned) ? { dependencies: scanned, problems: [] } : scanned;
  for (const p of takeTooLongNames(input)) result.problems.push(p);
  return result;
}
