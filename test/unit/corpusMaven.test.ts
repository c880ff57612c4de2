/**
 * pom.xml against a generated corpus: Maven's own reader (`mvn help:effective-pom`) needs plugins
 * from Maven Central, which is not reachable here, so the generator draws the coordinates first and
 * then writes them in the shapes Maven reads; the list it drew is the expected one, in file order.
 *
 * What is a dependency (the scanner's documented rule, jvm.ts): every `<dependency>` (in the
 * project, in `<profiles>`, in `<dependencyManagement>` — the place a parent or a BOM import picks
 * a technology's version, reported although Maven resolves it only where a module uses it — and
 * in a `<plugin>`'s own `<dependencies>`), every `<parent>`, `<plugin>` (without a groupId,
 * `org.apache.maven.plugins`, as Maven defaults it) and `<extension>`; never an `<exclusion>`.
 * Names are read as Maven reads them: comments are not text, CDATA and character references are
 * their characters, whitespace around a value is trimmed, and `${…}` in a groupId or artifactId is
 * the project's property or model value (`${project.groupId}`).
 *
 * Not generated: a namespace prefix (`<pom:project xmlns:pom=…>`), which Maven 3's reader does not
 * accept (it does not process namespaces: the element is `pom:project`); a dependency without a
 * groupId (Maven 3 refuses it); a property defined only in a profile or on the command line.
 */
import * as assert from 'assert';
import { catalogNames, explainCorpus, Random, scannedNames } from '../support/generatedCorpus';

const UNKNOWN = ['com.acme:billing-client', 'com.acme.platform:acme-commons', 'org.projectlombok:lombok', 'org.mapstruct:mapstruct', 'com.google.guava:guava', 'org.junit.jupiter:junit-jupiter', 'org.mockito:mockito-core', 'org.assertj:assertj-core', 'io.github.some_one:x', 'a:b', 'com.fasterxml.jackson.core:jackson-databind', 'org.slf4j:slf4j-api'];
const COORDINATES = [...new Set([...catalogNames('maven').filter((n) => !n.endsWith('.gradle.plugin')), ...UNKNOWN])];
const PLUGINS = ['org.apache.maven.plugins:maven-compiler-plugin', 'org.apache.maven.plugins:maven-surefire-plugin', 'org.apache.maven.plugins:maven-jar-plugin', 'org.springframework.boot:spring-boot-maven-plugin', 'org.jacoco:jacoco-maven-plugin', 'com.google.cloud.tools:jib-maven-plugin', 'org.flywaydb:flyway-maven-plugin', 'io.quarkus:quarkus-maven-plugin'];
const EXTENSIONS = ['kr.motd.maven:os-maven-plugin', 'org.apache.maven.wagon:wagon-ssh'];
const PARENTS = ['org.springframework.boot:spring-boot-starter-parent', 'io.quarkus:quarkus-bom', 'com.acme:acme-parent'];

interface Pom {
  out: string[];
  expected: string[];
  groupId: string;
  properties: Record<string, string>;
}

/** A value written as Maven reads it back: padded, in CDATA, with character references, or as a property. */
function value(r: Random, pom: Pom, text: string, key: 'groupId' | 'artifactId'): string {
  if (key === 'groupId' && text === pom.groupId && r.chance(0.6)) return r.pick(['${project.groupId}', '${pom.groupId}', '${groupId}']);
  const property = Object.entries(pom.properties).find(([, v]) => v === text);
  if (property && r.chance(0.7)) return `\${${property[0]}}`;
  const form = r.int(10);
  if (form === 0) return `<![CDATA[${text}]]>`;
  if (form === 1) return text.replace(/-/g, '&#45;').replace(/\./, '&#x2E;');
  if (form === 2) return `\n          ${text}\n        `;
  if (form === 3) return ` ${text}<!-- why -->`;
  return text;
}

function coordinate(r: Random, pom: Pom, element: string, name: string, indent: string, options: { omitDefaultGroup?: boolean; dependencies?: string[]; version?: boolean } = {}): string[] {
  const [group, artifact] = name.split(':');
  const lines = [`${indent}<${element}${r.chance(0.1) ? ' combine.self="override"' : ''}>`];
  const g = options.omitDefaultGroup && group === 'org.apache.maven.plugins' && r.chance(0.5) ? [] : [`${indent}  <groupId>${value(r, pom, group, 'groupId')}</groupId>`];
  const a = [`${indent}  <artifactId>${value(r, pom, artifact, 'artifactId')}</artifactId>`];
  lines.push(...(r.chance(0.2) ? [...a, ...g] : [...g, ...a]));
  if (options.version !== false && r.chance(0.8)) lines.push(`${indent}  <version>${r.pick(['1.2.3', '${spring-boot.version}', '[1.0,2.0)', '${project.version}'])}</version>`);
  if (element === 'dependency') {
    if (r.chance(0.2)) lines.push(`${indent}  <scope>${r.pick(['test', 'provided', 'runtime', 'import', 'system'])}</scope>`);
    if (r.chance(0.1)) lines.push(`${indent}  <optional>true</optional>`);
    if (r.chance(0.1)) lines.push(`${indent}  <type>${r.pick(['pom', 'jar', 'test-jar'])}</type>`, `${indent}  <classifier>tests</classifier>`);
    if (r.chance(0.15)) {
      const [eg, ea] = r.pick(COORDINATES).split(':');
      lines.push(`${indent}  <exclusions>`, `${indent}    <exclusion>`, `${indent}      <groupId>${eg}</groupId>`, `${indent}      <artifactId>${ea}</artifactId>`, `${indent}    </exclusion>`, `${indent}  </exclusions>`);
    }
  }
  pom.expected.push(options.omitDefaultGroup || group ? name : name);
  if (options.dependencies?.length) {
    lines.push(`${indent}  <dependencies>`);
    for (const d of options.dependencies) lines.push(...coordinate(r, pom, 'dependency', d, `${indent}    `));
    lines.push(`${indent}  </dependencies>`);
  }
  if (element === 'plugin' && r.chance(0.3)) lines.push(`${indent}  <configuration>`, `${indent}    <release>21</release>`, `${indent}    <annotationProcessorPaths><path><groupId>org.projectlombok</groupId><artifactId>lombok</artifactId></path></annotationProcessorPaths>`, `${indent}  </configuration>`);
  lines.push(`${indent}</${element}>`);
  return lines;
}

function commentedOut(r: Random, indent: string): string[] {
  const [g, a] = r.pick(COORDINATES).split(':');
  return r.pick([
    [`${indent}<!-- <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId></dependency> -->`],
    [`${indent}<!--`, `${indent}<dependency>`, `${indent}  <groupId>${g}</groupId>`, `${indent}  <artifactId>${a}</artifactId>`, `${indent}</dependency>`, `${indent}-->`],
  ]);
}

function dependencies(r: Random, pom: Pom, indent: string, n: number): string[] {
  const lines = [`${indent}<dependencies>`];
  for (const name of r.some(COORDINATES, n)) {
    if (r.chance(0.2)) lines.push(...commentedOut(r, `${indent}  `));
    lines.push(...coordinate(r, pom, 'dependency', name, `${indent}  `));
  }
  if (r.chance(0.2)) lines.push(...commentedOut(r, `${indent}  `));
  lines.push(`${indent}</dependencies>`);
  return lines;
}

function plugins(r: Random, pom: Pom, indent: string): string[] {
  const lines = [`${indent}<plugins>`];
  for (const name of r.some(PLUGINS, 1 + r.int(3))) lines.push(...coordinate(r, pom, 'plugin', name, `${indent}  `, { omitDefaultGroup: true, dependencies: r.chance(0.3) ? r.some(COORDINATES, 1 + r.int(2)) : [] }));
  lines.push(`${indent}</plugins>`);
  return lines;
}

/** A pom.xml and the coordinates it declares, in file order. */
function pomXml(r: Random): { text: string; expected: string[] } {
  const groupId = r.pick(['com.acme', 'com.acme.shop', 'io.example']);
  const pom: Pom = { out: [], expected: [], groupId, properties: {} };
  const out = pom.out;
  if (r.chance(0.7)) out.push(r.pick(['<?xml version="1.0" encoding="UTF-8"?>', "<?xml version='1.0' encoding='UTF-8'?>"]));
  if (r.chance(0.2)) out.push('<!-- Licensed under the Apache License; <dependency>x</dependency> -->');
  out.push(
    r.pick([
      '<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">',
      '<project>',
      "<project xmlns='http://maven.apache.org/POM/4.0.0'\n\txmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'>",
    ]),
    '  <modelVersion>4.0.0</modelVersion>',
  );
  const parent = r.chance(0.5) ? r.pick(PARENTS) : undefined;
  if (parent) {
    const [pg, pa] = parent.split(':');
    out.push('  <parent>', `    <groupId>${pg}</groupId>`, `    <artifactId>${pa}</artifactId>`, '    <version>3.3.0</version>', '    <relativePath/>', '  </parent>');
    pom.expected.push(parent);
  }
  // the project's own groupId, or (sometimes) the one it inherits from its parent
  if (!parent || r.chance(0.7)) out.push(`  <groupId>${groupId}</groupId>`);
  else pom.groupId = parent.split(':')[0];
  out.push(`  <artifactId>shop-${r.int(100)}</artifactId>`, '  <version>1.0.0-SNAPSHOT</version>', `  <packaging>${r.pick(['jar', 'pom', 'war'])}</packaging>`);
  if (r.chance(0.5)) {
    // properties, some of them names used below
    const picked = r.some(COORDINATES, 2);
    pom.properties = { 'db.group': picked[0].split(':')[0], 'cache.artifact': picked[1].split(':')[1] };
    out.push('  <properties>', '    <java.version>21</java.version>', `    <db.group>${pom.properties['db.group']}</db.group>`, `    <cache.artifact>${pom.properties['cache.artifact']}</cache.artifact>`, '  </properties>');
  }
  if (r.chance(0.4)) {
    out.push('  <dependencyManagement>', ...dependencies(r, pom, '    ', 1 + r.int(3)).slice(0, -1));
    // a BOM import
    out.push(...coordinate(r, pom, 'dependency', r.pick(['org.springframework.cloud:spring-cloud-dependencies', 'software.amazon.awssdk:bom', 'io.quarkus.platform:quarkus-bom']), '      '), '    </dependencies>', '  </dependencyManagement>');
  }
  out.push(...dependencies(r, pom, '  ', 1 + r.int(8)));
  if (r.chance(0.7)) {
    out.push('  <build>');
    if (r.chance(0.3)) out.push('    <pluginManagement>', ...plugins(r, pom, '      '), '    </pluginManagement>');
    out.push(...plugins(r, pom, '    '));
    if (r.chance(0.2)) {
      out.push('    <extensions>');
      for (const e of r.some(EXTENSIONS, 1 + r.int(2))) out.push(...coordinate(r, pom, 'extension', e, '      '));
      out.push('    </extensions>');
    }
    out.push('  </build>');
  }
  if (r.chance(0.4)) {
    out.push('  <profiles>');
    for (let p = 0; p < 1 + r.int(2); p++) {
      out.push('    <profile>', `      <id>p${p}</id>`, '      <activation><property><name>ci</name></property></activation>', ...dependencies(r, pom, '      ', 1 + r.int(3)));
      if (r.chance(0.5)) out.push('      <build>', ...plugins(r, pom, '        '), '      </build>');
      out.push('    </profile>');
    }
    out.push('  </profiles>');
  }
  if (r.chance(0.2)) out.push('  <reporting>', ...plugins(r, pom, '    '), '  </reporting>');
  out.push('</project>', '');
  return { text: out.join(r.chance(0.15) ? '\r\n' : '\n'), expected: pom.expected };
}

suite('pom.xml against a generated corpus (Maven cannot fetch its plugins here)', () => {
  test('300 generated pom.xml files: every dependency, parent, plugin and extension, in file order, as Maven reads the names', () => {
    const r = new Random(31);
    let compared = 0;
    const shapes: Record<string, RegExp> = {
      'a commented-out dependency': /<!--\s*<dependency>/,
      CDATA: /<!\[CDATA\[/,
      'a character reference': /&#/,
      '${project.groupId} and its older forms': /\$\{(project\.|pom\.)?groupId\}/,
      'a property of the project': /\$\{(db\.group|cache\.artifact)\}/,
      'a parent': /<parent>/,
      'dependencyManagement': /<dependencyManagement>/,
      'a profile': /<profile>/,
      "a plugin's dependencies": /<plugin[^s]((?!<\/plugin>)[\s\S])*<dependencies>/,
      'a plugin without groupId': /<plugin(?: [^>]*)?>\s*<artifactId>/,
      'an extension': /<extension>/,
      'an exclusion': /<exclusion>/,
      'test scope': /<scope>test<\/scope>/,
      optional: /<optional>true<\/optional>/,
      'CRLF line ends': /\r\n/,
    };
    const seen = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const { text, expected } = pomXml(r);
      for (const [shape, re] of Object.entries(shapes)) if (re.test(text)) seen.set(shape, (seen.get(shape) ?? 0) + 1);
      const scanned = scannedNames(`svc${i}/pom.xml`, text);
      assert.deepStrictEqual(scanned, expected, explainCorpus(`pom.xml #${i}`, text, scanned, expected));
      compared += expected.length;
    }
    assert.ok(compared > 3000, `compared ${compared} names`);
    for (const shape of Object.keys(shapes)) assert.ok((seen.get(shape) ?? 0) >= 10, `${shape}: in ${seen.get(shape) ?? 0} files`);
  });
});
