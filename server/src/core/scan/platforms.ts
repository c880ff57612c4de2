/**
 * Workspace apps and platform manifests: Nx `project.json` applications, `fly.toml`, App Engine
 * `app.yaml`, `Procfile` process types, `wrangler.toml` and `render.yaml`.
 */
import type { Document } from 'yaml';
import type { ScaffoldingFacts, ServiceSignal } from './scaffolding';
import { emptyFacts, firstLineRange, jsonProperty, linesOf, parseJson, type ScanInput, serviceFact, topLevelToml } from './scanUtil';
import { itemsOf, nodeRange, valueOf, textOf, type YamlFile } from './yamlDoc';

/** Nx `project.json`: an application (not an `*-e2e` one) is a deployable; undefined when the JSON is not an Nx project. */
export function scanNxProject(input: ScanInput): ScaffoldingFacts | undefined {
  const { root, problems } = parseJson(input);
  if (root?.type !== 'object') return problems.length > 0 ? { ...emptyFacts(), problems } : undefined;
  const schema = jsonProperty(root, '$schema');
  const isNx =
    jsonProperty(root, 'projectType') !== undefined ||
    jsonProperty(root, 'targets') !== undefined ||
    jsonProperty(root, 'sourceRoot') !== undefined ||
    (schema?.type === 'string' && /nx/i.test(String(schema.value)));
  if (!isNx) return undefined;
  const facts = emptyFacts();
  facts.problems.push(...problems);
  const projectType = jsonProperty(root, 'projectType');
  if (projectType?.type !== 'string' || projectType.value !== 'application') return facts;
  const nameNode = jsonProperty(root, 'name');
  const segments = input.folder.split('/').filter((s) => s !== '');
  if (nameNode?.type === 'string' && String(nameNode.value).trim() !== '') {
    const name = String(nameNode.value).trim();
    if (!name.endsWith('-e2e')) facts.services.push(serviceFact(name, input.lines.range(nameNode.offset, nameNode.offset + nameNode.length), 'nx', input.folder));
  } else if (segments.length === 0) {
    // A standalone Nx app at the workspace root is the monolith itself.
    facts.services.push(serviceFact('', firstLineRange(input), 'nx', input.folder, true));
  } else if (!segments[segments.length - 1].endsWith('-e2e')) {
    facts.services.push(serviceFact(segments[segments.length - 1], firstLineRange(input), 'nx', input.folder));
  }
  return facts;
}

/** A top-level TOML string key as a service (`fly.toml`'s `app`, `wrangler.toml`'s `name`). */
export function scanTomlName(input: ScanInput, key: string, signal: ServiceSignal): ScaffoldingFacts {
  const facts = emptyFacts();
  const value = topLevelToml(input.text).get(key);
  const name = value?.value.trim();
  if (value && name) facts.services.push(serviceFact(name, input.lines.range(value.start, value.end), signal, input.folder));
  return facts;
}

/** `wrangler.json` / `wrangler.jsonc`: the Worker's `name`. */
export function scanWranglerJson(input: ScanInput): ScaffoldingFacts {
  const { root, problems } = parseJson(input);
  const facts = emptyFacts();
  facts.problems.push(...problems);
  const nameNode = jsonProperty(root, 'name');
  if (nameNode?.type === 'string' && String(nameNode.value).trim() !== '') {
    facts.services.push(serviceFact(String(nameNode.value).trim(), input.lines.range(nameNode.offset, nameNode.offset + nameNode.length), 'wrangler', input.folder));
  }
  return facts;
}

/** Keys only App Engine's `app.yaml` has next to `runtime` (to recognise `worker.yaml` and the like). */
const APP_ENGINE_KEYS = ['handlers', 'instance_class', 'automatic_scaling', 'basic_scaling', 'manual_scaling', 'entrypoint', 'env', 'app_engine_apis'];

/** True for an App Engine service file: `runtime` plus, outside a file named `app.yaml`, a `service` and an App Engine key. */
export function isAppEngineDocument(root: unknown, doc: Document, namedAppYaml: boolean): boolean {
  if (textOf(valueOf(root, 'runtime', doc), doc) === undefined) return false;
  const service = valueOf(root, 'service', doc) ?? valueOf(root, 'module', doc);
  if (service && textOf(service, doc) === undefined) return false;
  if (namedAppYaml) return true;
  return service !== undefined && APP_ENGINE_KEYS.some((key) => valueOf(root, key, doc) !== undefined);
}

/** Adds one App Engine service: `service:` (legacy `module:`), or `default` — the monolith — when absent. */
export function scanAppEngineDocument(input: ScanInput, root: unknown, doc: Document, facts: ScaffoldingFacts): void {
  const serviceNode = valueOf(root, 'service', doc) ?? valueOf(root, 'module', doc);
  const name = textOf(serviceNode, doc)?.trim();
  const range = nodeRange(serviceNode, input.lines);
  if (name && range) facts.services.push(serviceFact(name, range, 'appengine', input.folder, name === 'default'));
  else facts.services.push(serviceFact('default', firstLineRange(input), 'appengine', input.folder, true));
}

/** Heroku's release phase runs once per deploy; it is not a process that gets deployed. */
const NOT_PROCESSES = new Set(['release']);

/** `Procfile`: each `type: command` line's process type. */
export function scanProcfile(input: ScanInput): ScaffoldingFacts {
  const facts = emptyFacts();
  for (const line of linesOf(input.text)) {
    const skip = line.start === 0 && line.content.charCodeAt(0) === 0xfeff ? 1 : 0;
    const m = /^([ \t]*)([A-Za-z0-9_-]+)[ \t]*:/.exec(line.content.slice(skip));
    if (!m || NOT_PROCESSES.has(m[2])) continue;
    const start = line.start + skip + m[1].length;
    facts.services.push(serviceFact(m[2], input.lines.range(start, start + m[2].length), 'procfile', input.folder));
  }
  return facts;
}

const RENDER_SERVICE_TYPES = new Set(['web', 'worker', 'pserv', 'cron']);

/** `render.yaml`: each web service, worker, private service and cron job, on its `name:`. */
export function scanRender(input: ScanInput, yaml: YamlFile): ScaffoldingFacts {
  const facts = emptyFacts();
  for (const doc of yaml.docs) {
    for (const item of itemsOf(valueOf(doc.contents, 'services', doc), doc)) {
      const type = textOf(valueOf(item, 'type', doc), doc)?.trim();
      const nameNode = valueOf(item, 'name', doc);
      const name = textOf(nameNode, doc)?.trim();
      const range = nodeRange(nameNode, input.lines);
      if (type && RENDER_SERVICE_TYPES.has(type) && name && range) facts.services.push(serviceFact(name, range, 'render', input.folder));
    }
  }
  return facts;
}
