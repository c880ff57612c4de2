/**
 * composer.json against a generated corpus: Composer (PHP) is not installed here, so the generator
 * draws the packages first and then writes them in the shapes Composer reads; the list it drew is
 * the expected one. What Composer counts as a package dependency: the keys of `require` and
 * `require-dev` with a vendor (`vendor/name`), lower-cased (Composer's loader lower-cases every link
 * target); platform requirements (`php`, `php-64bit`, `ext-*`, `lib-*`, `composer`,
 * `composer-plugin-api`, `composer-runtime-api`) are the runtime, not packages; `replace`,
 * `provide`, `conflict` and `suggest` name packages that are not installed by this project.
 */
import * as assert from 'assert';
import { catalogNames, explainCorpus, Random, scannedNames } from '../support/generatedCorpus';

const UNKNOWN = ['acme/billing-client', 'my-company/shared.utils', 'foo_bar/baz-qux', 'a/b', 'vendor0/pkg.name-with_all', 'internal/legacy-bridge', 'spatie/laravel-permission', 'guzzlehttp/guzzle', 'monolog/monolog', 'phpunit/phpunit', 'mockery/mockery', 'fakerphp/faker', 'nunomaduro/collision'];
const PACKAGES = [...catalogNames('composer'), ...UNKNOWN];
const PLATFORM = ['php', 'php-64bit', 'ext-json', 'ext-pdo_pgsql', 'ext-mbstring', 'lib-icu', 'lib-libxml', 'composer-plugin-api', 'composer-runtime-api', 'composer'];
const CONSTRAINTS = ['^1.0', '~2.3', '>=3.1 <4.0', '*', 'dev-main', '^8.1|^9.0', '1.2.3', '@dev', '^2.0@beta', 'dev-master as 1.0.x-dev'];

/** A name as a person or a tool may write it: mixed case, `\/` (PHP's json_encode), a `\u` escape. */
function written(r: Random, name: string): string {
  let out = name;
  if (r.chance(0.1)) out = out.replace(/(^|[/-])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
  if (r.chance(0.25)) out = out.replace('/', '\\/');
  else if (r.chance(0.05)) out = out.replace('/', '\\u002f');
  return out;
}

function section(r: Random, key: string, names: string[], platform: string[], ws: { nl: string; indent: string; colon: string }): string {
  const entries = names.map((n) => [written(r, n), r.pick(CONSTRAINTS)]);
  // platform requirements anywhere among the packages (sort-packages puts them first, people do not)
  for (const p of platform) entries.splice(r.int(entries.length + 1), 0, [p, r.pick(['^8.2', '>=7.4', '*', '^2.2'])]);
  const body = entries.map(([k, v]) => `${ws.indent}${ws.indent}"${k}"${ws.colon}"${v}"`).join(`,${ws.nl}`);
  return entries.length ? `${ws.indent}"${key}"${ws.colon}{${ws.nl}${body}${ws.nl}${ws.indent}}` : `${ws.indent}"${key}"${ws.colon}${r.pick(['{}', '[]'])}`;
}

/** A composer.json and the packages it requires, in file order. */
function composerJson(r: Random): { text: string; expected: string[] } {
  const ws = r.pick([
    { nl: '\n', indent: '    ', colon: ': ' },
    { nl: '\n', indent: '\t', colon: ':' },
    { nl: '\r\n', indent: '  ', colon: ' : ' },
    { nl: '', indent: '', colon: ':' },
  ]);
  const drawn = r.some(PACKAGES, 1 + r.int(14));
  const split = r.int(drawn.length + 1);
  const require = drawn.slice(0, split);
  const dev = drawn.slice(split);
  const expected: string[] = [];
  const parts: string[] = [`${ws.indent}"name"${ws.colon}"${r.pick(['acme/shop', 'laravel/laravel', 'symfony/skeleton'])}"`, `${ws.indent}"type"${ws.colon}"project"`];
  if (r.chance(0.3)) parts.push(`${ws.indent}"description"${ws.colon}"Requires \\"vendor/fake\\" in prose, and {\\"require\\": {\\"x/y\\": \\"1\\"}}"`);
  const sections: Array<() => void> = [
    () => {
      parts.push(section(r, 'require', require, r.some(PLATFORM, r.int(4)), ws));
      expected.push(...require);
    },
    () => {
      parts.push(section(r, 'require-dev', dev, r.some(PLATFORM, r.int(2)), ws));
      expected.push(...dev);
    },
  ];
  if (r.chance(0.2)) sections.reverse();
  if (r.chance(0.3)) parts.push(section(r, 'replace', r.some(PACKAGES, 1 + r.int(3)), [], ws));
  for (const s of sections) s();
  if (r.chance(0.3)) parts.push(section(r, 'provide', r.some(PACKAGES, 1 + r.int(2)), r.chance(0.5) ? ['ext-mongodb'] : [], ws));
  if (r.chance(0.3)) parts.push(section(r, 'conflict', r.some(PACKAGES, 1 + r.int(2)), [], ws));
  if (r.chance(0.3)) parts.push(`${ws.indent}"suggest"${ws.colon}{"${r.pick(PACKAGES)}"${ws.colon}"For queues"}`);
  if (r.chance(0.3)) parts.push(`${ws.indent}"config"${ws.colon}{"sort-packages"${ws.colon}true,"platform"${ws.colon}{"php"${ws.colon}"8.2.0"},"allow-plugins"${ws.colon}{"${r.pick(PACKAGES)}"${ws.colon}true}}`);
  if (r.chance(0.3)) parts.push(`${ws.indent}"extra"${ws.colon}{"laravel"${ws.colon}{"dont-discover"${ws.colon}["${r.pick(PACKAGES)}"]},"require"${ws.colon}{"not/a-dependency"${ws.colon}"1"}}`);
  if (r.chance(0.3)) parts.push(`${ws.indent}"autoload"${ws.colon}{"psr-4"${ws.colon}{"App\\\\"${ws.colon}"app/"}}`);
  if (r.chance(0.3)) parts.push(`${ws.indent}"repositories"${ws.colon}[{"type"${ws.colon}"vcs","url"${ws.colon}"https:\\/\\/github.com\\/acme\\/fork"}]`);
  const text = `{${ws.nl}${parts.join(`,${ws.nl}`)}${ws.nl}}${ws.nl}`;
  return { text, expected: expected.map((n) => n.toLowerCase()) };
}

suite('composer.json against a generated corpus (Composer is not installed here)', () => {
  test('300 generated composer.json files: the packages of require and require-dev, lower-cased, in file order; no platform requirement, no replace/provide/conflict/suggest', () => {
    const r = new Random(19);
    let compared = 0;
    const shapes: Record<string, RegExp> = {
      require: /"require" ?: ?\{/,
      'require-dev': /"require-dev" ?: ?\{/,
      'a platform requirement': /"(php|php-64bit|ext-[\w]+|lib-\w+|composer(-plugin-api|-runtime-api)?)" ?:/,
      'an upper-case name': /"[a-z0-9_.-]*[A-Z][\w.-]*(\\?\/|\\u002f)[\w.-]+" ?:/,
      'an escaped slash': /\\\//,
      'a \\u escape': /\\u002f/,
      'replace/provide/conflict': /"(replace|provide|conflict)" ?:/,
      'an empty section as []': /"require(-dev)?" ?: ?\[\]/,
      'no whitespace at all': /^\{"name":/,
      'CRLF line ends': /\r\n/,
    };
    const seen = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const { text, expected } = composerJson(r);
      for (const [shape, re] of Object.entries(shapes)) if (re.test(text)) seen.set(shape, (seen.get(shape) ?? 0) + 1);
      const scanned = scannedNames('composer.json', text);
      assert.deepStrictEqual(scanned, expected, explainCorpus(`composer.json #${i}`, text, scanned, expected));
      compared += expected.length;
    }
    assert.ok(compared > 1500, `compared ${compared} names`);
    for (const shape of Object.keys(shapes)) assert.ok((seen.get(shape) ?? 0) >= 10, `${shape}: in ${seen.get(shape) ?? 0} files`);
  });
});
