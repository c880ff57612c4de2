/**
 * Java and Kotlin: Maven `pom.xml` (every `<dependency>`, `<parent>`, `<plugin>` and
 * `<extension>`, keyed `groupId:artifactId`, on the artifactId's text), Gradle build scripts
 * (Groovy and Kotlin DSL: `implementation("g:a:v")`, `implementation 'g:a:v'`,
 * `implementation(group = "g", name = "a")`, `group: 'g', name: 'a'`, `platform(…)`, and plugins
 * `id("…")` / `id '…'`), and version catalogs `gradle/libs.versions.toml`. A Gradle plugin id is
 * keyed like its marker artifact, `id:id.gradle.plugin`, so a group (`org.springframework.boot:*`)
 * covers its plugin too; a core plugin (`java`) is Gradle's own. Gradle scripts are code and are
 * never run: the common literal forms are read, one statement at a time (comments blanked outside
 * strings, lines cut at braces), and inside `dependencies { }` any configuration counts. In a
 * pom.xml, names are read as an XML reader gives them (CDATA, references) and `${…}` is the
 * project's value or property.
 */
import type { Range } from 'vscode-languageserver-types';
import type { ScanInput } from '../scanUtil';
import { folderServiceName, isTestFolder, linesOf, serviceFact } from '../scanUtil';
import type { ManifestDependency, ServiceFact } from '../types';
import { dependency, type ManifestResult, type Problems } from './common';
import { parseToml, tomlString } from './toml';
import { childText, elements, parseXml, type XmlElement } from './xml';
import { blankComments, XML_COMMENTS } from '../comments';

const COORDINATE_PARENTS = new Set(['dependency', 'parent', 'plugin', 'extension']);

export function scanPom(input: ScanInput): ManifestResult {
  const { root, problems } = parseXml(input);
  const out: ManifestDependency[] = [];
  if (!root) return { dependencies: out, problems };
  const boot = applicationPlugin(input, root);
  const own = root.name === 'project' ? childText(input.text, root, 'artifactId') : undefined;
  const parent = root.children.find((c) => c.name === 'parent');
  const packaging = childText(input.text, root, 'packaging')?.value ?? 'jar';
  let services: ServiceFact[] | undefined;
  let hints: ManifestResult['hints'];
  if (boot && packaging !== 'pom') services = [applicationModule(input, input.lines.range(boot.start, boot.end))];
  else if (boot && own) {
    // a parent that applies the plugin to its modules (often in a profile): each jar module below it is an application
    const group = childText(input.text, root, 'groupId')?.value ?? (parent && childText(input.text, parent, 'groupId')?.value);
    if (group) hints = { enables: [`spring-boot-parent ${group}:${own.value}`] };
  } else if (parent && own && (packaging === 'jar' || packaging === 'war') && input.folder !== '') {
    const group = childText(input.text, parent, 'groupId')?.value;
    const artifact = childText(input.text, parent, 'artifactId')?.value;
    if (group && artifact) services = [{ ...applicationModule(input, input.lines.range(own.start, own.end)), condition: `spring-boot-parent ${group}:${artifact}` }];
  }
  // a module of a test harness is run by the tests, not deployed (as a Dockerfile there is)
  if (isTestFolder(input.folder)) services = undefined;
  const interpolate = pomProperties(input, root, parent);
  for (const { element, inside } of elements(root, ['exclusions', 'dependencyManagement'])) {
    if (!COORDINATE_PARENTS.has(element.name) || inside('exclusions')) continue;
    const artifact = childText(input.text, element, 'artifactId');
    if (!artifact) continue;
    const written = childText(input.text, element, 'groupId')?.value;
    const group = written !== undefined ? interpolate(written) : element.name === 'plugin' ? 'org.apache.maven.plugins' : '';
    if (!group) continue;
    const scope = childText(input.text, element, 'scope')?.value;
    const section = element.name === 'dependency' ? (inside('dependencyManagement') ? 'dependencyManagement' : scope) : element.name;
    const dep = dependency(input, 'maven', `${group}:${interpolate(artifact.value)}`, artifact.start, artifact.end, section);
    if (dep) out.push(dep);
  }
  return { dependencies: out, problems, ...(services ? { services } : {}), ...(hints ? { hints } : {}) };
}

/**
 * `${…}` in a coordinate as Maven interpolates the model: the project's `<properties>` and its own
 * values (`${project.groupId}`, the older `${pom.groupId}` and `${groupId}`, the parent's when the
 * project inherits it, `${project.parent.groupId}`, `${project.artifactId}`). A property defined
 * elsewhere (a profile, the command line, a parent file) stays as written. Nested references are
 * followed a few levels (a cycle stops there).
 */
/** Longer than any coordinate: an interpolation that would pass it stops. */
const MAX_INTERPOLATED = 1024;

function pomProperties(input: ScanInput, project: XmlElement, parent: XmlElement | undefined): (value: string) => string {
  if (project.name !== 'project') return (v) => v;
  const values = new Map<string, string>();
  const own = (el: XmlElement | undefined, key: string) => (el ? childText(input.text, el, key)?.value : undefined);
  const parentGroup = own(parent, 'groupId');
  const group = own(project, 'groupId') ?? parentGroup;
  const artifact = own(project, 'artifactId');
  for (const prefix of ['project.', 'pom.', '']) {
    if (group) values.set(`${prefix}groupId`, group);
    if (artifact) values.set(`${prefix}artifactId`, artifact);
  }
  if (parentGroup) values.set('project.parent.groupId', parentGroup);
  for (const property of project.children.find((c) => c.name === 'properties')?.children ?? []) {
    const value = property.children.length === 0 ? (property.value ?? '').trim() : '';
    if (value && !values.has(property.name)) values.set(property.name, value);
  }
  return (value) => {
    let out = value;
    for (let depth = 0; depth < 5 && out.includes('${'); depth++) {
      // never longer than a name can be (a hostile pom's properties could otherwise multiply)
      let length = out.length;
      out = out.replace(/\$\{([^${}]+)\}/g, (whole, key: string) => {
        const v = values.get(key);
        if (v === undefined || length + v.length > MAX_INTERPOLATED) return whole;
        length += v.length;
        return v;
      });
    }
    return out;
  };
}

/**
 * The Maven plugins that make a module an application, each with the groups that publish it:
 * Spring Boot's executable jar, Jib's container image built without a Dockerfile, Quarkus's and
 * Micronaut's applications (their extension and library builds use other plugins).
 */
const APPLICATION_PLUGINS = new Map<string, readonly string[]>([
  ['spring-boot-maven-plugin', ['org.springframework.boot']],
  ['jib-maven-plugin', ['com.google.cloud.tools']],
  ['quarkus-maven-plugin', ['io.quarkus', 'io.quarkus.platform']],
  ['micronaut-maven-plugin', ['io.micronaut.maven', 'io.micronaut.build']],
]);

/**
 * A plugin that builds an application (the spring-boot-maven-plugin's executable jar, the
 * jib-maven-plugin's image) run by a Maven project's own build or one of its profiles (not only
 * managed in `pluginManagement`, nor skipped); the plugin's artifactId text. A module (not `pom`
 * packaging) that runs it is a deployable, even when compose runs it by `image:` only. A `pom`
 * parent that runs it applies it to its jar modules: each of them is one (on its own artifactId).
 */
function applicationPlugin(input: ScanInput, project: XmlElement): { start: number; end: number } | undefined {
  if (project.name !== 'project') return undefined;
  const builds = [project, ...(project.children.find((c) => c.name === 'profiles')?.children.filter((p) => p.name === 'profile') ?? [])].flatMap((owner) => owner.children.filter((c) => c.name === 'build'));
  for (const build of builds) {
    for (const plugin of build.children.find((c) => c.name === 'plugins')?.children ?? []) {
      if (plugin.name !== 'plugin') continue;
      const artifact = childText(input.text, plugin, 'artifactId');
      const groups = artifact && APPLICATION_PLUGINS.get(artifact.value);
      if (!artifact || !groups) continue;
      // a plugin of that name from another group is not the one meant
      const written = childText(input.text, plugin, 'groupId')?.value;
      if (written !== undefined && !groups.includes(written)) continue;
      const skip = plugin.children.find((c) => c.name === 'configuration');
      if (skip && childText(input.text, skip, 'skip')?.value === 'true') continue;
      return artifact;
    }
  }
  return undefined;
}

/** The deployable a build module declares: at the root the monolith itself, elsewhere named after its folder. */
function applicationModule(input: ScanInput, range: Range): ServiceFact {
  return input.folder === '' ? serviceFact(input, '', range, 'jvm-app', { root: true }) : serviceFact(input, folderServiceName(input.folder)!, range, 'jvm-app', { fromPath: true });
}

/**
 * A Gradle plugin that builds an application, applied (not declared with `apply false`): Spring
 * Boot's (`org.springframework.boot`), Jib's image (`com.google.cloud.tools.jib`), Quarkus's
 * (`io.quarkus`, not `io.quarkus.extension`) or Micronaut's application (`io.micronaut.application`,
 * not `io.micronaut.library`), by `id("…")`, `id '…'`, `apply plugin:`, or a catalog alias.
 */
const BOOT_PLUGIN = /\bid\s*(?:\(\s*)?(["'])(org\.springframework\.boot|com\.google\.cloud\.tools\.jib|io\.quarkus|io\.micronaut\.application)\1|apply\s*(?:\(\s*)?plugin\s*[:=]\s*(["'])(org\.springframework\.boot|com\.google\.cloud\.tools\.jib|io\.quarkus|io\.micronaut\.application)\3|alias\s*\(\s*(libs\.plugins\.(?:spring[.-]?boot|jib|quarkus|micronaut[.-]application))\b/i;

/**
 * Where a Gradle script applies an application plugin (Spring Boot, Jib), on the plugin id: to itself, and to its
 * subprojects (inside `subprojects { … }` or `allprojects { … }`, as Gradle applies them; the
 * latter to itself too).
 */
function gradleBootPlugin(input: ScanInput): { own?: { start: number; end: number }; subprojects?: boolean } {
  const found: { own?: { start: number; end: number }; subprojects?: boolean } = {};
  // the names of the blocks open at each point (`subprojects {`, `dependencies {`), by brace count
  const blocks: string[] = [];
  // comments blanked (offsets kept), block comments too: a plugin in `/* … */` is not applied
  for (const line of linesOf(blankGradleComments(input.text))) {
    const code = line.content;
    const m = BOOT_PLUGIN.exec(code);
    const at = m ? m.index : code.length;
    const open = (upTo: number) => blockTokens(code.slice(0, upTo));
    const before = [...blocks];
    for (const token of open(at)) if (token === '}') before.pop();
    else before.push(token);
    if (m && !/\bapply\s*(?:\(\s*)?false\b/.test(code.slice(m.index))) {
      const id = m[2] ?? m[4] ?? m[5];
      const start = line.start + code.indexOf(id, m.index);
      const inSub = before.includes('subprojects') || before.includes('allprojects');
      if (inSub) found.subprojects = true;
      if ((!inSub || before.includes('allprojects')) && !found.own) found.own = { start, end: start + id.length };
    }
    for (const token of open(code.length)) if (token === '}') blocks.pop();
    else blocks.push(token);
  }
  return found;
}

/**
 * The braces of a line of build script, in order: `}` for a close, and for an open the word before
 * it (`subprojects {` → `subprojects`, `configure(x) {` → `configure`). One pass, no backtracking.
 */
function blockTokens(code: string): string[] {
  const out: string[] = [];
  let word = '';
  let last = '';
  let parens = 0;
  for (const c of code) {
    if (/[A-Za-z0-9_]/.test(c)) {
      word += c;
      continue;
    }
    if (word && parens === 0) last = word;
    word = '';
    if (c === '(') parens++;
    else if (c === ')') parens = Math.max(0, parens - 1);
    else if (c === '{') {
      out.push(last);
      last = '';
    } else if (c === '}') out.push('}');
    else if (!/\s/.test(c) && parens === 0) last = '';
  }
  return out;
}

/** The condition a Gradle subproject's build waits for: a build above it that applies Spring Boot to its subprojects (any ancestor, `\n`-separated). */
function subprojectCondition(folder: string): string {
  const segments = folder.split('/');
  return segments.map((_, i) => `gradle-boot-subprojects ${segments.slice(0, i).join('/')}`).join('\n');
}

/** `"g:a"`, `"g:a:v"`, `"g:a:v:classifier@ext"` → `g:a`; undefined for anything else (a project path, a file). */
function coordinate(value: string): { group: string; artifact: string; artifactOffset: number } | undefined {
  const m = /^([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)(:[^\s]*)?$/.exec(value);
  if (!m) return undefined;
  return { group: m[1], artifact: m[2], artifactOffset: m[1].length + 1 };
}

/** A quoted string starting at `from` in `line`: its content and offsets, or undefined. */
function quotedAt(line: string, from: number): { value: string; start: number; end: number } | undefined {
  const quote = line[from];
  if (quote !== '"' && quote !== "'") return undefined;
  const close = line.indexOf(quote, from + 1);
  if (close < 0) return undefined;
  return { value: line.slice(from + 1, close), start: from + 1, end: close };
}

/** Gradle's configuration names, and any `…Implementation`/`…Api`/… of a source set or a plugin (`kapt`, `ksp`). */
function isConfiguration(name: string): boolean {
  return /^(implementation|api|compile|compileOnly|runtimeOnly|runtime|annotationProcessor|kapt|ksp|classpath|developmentOnly|testImplementation|testCompileOnly|testRuntimeOnly|testCompile|testRuntime|testFixturesImplementation|testFixturesApi|androidTestImplementation|debugImplementation|releaseImplementation|compileOnlyApi|providedCompile|providedRuntime)$/.test(name) || /^[a-z][A-Za-z0-9]*(Implementation|Api|CompileOnly|RuntimeOnly|AnnotationProcessor)$/.test(name);
}

export function scanGradle(input: ScanInput): ManifestResult {
  const boot = gradleBootPlugin(input);
  let services: ServiceFact[] | undefined;
  if (boot.own) services = [applicationModule(input, input.lines.range(boot.own.start, boot.own.end))];
  else if (input.folder !== '' && !input.folder.split('/').includes('buildSrc')) {
    // a subproject is an application when a build above applies the plugin to its subprojects: on its first line
    // (`buildSrc` builds the build's own logic: never a subproject)
    const first = /[^\s]/.exec(input.text)?.index ?? 0;
    const end = input.text.indexOf('\n', first);
    services = [{ ...applicationModule(input, input.lines.range(first, end < 0 ? input.text.length : end)), condition: subprojectCondition(input.folder) }];
  }
  if (isTestFolder(input.folder)) services = undefined;
  return { dependencies: gradleDependencies(input), problems: [], ...(services ? { services } : {}), ...(boot.subprojects ? { hints: { enables: [`gradle-boot-subprojects ${input.folder}`] } } : {}) };
}

/**
 * A Gradle script with its comments blanked (offsets kept): line and block comments outside
 * strings (single, double and triple quotes), so a glob pattern or a URL in a string is no comment
 * and a commented-out dependency is no dependency. One pass.
 */
function blankGradleComments(text: string): string {
  const out: string[] = [];
  let copied = 0;
  const blank = (from: number, to: number) => {
    out.push(text.slice(copied, from), text.slice(from, to).replace(/[^\r\n]/g, ' '));
    copied = to;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      if (text.startsWith(c.repeat(3), i)) {
        const end = text.indexOf(c.repeat(3), i + 3);
        i = end < 0 ? text.length : end + 3;
        continue;
      }
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      const to = nl < 0 ? text.length : nl;
      blank(i, to);
      i = to;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      // never closed: the compiler fails; nothing after it is hidden
      if (end < 0) break;
      blank(i, end + 2);
      i = end + 2;
    } else i++;
  }
  out.push(text.slice(copied));
  return out.join('');
}

/**
 * The statements of a Gradle script: each line cut at `{`, `}` and `;` (outside strings and
 * parentheses), with the names of the blocks open around it (`dependencies`, `subprojects`,
 * `plugins`; for `implementation("g:a") {` the block is `implementation`). Good enough for build
 * scripts; not a Groovy/Kotlin parser.
 */
function* gradleStatements(code: string): Generator<{ text: string; start: number; block: string | undefined; inDependencies: boolean }> {
  const blocks: string[] = [];
  // how many `dependencies` blocks are open (not a copy of the stack per statement: linear however deep)
  let dependencies = 0;
  for (const line of linesOf(code)) {
    const content = line.content;
    let from = 0;
    let parens = 0;
    let word = '';
    let last = '';
    for (let i = 0; i <= content.length; i++) {
      const c = content[i];
      if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < content.length && content[j] !== c) j += content[j] === '\\' ? 2 : 1;
        i = j;
        word = '';
        continue;
      }
      if (c !== undefined && /[A-Za-z0-9_]/.test(c)) {
        word += c;
        continue;
      }
      if (word && parens === 0) last = word;
      word = '';
      if (c === '(') parens++;
      else if (c === ')') parens = Math.max(0, parens - 1);
      if (c === undefined || (parens === 0 && (c === '{' || c === '}' || c === ';'))) {
        yield { text: content.slice(from, i), start: line.start + from, block: blocks[blocks.length - 1], inDependencies: dependencies > 0 };
        if (c === '{') {
          blocks.push(last);
          if (last === 'dependencies') dependencies++;
        } else if (c === '}' && blocks.length) {
          if (blocks.pop() === 'dependencies') dependencies--;
        }
        from = i + 1;
        last = '';
      }
    }
  }
}

/** A plugin id Gradle resolves from a repository: not a core plugin (`java`, `application`: no dot, or `org.gradle.*`). */
function isCommunityPlugin(id: string): boolean {
  return /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/.test(id) && !id.startsWith('org.gradle.');
}

function gradleDependencies(input: ScanInput): ManifestDependency[] {
  const out: ManifestDependency[] = [];
  const push = (name: string, start: number, end: number, section: string) => {
    const dep = dependency(input, 'maven', name, start, end, section);
    if (dep) out.push(dep);
  };
  /** A call whose coordinates go on over the next lines (`implementation(` or a trailing `,`): its configuration, and whether a `)` ends it. */
  let pending: { name: string; paren: boolean } | undefined;
  /** Named arguments over several lines (`group: 'g',` then `name: 'a'`): what was read so far, offsets absolute. */
  let named: { name: string; paren: boolean; group?: { value: string; start: number; end: number }; artifact?: { value: string; start: number; end: number } } | undefined;
  const takeNamed = (code: string, lineStart: number): void => {
    if (!named) return;
    const at = (arg: { value: string; start: number; end: number } | undefined) => arg && { value: arg.value, start: lineStart + arg.start, end: lineStart + arg.end };
    named.group ??= at(namedArgument(code, 'group'));
    named.artifact ??= at(namedArgument(code, 'name'));
    if (named.group && named.artifact) {
      push(`${named.group.value}:${named.artifact.value}`, named.artifact.start, named.artifact.end, named.name);
      named = undefined;
    } else if (named.paren ? code.includes(')') : !code.trimEnd().endsWith(',')) named = undefined;
  };
  /** Every quoted coordinate from `from` on, separated by commas: `'g:a:1', 'g:b:1'`. Returns where the list stopped. */
  const literals = (code: string, lineStart: number, from: number, name: string): number => {
    let at = from;
    for (;;) {
      const literal = quotedAt(code, at);
      if (!literal) return at;
      const c = coordinate(literal.value);
      if (c) {
        const start = lineStart + literal.start + c.artifactOffset;
        push(`${c.group}:${c.artifact}`, start, start + c.artifact.length, name);
      }
      const comma = /^\s*,\s*/.exec(code.slice(literal.end + 1));
      if (!comma) return literal.end + 1;
      at = literal.end + 1 + comma[0].length;
      if (at >= code.trimEnd().length) return at;
    }
  };
  for (const statement of gradleStatements(blankGradleComments(input.text))) {
    const code = statement.text;
    const lineStart = statement.start;
    const block = statement.block;
    if (named) {
      // the named arguments of a call begun on a line above
      if (code.trim() !== '') takeNamed(code, lineStart);
      continue;
    }
    if (pending) {
      // the coordinates of a call begun on a line above
      if (code.trim() === '') continue;
      if (!quotedAt(code, /^\s*/.exec(code)![0].length) && (namedArgument(code, 'group') || namedArgument(code, 'name'))) {
        // `implementation(` then `group = "g",` / `name = "a"` on the lines below
        named = { name: pending.name, paren: pending.paren };
        pending = undefined;
        takeNamed(code, lineStart);
        continue;
      }
      const lead = /^\s*/.exec(code)![0].length;
      const stop = literals(code, lineStart, lead, pending.name);
      if (stop > lead) {
        // more on the next line after a trailing comma, or until the call's `)`
        if (!code.trimEnd().endsWith(',') && !(pending.paren && !code.slice(stop).includes(')'))) pending = undefined;
        continue;
      }
      // not a coordinate: the call is over, and this line is read as any other
      pending = undefined;
    }
    // `implementation …`, `implementation(…)`, and Kotlin's `"implementation"(…)`
    const call = /^\s*(["']?)([A-Za-z][A-Za-z0-9]*)\1[\s(]+/.exec(code);
    if (!call) continue;
    const name = call[2];
    let rest = call[0].length;
    if (name === 'id' || (name === 'kotlin' && block === 'plugins')) {
      // a plugin: `id("x")`, `id 'x'`, and in `plugins { }` Kotlin's `kotlin("jvm")` (`org.jetbrains.kotlin.jvm`)
      const id = quotedAt(code, rest);
      const value = id && (name === 'kotlin' ? `org.jetbrains.kotlin.${id.value}` : id.value);
      if (id && value && isCommunityPlugin(value)) push(`${value}:${value}.gradle.plugin`, lineStart + id.start, lineStart + id.end, 'plugin');
      continue;
    }
    // a configuration by its name anywhere, or any configuration a build makes itself, inside `dependencies { }`
    if (!isConfiguration(name) && block !== 'dependencies' && !(block === 'constraints' && statement.inDependencies)) continue;
    // `implementation(platform("g:a:v"))`, `implementation enforcedPlatform('g:a:v')`, `implementation(kotlin("stdlib"))`
    const wrapper = /^(platform|enforcedPlatform|testFixtures|kotlin)[\s(]+/.exec(code.slice(rest));
    if (wrapper) rest += wrapper[0].length;
    if (wrapper?.[1] === 'kotlin') {
      const module = quotedAt(code, rest);
      if (module && /^[A-Za-z0-9_.-]+$/.test(module.value)) push(`org.jetbrains.kotlin:kotlin-${module.value}`, lineStart + module.start, lineStart + module.end, name);
      continue;
    }
    const paren = call[0].includes('(');
    if (code.slice(rest).trim() === '' && paren) {
      // `implementation(` with its coordinates on the lines below
      pending = { name, paren: true };
      continue;
    }
    if (quotedAt(code, rest)) {
      const stop = literals(code, lineStart, rest, name);
      // a trailing comma goes on over the next line (`runtimeOnly 'a',` then `'b'`)
      if (code.trimEnd().endsWith(',') || (paren && !code.slice(stop).includes(')'))) pending = { name, paren };
      continue;
    }
    // named arguments: `group = "g", name = "a"` (Kotlin) or `group: 'g', name: 'a'` (Groovy)
    const group = namedArgument(code, 'group');
    const artifact = namedArgument(code, 'name');
    if (group && artifact) push(`${group.value}:${artifact.value}`, lineStart + artifact.start, lineStart + artifact.end, name);
    else if ((group || artifact) && (paren ? !code.slice(rest).includes(')') : code.trimEnd().endsWith(','))) {
      // the rest of the map on the lines below (`implementation group: 'g',` then `name: 'a'`)
      named = { name, paren };
      takeNamed(code, lineStart);
    }
  }
  return out;
}

function namedArgument(code: string, key: string): { value: string; start: number; end: number } | undefined {
  const m = new RegExp(`\\b${key}\\s*[=:]\\s*(?=["'])`).exec(code);
  return m ? quotedAt(code, m.index + m[0].length) : undefined;
}

/** `gradle/libs.versions.toml`: `[libraries]` (`"g:a:v"`, `{ module = "g:a" }`, `{ group, name }`) and `[plugins]` (`{ id = "…" }`, `"id:version"`). */
export function scanVersionCatalog(input: ScanInput): { dependencies: ManifestDependency[]; problems: Problems } {
  const { entries, problems } = parseToml(input);
  const out: ManifestDependency[] = [];
  // each alias once, at its first line, however it is written: `a = "g:a:v"`, an inline table,
  // dotted keys (`a.module = "g:a"`) or a table of its own (`[libraries.a]`)
  const aliases = new Map<string, { table: string; parts: Map<string, { value: string; start: number; end: number }> }>();
  for (const entry of entries) {
    const [table, alias, key] = entry.path;
    if ((table !== 'libraries' && table !== 'plugins') || alias === undefined || entry.path.length > 3) continue;
    const value = tomlString(entry.value);
    if (!value || (entry.path.length === 3 && !['module', 'group', 'name', 'id'].includes(key))) continue;
    const record = aliases.get(`${table}.${alias}`) ?? { table, parts: new Map() };
    aliases.set(`${table}.${alias}`, record);
    record.parts.set(key ?? '', value);
  }
  for (const [qualified, { table, parts }] of aliases) {
    const alias = qualified.slice(table.length + 1);
    if (table === 'libraries') {
      const literal = parts.get('') ?? parts.get('module');
      const c = literal && coordinate(literal.value);
      if (literal && c) {
        const start = literal.start + c.artifactOffset;
        const dep = dependency(input, 'maven', `${c.group}:${c.artifact}`, start, start + c.artifact.length, `library ${alias}`);
        if (dep) out.push(dep);
        continue;
      }
      const group = parts.get('group');
      const name = parts.get('name');
      if (group && name) {
        const dep = dependency(input, 'maven', `${group.value}:${name.value}`, name.start, name.end, `library ${alias}`);
        if (dep) out.push(dep);
      }
    } else {
      const id = parts.get('id') ?? parts.get('');
      if (!id) continue;
      const value = id.value.split(':')[0];
      const dep = dependency(input, 'maven', `${value}:${value}.gradle.plugin`, id.start, id.start + value.length, `plugin ${alias}`);
      if (dep) out.push(dep);
    }
  }
  return { dependencies: out, problems };
}

/**
 * The language a Gradle script builds: Kotlin when it applies a Kotlin plugin (`kotlin("jvm")`,
 * `id("org.jetbrains.kotlin.jvm")`, `id 'org.jetbrains.kotlin.android'`, `apply plugin: 'kotlin'`,
 * a catalog alias `alias(libs.plugins.kotlin.jvm)`, or the Kotlin Gradle plugin on the buildscript
 * classpath), else Java. The script's own language (`.kts`) says nothing: Java projects use it too.
 */
export function gradleLanguage(text: string): 'kotlin' | 'java' {
  const code = blankGradleComments(text);
  return /(^|[^\w.])kotlin\s*\(\s*["'][\w.-]+["']\s*\)|["']org\.jetbrains\.kotlin[.:][\w.-]+|apply\s*(?:\(\s*)?plugin\s*[:=]\s*["']kotlin(-[\w-]+)?["']|alias\s*\(\s*libs\.plugins\.kotlin\b/m.test(code) ? 'kotlin' : 'java';
}

/** The language a pom.xml builds: Kotlin with the kotlin-maven-plugin, else Java. */
export function pomLanguage(text: string): 'kotlin' | 'java' {
  return /<artifactId>\s*kotlin-maven-plugin\s*<\/artifactId>/.test(blankComments(text, XML_COMMENTS)) ? 'kotlin' : 'java';
}
