/**
 * package.json against a generated corpus: the JSON reading itself is held against jsonc-parser in
 * strictJson.test.ts; this holds npm's meaning. The generator draws the packages first and then
 * writes them as npm reads them; the list it drew is the expected one, in file order. A dependency
 * is each key of `dependencies`, `devDependencies`, `peerDependencies` and `optionalDependencies`
 * (keys as JSON decodes them: `\u0040scope/x` is `@scope/x`), and the package installed is the key,
 * or the target of an `npm:` alias (`"fastify4": "npm:fastify@^4"` installs `fastify`). Not
 * dependencies: `overrides`, `resolutions`, `peerDependenciesMeta`, `bundleDependencies` (names
 * already listed), `workspaces`, `engines`, and any nested `dependencies` key. Not generated: a key
 * written twice in one section (JSON.parse keeps one, the scanner reports both places).
 */
import * as assert from 'assert';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { BUILTIN_CATALOG } from '../../server/src/core/catalog/technologies';
import { explainCorpus, Random } from '../support/generatedCorpus';

const CATALOG = BUILTIN_CATALOG.technologies.flatMap((t) => t.packages ?? []).filter((n) => !n.includes('*'));
const UNKNOWN = ['left-pad', '@acme/billing-client', '@acme/ui.kit', 'lodash.merge', 'a', 'x_y', '@types/node', 'eslint-plugin-regexp', 'some-package-with-a-long-name'];
const PACKAGES = [...new Set([...CATALOG, ...UNKNOWN])];
const SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** A spec npm accepts; an `npm:` alias names another package. */
function spec(r: Random, aliasOf?: string): string {
  if (aliasOf) return `npm:${aliasOf}@${r.pick(['^4.0.0', 'latest', '1.2.3'])}`;
  return r.pick(['^1.2.3', '~0.4.0', '>=2 <3', '*', 'latest', 'workspace:*', 'file:../shared', 'link:../lib', 'github:acme/fork#main', 'git+https://github.com/acme/x.git#v1.0.0', 'https://example.com/x.tgz', '1.x || 2.x', '']);
}

/** A key as JSON writes it: sometimes with `\/` or a `\u` escape. */
function written(r: Random, name: string): string {
  if (r.chance(0.1)) return name.replace('/', '\\/');
  if (r.chance(0.05)) return name.replace('@', '\\u0040');
  return name;
}

function packageJson(r: Random): { text: string; expected: string[] } {
  const ws = r.pick([
    { nl: '\n', indent: '  ', colon: ': ' },
    { nl: '\n', indent: '\t', colon: ':' },
    { nl: '\r\n', indent: '    ', colon: ' : ' },
    { nl: '', indent: '', colon: ':' },
  ]);
  const expected: string[] = [];
  const parts = [`${ws.indent}"name"${ws.colon}"${r.pick(['shop', '@acme/web', 'dependencies'])}"`, `${ws.indent}"version"${ws.colon}"1.0.0"`];
  if (r.chance(0.3)) parts.push(`${ws.indent}"description"${ws.colon}"has \\"dependencies\\": {\\"not-a-dep\\": \\"1\\"}"`);
  if (r.chance(0.3)) parts.push(`${ws.indent}"scripts"${ws.colon}{"build"${ws.colon}"tsc","dependencies"${ws.colon}"echo no"}`);
  for (const section of r.some(SECTIONS, 1 + r.int(4))) {
    const entries: string[] = [];
    for (const name of r.some(PACKAGES, r.int(8))) {
      const alias = r.chance(0.08) ? `${name.replace(/^@[^/]+\//, '')}-alias` : undefined;
      const key = alias ?? name;
      entries.push(`${ws.indent}${ws.indent}"${written(r, key)}"${ws.colon}"${spec(r, alias ? name : undefined)}"`);
      expected.push(`${section} ${key} ${name}`);
    }
    parts.push(entries.length ? `${ws.indent}"${section}"${ws.colon}{${ws.nl}${entries.join(`,${ws.nl}`)}${ws.nl}${ws.indent}}` : `${ws.indent}"${section}"${ws.colon}{}`);
    if (r.chance(0.2)) parts.push(`${ws.indent}"peerDependenciesMeta"${ws.colon}{"${r.pick(PACKAGES)}"${ws.colon}{"optional"${ws.colon}true}}`);
  }
  if (r.chance(0.3)) parts.push(`${ws.indent}"overrides"${ws.colon}{"${r.pick(PACKAGES)}"${ws.colon}"1.0.0","${r.pick(PACKAGES)}"${ws.colon}{"dependencies"${ws.colon}{"x"${ws.colon}"1"}}}`);
  if (r.chance(0.2)) parts.push(`${ws.indent}"resolutions"${ws.colon}{"**/${r.pick(PACKAGES)}"${ws.colon}"1.0.0"}`);
  if (r.chance(0.2)) parts.push(`${ws.indent}"bundleDependencies"${ws.colon}["${r.pick(PACKAGES)}"]`);
  if (r.chance(0.2)) parts.push(`${ws.indent}"workspaces"${ws.colon}["packages/*"]`, `${ws.indent}"engines"${ws.colon}{"node"${ws.colon}">=20"}`);
  if (r.chance(0.2)) parts.push(`${ws.indent}"config"${ws.colon}{"dependencies"${ws.colon}{"nested-not-a-dep"${ws.colon}"1"}}`);
  return { text: `{${ws.nl}${parts.join(`,${ws.nl}`)}${ws.nl}}${ws.nl}`, expected };
}

suite('package.json against a generated corpus (npm\'s meaning of the four dependency sections)', () => {
  test('300 generated package.json files: each key of the four sections with the package it installs, in file order; nothing else', () => {
    const r = new Random(41);
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const { text, expected } = packageJson(r);
      const facts = scanPackageJson(text);
      assert.deepStrictEqual(facts.syntaxErrors, [], text);
      const scanned = facts.dependencies.map((d) => `${d.section} ${d.name} ${d.package}`);
      assert.deepStrictEqual(scanned, expected, explainCorpus(`package.json #${i}`, text, scanned, expected));
      compared += expected.length;
    }
    assert.ok(compared > 1500, `compared ${compared} names`);
  });
});
