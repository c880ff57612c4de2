/**
 * Function platforms: `serverless.yml` (the service and each of its functions) and AWS SAM /
 * CloudFormation templates (each `AWS::Serverless::Function` / `AWS::Lambda::Function`), in YAML
 * (short-form tags such as `!Ref` accepted) or JSON.
 */
import type { Document } from 'yaml';
import type { ScaffoldingFacts } from './scaffolding';
import { emptyFacts, jsonProperty, nearestNamedFolder, parseJson, type ScanInput, serviceFact } from './scanUtil';
import { entriesOf, itemsOf, nodeRange, textOf, valueOf, type YamlFile } from './yamlDoc';

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

export function scanServerless(input: ScanInput, yaml: YamlFile): ScaffoldingFacts {
  const facts = emptyFacts();
  for (const doc of yaml.docs) {
    const serviceNode = valueOf(doc.contents, 'service', doc);
    const nameNode = textOf(serviceNode, doc) !== undefined ? serviceNode : valueOf(serviceNode, 'name', doc);
    const declared = textOf(nameNode, doc)?.trim() || undefined;
    const serviceRange = nodeRange(nameNode, input.lines);
    if (declared && serviceRange) facts.services.push(serviceFact(declared, serviceRange, 'serverless', input.folder));
    // Without a `service:` yet (half-typed), the functions are named after their folder.
    const name = declared ?? nearestNamedFolder(input.folder);
    if (!name) continue;
    for (const { keyNode } of entriesOf(valueOf(doc.contents, 'functions', doc), doc)) {
      const range = nodeRange(keyNode, input.lines);
      if (range) facts.services.push(serviceFact(name, range, 'serverless', input.folder));
    }
  }
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
    if (type && FUNCTION_TYPES.has(type) && range) facts.services.push(serviceFact(key, range, 'sam', input.folder));
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
  facts.problems.push(...problems);
  for (const prop of resources?.children ?? []) {
    const [k, v] = prop.children ?? [];
    const type = jsonProperty(v, 'Type');
    if (k && typeof k.value === 'string' && type?.type === 'string' && FUNCTION_TYPES.has(String(type.value).trim())) {
      facts.services.push(serviceFact(k.value, input.lines.range(k.offset, k.offset + k.length), 'sam', input.folder));
    }
  }
  return facts;
}
