/**
 * Gradle builds against a generated corpus: Gradle is not packaged for Debian and a build would
 * fetch its plugins from the Plugin Portal, so the generator draws the coordinates first and then
 * writes them in the shapes Gradle reads, in Groovy (`build.gradle`) and Kotlin (`build.gradle.kts`)
 * script and in a version catalog (`gradle/libs.versions.toml`); the list it drew is the expected
 * one, per file, in file order.
 *
 * What is a dependency (the scanner's documented rule, jvm.ts and decisions.md): each coordinate a
 * configuration is given (`implementation`, `api`, `kapt`, `testImplementation`, a custom
 * configuration inside `dependencies { }`, also in `subprojects`/`allprojects`, in `constraints`
 * and on the `buildscript` classpath — the build's own plugins are technology choices), a
 * `platform(…)`/`enforcedPlatform(…)` BOM, `kotlin("x")` (`org.jetbrains.kotlin:kotlin-x`), and each
 * plugin the `plugins { }` block resolves (`id "x"` and `kotlin("x")`, keyed as its marker
 * artifact `x:x.gradle.plugin`; a core plugin — `java`, `application`, no dot — is Gradle itself).
 * A `libs.alias` reference is reported where the catalog declares it: the catalog's libraries and
 * plugins are its dependencies, and the test checks that the build and its catalog together name
 * exactly what Gradle resolves (every alias is referenced here; an unreferenced catalog entry is
 * still reported, a documented over-approximation).
 *
 * Not generated, because the scanner documents that it does not evaluate code: a coordinate built
 * from a variable group or name (`"$group:a:1"`, the version alone may be interpolated), a list argument (`implementation(['a:b:1'])`), `add("conf", …)` with a
 * computed configuration, and dependencies declared in a loop or in a convention plugin.
 */
import * as assert from 'assert';
import { catalogNames, explainCorpus, Random, scannedNames } from '../support/generatedCorpus';

const UNKNOWN = ['com.acme:billing-client', 'com.acme.platform:acme-commons', 'org.projectlombok:lombok', 'com.google.guava:guava', 'org.junit.jupiter:junit-jupiter', 'org.mockito:mockito-core', 'io.github.some_one:x', 'a:b', 'com.fasterxml.jackson.core:jackson-databind', 'com.google.dagger:dagger-compiler', 'androidx.room:room-compiler'];
const COORDINATES = [...new Set([...catalogNames('maven').filter((n) => !n.endsWith('.gradle.plugin')), ...UNKNOWN])];
const CONFIGURATIONS = ['implementation', 'api', 'compileOnly', 'runtimeOnly', 'testImplementation', 'testRuntimeOnly', 'annotationProcessor', 'kapt', 'ksp', 'developmentOnly', 'integrationTestImplementation'];
/** Configurations a build creates itself (`configurations { agent }`, `val agent by configurations.creating`). */
const CUSTOM = ['agent', 'jooqGenerator', 'liquibaseRuntime', 'asciidoctorExt', 'shadowed'];
const PLUGIN_IDS = ['org.springframework.boot', 'io.spring.dependency-management', 'com.google.cloud.tools.jib', 'org.flywaydb.flyway', 'io.micronaut.application', 'io.quarkus', 'com.github.johnrengelman.shadow', 'org.jlleitschuh.gradle.ktlint'];
const CORE_PLUGINS = ['java', 'java-library', 'application', 'jacoco', 'maven-publish', 'idea', 'war'];
const KOTLIN_PLUGINS = ['jvm', 'plugin.spring', 'plugin.jpa', 'kapt', 'plugin.serialization'];
const KOTLIN_MODULES = ['stdlib', 'reflect', 'test-junit5'];

interface Build {
  kts: boolean;
  out: string[];
  expected: string[];
  /** Catalog aliases the build refers to (`libs.spring.boot.starter`), to resolve through the catalog. */
  referenced: string[];
  /** What Gradle resolves from this build's own text: the literal coordinates and plugin ids. */
  literal: string[];
}

const q = (b: Build, s: string) => (b.kts ? `"${s}"` : `'${s}'`);
const versionOf = (r: Random, b: Build) => r.pick(['1.2.3', b.kts ? '${springVersion}' : '$springVersion', '2.+', '']);

/** One coordinate with its version (maybe interpolated), as a string literal. */
function notation(r: Random, b: Build, name: string): string {
  const v = versionOf(r, b);
  const text = v === '' ? name : `${name}:${v}`;
  return v.includes('$') ? `"${text}"` : r.chance(0.5) && !b.kts ? `'${text}'` : `"${text}"`;
}

/** A dependency declaration (one or several coordinates) in one of the shapes Gradle reads. */
function declaration(r: Random, b: Build, conf: string, names: string[], indent: string): string {
  const expect = (n: string) => {
    b.expected.push(n);
    b.literal.push(n);
  };
  const callName = b.kts && CUSTOM.includes(conf) && r.chance(0.5) ? `"${conf}"` : conf;
  if (names.length > 1 && !b.kts) {
    names.forEach(expect);
    const form = r.int(3);
    if (form === 0) return `${indent}${conf} ${names.map((n) => notation(r, b, n)).join(', ')}`;
    if (form === 1) return `${indent}${conf} ${names.map((n) => notation(r, b, n)).join(`,\n${indent}        `)}`;
    return `${indent}${conf}(\n${names.map((n) => `${indent}    ${notation(r, b, n)}`).join(',\n')}\n${indent})`;
  }
  const name = names[0];
  const [group, artifact] = name.split(':');
  expect(name);
  const form = r.int(10);
  const closure = r.chance(0.15) ? (b.kts ? ` {\n${indent}    exclude(group = "commons-logging", module = "commons-logging")\n${indent}    because("a:b:c is not a coordinate here")\n${indent}}` : ` {\n${indent}    exclude group: 'commons-logging', module: 'commons-logging'\n${indent}    transitive = false\n${indent}}`) : '';
  const comment = r.chance(0.15) ? ` // ${r.pick(['why', 'implementation "x:y:1"', 'see https://example.com/a:b'])}` : '';
  if (form <= 2) return b.kts ? `${indent}${callName}(${notation(r, b, name)})${closure}${comment}` : `${indent}${conf} ${notation(r, b, name)}${closure}${comment}`;
  if (form === 3) return `${indent}${callName}(${notation(r, b, name)})${closure}${comment}`;
  if (form === 4) return b.kts ? `${indent}${callName}(group = "${group}", name = "${artifact}", version = "1.0")${comment}` : `${indent}${conf} group: '${group}', name: '${artifact}', version: '1.0'${comment}`;
  if (form === 5) return b.kts ? `${indent}${callName}(${r.pick(['platform', 'enforcedPlatform'])}(${notation(r, b, name)}))` : `${indent}${conf} ${r.pick(['platform', 'enforcedPlatform'])}(${notation(r, b, name)})`;
  if (form === 6) return `${indent}${callName}(\n${indent}    ${notation(r, b, name)}${b.kts && r.chance(0.5) ? ',' : ''}\n${indent})`;
  if (form === 7) return `${indent}${callName}${b.kts ? '(' : ' '}/* pinned */ ${notation(r, b, name)}${b.kts ? ')' : ''}`;
  if (form === 8 && !b.kts) return r.chance(0.5) ? `${indent}${conf}(group: '${group}', name: '${artifact}')` : `${indent}${conf} group: '${group}',\n${indent}    name: '${artifact}',\n${indent}    version: '1.0'`;
  if (form === 8) return `${indent}${callName}(\n${indent}    group = "${group}",\n${indent}    name = "${artifact}",\n${indent}    version = "1.0"\n${indent})`;
  return `${indent}${callName}(${notation(r, b, name)})${comment}`;
}

/** Things in a dependencies block that are no coordinate of a package. */
function noise(r: Random, b: Build, indent: string): string {
  return r.pick([
    `${indent}// implementation ${q(b, r.pick(COORDINATES) + ':1.0')}`,
    `${indent}/* ${r.pick(CONFIGURATIONS)}(${q(b, r.pick(COORDINATES) + ':1.0')}) */`,
    `${indent}/*\n${indent}${r.pick(CONFIGURATIONS)}(${q(b, r.pick(COORDINATES) + ':1.0')})\n${indent}*/`,
    `${indent}implementation${b.kts ? '(' : ' '}project(${q(b, ':core')})${b.kts ? ')' : ''}`,
    `${indent}implementation${b.kts ? '(' : ' '}files(${q(b, 'libs/vendor.jar')})${b.kts ? ')' : ''}`,
    `${indent}testImplementation${b.kts ? '(' : ' '}testFixtures(project(${q(b, ':domain')}))${b.kts ? ')' : ''}`,
    `${indent}implementation${b.kts ? '(' : ' '}fileTree(${b.kts ? 'mapOf("dir" to "libs", "include" to listOf("*.jar"))' : "dir: 'libs', include: ['*.jar']"})${b.kts ? ')' : ''}`,
  ]);
}

function dependenciesBlock(r: Random, b: Build, indent: string, n: number, catalog: string[]): string[] {
  const lines = [`${indent}dependencies {`];
  const inner = `${indent}    `;
  const names = r.some(COORDINATES, n);
  for (let i = 0; i < names.length; i++) {
    if (r.chance(0.2)) lines.push(noise(r, b, inner));
    if (catalog.length && r.chance(0.3)) {
      const alias = catalog.shift()!;
      b.referenced.push(alias);
      const accessor = `libs.${alias.replace(/[-_]/g, '.')}`;
      lines.push(b.kts ? `${inner}${r.pick(CONFIGURATIONS)}(${accessor})` : `${inner}${r.pick(CONFIGURATIONS)} ${accessor}`);
    }
    if (b.kts && r.chance(0.08)) {
      // the Kotlin DSL's kotlin("x"): org.jetbrains.kotlin:kotlin-x (the Groovy DSL has no such function)
      const m = r.pick(KOTLIN_MODULES);
      lines.push(`${inner}implementation(kotlin("${m}"))`);
      b.expected.push(`org.jetbrains.kotlin:kotlin-${m}`);
      b.literal.push(`org.jetbrains.kotlin:kotlin-${m}`);
    }
    const several = !b.kts && r.chance(0.15) && i + 1 < names.length;
    const conf = r.chance(0.15) ? r.pick(CUSTOM) : r.pick(CONFIGURATIONS);
    lines.push(declaration(r, b, conf, several ? [names[i], names[++i]] : [names[i]], inner));
  }
  if (r.chance(0.2)) {
    // constraints pick versions, like Maven's dependencyManagement: read
    const c = r.pick(COORDINATES);
    lines.push(`${inner}constraints {`, `${inner}    implementation(${q(b, `${c}:1.0`)})${b.kts ? ' { because("CVE") }' : ''}`, `${inner}}`);
    b.expected.push(c);
    b.literal.push(c);
  }
  while (catalog.length) {
    const alias = catalog.shift()!;
    b.referenced.push(alias);
    lines.push(`${inner}${r.pick(CONFIGURATIONS)}${b.kts ? '(' : ' '}libs.${alias.replace(/[-_]/g, '.')}${b.kts ? ')' : ''}`);
  }
  lines.push(`${indent}}`);
  return lines;
}

/** A build script: its text, expected names, the catalog aliases it refers to. */
function buildScript(r: Random, kts: boolean, catalog: { libraries: string[]; plugins: string[] }): Build {
  const b: Build = { kts, out: [], expected: [], referenced: [], literal: [] };
  const out = b.out;
  if (r.chance(0.2)) out.push('/*', ' * Licensed under the Apache License. implementation("not:a-dependency:1")', ' */');
  if (r.chance(0.3)) {
    // the build's own classpath: its plugins
    const c = r.pick(['org.jetbrains.kotlin:kotlin-gradle-plugin', 'org.springframework.boot:spring-boot-gradle-plugin', 'com.google.protobuf:protobuf-gradle-plugin']);
    out.push('buildscript {', '    repositories { mavenCentral() }');
    if (r.chance(0.5)) out.push(`    dependencies { classpath${kts ? '(' : ' '}${q(b, `${c}:1.0`)}${kts ? ')' : ''} }`);
    else out.push('    dependencies {', `        classpath${kts ? '(' : ' '}${q(b, `${c}:1.0`)}${kts ? ')' : ''}`, '    }');
    out.push('}', '');
    b.expected.push(c);
    b.literal.push(c);
  }
  out.push('plugins {');
  for (const id of r.some([...PLUGIN_IDS, ...CORE_PLUGINS], 1 + r.int(4))) {
    const core = CORE_PLUGINS.includes(id);
    if (core && kts && r.chance(0.5) && !id.includes('-')) out.push(`    ${id}`);
    else if (core && kts && r.chance(0.5)) out.push(`    \`${id}\``);
    else out.push(`    id${kts ? '(' : ' '}${q(b, id)}${kts ? ')' : ''}${core ? '' : ` version ${q(b, '1.0.0')}`}${r.chance(0.2) && !core ? ' apply false' : ''}`);
    if (!core) {
      b.expected.push(`${id}:${id}.gradle.plugin`);
      b.literal.push(`${id}:${id}.gradle.plugin`);
    }
  }
  if (kts && r.chance(0.4)) {
    const k = r.pick(KOTLIN_PLUGINS);
    out.push(`    kotlin("${k}") version "2.0.0"`);
    b.expected.push(`org.jetbrains.kotlin.${k}:org.jetbrains.kotlin.${k}.gradle.plugin`);
    b.literal.push(`org.jetbrains.kotlin.${k}:org.jetbrains.kotlin.${k}.gradle.plugin`);
  }
  for (const alias of catalog.plugins) {
    out.push(`    alias(libs.plugins.${alias.replace(/[-_]/g, '.')})`);
    b.referenced.push(`plugin ${alias}`);
  }
  out.push('}', '');
  out.push(kts ? 'val springVersion = "3.3.0"' : "def springVersion = '3.3.0'", '');
  if (r.chance(0.3)) out.push(...(kts ? ['val agent by configurations.creating', 'val shadowed: Configuration by configurations.creating'] : ['configurations {', '    agent', '    shadowed', '    compileOnly { extendsFrom annotationProcessor }', '}']), '');
  out.push('repositories {', '    mavenCentral()', `    maven { url = uri(${q(b, 'https://repo.spring.io/milestone')}) }`, '}', '');
  const libraries = [...catalog.libraries];
  const share = r.chance(0.3) ? Math.floor(libraries.length / 2) : 0;
  if (r.chance(0.3)) {
    out.push(r.pick(['subprojects {', 'allprojects {']), `    apply plugin: ${q(b, 'java')}`, ...dependenciesBlock(r, b, '    ', 1 + r.int(3), libraries.splice(0, share)), '}', '');
  }
  if (r.chance(0.15)) {
    const c = r.pick(COORDINATES);
    out.push(`dependencies { ${r.pick(CONFIGURATIONS)}${kts ? '(' : ' '}${q(b, `${c}:1.0`)}${kts ? ')' : ''} }`);
    b.expected.push(c);
    b.literal.push(c);
  }
  out.push(...dependenciesBlock(r, b, '', 1 + r.int(8), libraries));
  out.push('');
  if (r.chance(0.4)) out.push(`tasks.named${kts ? '<Test>' : ''}(${q(b, 'test')}) {`, '    useJUnitPlatform()', '}');
  if (r.chance(0.3)) out.push(kts ? 'tasks.jar { exclude("**/*.properties") }' : "jar { exclude '**/*.properties' }");
  if (r.chance(0.2)) out.push(kts ? 'tasks.register("printDeps") { doLast { println("implementation(\\"x:y:1\\")") } }' : "task printDeps { doLast { println 'implementation \"x:y:1\"' } }");
  out.push('');
  return b;
}

/** A version catalog: aliases and what each resolves to, in file order. */
function versionCatalog(r: Random): { text: string; libraries: Map<string, string>; plugins: Map<string, string>; expected: string[] } {
  const libraries = new Map<string, string>();
  const plugins = new Map<string, string>();
  const expected: string[] = [];
  const out = ['[versions]', 'spring-boot = "3.3.0"', 'kotlin = "2.0.0"', ''];
  const names = r.some(COORDINATES, 1 + r.int(7));
  const tables: string[] = [];
  out.push('[libraries]');
  for (const name of names) {
    const [group, artifact] = name.split(':');
    const alias = `${artifact.replace(/[^A-Za-z0-9]+/g, '-').replace(/^[^A-Za-z]+/, 'x')}${r.chance(0.3) ? '-lib' : ''}`;
    if (libraries.has(alias)) continue;
    libraries.set(alias, name);
    const form = r.int(6);
    if (form === 0) out.push(`${alias} = "${name}:1.0"`);
    else if (form === 1) out.push(`${alias} = { module = "${name}", version.ref = "spring-boot" }`);
    else if (form === 2) out.push(`${alias} = { group = "${group}", name = "${artifact}", version = "1.0" }`);
    else if (form === 3) out.push(`${alias}.module = "${name}"`, `${alias}.version.ref = "kotlin"`);
    else if (form === 4) tables.push(`[libraries.${alias}]`, `group = "${group}"`, `name = "${artifact}"`, 'version.ref = "spring-boot"', '');
    else out.push(`"${alias}" = { module = "${name}" } # no version: a platform manages it`);
    if (form !== 4) expected.push(name);
  }
  if (r.chance(0.3)) out.push(`# commented = "not:a-dependency:1.0"`);
  out.push('');
  // a library declared in its own table comes after the [libraries] table's lines
  out.push(...tables);
  for (const t of tables) {
    const m = /^\[libraries\.(.+)\]$/.exec(t);
    if (m) expected.push(libraries.get(m[1])!);
  }
  if (r.chance(0.5)) out.push('[bundles]', `web = [${[...libraries.keys()].map((a) => `"${a}"`).join(', ')}]`, '');
  if (r.chance(0.6)) {
    out.push('[plugins]');
    for (const id of r.some(PLUGIN_IDS, 1 + r.int(2))) {
      const alias = id.split('.').slice(-1)[0].replace(/[^A-Za-z0-9]+/g, '-');
      plugins.set(alias, `${id}:${id}.gradle.plugin`);
      out.push(r.chance(0.5) ? `${alias} = { id = "${id}", version.ref = "spring-boot" }` : `${alias} = "${id}:1.0"`);
      expected.push(`${id}:${id}.gradle.plugin`);
    }
    out.push('');
  }
  return { text: out.join('\n'), libraries, plugins, expected };
}

suite('Gradle builds against a generated corpus (Gradle is not installed here)', () => {
  test('300 generated builds (Groovy and Kotlin DSL) with their version catalogs: each file\'s names in file order, and together exactly what Gradle resolves', () => {
    const r = new Random(37);
    let compared = 0;
    const seen = { groovy: 0, kts: 0, catalog: 0 };
    const shapes: Record<string, RegExp> = {
      "implementation 'g:a:v'": /^\s*\w+ '[\w.-]+:[\w.-]+/m,
      'implementation("g:a:v")': /^\s*\w+\("[\w.-]+:[\w.-]+/m,
      "group: 'g', name: 'a'": /group: '/,
      'group = "g", name = "a"': /group = "/,
      'platform()/enforcedPlatform()': /[pP]latform\(/,
      'kapt / ksp': /^\s*(kapt|ksp)[ (]/m,
      'a custom configuration': /^\s*"?(agent|jooqGenerator|liquibaseRuntime|asciidoctorExt|shadowed)"?[ (]/m,
      'several coordinates in one call': /^\s*\w+ (['"])[^'"\n]+\1,\s/m,
      'one per line in parentheses': /^\s*\w+\(\n\s+['"][\w.-]+:[^\n]+,\n/m,
      'a trailing comma': /,\n\s*\)/,
      'a commented-out dependency': /\/\/ implementation|\/\* \w+\(/,
      'a block comment over lines': /\/\*\n\s*\w+\(/,
      'a comment inside the call': /\/\* pinned \*\//,
      'an interpolated version': /:\$\{?springVersion/,
      'a catalog alias': /libs\.[a-z]/,
      'named arguments over several lines': /group[:=] ?['"][\w.-]+['"],\n\s+name/,
      'subprojects/allprojects': /^(subprojects|allprojects) \{/m,
      'buildscript classpath': /classpath[ (]/,
      'a one-line dependencies block': /^dependencies \{ \w+/m,
      'constraints': /constraints \{/,
      'a core plugin': /id[ (]['"](java|application|jacoco|war|idea|maven-publish|java-library)['"]|^\s+(java|application|jacoco|war|idea)$|`java-library`|`maven-publish`/m,
      'kotlin("…") plugin and module': /kotlin\("/,
      'a glob in a string': /\*\*\/\*\.properties/,
    };
    const counted = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const kts = r.chance(0.5);
      const catalog = r.chance(0.5) ? versionCatalog(r) : undefined;
      const build = buildScript(r, kts, { libraries: [...(catalog?.libraries.keys() ?? [])], plugins: [...(catalog?.plugins.keys() ?? [])] });
      const rel = kts ? `app${i}/build.gradle.kts` : `app${i}/build.gradle`;
      const text = build.out.join('\n');
      for (const [shape, re] of Object.entries(shapes)) if (re.test(text)) counted.set(shape, (counted.get(shape) ?? 0) + 1);
      const scanned = scannedNames(rel, text);
      assert.deepStrictEqual(scanned, build.expected, explainCorpus(rel, text, scanned, build.expected));
      compared += build.expected.length;
      seen[kts ? 'kts' : 'groovy']++;
      if (!catalog) continue;
      seen.catalog++;
      if (/^[\w-]+\.module = /m.test(catalog.text)) counted.set('catalog: dotted keys', (counted.get('catalog: dotted keys') ?? 0) + 1);
      if (/^\[libraries\.[\w-]+\]/m.test(catalog.text)) counted.set('catalog: a table of its own', (counted.get('catalog: a table of its own') ?? 0) + 1);
      if (/= \{ group = /.test(catalog.text)) counted.set('catalog: group and name', (counted.get('catalog: group and name') ?? 0) + 1);
      if (/^[\w-]+ = "[\w.-]+:[\w.-]+:/m.test(catalog.text)) counted.set('catalog: the string form', (counted.get('catalog: the string form') ?? 0) + 1);
      const catalogScanned = scannedNames(`app${i}/gradle/libs.versions.toml`, catalog.text);
      assert.deepStrictEqual(catalogScanned, catalog.expected, explainCorpus(`app${i}/gradle/libs.versions.toml`, catalog.text, catalogScanned, catalog.expected));
      compared += catalog.expected.length;
      // what Gradle resolves: the build's literal names and each alias it refers to, through the catalog
      const resolved = new Set([...build.literal, ...build.referenced.map((a) => (a.startsWith('plugin ') ? catalog.plugins.get(a.slice(7))! : catalog.libraries.get(a)!))]);
      assert.deepStrictEqual(new Set([...scanned, ...catalogScanned]), resolved, `${rel} with its catalog`);
    }
    assert.ok(compared > 2500, `compared ${compared} names`);
    assert.ok(seen.groovy > 100 && seen.kts > 100 && seen.catalog > 100, JSON.stringify(seen));
    for (const shape of [...Object.keys(shapes), 'catalog: dotted keys', 'catalog: a table of its own', 'catalog: group and name', 'catalog: the string form']) assert.ok((counted.get(shape) ?? 0) >= 10, `${shape}: in ${counted.get(shape) ?? 0} builds`);
  });
});
