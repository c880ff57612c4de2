/**
 * Dockerfiles and Containerfiles: the first `FROM` instruction starts a new deployable image.
 * The reader follows Docker's own line rules: parser directives (`# escape=`), comments, blank
 * lines, line continuations, a BOM and CRLF; `from` is case-insensitive.
 */
import type { ScaffoldingFacts } from './types';
import { emptyFacts, folderServiceName, isTestFolder, linesOf, type ScanInput, serviceFact } from './scanUtil';

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

/** A variant name, also with a version (`node18`, `py3.12`, `alpine3.19`, `v2`, `3.11`). */
function isVariant(stem: string): boolean {
  const lower = stem.toLowerCase();
  if (VARIANT_NAMES.has(lower)) return true;
  if (/^v?\d+([._-]\d+)*$/.test(lower)) return true;
  const word = lower.replace(/[-_.]?v?\d+([._-]\d+)*$/, '');
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

/** Categories of technologies whose stock image, configured and seeded in a one-stage Dockerfile, is infrastructure, not own code. */
const INFRASTRUCTURE_CATEGORIES = new Set(['datastore', 'messaging', 'search']);

/** Every `FROM` line of a Dockerfile: its offsets and its image (`--platform` skipped, `AS stage` dropped). */
export function fromInstructions(text: string): Array<{ start: number; end: number; image: string }> {
  const out: Array<{ start: number; end: number; image: string }> = [];
  for (const from of instructions(text)) {
    if (from.keyword !== 'from') continue;
    const args = from.args.split(/\s+/).filter((a) => a !== '' && !a.startsWith('--'));
    out.push({ start: from.start, end: from.end, image: args[0] ?? '' });
  }
  return out;
}

/**
 * The instructions of a Dockerfile, by Docker's own line rules: parser directives (`# escape=`),
 * comments, blank lines, line continuations, a BOM and CRLF; keywords in any case. Each with the
 * offsets of its first line's text.
 */
function* instructions(text: string): Generator<{ keyword: string; args: string; start: number; end: number }> {
  let escape = '\\';
  let directives = true;
  let current: { keyword: string; args: string; start: number; end: number } | undefined;
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
      const m = /^(\S+)\s*(.*)$/.exec(body.trim());
      const start = line.start + (content.length - content.trimStart().length);
      current = { keyword: (m?.[1] ?? '').toLowerCase(), args: m?.[2] ?? '', start, end: line.start + body.trimEnd().length };
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

export function scanDockerfile(input: ScanInput): ScaffoldingFacts {
  const facts = emptyFacts();
  const froms = fromInstructions(input.text);
  const from = froms[0];
  if (!from) return facts;
  const range = input.lines.range(from.start, from.end);
  // a stock datastore, seeded and configured in one stage (FROM mysql + COPY init.sql), is the
  // datastore: a technology, not a service of its own
  const category = froms.length === 1 ? input.ctx.imageCategory(from.image) : undefined;
  if (category && INFRASTRUCTURE_CATEGORIES.has(category)) {
    facts.images.push({ image: from.image, range });
    return facts;
  }
  // images built for the tests run the tests; they are not deployed
  if (isTestFolder(input.folder)) return facts;
  const own = nameFromFile(input.base);
  if (own) {
    facts.services.push(serviceFact(input, own, range, 'dockerfile', { place: input.relPath }));
    return facts;
  }
  // only the workspace root's own Dockerfile (and its variants) is the monolith itself
  if (input.folder === '') facts.services.push(serviceFact(input, '', range, 'dockerfile', { root: true }));
  else facts.services.push(serviceFact(input, folderServiceName(input.folder)!, range, 'dockerfile', { fromPath: true }));
  return facts;
}
