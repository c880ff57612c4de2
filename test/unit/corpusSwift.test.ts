/**
 * Package.swift against a generated corpus: no Swift toolchain installs offline here (Debian
 * bookworm has no swiftlang package; `swift package dump-package` would be the oracle), so the
 * generator draws the packages first and then writes them in the shapes SwiftPM reads; the list
 * it drew is the expected one, in file order. A package is named by SwiftPM's identity: the last
 * path component of its URL without `.git`, lower-cased (`git@github.com:Kitura/Kitura.git` is
 * `kitura`), or the name of a registry id (`.package(id: "vapor.vapor")` is `vapor`). Not expected:
 * local packages (`.package(path:)`, the repository's own code), what comments and strings hold,
 * and `.product(name:package:)` (a target's use of a package already declared). Not generated,
 * because the scanner documents it does not run code: a URL in a variable or built by interpolation.
 */
import * as assert from 'assert';
import { catalogNames, explainCorpus, Random, scannedNames } from '../support/generatedCorpus';

const UNKNOWN = ['swift-log', 'swift-argument-parser', 'Alamofire', 'SwiftyJSON', 'swift-collections', 'swift-crypto', 'jwt-kit', 'Kingfisher', 'swift-metrics', 'async-http-client', 'swift-nio'];
const NAMES = [...new Set([...catalogNames('swift'), ...UNKNOWN])];
const OWNERS = ['vapor', 'apple', 'swift-server', 'hummingbird-project', 'Kitura', 'acme', 'pointfreeco'];

/** The text of a requirement SwiftPM accepts after the URL. */
function requirement(r: Random): string {
  return r.pick([
    'from: "4.89.0"',
    '.upToNextMajor(from: "1.0.0")',
    '.upToNextMinor(from: "0.3.2")',
    'exact: "2.1.0"',
    '.exact("2.1.0")',
    'branch: "main"',
    'revision: "4d2f1e0b9c"',
    '"1.0.0"..<"2.0.0"',
    '"1.0.0"..."1.4.2"',
  ]);
}

/** A URL whose identity is `name` (in whatever case it was written). */
function url(r: Random, name: string): string {
  const owner = r.pick(OWNERS);
  const cased = r.chance(0.2) ? name.toUpperCase() : name;
  return r.pick([`https://github.com/${owner}/${cased}.git`, `https://github.com/${owner}/${cased}`, `https://github.com/${owner}/${cased}/`, `git@github.com:${owner}/${cased}.git`, `https://gitlab.com/${owner}/swift/${cased}.git`, `ssh://git@example.com/${owner}/${cased}.git`]);
}

/** One `.package(…)` in one of the shapes SwiftPM reads; pushes what SwiftPM names it. */
function packageCall(r: Random, name: string, expected: string[], indent: string): string {
  const form = r.int(10);
  if (form === 0) {
    // a registry package: scope.name
    expected.push(name.toLowerCase());
    return `${indent}.package(id: "${r.pick(['vapor', 'apple', 'acme'])}.${name}", ${r.pick(['from: "1.0.0"', 'exact: "1.2.3"', '"1.0.0"..<"2.0.0"'])})`;
  }
  expected.push(name.toLowerCase());
  const label = form === 1 ? `name: "${name}", ` : '';
  const args = `${label}url: "${url(r, name)}", ${requirement(r)}`;
  if (form === 2) return `${indent}.package(\n${indent}    ${args.replace(', url', `,\n${indent}    url`).replace(/", (?=[.a-z"])/, `",\n${indent}    `)}\n${indent})`;
  if (form === 3) return `${indent}Package.Dependency.package(${args})`;
  return `${indent}.package(${args})`;
}

const NOISE = [
  '        // .package(url: "https://github.com/commented/out.git", from: "1.0.0"),',
  '        /* .package(url: "https://github.com/block/comment.git", from: "1.0.0"),\n           /* nested */ .package(url: "https://github.com/still/comment.git", from: "1.0.0"), */',
  '        .package(path: "../SharedKit"),',
  '        .package(name: "LocalModels", path: "Packages/LocalModels"),',
];

/** A Package.swift and the packages it depends on, in file order. */
function packageSwift(r: Random): { text: string; expected: string[] } {
  const expected: string[] = [];
  const drawn = r.some(NAMES, 1 + r.int(8));
  const out = [`// swift-tools-version:${r.pick(['5.5', '5.9', '6.0'])}`, '// The swift-tools-version declares the minimum version of Swift required to build this package.', '', 'import PackageDescription', ''];
  if (r.chance(0.3)) out.push('let docs = "See https://github.com/acme/docs.git // not a comment, and .package(url: \\"https://github.com/in/string.git\\", from: \\"1.0\\")"', '');
  if (r.chance(0.2)) out.push('let readme = """', '    Add .package(url: "https://github.com/in/multiline-string.git", from: "1.0.0") to your manifest.', '    """', '');
  const linux = r.chance(0.3) ? drawn.pop() : undefined;
  out.push('let package = Package(', '    name: "App",', '    platforms: [.macOS(.v13)],', '    products: [.executable(name: "App", targets: ["App"])],', '    dependencies: [');
  drawn.forEach((name, i) => {
    if (r.chance(0.2)) out.push(r.pick(NOISE));
    const comma = i < drawn.length - 1 || r.chance(0.6) ? ',' : '';
    out.push(`${packageCall(r, name, expected, '        ')}${comma}${r.chance(0.1) ? ' // the web framework' : ''}`);
  });
  out.push('    ],', '    targets: [', '        .executableTarget(', '            name: "App",', '            dependencies: [');
  out.push(drawn.map((n) => `                .product(name: "${n}", package: "${n.toLowerCase()}")`).join(',\n'));
  out.push('            ]', '        ),', '        .testTarget(name: "AppTests", dependencies: [.target(name: "App")]),', '    ]', ')');
  if (linux) {
    out.push('', '#if os(Linux)', 'package.dependencies += [');
    out.push(`${packageCall(r, linux, expected, '    ')},`);
    out.push(']', '#endif');
  }
  out.push('');
  return { text: out.join('\n'), expected };
}

suite('Package.swift against a generated corpus (Swift is not installed here)', () => {
  test('300 generated manifests: each package by its SwiftPM identity, in file order; no local path, comment or string', () => {
    const r = new Random(29);
    let compared = 0;
    const shapes: Record<string, RegExp> = {
      'from:': /from: "/,
      '.upToNextMajor': /\.upToNextMajor\(/,
      'exact:': /exact: "|\.exact\("/,
      'branch:': /branch: "/,
      'revision:': /revision: "/,
      'a range ..<': /"\.\.<"/,
      'a closed range ...': /"\.\.\."/,
      'name: before url:': /\.package\(name: "[^"]+", url:/,
      'id: (registry)': /\.package\(id: "/,
      'path: (local)': /\.package\((name: "[^"]+", )?path: "/,
      'a call over several lines': /\.package\(\n/,
      'Package.Dependency.package': /Package\.Dependency\.package\(/,
      'a URL without .git': /url: "https:\/\/github\.com\/[\w-]+\/[\w-]+", /,
      'a URL with a trailing /': /url: "[^"]+\/", /,
      'an scp-style URL': /url: "git@/,
      'upper case in the URL': /url: "[^"]*\/[A-Z][A-Z-]+(\.git|\/)?"/,
      'a commented-out package': /\/\/ \.package\(/,
      'a nested block comment': /\/\* nested \*\//,
      'a // inside a string': /docs\.git \/\/ not a comment/,
      'a multi-line string': /let readme = """/,
      '#if os(Linux)': /#if os\(Linux\)/,
    };
    const seen = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const { text, expected } = packageSwift(r);
      for (const [shape, re] of Object.entries(shapes)) if (re.test(text)) seen.set(shape, (seen.get(shape) ?? 0) + 1);
      const rel = `app${i}/Package.swift`;
      const scanned = scannedNames(rel, text);
      assert.deepStrictEqual(scanned, expected, explainCorpus(rel, text, scanned, expected));
      compared += expected.length;
    }
    assert.ok(compared > 900, `compared ${compared} names`);
    for (const shape of Object.keys(shapes)) assert.ok((seen.get(shape) ?? 0) >= 5, `${shape}: in ${seen.get(shape) ?? 0} files`);
  });
});
