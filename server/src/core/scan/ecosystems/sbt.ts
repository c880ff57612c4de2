/**
 * Scala: the module IDs of an sbt build, as Maven coordinates `group:artifact` on the artifact's
 * text — `build.sbt` and every other `*.sbt` (`project/plugins.sbt`), and the Scala files of a
 * build's `project/` folder (`project/Dependencies.scala`). A module ID is `group % artifact %
 * version`, with `%%` (Scala's binary version appended to the artifact when resolved) or `%%%`
 * (Scala.js / Native) between group and artifact: the name stays the one written, and Maven names
 * are compared without a Scala suffix (catalog/ecosystems.ts), so `"com.typesafe.akka" %% "akka-http"`
 * is `akka-http_2.13` in a pom too. Read wherever they are written: `libraryDependencies += …`,
 * `++= Seq(…)`, in a project's `.settings(…)`, in a `val`; `addSbtPlugin(…)` (section `plugin`),
 * `dependencyOverrides` (section `dependencyOverrides`), and a configuration after the version
 * (`% Test`, `% "test"`: section `test`). `group % artifact` without a version is no module ID
 * (`excludeDependencies`), nor is anything in `excludeDependencies` or `.exclude(…)`.
 * The group and the artifact are string literals or names bound to one (`val akkaOrg =
 * "com.typesafe.akka"`, also as `Deps.akkaOrg`); a name the build computes (`s"akka-$m"`, a
 * function's parameter) is not read: the build is code and is never run. Comments are not code, and
 * a `//` in a string is text (codeTokens.ts).
 */
import type { ScanInput } from '../scanUtil';
import type { ManifestDependency } from '../types';
import { type CodeToken, codeTokens } from './codeTokens';
import { dependency } from './common';

const CROSS = new Set(['%', '%%', '%%%']);
const ASSIGN = new Set(['+=', '++=', ':=']);
const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/** Whether a file is an sbt build definition the scanner reads: any `*.sbt`, or a `.scala` file in a `project/` folder. */
export function isSbtBuildFile(folder: string, base: string): boolean {
  return /\.scala$/.test(base) && (folder === 'project' || folder.endsWith('/project'));
}

interface Frame {
  /** The setting assigned at this level so far (`libraryDependencies`, `dependencyOverrides`). */
  key?: string;
  /** The setting of the levels around it, when the bracket opened. */
  outerKey?: string;
  /** Inside `addSbtPlugin(…)`. */
  plugin?: boolean;
  /** Inside `exclude(…)`, `excludeAll(…)` or `ExclusionRule(…)`. */
  excluded?: boolean;
}

export function scanSbt(input: ScanInput): ManifestDependency[] {
  const tokens = codeTokens(input.text, 'scala');
  const bound = stringValues(tokens);
  const out: ManifestDependency[] = [];
  const stack: Frame[] = [{}];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const frame = stack[stack.length - 1];
    if (t.kind === 'punct') {
      if (OPEN.has(t.text)) {
        const call = tokens[i - 1]?.kind === 'word' ? tokens[i - 1].text : '';
        stack.push({
          outerKey: frame.key ?? frame.outerKey,
          plugin: frame.plugin || call === 'addSbtPlugin',
          excluded: frame.excluded || call === 'exclude' || call === 'excludeAll' || call === 'ExclusionRule',
        });
      } else if (CLOSE.has(t.text)) {
        if (stack.length > 1) stack.pop();
      } else if (t.text === ',' || t.text === ';') frame.key = undefined;
      else if (ASSIGN.has(t.text) && tokens[i - 1]?.kind === 'word') frame.key = tokens[i - 1].text;
      else if (CROSS.has(t.text)) {
        const dep = moduleId(input, tokens, i, bound, frame);
        if (dep) out.push(dep);
      }
    } else if (t.kind === 'word' && t.lineStart && /^(val|var|def|lazy|object|class|trait|import|enablePlugins|addSbtPlugin|addCommandAlias)$/.test(t.text)) {
      // a new statement: the setting of the one before is over
      frame.key = undefined;
    }
  }
  return out;
}

/** The operand ending at `end` (inclusive) read leftwards: a string, or a name `a.b.c`; its value and where it starts. */
function operandLeft(tokens: CodeToken[], end: number, bound: Map<string, string>): { value: string; first: number; token: CodeToken } | undefined {
  const t = tokens[end];
  if (!t) return undefined;
  if (t.kind === 'string') return t.dynamic ? undefined : { value: t.text, first: end, token: t };
  if (t.kind !== 'word') return undefined;
  let first = end;
  while (tokens[first - 1]?.text === '.' && tokens[first - 2]?.kind === 'word') first -= 2;
  const value = bound.get(t.text);
  return value === undefined ? undefined : { value, first, token: t };
}

/** The operand starting at `start` read rightwards: a string, or a name `a.b.c`; its value and the index after it. */
function operandRight(tokens: CodeToken[], start: number, bound: Map<string, string>): { value: string | undefined; next: number; token: CodeToken } | undefined {
  const t = tokens[start];
  if (!t) return undefined;
  if (t.kind === 'string') return { value: t.dynamic ? undefined : t.text, next: start + 1, token: t };
  if (t.kind !== 'word') return undefined;
  let last = start;
  while (tokens[last + 1]?.text === '.' && tokens[last + 2]?.kind === 'word') last += 2;
  return { value: bound.get(tokens[last].text), next: last + 1, token: tokens[last] };
}

/** The module ID whose group/artifact operator is at `at`: `group %[%[%]] artifact % version [% configuration]`. */
function moduleId(input: ScanInput, tokens: CodeToken[], at: number, bound: Map<string, string>, frame: Frame): ManifestDependency | undefined {
  if (frame.excluded) return undefined;
  const group = operandLeft(tokens, at - 1, bound);
  if (!group) return undefined;
  // the group starts the chain: `"g" % "a" % "v"` is read at its first operator only
  const before = tokens[group.first - 1];
  if (before && before.kind === 'punct' && CROSS.has(before.text)) return undefined;
  const artifact = operandRight(tokens, at + 1, bound);
  if (!artifact || artifact.value === undefined) return undefined;
  // a version follows: without one it is no module ID (an exclusion rule)
  if (tokens[artifact.next]?.text !== '%') return undefined;
  const version = operandRight(tokens, artifact.next + 1, bound);
  if (!version) return undefined;
  let section: string | undefined;
  if (tokens[version.next]?.text === '%') {
    const config = tokens[version.next + 1];
    if (config && (config.kind === 'word' || (config.kind === 'string' && !config.dynamic))) section = configurationSection(config.text);
  }
  if (frame.plugin) section = 'plugin';
  else {
    const key = frame.key ?? frame.outerKey;
    if (key === 'excludeDependencies') return undefined;
    if (key === 'dependencyOverrides') section = 'dependencyOverrides';
  }
  return dependency(input, 'maven', `${group.value}:${artifact.value}`, artifact.token.start, artifact.token.end, section);
}

/** `Test` → `test`, `"test->test;compile->compile"` → `test`, `IntegrationTest` → `it`. */
function configurationSection(text: string): string | undefined {
  const first = text.split(/[-;,\s]/)[0];
  if (!first) return undefined;
  if (first === 'IntegrationTest') return 'it';
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** Names bound to a string literal: `val akkaOrg = "com.typesafe.akka"` (also `lazy val`, `final val`, `def x = "…"`, a type annotation `: String`). */
function stringValues(tokens: CodeToken[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i + 3 < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word' || (t.text !== 'val' && t.text !== 'def' && t.text !== 'var')) continue;
    const name = tokens[i + 1];
    if (name.kind !== 'word') continue;
    let j = i + 2;
    if (tokens[j]?.text === ':' && tokens[j + 1]?.kind === 'word') j += 2;
    if (tokens[j]?.text !== '=' || tokens[j + 1]?.kind !== 'string' || tokens[j + 1].dynamic) continue;
    // `val x = "g" % "a" % "v"` is a module ID, not a string
    const after = tokens[j + 2];
    if (after && after.kind === 'punct' && (CROSS.has(after.text) || after.text === '+' || after.text === '.')) continue;
    if (!values.has(name.text)) values.set(name.text, tokens[j + 1].text);
  }
  return values;
}
