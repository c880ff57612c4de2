/**
 * Dockerfiles and Containerfiles: the first `FROM` instruction starts a new deployable image.
 * The reader follows Docker's own line rules: parser directives (`# escape=`), comments, blank
 * lines, line continuations, a BOM and CRLF; `from` is case-insensitive.
 */
import type { ScaffoldingFacts } from './types';
import { emptyFacts, folderServiceName, isDevEnvironment, isTestFolder, isTestName, linesOf, type ScanInput, serviceFact } from './scanUtil';
import { trimChars } from '../text';

/** `Dockerfile`, `Containerfile`, `Dockerfile.prod`, `worker.Dockerfile` (any case). */
export function isDockerfileName(base: string): boolean {
  const lower = base.toLowerCase();
  if (lower.endsWith('.dockerignore') || lower.endsWith('.md')) return false;
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.startsWith('dockerfile.') ||
    lower.startsWith('containerfile.') ||
    /^(docker|container)file[-_][^/]+$/.test(lower) ||
    (lower.endsWith('.dockerfile') && lower.length > '.dockerfile'.length) ||
    (lower.endsWith('.containerfile') && lower.length > '.containerfile'.length)
  );
}

/**
 * Suffixes and stems that name a variant of the folder's image (`Dockerfile.dev`, `prod.Dockerfile`,
 * `Dockerfile.bun`), not another service: environments, build stages, runtimes and package
 * managers, base systems, architectures and accelerators, browsers for test images.
 */
const VARIANT_NAMES = new Set([
  'dev', 'develop', 'development', 'prod', 'production', 'local', 'test', 'tests', 'testing', 'ci', 'debug', 'release',
  'staging', 'stage', 'qa', 'e2e', 'preview', 'demo', 'sandbox', 'nightly', 'canary', 'hotfix',
  'base', 'build', 'builder', 'runtime', 'runner', 'deps', 'dependencies', 'tools', 'toolbox', 'dist', 'full', 'minimal', 'min', 'lite', 'multi', 'multistage', 'single',
  'alpine', 'slim', 'distroless', 'scratch', 'debian', 'ubuntu', 'bookworm', 'bullseye', 'buster', 'jammy', 'focal', 'noble', 'centos', 'rhel', 'ubi', 'fedora', 'amazonlinux', 'windows', 'linux', 'macos', 'nanoserver', 'servercore',
  'amd64', 'arm', 'arm64', 'aarch64', 'x86', 'x64', 'x86_64', 'armv7', 'ppc64le', 's390x', 'gpu', 'cpu', 'cuda', 'rocm', 'nvidia', 'tpu',
  'node', 'bun', 'deno', 'npm', 'pnpm', 'yarn', 'python', 'pip', 'poetry', 'uv', 'conda', 'ruby', 'go', 'golang', 'java', 'jdk', 'jre', 'maven', 'gradle', 'dotnet', 'php', 'rust', 'musl', 'glibc', 'native', 'graalvm', 'jvm',
  'chromium', 'chrome', 'firefox', 'webkit', 'browser', 'browsers', 'headless', 'selenium', 'puppeteer',
  'offline', 'online', 'cache', 'cached', 'nocache', 'root', 'rootless', 'nonroot', 'hardened', 'fips', 'static', 'dynamic', 'docs', 'devcontainer', 'gitpod', 'codespaces', 'local-dev', 'hot-reload',
]);

/** `node18` → `node`, `alpine3.19` → `alpine`, `py-3.11` → `py`: the trailing version taken off, scanning back once. */
function withoutVersion(word: string): string {
  let i = word.length;
  const digits = () => {
    const end = i;
    while (i > 0 && word[i - 1] >= '0' && word[i - 1] <= '9') i--;
    return i < end;
  };
  if (!digits()) return word;
  while (i > 1 && '._-'.includes(word[i - 1]) && word[i - 2] >= '0' && word[i - 2] <= '9') {
    i--;
    digits();
  }
  if (i > 0 && word[i - 1] === 'v') i--;
  if (i > 0 && '-_.'.includes(word[i - 1])) i--;
  return word.slice(0, i);
}

/** A variant name, also with a version (`node18`, `py3.12`, `alpine3.19`, `v2`, `3.11`). */
function isVariant(stem: string): boolean {
  const lower = stem.toLowerCase();
  if (VARIANT_NAMES.has(lower)) return true;
  if (/^v?\d+([._-]\d+)*$/.test(lower)) return true;
  const word = withoutVersion(lower);
  if (word !== lower && (VARIANT_NAMES.has(word) || word === 'py')) return true;
  // a combination of variant words: `prod-alpine`, `dev.arm64`
  return lower.split(/[-_.]/).every((part) => VARIANT_NAMES.has(part) || /^v?\d+$/.test(part));
}

/** The name a Dockerfile's own file name gives (`worker.Dockerfile`, `Dockerfile.worker`), if any. */
function nameFromFile(base: string): string | undefined {
  const lower = base.toLowerCase();
  let stem: string | undefined;
  for (const kind of ['dockerfile', 'containerfile']) {
    if (lower.endsWith(`.${kind}`)) stem = base.slice(0, -(kind.length + 1));
    else if (lower.startsWith(`${kind}.`)) stem = base.slice(kind.length + 1);
    else if (lower.startsWith(`${kind}-`) || lower.startsWith(`${kind}_`)) stem = base.slice(kind.length + 1);
  }
  return stem && !isVariant(stem) ? stem : undefined;
}

/**
 * Categories of technologies whose image runs no code of the team's: whatever is copied in
 * (schemas, seed data, dumps) is data, so a stage that copies a folder is still the datastore.
 */
const DATA_CATEGORIES = new Set(['datastore', 'messaging', 'search']);

/** Every `FROM` line of a Dockerfile: its offsets, its image (`--platform` skipped, `ARG` defaults resolved) and its stage name. */
export function fromInstructions(text: string): Array<{ start: number; end: number; image: string; stage?: string }> {
  return dockerfileStages(text).map(({ from }) => from);
}

interface Instruction {
  keyword: string;
  args: string;
  start: number;
  end: number;
}

interface Stage {
  from: { start: number; end: number; image: string; stage?: string };
  instructions: Instruction[];
}

/** `${NAME}`, `${NAME:-default}`, `$NAME` replaced from `args`; what cannot be resolved is left as written. */
function substitute(value: string, args: Map<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+]([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    return args.get(name) ?? fallback ?? whole;
  });
}

/** The stages of a Dockerfile: each `FROM` (image resolved through `ARG` defaults) with the instructions after it. */
export function dockerfileStages(text: string): Stage[] {
  const stages: Stage[] = [];
  const args = new Map<string, string>();
  for (const ins of instructions(text)) {
    if (ins.keyword === 'arg') {
      // `ARG NAME=value` (several per line allowed); a later default does not change an earlier FROM
      for (const m of ins.args.matchAll(/(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g)) if (stages.length === 0) args.set(m[1], m[2].replace(/^["']|["']$/g, ''));
    }
    if (ins.keyword === 'from') {
      const words = ins.args.split(/\s+/).filter((a) => a !== '' && !a.startsWith('--'));
      const stage = words[1]?.toLowerCase() === 'as' ? words[2] : undefined;
      stages.push({ from: { start: ins.start, end: ins.end, image: substitute(words[0] ?? '', args), ...(stage ? { stage } : {}) }, instructions: [] });
    } else stages[stages.length - 1]?.instructions.push(ins);
  }
  return stages;
}

/**
 * The instructions of a Dockerfile, by Docker's own line rules: parser directives (`# escape=`),
 * comments, blank lines, line continuations, a BOM and CRLF; keywords in any case. Each with the
 * offsets of its first line's text.
 */
function* instructions(text: string): Generator<Instruction> {
  let escape = '\\';
  let directives = true;
  let current: Instruction | undefined;
  const endsWithEscape = (content: string) => content.trimEnd().endsWith(escape);
  for (const line of linesOf(text)) {
    const content = line.start === 0 && line.content.charCodeAt(0) === 0xfeff ? ' ' + line.content.slice(1) : line.content;
    const trimmed = content.trim();
    if (directives) {
      const directive = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(\S+)\s*$/.exec(trimmed);
      if (directive) {
        if (directive[1].toLowerCase() === 'escape' && (directive[2] === '`' || directive[2] === '\\')) escape = directive[2];
        continue;
      }
      directives = false;
    }
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const body = endsWithEscape(content) ? content.trimEnd().slice(0, -escape.length) : content;
    if (current) {
      current.args += ` ${body.trim()}`;
    } else {
      // the keyword is the first word, the arguments the rest (split by position, not by a backtracking pattern)
      const instruction = body.trim();
      const space = instruction.search(/\s/);
      const keyword = space < 0 ? instruction : instruction.slice(0, space);
      const start = line.start + (content.length - content.trimStart().length);
      current = { keyword: keyword.toLowerCase(), args: space < 0 ? '' : instruction.slice(space).trimStart(), start, end: line.start + body.trimEnd().length };
    }
    if (!endsWithEscape(content)) {
      yield current;
      current = undefined;
    }
  }
  if (current) yield current;
}

/** Offsets of the first `FROM` instruction's text on its line, or undefined when there is none. */
export function findFirstFrom(text: string): { start: number; end: number } | undefined {
  const first = fromInstructions(text)[0];
  return first && { start: first.start, end: first.end };
}

/**
 * The place of the service a Dockerfile builds, by its workspace-relative path: the file itself
 * when its name names a service (`docker/api.Dockerfile`), else its folder ('' at the root).
 */
export function dockerfilePlace(relPath: string): string {
  const slash = relPath.lastIndexOf('/');
  return nameFromFile(relPath.slice(slash + 1)) ? relPath : slash < 0 ? '' : relPath.slice(0, slash);
}

/**
 * Programs that build a team's sources: a `RUN` of one of them means the image is built from
 * own code (a wrapper's `RUN` installs packages and plugins: `apk add`, `gem install
 * fluent-plugin-…`, `grafana-cli plugins install`).
 */
const BUILD_TOOLS = /(^|[\s;&|(])(go\s+(build|install|generate)|cargo\s+(build|install)|mvnw?|\.\/mvnw|gradlew?|\.\/gradlew|npm|npx|yarn|pnpm|bun|pip3?\s+install\s+(-r|--requirement|-e|--editable|\.)|poetry|pipenv|uv\s+(sync|pip)|bundle\s+(install|exec)|composer|dotnet\s+(build|publish|restore)|make|cmake|gcc|g\+\+|javac|mix|rebar3|rustc|tsc|webpack|vite|sbt|swift\s+build)(\s|$|;)/;

/** Files that configure a stock image: by extension, or by their whole name. */
const CONFIG_EXTENSIONS = /\.(conf|cnf|cfg|config|ini|ya?ml|json|toml|xml|properties|env|sql|sql\.gz|dump|sh|template|tmpl|tpl|j2|pem|crt|key|cert|htpasswd|rules|hcl|types|list|txt|csv|rb|d)$/i;
const CONFIG_FILES = new Set(['caddyfile', 'corefile', 'htpasswd', '.htpasswd', 'nginx.conf', 'dockerfile', 'mime.types', 'robots.txt', 'license', 'entrypoint']);
/** Folders of configuration, plugins and seed data (by their own name). */
const CONFIG_FOLDERS = new Set(['conf', 'config', 'configs', 'configuration', 'conf.d', 'etc', 'provisioning', 'dashboards', 'datasources', 'plugins', 'plugin', 'rules', 'alerts', 'alerting', 'templates', 'certs', 'ssl', 'tls', 'secrets', 'init', 'initdb', 'initdb.d', 'docker-entrypoint-initdb.d', 'sql', 'seed', 'seeds', 'data', 'scripts', 'nginx', 'grafana', 'prometheus', 'fluentd', 'fluent-bit', 'loki', 'promtail', 'alertmanager', 'mysql', 'postgres', 'redis', 'traefik', 'envoy', 'haproxy', 'caddy', 'keycloak', 'realms', 'import']);

/** The source paths of a `COPY`/`ADD` (flags, the destination and heredocs left out), or undefined for a copy from another stage or image. */
function copySources(args: string): string[] | undefined {
  const trimmed = args.trim();
  if (/(^|\s)--from=/.test(trimmed)) return undefined;
  let words: string[];
  if (trimmed.replace(/^(--\S+\s+)*/, '').startsWith('[')) {
    try {
      words = JSON.parse(trimmed.replace(/^(--\S+\s+)*/, '')) as string[];
    } catch {
      words = trimmed.split(/\s+/);
    }
  } else words = trimmed.split(/\s+/).filter((w) => w !== '' && !w.startsWith('--'));
  return words.slice(0, -1).filter((w) => !w.startsWith('<<'));
}

/** True when a copied path is configuration, plugins or data for the image, not the team's sources. */
function isConfigPath(source: string): boolean {
  if (/^[a-z]+:\/\//i.test(source)) return true; // ADD https://…: a downloaded plugin or file
  const clean = trimChars(source.replace(/\\/g, '/'), '/', 'end').replace(/^\.\//, '');
  if (clean === '' || clean === '.' || clean.includes('*') || clean.includes('$')) return false;
  const base = clean.slice(clean.lastIndexOf('/') + 1).toLowerCase();
  return CONFIG_FILES.has(base) || CONFIG_FOLDERS.has(base) || CONFIG_EXTENSIONS.test(base);
}

/**
 * The stock image a Dockerfile only wraps, or undefined when it builds the team's own code. A
 * wrapper's every stage starts from a known technology's image (`grafana/grafana`,
 * `prom/prometheus`, `nginx`, `mysql`, `fluent/fluentd`, or a stage of its own), runs no build
 * tool, and copies in only configuration, plugins and data; for a datastore, broker or search
 * engine, anything copied in is data. Whatever else is own code: a service.
 */
function stockImageWrapped(stages: Stage[], ctx: ScanInput['ctx']): Stage['from'] | undefined {
  const names = new Set(stages.map((s) => s.from.stage?.toLowerCase()).filter((n): n is string => !!n));
  let category: string | undefined;
  for (const stage of stages) {
    const image = stage.from.image;
    if (names.has(image.toLowerCase())) continue;
    category = ctx.imageCategory(image);
    if (!category) return undefined;
    for (const ins of stage.instructions) {
      if (ins.keyword === 'run' && BUILD_TOOLS.test(ins.args)) return undefined;
      if (ins.keyword !== 'copy' && ins.keyword !== 'add') continue;
      const sources = copySources(ins.args);
      if (sources === undefined) {
        // from another stage of this file (checked as a stage) or from an image: a tool copied in
        continue;
      }
      if (!DATA_CATEGORIES.has(category) && !sources.every(isConfigPath)) return undefined;
    }
    // a datastore image that gets the team's code and runs it (a runtime installed, or a CMD /
    // ENTRYPOINT that starts copied code) is a service dressed as a datastore, not its data
    if (DATA_CATEGORIES.has(category) && runsOwnCode(stage.instructions)) return undefined;
  }
  // the image that runs: the last stage's, through the stages it starts from
  let last: Stage['from'] | undefined = stages[stages.length - 1]?.from;
  for (let guard = 0; last && names.has(last.image.toLowerCase()) && guard < stages.length; guard++) {
    const image = last.image.toLowerCase();
    last = stages.find((s) => s.from.stage?.toLowerCase() === image)?.from;
  }
  return last;
}

/** Language runtimes: installed by a package manager, or the program a CMD / ENTRYPOINT starts. */
const RUNTIMES = new Set(['node', 'nodejs', 'npm', 'python', 'python3', 'pip', 'pip3', 'java', 'openjdk', 'default-jre', 'default-jdk', 'ruby', 'php', 'php-cli', 'php-fpm', 'golang', 'go', 'dotnet', 'deno', 'bun', 'perl', 'uvicorn', 'gunicorn']);
const PACKAGE_MANAGERS = new Set(['apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf', 'zypper']);

/**
 * True when a stage copies in files that are not configuration (the team's code) and installs a
 * language runtime (`apt-get install -y nodejs`, `apk add python3`, `openjdk-17-jre`) or its CMD /
 * ENTRYPOINT starts one, or a program in a folder it copied them to (`COPY . /app` +
 * `CMD ["/app/server"]`). Without copied code there is nothing of the team's to run: an image that
 * starts its own bundled program (`amazon/dynamodb-local` with `ENTRYPOINT java -jar DynamoDBLocal.jar`)
 * is still that technology.
 */
function runsOwnCode(instructions: readonly Instruction[]): boolean {
  const copiesCode = instructions.some((ins) => {
    if (ins.keyword !== 'copy' && ins.keyword !== 'add') return false;
    const sources = copySources(ins.args);
    return sources !== undefined && !sources.every(isConfigPath);
  });
  if (!copiesCode) return false;
  const copiedTo: string[] = [];
  const runtime = (word: string) => {
    // `nodejs=18.*`, `python3.12`, `openjdk-17-jre-headless`, `php8.2-cli`: the package's name without its version
    let name = word.split(/[=:]/)[0].toLowerCase();
    for (const suffix of ['-headless', '-jre', '-jdk', '-cli', '-fpm']) if (name.endsWith(suffix)) name = name.slice(0, -suffix.length);
    let end = name.length;
    while (end > 0 && '0123456789.-'.includes(name[end - 1])) end--;
    return RUNTIMES.has(name) || RUNTIMES.has(name.slice(0, end)) || name.startsWith('openjdk');
  };
  for (const ins of instructions) {
    if (ins.keyword === 'run') {
      for (const command of ins.args.split(/&&|\|\||;|\|/)) {
        const words = command.trim().split(/\s+/);
        const manager = words.findIndex((w) => PACKAGE_MANAGERS.has(w));
        if (manager >= 0 && words.slice(manager + 1).some((w) => w === 'install' || w === 'add') && words.slice(manager + 2).some((w) => !w.startsWith('-') && runtime(w))) return true;
      }
    } else if (ins.keyword === 'copy' || ins.keyword === 'add') {
      const sources = copySources(ins.args);
      if (!sources || sources.every(isConfigPath)) continue;
      const words = ins.args.trim().startsWith('[') ? (safeJson(ins.args.trim()) ?? []) : ins.args.trim().split(/\s+/);
      const destination = words[words.length - 1];
      if (destination && destination !== '.' && destination !== './') copiedTo.push(trimChars(destination, '/', 'end'));
    } else if (ins.keyword === 'cmd' || ins.keyword === 'entrypoint') {
      const trimmed = ins.args.trim();
      const words = trimmed.startsWith('[') ? (safeJson(trimmed) ?? []) : trimmed.split(/\s+/);
      const program = words[0] ?? '';
      const base = program.slice(program.lastIndexOf('/') + 1);
      if (runtime(base)) return true;
      if (program.startsWith('./') || copiedTo.some((dir) => dir !== '' && (program === dir || program.startsWith(`${dir}/`)))) return true;
    }
  }
  return false;
}

function safeJson(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : undefined;
  } catch {
    return undefined;
  }
}

export function scanDockerfile(input: ScanInput): ScaffoldingFacts {
  const facts = emptyFacts();
  const stages = dockerfileStages(input.text);
  const from = stages[0]?.from;
  if (!from) return facts;
  const range = input.lines.range(from.start, from.end);
  // what this file builds from: another folder's image among them is a base image, not a service
  const stageNames = new Set(stages.map((s) => s.from.stage?.toLowerCase()));
  const bases = [...new Set(stages.map((s) => s.from.image).filter((i) => i !== '' && i !== 'scratch' && !stageNames.has(i.toLowerCase()) && !i.includes('$')))];
  if (bases.length) facts.hints = { bases: bases.map((image) => ({ image, from: dockerfilePlace(input.relPath) })) };
  // a stock image with only configuration, plugins or data added (FROM grafana/grafana + its
  // provisioning, FROM mysql + seed SQL) is that technology, not a service of its own
  const wrapped = stockImageWrapped(stages, input.ctx);
  if (wrapped) {
    facts.images.push({ image: wrapped.image, range: input.lines.range(wrapped.start, wrapped.end) });
    facts.hints = { ...facts.hints, wrapped: [dockerfilePlace(input.relPath)] };
    return facts;
  }
  // images built for the tests run the tests; they are not deployed
  if (isTestFolder(input.folder)) return facts;
  const own = nameFromFile(input.base);
  // named for a test tool (`Dockerfile.cypress`) it runs the tests; for a development environment (`.gitpod.Dockerfile`) it is worked in
  if (own && (isTestName(own) || isDevEnvironment(own))) return facts;
  if (own) {
    facts.services.push(serviceFact(input, own, range, 'dockerfile', { place: input.relPath }));
    return facts;
  }
  // only the workspace root's own Dockerfile (and its variants) is the monolith itself
  if (input.folder === '') facts.services.push(serviceFact(input, '', range, 'dockerfile', { root: true }));
  else facts.services.push(serviceFact(input, folderServiceName(input.folder)!, range, 'dockerfile', { fromPath: true }));
  return facts;
}
