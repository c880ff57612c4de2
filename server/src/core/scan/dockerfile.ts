/**
 * Dockerfiles and Containerfiles: the first `FROM` instruction starts a new deployable image.
 * The reader follows Docker's own line rules: parser directives (`# escape=`), comments, blank
 * lines, line continuations, a BOM and CRLF; `from` is case-insensitive.
 */
import type { ScaffoldingFacts } from './scaffolding';
import { emptyFacts, linesOf, nearestNamedFolder, type ScanInput, serviceFact } from './scanUtil';

/** `Dockerfile`, `Containerfile`, `Dockerfile.prod`, `worker.Dockerfile` (any case). */
export function isDockerfileName(base: string): boolean {
  const lower = base.toLowerCase();
  if (lower.endsWith('.dockerignore') || lower.endsWith('.md')) return false;
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.startsWith('dockerfile.') ||
    lower.startsWith('containerfile.') ||
    (lower.endsWith('.dockerfile') && lower.length > '.dockerfile'.length) ||
    (lower.endsWith('.containerfile') && lower.length > '.containerfile'.length)
  );
}

/** Suffixes and stems that name a variant of the same image, not another service. */
const VARIANT_NAMES = new Set([
  'dev',
  'develop',
  'development',
  'prod',
  'production',
  'local',
  'test',
  'tests',
  'testing',
  'ci',
  'debug',
  'release',
  'staging',
  'stage',
  'qa',
  'e2e',
  'base',
  'alpine',
  'slim',
  'distroless',
  'build',
  'builder',
  'windows',
  'linux',
]);

/** The name a Dockerfile's own file name gives (`worker.Dockerfile`, `Dockerfile.worker`), if any. */
function nameFromFile(base: string): string | undefined {
  const lower = base.toLowerCase();
  let stem: string | undefined;
  for (const kind of ['dockerfile', 'containerfile']) {
    if (lower.endsWith(`.${kind}`)) stem = base.slice(0, -(kind.length + 1));
    else if (lower.startsWith(`${kind}.`)) stem = base.slice(kind.length + 1);
  }
  return stem && !VARIANT_NAMES.has(stem.toLowerCase()) ? stem : undefined;
}

/** Offsets of the first `FROM` instruction's text on its line, or undefined when there is none. */
export function findFirstFrom(text: string): { start: number; end: number } | undefined {
  let escape = '\\';
  let directives = true;
  let continuing = false;
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
    if (continuing) {
      continuing = endsWithEscape(content);
      continue;
    }
    if (/^from(\s|$)/i.test(trimmed)) {
      const start = line.start + (content.length - content.trimStart().length);
      let body = content.trimEnd();
      if (endsWithEscape(body)) body = body.slice(0, -escape.length).trimEnd();
      return { start, end: line.start + body.length };
    }
    continuing = endsWithEscape(content);
  }
  return undefined;
}

export function scanDockerfile(input: ScanInput): ScaffoldingFacts {
  const facts = emptyFacts();
  const from = findFirstFrom(input.text);
  if (!from) return facts;
  const range = input.lines.range(from.start, from.end);
  const own = nameFromFile(input.base);
  const folderName = own ?? nearestNamedFolder(input.folder);
  facts.services.push(folderName === undefined ? serviceFact('', range, 'dockerfile', input.folder, true) : serviceFact(folderName, range, 'dockerfile', input.folder));
  return facts;
}
