/**
 * sbt builds against a generated corpus: no sbt (nor Scala toolchain that could load a build)
 * installs offline here — Debian has no sbt package, and its `scala` 2.11 cannot evaluate a build
 * definition — so the generator draws the module IDs first and then writes them in the shapes sbt
 * reads; the list it drew is the expected one, in file order. A module ID is `group % artifact %
 * version` (`%%`/`%%%` between group and artifact), named `group:artifact` as written, wherever it
 * is written; `addSbtPlugin(…)` in project/plugins.sbt too. Not module IDs, and not expected: what
 * a comment or a string holds, `group % artifact` without a version (`excludeDependencies`), the
 * arguments of `.exclude(…)` / `ExclusionRule(…)`. Not generated, because the scanner documents it
 * does not run code (decisions.md, "Code is never run"): names the build computes (`s"akka-$m"`,
 * a function's parameter, `Seq(…).map(…)`).
 */
import * as assert from 'assert';
import { catalogNames, explainCorpus, Random, scannedNames } from '../support/generatedCorpus';

const UNKNOWN = ['org.typelevel:cats-core', 'org.typelevel:cats-effect', 'io.circe:circe-generic', 'com.lihaoyi:upickle', 'org.scalatest:scalatest', 'org.scalameta:munit', 'ch.qos.logback:logback-classic', 'com.github.pureconfig:pureconfig', 'dev.zio:zio', 'co.fs2:fs2-core', 'com.softwaremill.sttp.client3:core', 'org.scala-lang.modules:scala-xml'];
const MODULES = [...new Set([...catalogNames('maven').filter((n) => !n.endsWith('.gradle.plugin') && !n.endsWith(':sbt-plugin')), ...UNKNOWN])];
const PLUGINS = ['com.typesafe.play:sbt-plugin', 'org.playframework:sbt-plugin', 'com.github.sbt:sbt-native-packager', 'org.scalameta:sbt-scalafmt', 'com.eed3si9n:sbt-assembly', 'org.scala-js:sbt-scalajs', 'io.spray:sbt-revolver'];
const VERSIONS = ['"1.0.0"', '"2.13.1"', '"0.23.25"', 'catsVersion', 'V.akka', 'Versions.http4s'];
const CONFIGS = [' % Test', ' % "test"', ' % "it,test"', ' % Provided', ' % "compile->compile;test->test"', ' % IntegrationTest'];
const CHAINS = [' withSources()', ' exclude("org.slf4j", "slf4j-api")', ' excludeAll(ExclusionRule(organization = "log4j"))', ' cross CrossVersion.full', ' classifier "tests"', '.exclude("commons-logging", "commons-logging")', ' intransitive()'];

interface Build {
  expected: string[];
  /** Group names bound to a `val` in this file. */
  groupVals: Map<string, string>;
}

/** One module ID in one of the shapes sbt reads; `name` is `group:artifact`. */
function moduleId(r: Random, b: Build, name: string, oneLine = false): string {
  b.expected.push(name);
  const [group, artifact] = name.split(':');
  const cross = r.pick(['%', '%', '%%', '%%', '%%%']);
  let groupText = `"${group}"`;
  if (r.chance(0.15)) {
    const id = `org${b.groupVals.size}`;
    b.groupVals.set(id, group);
    groupText = id;
  }
  const spaced = r.chance(0.9) ? ' ' : '';
  let text = `${groupText}${spaced}${cross}${spaced}"${artifact}"${spaced}%${spaced}${r.pick(VERSIONS)}`;
  if (r.chance(0.2)) text += r.pick(CONFIGS);
  if (r.chance(0.15)) text = r.chance(0.5) ? `(${text})${r.pick(CHAINS).replace(/^ /, '.')}` : `${text}${r.pick(CHAINS)}`;
  // a comment after it, where the line ends with the module ID
  if (!oneLine && r.chance(0.1)) text += ' // "commented" % "after-it" % "1.0"';
  return text;
}

const NOISE = [
  '// libraryDependencies += "com.example" %% "commented-out" % "1.0"',
  '/* "com.example" % "in-a-block" % "1.0"\n   /* nested: "com.example" % "still-comment" % "1.0" */\n   "com.example" % "after-nested" % "1.0" */',
  'excludeDependencies += "org.slf4j" % "slf4j-log4j12"',
  'excludeDependencies ++= Seq(ExclusionRule("commons-logging", "commons-logging"))',
  'scalacOptions ++= Seq("-deprecation", "-feature", "-Xfatal-warnings")',
  'homepage := Some(url("https://github.com/acme/shop // not a comment"))',
  'description := """A shop. Add "com.example" %% "in-a-string" % "1.0" to use it."""',
  'resolvers += "Sonatype" at "https://oss.sonatype.org/content/repositories/releases/"',
  'Test / fork := true',
  "val quote = '\"'",
  'def docs = s"see ${name.value} // and \\"quoted\\" text"',
];

/** A build.sbt (or project/Dependencies.scala) and the module IDs it declares, in file order. */
function buildSbt(r: Random, scalaFile: boolean): { text: string; expected: string[] } {
  const b: Build = { expected: [], groupVals: new Map() };
  const drawn = r.some(MODULES, 1 + r.int(10));
  const out: string[] = [];
  // the statements that declare them, written first; the group vals go above them
  const body: string[] = [];
  const indent = scalaFile ? '  ' : '';
  let rest = [...drawn];
  while (rest.length) {
    const take = rest.slice(0, 1 + r.int(4));
    rest = rest.slice(take.length);
    if (r.chance(0.2)) body.push(`${indent}${r.pick(NOISE)}`);
    const form = scalaFile ? 5 : r.int(6);
    if (form === 0) for (const n of take) body.push(`libraryDependencies += ${moduleId(r, b, n)}`);
    else if (form === 1 || form === 2) {
      // ++= Seq(…), one a line, maybe a trailing comma and comments between
      const items = take.map((n) => `  ${moduleId(r, b, n, true)}`);
      const lines = items.map((item, i) => `${item}${i < items.length - 1 || r.chance(0.2) ? ',' : ''}${r.chance(0.1) ? ' // why' : ''}`);
      if (r.chance(0.2)) lines.splice(r.int(lines.length + 1), 0, '  // "com.example" %% "commented-in-seq" % "1.0",');
      body.push(`libraryDependencies ++= Seq(`, ...lines, ')');
    } else if (form === 3) {
      // a multi-project build: lazy val x = project.settings(…)
      const items = take.map((n) => `      ${moduleId(r, b, n, true)}`);
      body.push(`lazy val mod${body.length} = (project in file("mod${body.length}"))`, '  .dependsOn(core)', '  .settings(', '    name := "mod",', '    libraryDependencies ++= Seq(', items.join(',\n'), '    ),', '    Compile / run / fork := true', '  )');
    } else if (form === 4) {
      // dependencyOverrides pin versions: read (as Maven's dependencyManagement)
      body.push(`dependencyOverrides ++= Seq(${take.map((n) => moduleId(r, b, n, true)).join(', ')})`);
    } else {
      // a val per module ID (project/Dependencies.scala, or the top of a build.sbt)
      for (const n of take) body.push(`${indent}${r.chance(0.3) ? 'lazy ' : ''}val dep${b.expected.length} = ${moduleId(r, b, n)}`);
    }
  }
  if (scalaFile) out.push('import sbt._', '', 'object Dependencies {');
  out.push(`${indent}val catsVersion = "2.10.0"`);
  for (const [id, group] of b.groupVals) out.push(`${indent}val ${id} = "${group}"`);
  if (!scalaFile) out.push('', 'ThisBuild / scalaVersion := "2.13.12"', 'ThisBuild / organization := "com.acme"', '');
  out.push(...body.map((l) => (scalaFile ? l.replace(/^(?! {2})/gm, indent) : l)));
  if (scalaFile) out.push('}');
  out.push('');
  return { text: out.join('\n'), expected: b.expected };
}

/** A project/plugins.sbt and the plugins it adds. */
function pluginsSbt(r: Random): { text: string; expected: string[] } {
  const drawn = r.some(PLUGINS, 1 + r.int(4));
  const out: string[] = [];
  for (const name of drawn) {
    const [group, artifact] = name.split(':');
    if (r.chance(0.2)) out.push(`// addSbtPlugin("com.example" % "sbt-commented" % "0.1")`);
    out.push(`addSbtPlugin(${r.chance(0.3) ? `\n  ` : ''}"${group}" % "${artifact}" % "${r.pick(['1.9.0', '2.0.0-RC1'])}")`);
  }
  if (r.chance(0.3)) out.push('libraryDependencies += "org.scala-sbt" %% "scripted-plugin" % sbtVersion.value');
  const expected = [...drawn];
  if (out[out.length - 1].includes('scripted-plugin')) expected.push('org.scala-sbt:scripted-plugin');
  return { text: `${out.join('\n')}\n`, expected };
}

suite('sbt builds against a generated corpus (sbt is not installed here)', () => {
  test('300 generated build.sbt, project/Dependencies.scala and project/plugins.sbt files: each module ID in file order; nothing from comments, strings or exclusions', () => {
    const r = new Random(41);
    let compared = 0;
    const shapes: Record<string, RegExp> = {
      '%': /" % "/,
      '%%': /" %% "/,
      '%%%': /" %%% "/,
      'no spaces': /"%{1,3}"/,
      '% Test / % "test"': /% (Test|"test")/,
      'a group val': /org\d+ %/,
      'a version val': /% (catsVersion|V\.akka|Versions\.http4s)/,
      '++= Seq(': /\+\+= Seq\(\n/,
      'project.settings(': /\.settings\(/,
      'dependencyOverrides': /dependencyOverrides \+\+=/,
      'an .exclude chain': /\.exclude\("/,
      'a commented-out module ID': /\/\/ libraryDependencies|\/\/ "com.example"/,
      'a nested block comment': /\/\* nested/,
      'a // inside a string': /shop \/\/ not a comment/,
      'a module ID in a triple-quoted string': /"""A shop/,
      'excludeDependencies': /excludeDependencies \+=/,
      'addSbtPlugin': /addSbtPlugin\("/,
      'addSbtPlugin over two lines': /addSbtPlugin\(\n/,
      'object Dependencies': /object Dependencies/,
    };
    const seen = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const kind = r.int(6);
      const rel = kind === 0 ? `b${i}/project/plugins.sbt` : kind === 1 ? `b${i}/project/Dependencies.scala` : `b${i}/build.sbt`;
      const { text, expected } = kind === 0 ? pluginsSbt(r) : buildSbt(r, kind === 1);
      for (const [shape, re] of Object.entries(shapes)) if (re.test(text)) seen.set(shape, (seen.get(shape) ?? 0) + 1);
      const scanned = scannedNames(rel, text);
      assert.deepStrictEqual(scanned, expected, explainCorpus(rel, text, scanned, expected));
      compared += expected.length;
    }
    assert.ok(compared > 900, `compared ${compared} names`);
    for (const shape of Object.keys(shapes)) assert.ok((seen.get(shape) ?? 0) >= 5, `${shape}: in ${seen.get(shape) ?? 0} files`);
  });
});
