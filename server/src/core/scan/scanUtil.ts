/**
 * Shared pieces of the scaffolding parsers: the input of one scan, fact builders, path naming,
 * the first-line range. Pure.
 */
import { type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { jsonTooDeep, nestingMessage } from '../limits';
import type { Range } from 'vscode-languageserver-types';
import { type LineIndex, withoutBom } from '../text';
import type { ScaffoldingFacts, ScanContext, ServiceFact, ServiceSignal } from './types';

/** One file being scanned. */
export interface ScanInput {
  /** Workspace-relative, '/'-separated. */
  relPath: string;
  /** The folder of the file, '' for the root. */
  folder: string;
  /** The file name. */
  base: string;
  text: string;
  lines: LineIndex;
  ctx: ScanContext;
}

export function emptyFacts(): ScaffoldingFacts {
  return { services: [], images: [], refs: [], languages: [], dependencies: [], problems: [] };
}

export interface ServiceOptions {
  /** The identifying place (default: the declaring file's folder). */
  place?: string;
  shared?: boolean;
  root?: boolean;
  process?: boolean;
  fromPath?: boolean;
  note?: string;
  project?: string;
  condition?: string;
}

export function serviceFact(input: Pick<ScanInput, 'folder'>, name: string, range: Range, signal: ServiceSignal, options: ServiceOptions = {}): ServiceFact {
  const fact: ServiceFact = { name, range, signal, folder: input.folder, place: options.place ?? input.folder };
  if (options.root) fact.root = true;
  if (options.process) fact.process = true;
  if (options.shared) fact.shared = true;
  if (options.fromPath) fact.fromPath = true;
  if (options.note) fact.note = options.note;
  if (options.project) fact.project = options.project;
  if (options.condition) fact.condition = options.condition;
  return fact;
}

/** A process of the monolith: the root's code under its own name (PRODUCT.md, "The monolith's processes"). */
export function monolithProcess(input: Pick<ScanInput, 'folder'>, name: string, range: Range, signal: ServiceSignal): ServiceFact {
  return serviceFact(input, name, range, signal, { place: '', shared: true, process: true });
}

/** A service declared in a file that may declare several: its place is that file. */
export function sharedService(input: ScanInput, name: string, range: Range, signal: ServiceSignal): ServiceFact {
  return serviceFact(input, name, range, signal, { place: input.relPath, shared: true });
}

/**
 * Folder names that say nothing about which service lives in them. They never decide whether
 * something is a service, only what it is called: a Dockerfile in `apps/server` is "server".
 */
export const GENERIC_FOLDERS = new Set([
  'src',
  'app',
  'apps',
  'docker',
  'build',
  'deploy',
  'deployment',
  'deployments',
  'services',
  'service',
  'server',
  'containers',
  'container',
  '.docker',
  'dockerfiles',
  'packages',
  'libs',
  'modules',
  'projects',
  'workspaces',
  'internal',
  'cmd',
  'pkg',
  'package',
  'packaging',
  'infra',
  'infrastructure',
  'ops',
  'ci',
]);

/** The nearest folder up `folder` that is not generic, or undefined when there is none. */
export function nearestNamedFolder(folder: string): string | undefined {
  const segments = folder.split('/').filter((s) => s !== '' && s !== '.');
  for (let i = segments.length - 1; i >= 0; i--) if (!GENERIC_FOLDERS.has(segments[i].toLowerCase())) return segments[i];
  return undefined;
}

/** The name a folder gives a service: the nearest folder that is not generic, else the last one; undefined at the root. */
export function folderServiceName(folder: string): string | undefined {
  const segments = folder.split('/').filter((s) => s !== '' && s !== '.');
  return nearestNamedFolder(folder) ?? segments[segments.length - 1];
}

/** Folders of test harnesses: what is built there is run by the tests, not deployed. */
const TEST_FOLDERS = new Set(['test', 'tests', 'e2e', '__tests__', 'cypress', 'playwright', 'testdata', 'test-data', 'fixtures', '__fixtures__', 'spec', 'specs', 'integration-tests', 'e2e-tests']);

export function isTestFolder(folder: string): boolean {
  return folder.split('/').some((s) => TEST_FOLDERS.has(s.toLowerCase()));
}

/** Browser and load-test tools: a Dockerfile, compose file or compose service named after one runs the tests. */
const TEST_TOOLS = new Set(['cypress', 'playwright', 'selenium', 'puppeteer', 'webdriver', 'k6', 'jest', 'vitest', 'test', 'tests', 'e2e', 'testing']);

/** True for a name that says it runs the tests (`Dockerfile.cypress`, a compose service `playwright`). */
export function isTestName(name: string): boolean {
  return TEST_TOOLS.has(name.toLowerCase());
}

/** Development environments (Gitpod, dev containers, Codespaces): images to work in, never deployed. */
const DEV_ENVIRONMENTS = new Set(['.gitpod', 'gitpod', '.devcontainer', 'devcontainer', 'codespaces']);

/** True for a Dockerfile name or folder path that builds a development environment (`.gitpod.Dockerfile`, `.devcontainer/`). */
export function isDevEnvironment(nameOrFolder: string): boolean {
  return nameOrFolder.split('/').some((s) => DEV_ENVIRONMENTS.has(s.toLowerCase()));
}

/** `a/./b/../c` → `a/c`; undefined when it climbs out of the workspace. */
export function normalizeRelative(p: string): string | undefined {
  const out: string[] = [];
  for (const segment of p.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(segment);
  }
  return out.join('/');
}

/** `folder` joined with a relative path, normalised; undefined when it leaves the workspace. */
export function resolveRelative(folder: string, p: string): string | undefined {
  if (/^([a-zA-Z]:)?[\\/]/.test(p) || /^[a-z]+:\/\//i.test(p)) return undefined;
  return normalizeRelative(folder ? `${folder}/${p}` : p);
}

/** Offsets of line 0 without its line break: where a manifest's "first line" finding goes. */
export function firstLineRange(input: ScanInput): Range {
  const nl = input.text.indexOf('\n');
  let end = nl < 0 ? input.text.length : nl;
  if (end > 0 && input.text.charCodeAt(end - 1) === 13) end--;
  return input.lines.range(0, end);
}

/** Each line of a text with its offsets (without the line break). */
export function* linesOf(text: string): Generator<{ start: number; end: number; content: string }> {
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const stop = nl < 0 ? text.length : nl;
    const end = stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
    yield { start, end, content: text.slice(start, end) };
    if (nl < 0) return;
    start = nl + 1;
  }
}

/** The value of an object's property, or undefined. */
export function jsonProperty(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k?.value === key) return v;
  }
  return undefined;
}

/** A JSON text's root and its first syntax error as a problem. */
export function parseJson(input: ScanInput): { root: JsonNode | undefined; problems: ScaffoldingFacts['problems'] } {
  const deep = jsonTooDeep(input.text);
  if (deep !== undefined) return { root: undefined, problems: [{ range: input.lines.range(deep, deep + 1), message: `this file ${nestingMessage()}` }] };
  const errors: ParseError[] = [];
  const root = parseTree(withoutBom(input.text), errors, { allowTrailingComma: true, disallowComments: false });
  const problems = errors
    .slice(0, 1)
    .map((e) => ({ range: input.lines.range(e.offset, e.offset + e.length), message: `JSON syntax error: ${printParseErrorCode(e.error)}` }));
  return { root, problems };
}
