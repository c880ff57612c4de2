// `npm install` is clean on every Node version package.json supports: no dependency that wants a
// newer Node (EBADENGINE), and no install script npm 11 would stop to ask about. Read from the
// lockfile, which records each package's engines and whether it has an install script: no network.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as semver from 'semver';
import { REPO_ROOT } from '../support/fixtures';

interface LockPackage {
  engines?: { node?: string } | string[];
  hasInstallScript?: boolean;
  optional?: boolean;
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; allowScripts?: Record<string, boolean> };
const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };

/** The oldest release of each Node line the engines field admits (`^20.19.0 || ^22.13.0 || >=24.0.0` → 20.19.0, 22.13.0, 24.0.0). */
function oldestSupported(range: string): string[] {
  return new semver.Range(range).set.map((comparators) => semver.minVersion(new semver.Range(comparators.map((c) => c.value).join(' ')))!.version);
}

/** A package's name from its lockfile path (`node_modules/@vscode/vsce/node_modules/x` → `x`). */
function nameOf(lockPath: string): string {
  return lockPath.slice(lockPath.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

suite('npm install: clean on the supported Node versions', () => {
  test('the supported versions are stated once: engines, and the README says the same', () => {
    const versions = oldestSupported(manifest.engines.node);
    assert.deepStrictEqual(versions, ['20.19.0', '22.13.0', '24.0.0']);
    assert.ok(semver.satisfies(process.version, manifest.engines.node), `this Node (${process.version}) is one package.json supports`);
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    assert.ok(readme.includes('Node.js 22.13 or later, or 20.19 or later'), 'the README names the supported versions');
  });

  test('no dependency asks for a newer Node than the project supports (EBADENGINE)', () => {
    const versions = oldestSupported(manifest.engines.node);
    const wrong: string[] = [];
    for (const [where, pkg] of Object.entries(lock.packages)) {
      const node = !Array.isArray(pkg.engines) ? pkg.engines?.node : undefined;
      if (!where || !node) continue;
      for (const v of versions) if (!semver.satisfies(v, node)) wrong.push(`${nameOf(where)} wants Node ${node}, not ${v}`);
    }
    assert.deepStrictEqual(wrong, []);
  });

  test('every dependency with an install script is decided in allowScripts (npm 11 warns about the rest)', () => {
    const undecided = Object.entries(lock.packages)
      .filter(([where, pkg]) => where && pkg.hasInstallScript && manifest.allowScripts?.[nameOf(where)] === undefined)
      .map(([where]) => nameOf(where));
    assert.deepStrictEqual(undecided, []);
  });
});
