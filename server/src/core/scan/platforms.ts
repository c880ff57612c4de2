/**
 * Workspace apps and platform manifests: Nx `project.json` applications, `fly.toml`, App Engine
 * `app.yaml`, `Procfile` process types, `wrangler.toml` and `render.yaml`.
 */
import type { Document } from 'yaml';
import type { Node as JsonNode } from 'jsonc-parser';
import type { ScaffoldingFacts, ServiceSignal } from './types';
import { emptyFacts, firstLineRange, folderServiceName, jsonProperty, linesOf, monolithProcess, parseJson, resolveRelative, type ScanInput, serviceFact, sharedService } from './scanUtil';
import { parseToml, tomlString } from './ecosystems/toml';
import { entriesOf, itemsOf, nodeRange, valueOf, textOf, type YamlFile } from './yamlDoc';
import { pushAll } from '../limits';

/** An Nx project for the tests: named `e2e` or `*-e2e` / `*-e2e-tests`, or whose targets all run tests or lint. */
function isTestProject(name: string, targets: JsonNode | undefined): boolean {
  if (/(^|-)e2e(-tests?)?$/i.test(name)) return true;
  const entries = targets?.type === 'object' ? (targets.children ?? []) : [];
  if (entries.length === 0) return false;
  return entries.every((prop) => {
    const [key, value] = prop.children ?? [];
    const executor = jsonProperty(value, 'executor');
    const text = `${key?.value ?? ''} ${executor?.type === 'string' ? executor.value : ''}`;
    return /(^|[\s:/@-])(e2e|test|tests|lint|cypress|playwright|jest|vitest|karma|eslint)($|[\s:/-])/i.test(text);
  });
}

/** Nx `project.json`: an application (not a test project) is a deployable; undefined when the JSON is not an Nx project. */
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
  pushAll(facts.problems, problems);
  const projectType = jsonProperty(root, 'projectType');
  if (projectType?.type !== 'string' || projectType.value !== 'application') return facts;
  const nameNode = jsonProperty(root, 'name');
  const written = nameNode?.type === 'string' ? String(nameNode.value).trim() : '';
  if (input.folder === '') {
    // a standalone Nx app at the workspace root is the monolith itself
    facts.services.push(serviceFact(input, written, firstLineRange(input), 'nx', { root: true }));
    return facts;
  }
  const name = written || folderServiceName(input.folder);
  if (!name || isTestProject(name, jsonProperty(root, 'targets'))) return facts;
  const range = written && nameNode ? input.lines.range(nameNode.offset, nameNode.offset + nameNode.length) : firstLineRange(input);
  facts.services.push(serviceFact(input, name, range, 'nx', { fromPath: !written }));
  return facts;
}

/** A top-level TOML string key as a service (`fly.toml`'s `app`, `wrangler.toml`'s `name`). */
export function scanTomlName(input: ScanInput, key: string, signal: ServiceSignal): ScaffoldingFacts {
  const facts = emptyFacts();
  const { entries, problems } = parseToml(input);
  pushAll(facts.problems, problems);
  const entry = entries.find((e) => e.path.length === 1 && e.path[0] === key);
  const name = tomlString(entry?.value)?.value.trim();
  // at the root, the platform's app is the monolith itself
  if (entry && name) facts.services.push(serviceFact(input, name, input.lines.range(entry.value.range[0], entry.value.range[1]), signal, { root: input.folder === '' }));
  // fly.toml's `[processes]` (`app = "…"`, `worker = "…"`): at the root, each is a process of the monolith
  if (signal === 'fly' && input.folder === '') {
    for (const e of entries) {
      if (e.path.length === 2 && e.path[0] === 'processes' && !NOT_PROCESSES.has(e.path[1])) facts.services.push(monolithProcess(input, e.path[1], input.lines.range(e.keyStart, e.keyEnd), signal));
    }
  }
  return facts;
}

/**
 * Heroku's `heroku.yml` (`run:` process types) and `app.json` (`formation:` process types): at the
 * workspace root, each is a process of the monolith, as a root `Procfile`'s are; undefined for an
 * `app.json` that is not Heroku's (Expo's has no `formation`).
 */
export function scanHerokuYaml(input: ScanInput, yaml: YamlFile): ScaffoldingFacts {
  const facts = emptyFacts();
  if (input.folder !== '') return facts;
  for (const doc of yaml.docs) {
    for (const { key, keyNode } of entriesOf(valueOf(doc.contents, 'run', doc), doc)) {
      const range = nodeRange(keyNode, input.lines);
      if (range && !NOT_PROCESSES.has(key)) facts.services.push(monolithProcess(input, key, range, 'procfile'));
    }
  }
  return facts;
}

export function scanHerokuAppJson(input: ScanInput): ScaffoldingFacts | undefined {
  if (input.folder !== '' || !input.text.includes('"formation"')) return undefined;
  const { root, problems } = parseJson(input);
  const formation = jsonProperty(root, 'formation');
  if (formation?.type !== 'object') return undefined;
  const facts = emptyFacts();
  pushAll(facts.problems, problems);
  for (const prop of formation.children ?? []) {
    const key = prop.children?.[0];
    if (key?.type !== 'string' || NOT_PROCESSES.has(String(key.value))) continue;
    // the key's text, without its quotes
    facts.services.push(monolithProcess(input, String(key.value), input.lines.range(key.offset + 1, key.offset + key.length - 1), 'procfile'));
  }
  return facts;
}

/** `wrangler.json` / `wrangler.jsonc`: the Worker's `name`. */
export function scanWranglerJson(input: ScanInput): ScaffoldingFacts {
  const { root, problems } = parseJson(input);
  const facts = emptyFacts();
  pushAll(facts.problems, problems);
  const nameNode = jsonProperty(root, 'name');
  if (nameNode?.type === 'string' && String(nameNode.value).trim() !== '') {
    facts.services.push(serviceFact(input, String(nameNode.value).trim(), input.lines.range(nameNode.offset, nameNode.offset + nameNode.length), 'wrangler', { root: input.folder === '' }));
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
  // App Engine's default service is the monolith; any other is a service declared by this file
  if (name && range) facts.services.push(name === 'default' ? serviceFact(input, name, range, 'appengine', { root: true }) : sharedService(input, name, range, 'appengine'));
  else facts.services.push(serviceFact(input, 'default', firstLineRange(input), 'appengine', { root: true }));
}

/** Heroku's release phase runs once per deploy; it is not a process that gets deployed. */
const NOT_PROCESSES = new Set(['release']);

/**
 * `Procfile`: at the workspace root, each process type (web, worker, clock) is a process of the
 * monolith: its code, deployed and scaled on its own, known by its name. Elsewhere, the Procfile
 * is another app: one service named after its folder, on its first process type.
 */
export function scanProcfile(input: ScanInput): ScaffoldingFacts {
  const facts = emptyFacts();
  for (const line of linesOf(input.text)) {
    const skip = line.start === 0 && line.content.charCodeAt(0) === 0xfeff ? 1 : 0;
    const m = /^([ \t]*)([A-Za-z0-9_-]+)[ \t]*:/.exec(line.content.slice(skip));
    if (!m || NOT_PROCESSES.has(m[2])) continue;
    const start = line.start + skip + m[1].length;
    const range = input.lines.range(start, start + m[2].length);
    if (input.folder === '') facts.services.push(monolithProcess(input, m[2], range, 'procfile'));
    else {
      facts.services.push(serviceFact(input, folderServiceName(input.folder)!, range, 'procfile', { fromPath: true }));
      break;
    }
  }
  return facts;
}

const RENDER_SERVICE_TYPES = new Set(['web', 'worker', 'pserv', 'cron']);

/**
 * `render.yaml` (a Blueprint, at the repository root): each web service, worker, private service
 * and cron job, on its `name:`. A service built from the repository runs the code of its
 * `rootDir` (Render's default: the root) or, for Docker, its `dockerContext`: the root's code is
 * the monolith (each such service a process of it), another folder's is that folder's service; a
 * service that deploys a prebuilt `image` is declared by this file.
 */
export function scanRender(input: ScanInput, yaml: YamlFile): ScaffoldingFacts {
  const facts = emptyFacts();
  for (const doc of yaml.docs) {
    for (const item of itemsOf(valueOf(doc.contents, 'services', doc), doc)) {
      const type = textOf(valueOf(item, 'type', doc), doc)?.trim();
      const nameNode = valueOf(item, 'name', doc);
      const name = textOf(nameNode, doc)?.trim();
      const range = nodeRange(nameNode, input.lines);
      if (!type || !RENDER_SERVICE_TYPES.has(type) || !name || !range) continue;
      const written = textOf(valueOf(item, 'dockerContext', doc), doc) ?? textOf(valueOf(item, 'rootDir', doc), doc);
      const folder = valueOf(item, 'image', doc) !== undefined ? undefined : resolveRelative(input.folder, (written ?? '.').trim() || '.');
      if (folder === undefined) facts.services.push(sharedService(input, name, range, 'render'));
      else if (folder === '') facts.services.push(monolithProcess(input, name, range, 'render'));
      else facts.services.push(serviceFact(input, name, range, 'render', { place: folder }));
    }
  }
  return facts;
}
