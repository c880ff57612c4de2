/**
 * Which files of a workspace are checked: one predicate for the start-up walk, file events and
 * open documents, so that the editor and the CLI agree.
 */
import { inScope } from '../exceptions/match';

/** Folders never entered: dependencies, VCS data, build output, caches (shared with the walk and the scanners). */
export const PRUNED_DIRECTORIES = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'bower_components',
  'jspm_packages',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.turbo',
  '.cache',
  '.parcel-cache',
  '.yarn',
  '.pnpm-store',
  '.e2e',
  'dist',
  'out',
  'coverage',
  '.vscode-test',
  // other people's code and generated deployment output
  'vendor',
  '.venv',
  'venv',
  'site-packages',
  '.tox',
  '.terraform',
  'cdk.out',
  '.aws-sam',
  '.serverless',
  'target',
]);

/**
 * `build/` is build output for JavaScript (a copied package.json) but source for others: Go keeps
 * its Dockerfiles in `build/package/`, many projects keep CI and container files in `build/`.
 * So the walk enters it, and only package.json files below it are left out.
 */
const PACKAGE_OUTPUT_DIRECTORIES = new Set(['build']);

/**
 * False for a path (relative to the workspace folder) inside a pruned folder or matched by
 * `ignore`. A path in `anywhere` is judged in any folder (a trusted check judges what the change
 * put in a folder that is otherwise skipped); `ignore` still applies to it.
 */
export function isCheckedPath(relPath: string, ignore: readonly string[], anywhere?: ReadonlySet<string>): boolean {
  if (!anywhere?.has(relPath)) {
    const segments = relPath.split('/');
    for (let i = 0; i < segments.length - 1; i++) if (PRUNED_DIRECTORIES.has(segments[i])) return false;
    if (segments[segments.length - 1] === 'package.json' && segments.slice(0, -1).some((s) => PACKAGE_OUTPUT_DIRECTORIES.has(s))) return false;
  }
  return ignore.length === 0 || !inScope([...ignore], relPath);
}
