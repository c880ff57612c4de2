/**
 * Function platforms: `serverless.yml` (the service and each of its functions) and AWS SAM /
 * CloudFormation templates (each `AWS::Serverless::Function` / `AWS::Lambda::Function`), in YAML
 * (short-form tags such as `!Ref` accepted) or JSON.
 */
import type { Document } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { ScaffoldingFacts } from './types';
import { emptyFacts, firstLineRange, folderServiceName, jsonProperty, nearestNamedFolder, parseJson, type ScanInput, serviceFact, sharedService } from './scanUtil';
import { entriesOf, itemsOf, nodeRange, pathOf, textOf, valueOf, type YamlFile } from './yamlDoc';
import { pushAll } from '../limits';

/** `serverless.yml`, `serverless.yaml`, `serverless.prod.yml`. */
export function isServerlessName(base: string): boolean {
  return /^serverless([._-][^/]*)?\.ya?ml$/i.test(base);
}

/** `template.yaml`, `template.yml`, `template.json`, `api.template.yaml`. */
export function isCloudFormationName(base: string): boolean {
  return /^(.+\.)?template\.(ya?ml|json)$/i.test(base);
}

const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);
const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/**
 * `serverless.yml`: the service, and each function (named after the service). A name written as
 * a variable (`${self:custom.serviceName}`) is resolved within the file where it can be, else the
 * service is named after its folder: never the literal `${…}` text.
 */
export function scanServerless(input: ScanInput, yaml: YamlFile): ScaffoldingFacts {
  const facts = emptyFacts();
  for (const doc of yaml.docs) {
    const serviceNode = valueOf(doc.contents, 'service', doc);
    const nameNode = textOf(serviceNode, doc) !== undefined ? serviceNode : valueOf(serviceNode, 'name', doc);
    const written = textOf(nameNode, doc)?.trim() || undefined;
    const declared = written === undefined ? undefined : resolveVariables(written, (path) => textOf(pathOf(doc.contents, path, doc), doc));
    const fallback = folderServiceName(input.folder) ?? 'service';
    const note = written !== undefined && declared === undefined ? `(its name "${written.slice(0, 60)}" is a variable that cannot be read from the file, so it is named after its folder)` : undefined;
    const serviceRange = nodeRange(nameNode, input.lines);
    if (written && serviceRange) facts.services.push(functionService(input, declared ?? fallback, serviceRange, note));
    // Without a `service:` yet (half-typed), the functions are named after their folder.
    const name = declared ?? (written ? fallback : nearestNamedFolder(input.folder));
    if (!name) continue;
    for (const { keyNode } of entriesOf(valueOf(doc.contents, 'functions', doc), doc)) {
      const range = nodeRange(keyNode, input.lines);
      if (range) facts.services.push(functionService(input, name, range, note));
    }
  }
  return facts;
}

/** A serverless service and its functions are one service, identified by the file that declares them. */
function functionService(input: ScanInput, name: string, range: Range, note?: string) {
  return serviceFact(input, name, range, 'serverless', { place: input.relPath, shared: true, note });
}

/** The default of `${self:x, 'value'}`: trimmed, one pair of quotes off; undefined when it holds a quote or brace inside. */
function defaultValue(text: string): string | undefined {
  let v = text.trim();
  if (v.length >= 1 && (v[0] === "'" || v[0] === '"')) v = v.slice(1);
  if (v.length >= 1 && (v[v.length - 1] === "'" || v[v.length - 1] === '"')) v = v.slice(0, -1);
  return /['"}]/.test(v) ? undefined : v;
}

/** `${self:a.b}` (and its default) replaced from the file; undefined when any variable is of another kind or cannot be found. */
function resolveVariables(value: string, lookup: (path: string[]) => string | undefined): string | undefined {
  let out = value;
  for (let round = 0; round < 5 && out.includes('${'); round++) {
    let unresolved = false;
    out = out.replace(/\$\{([^{}]*)\}/g, (_, expr: string) => {
      const m = /^self:([A-Za-z0-9_.-]+)[ \t]*(,.*)?$/.exec(expr.trim());
      // only the file's own values count: options, environment and stage (`${opt:stage, 'dev'}`)
      // differ per deployment, so a name built from them is no name; its folder names it
      const found = m ? lookup(m[1].split('.')) : undefined;
      const fallback = m?.[2] === undefined ? undefined : defaultValue(m[2].slice(1));
      if (found === undefined && fallback === undefined) unresolved = true;
      return found ?? fallback ?? '';
    });
    if (unresolved) return undefined;
  }
  return out.includes('${') || out.trim() === '' ? undefined : out.trim();
}

/** `serverless.json`: the same shape as `serverless.yml`, in JSON. */
export function scanServerlessJson(input: ScanInput): ScaffoldingFacts {
  const { root, problems } = parseJson(input);
  const facts = emptyFacts();
  pushAll(facts.problems, problems);
  const serviceNode = jsonProperty(root, 'service');
  const nameNode = serviceNode?.type === 'string' ? serviceNode : jsonProperty(serviceNode, 'name');
  const written = nameNode?.type === 'string' ? String(nameNode.value).trim() : undefined;
  const lookup = (path: string[]) => {
    let node = root;
    for (const key of path) node = jsonProperty(node, key);
    return node?.type === 'string' ? String(node.value) : undefined;
  };
  const declared = written ? resolveVariables(written, lookup) : undefined;
  const name = declared ?? folderServiceName(input.folder) ?? 'service';
  const note = written && !declared ? `(its name "${written.slice(0, 60)}" is a variable that cannot be read from the file, so it is named after its folder)` : undefined;
  if (nameNode && written) facts.services.push(functionService(input, name, input.lines.range(nameNode.offset, nameNode.offset + nameNode.length), note));
  const functions = jsonProperty(root, 'functions');
  for (const prop of functions?.type === 'object' ? (functions.children ?? []) : []) {
    const key = prop.children?.[0];
    if (key) facts.services.push(functionService(input, name, input.lines.range(key.offset, key.offset + key.length), note));
  }
  return facts;
}

/** `serverless.ts`, `serverless.js` (and `.mjs`/`.cjs`): configuration written as code. */
export function isServerlessScript(base: string): boolean {
  return /^serverless\.(ts|js|mjs|cjs)$/i.test(base);
}

/**
 * The service of a `serverless.ts`/`.js`: its `service:` when it is a plain string literal, else
 * named after its folder with a note. Code is never run; its functions are not enumerated (the
 * service is the deployable).
 */
export function scanServerlessScript(input: ScanInput): ScaffoldingFacts {
  const facts = emptyFacts();
  const m = /(?:^|[\s,{])service\s*:\s*(['"`])([^'"`$\\\n]{1,200})\1/.exec(input.text);
  if (m) {
    const start = m.index + m[0].lastIndexOf(m[1] + m[2]);
    facts.services.push(functionService(input, m[2].trim(), input.lines.range(start, start + m[2].length + 2)));
    return facts;
  }
  const name = folderServiceName(input.folder) ?? 'service';
  facts.services.push(functionService(input, name, firstLineRange(input), `(its service name is not a plain string in ${input.base}, so it is named after its folder)`));
  return facts;
}

/** True when a YAML document's root looks like a CloudFormation / SAM template. */
export function isCloudFormationDocument(root: unknown, doc: Document): boolean {
  if (valueOf(root, 'AWSTemplateFormatVersion', doc)) return true;
  const transform = valueOf(root, 'Transform', doc);
  const transforms = [textOf(transform, doc), ...itemsOf(transform, doc).map((t) => textOf(t, doc))];
  if (transforms.some((t) => t?.trim() === SAM_TRANSFORM)) return true;
  return entriesOf(valueOf(root, 'Resources', doc), doc).some(({ value }) => /^(AWS|Alexa)::/.test(textOf(valueOf(value, 'Type', doc), doc) ?? ''));
}

/** Adds the functions of one CloudFormation YAML document. */
export function scanCloudFormationDocument(input: ScanInput, root: unknown, doc: Document, facts: ScaffoldingFacts): void {
  for (const { key, keyNode, value } of entriesOf(valueOf(root, 'Resources', doc), doc)) {
    const type = textOf(valueOf(value, 'Type', doc), doc)?.trim();
    const range = nodeRange(keyNode, input.lines);
    if (type && FUNCTION_TYPES.has(type) && range) facts.services.push(sharedService(input, key, range, 'sam'));
  }
}

export function scanCloudFormationYaml(input: ScanInput, yaml: YamlFile): ScaffoldingFacts {
  const facts = emptyFacts();
  for (const doc of yaml.docs) scanCloudFormationDocument(input, doc.contents, doc, facts);
  return facts;
}

/** A JSON CloudFormation template; undefined when the JSON is not one. */
export function scanCloudFormationJson(input: ScanInput): ScaffoldingFacts | undefined {
  const { root, problems } = parseJson(input);
  const resources = jsonProperty(root, 'Resources');
  if (!jsonProperty(root, 'AWSTemplateFormatVersion') && resources?.type !== 'object') return undefined;
  const facts = emptyFacts();
  pushAll(facts.problems, problems);
  for (const prop of resources?.children ?? []) {
    const [k, v] = prop.children ?? [];
    const type = jsonProperty(v, 'Type');
    if (k && typeof k.value === 'string' && type?.type === 'string' && FUNCTION_TYPES.has(String(type.value).trim())) {
      facts.services.push(sharedService(input, k.value, input.lines.range(k.offset, k.offset + k.length), 'sam'));
    }
  }
  return facts;
}
