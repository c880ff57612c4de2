/**
 * Compose files (and Swarm stacks, which are the same format): a service with `build:` is own
 * code, a new deployable identified by the folder it builds (several services that build one place
 * are known there one name at a time: the root's are the monolith's processes); a service with only `image:` is
 * infrastructure, reported as an image for the technology rules. A Swarm stack (`docker-stack.yml`)
 * is what gets deployed, and its services name images built elsewhere: there, an image-only service
 * is a service unless it runs a known technology's stock image. Files named for the tests
 * (`docker-compose.test.yml`, `compose.ci.yaml`, `*.e2e.yml`) declare test harnesses, not services.
 */
import type { Document } from 'yaml';
import type { ScaffoldingFacts } from './types';
import { dockerfilePlace } from './dockerfile';
import { emptyFacts, isDevEnvironment, isTestName, monolithProcess, resolveRelative, type ScanInput, serviceFact, sharedService } from './scanUtil';
import { entriesOf, itemsOf, nodeRange, pairOf, textOf, valueOf, type YamlFile } from './yamlDoc';
import { interpolate, type Variables } from './interpolate';
import { parseYaml } from './yamlDoc';
import { LineIndex } from '../text';

/** `docker-compose.yml`, `docker-compose.prod.yaml`, `compose.yaml`, `compose-dev.yml`, `docker-stack.yml`, `docker-stack.prod.yml`. */
export function isComposeName(base: string): boolean {
  return /^(docker-)?(compose|stack)([._-][^/]*)?\.ya?ml$/i.test(base) && !/^stack\.ya?ml$/i.test(base);
}

/** `docker-stack.yml`, `docker-stack.prod.yml`: a Swarm stack, deployed as it is. */
export function isStackName(base: string): boolean {
  return /^(docker-)?stack[._-]/i.test(base);
}

/** A compose file for the tests: its services run the tests. */
export function isTestComposeName(base: string): boolean {
  return /[._-](test|tests|testing|ci|e2e|it|integration|cypress|playwright|selenium|puppeteer)([._-][^/]*)?\.ya?ml$/i.test(base);
}

/** True when a YAML document has the compose shape: a `services` mapping whose entries build or run an image. */
export function isComposeDocument(root: unknown, doc: Document): boolean {
  return entriesOf(valueOf(root, 'services', doc), doc).some(({ value }) => pairOf(value, 'build', doc) !== undefined || valueOf(value, 'image', doc) !== undefined);
}

/** A compose value as Compose reads it: `${VAR}`, `${VAR:-default}` resolved from the project's `.env`; undefined when absent or when a variable could not be resolved. */
function composeText(node: unknown, doc: Document, vars: Variables | undefined): string | undefined {
  const raw = textOf(node, doc)?.trim();
  if (raw === undefined) return undefined;
  const { value, unresolved } = interpolate(raw, vars);
  return unresolved ? undefined : value.trim();
}

/**
 * The place of what a `build:` builds, relative to the workspace: its context folder, or the
 * Dockerfile it names when that file names a service of its own (`dockerfile: worker.Dockerfile`);
 * undefined for a remote context, one outside the workspace, or one a variable names that the
 * project's `.env` does not set.
 */
function buildPlace(input: ScanInput, build: unknown, doc: Document, vars: Variables | undefined): string | undefined {
  const written = textOf(build, doc) ?? textOf(valueOf(build, 'context', doc), doc);
  const context = (written === undefined ? '.' : composeText(build, doc, vars) ?? composeText(valueOf(build, 'context', doc), doc, vars))?.trim() || (written === undefined ? '.' : undefined);
  if (context === undefined) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@')) return undefined; // a remote context
  const folder = resolveRelative(input.folder, context);
  const dockerfileNode = valueOf(build, 'dockerfile', doc);
  if (dockerfileNode !== undefined && textOf(dockerfileNode, doc) !== undefined && composeText(dockerfileNode, doc, vars) === undefined) return undefined;
  const dockerfile = composeText(dockerfileNode, doc, vars);
  if (folder === undefined || !dockerfile) return folder;
  const file = resolveRelative(folder, dockerfile);
  return file === undefined ? folder : dockerfilePlace(file);
}

export function scanCompose(input: ScanInput, yaml: YamlFile): ScaffoldingFacts {
  const facts = emptyFacts();
  const tests = isTestComposeName(input.base);
  const stack = isStackName(input.base);
  const contexts: Array<{ folder: string; name: string; file: string }> = [];
  const images: Array<{ image: string; place: string }> = [];
  const bases: Array<{ image: string; from: string }> = [];
  // Compose interpolates values from the `.env` beside the file (its project directory)
  const vars = input.text.includes('$') ? input.ctx.env?.(input.folder) : undefined;
  if (input.text.includes('$')) facts.env = input.folder;
  const reads = new Set<string>();
  const templates: string[] = [];
  for (const doc of yaml.docs) {
    for (const { key, keyNode, value: own } of entriesOf(valueOf(doc.contents, 'services', doc), doc)) {
      // what the service builds or runs, with what it `extends` (here or in another file) filled in
      const { value, doc: from, folder: fromFolder } = extended(input, doc, key, own, reads, templates);
      const build = pairOf(own, 'build', doc) ?? pairOf(value, 'build', from);
      const buildDoc = pairOf(own, 'build', doc) ? doc : from;
      const buildFolder = pairOf(own, 'build', doc) ? input.folder : fromFolder;
      if (build) {
        // a test harness (a file for the tests, a service named for a test tool) is not deployed
        if (tests || isTestName(key)) continue;
        const range = nodeRange(keyNode, input.lines);
        if (!range) continue;
        const folder = buildPlace({ ...input, folder: buildFolder }, build.value, buildDoc, vars);
        // a development environment (`.devcontainer/Dockerfile`) is worked in, never deployed
        if (folder !== undefined && isDevEnvironment(folder)) continue;
        if (folder === undefined) facts.services.push(sharedService(input, key, range, 'compose'));
        else {
          // the service is its code: the folder it builds; a service that builds the root context is
          // a process of the monolith (web, worker), known by its name
          facts.services.push(folder === '' ? monolithProcess(input, key, range, 'compose') : serviceFact(input, key, range, 'compose', { place: folder }));
          contexts.push({ folder, name: key, file: input.relPath });
          // what the build is called, and what it builds from (`args: {BASE_IMAGE: acme/base}`)
          const named = composeText(valueOf(own, 'image', doc), doc, vars) ?? composeText(valueOf(value, 'image', from), from, vars);
          if (named) images.push({ image: named, place: folder });
          for (const arg of buildArgs(build.value, buildDoc, vars)) bases.push({ image: arg, from: folder });
        }
        continue;
      }
      // an image this file names is squiggled there; one that comes from `extends` on the service's key
      const ownImage = valueOf(own, 'image', doc);
      const imageNode = ownImage ?? valueOf(value, 'image', from);
      const image = imageOf(imageNode, ownImage ? doc : from, vars);
      const range = ownImage ? nodeRange(imageNode, input.lines) : nodeRange(keyNode, input.lines);
      if (!image || !range) continue;
      const keyRange = nodeRange(keyNode, input.lines);
      if (stack && !tests && keyRange && !input.ctx.imageCategory(image)) facts.services.push(sharedService(input, key, keyRange, 'compose'));
      else facts.images.push({ image, range });
    }
  }
  // one place built under several names (`web` and `worker` from one Dockerfile) runs one codebase
  // as several processes: each is known by its name there, so a third one is new
  const names = new Map<string, number>();
  for (const c of contexts) names.set(c.folder, (names.get(c.folder) ?? 0) + 1);
  for (const s of facts.services) if (!s.shared && (names.get(s.place) ?? 0) > 1) s.shared = true;
  if (contexts.length || images.length || bases.length || templates.length) facts.hints = { ...(contexts.length ? { contexts } : {}), ...(images.length ? { images } : {}), ...(bases.length ? { bases } : {}), ...(templates.length ? { templates } : {}) };
  if (reads.size) facts.reads = [...reads];
  return facts;
}

const MAX_EXTENDS = 10;

/**
 * A service as `extends` makes it (the compose spec): the service it extends, in this file
 * (`extends: web`, `extends: {service: web}`) or in another (`extends: {file: common.yml, service:
 * base}`, relative to this file, read only within the workspace), followed to the end of the chain
 * (at most MAX_EXTENDS, a cycle ends it). Returns the first service along the chain that builds or
 * names an image, with its document and the folder its relative paths are resolved from; the
 * service itself when it extends nothing. Files read are added to `reads`; a service of a file that
 * is not a compose file by name (a template file) is added to `templates` (`file\0service`).
 */
function extended(input: ScanInput, doc: Document, name: string, value: unknown, reads: Set<string>, templates: string[]): { value: unknown; doc: Document; folder: string } {
  let at = { value, doc, folder: input.folder, rel: input.relPath, name };
  const seen = new Set<string>();
  for (let depth = 0; depth < MAX_EXTENDS; depth++) {
    seen.add(`${at.rel}\u0000${at.name}`);
    if (pairOf(at.value, 'build', at.doc) || valueOf(at.value, 'image', at.doc) !== undefined) break;
    const ext = valueOf(at.value, 'extends', at.doc);
    if (ext === undefined) break;
    const service = (textOf(ext, at.doc) ?? textOf(valueOf(ext, 'service', at.doc), at.doc))?.trim();
    const file = textOf(valueOf(ext, 'file', at.doc), at.doc)?.trim();
    if (!service) break;
    let next: typeof at | undefined;
    if (!file) next = { ...at, value: valueOf(valueOf(at.doc.contents, 'services', at.doc), service, at.doc), name: service };
    else {
      const rel = resolveRelative(at.folder, file);
      const text = rel === undefined ? undefined : input.ctx.read?.(rel);
      if (rel === undefined || text === undefined) break;
      reads.add(rel);
      const other = parseYaml(text, new LineIndex(text)).docs[0];
      if (!other) break;
      const slash = rel.lastIndexOf('/');
      next = { value: valueOf(valueOf(other.contents, 'services', other), service, other), doc: other, folder: slash < 0 ? '' : rel.slice(0, slash), rel, name: service };
      if (!isComposeName(rel.slice(slash + 1))) templates.push(`${rel}\u0000${service}`);
    }
    if (next.value === undefined || seen.has(`${next.rel}\u0000${next.name}`)) break;
    at = next;
  }
  return at;
}

/**
 * The image a service runs, as Compose resolves it: an unset variable is empty (`redis:${TAG}` is
 * `redis`); an image whose name is left empty by one (`${REGISTRY}/app`, `${IMAGE}`) is no image we can name.
 */
function imageOf(node: unknown, doc: Document, vars: Variables | undefined): string | undefined {
  const raw = textOf(node, doc)?.trim();
  if (raw === undefined) return undefined;
  const { value, unresolved } = interpolate(raw, vars);
  const image = value.trim();
  if (unresolved && (image === '' || /^[/:@]/.test(image) || image.includes('//'))) return undefined;
  return image;
}

/** The values of a build's `args` that name an image to build from (`BASE_IMAGE: acme/base:1`, `- base_image=acme/base`). */
function buildArgs(build: unknown, doc: Document, vars: Variables | undefined): string[] {
  const args = valueOf(build, 'args', doc);
  const pairs: Array<[string, string | undefined]> = entriesOf(args, doc).map(({ key, value }) => [key, composeText(value, doc, vars)]);
  for (const item of itemsOf(args, doc)) {
    const text = composeText(item, doc, vars) ?? '';
    const eq = text.indexOf('=');
    if (eq > 0) pairs.push([text.slice(0, eq), text.slice(eq + 1)]);
  }
  return pairs.filter(([key, value]) => /(^|_)(base|image|from)(_|$)|base_?image/i.test(key) && value && /^[a-z0-9][\w./:@-]*$/i.test(value.trim())).map(([, value]) => value!.trim());
}
