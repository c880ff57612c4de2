/**
 * YAML for the scaffolding parsers: one parse of every document of a file (the `yaml` package,
 * node ranges as offsets), CloudFormation's short-form tags accepted as plain values, and small
 * readers that follow `<<` merge keys and aliases without ever converting to JS (which can throw).
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Pair, parseAllDocuments, type Tags, YAMLMap, YAMLSeq } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { LineIndex } from '../text';
import { nestingMessage, yamlTextTooDeep, yamlTooDeep } from '../limits';

/** CloudFormation intrinsic functions in short form (`!Ref X`, `!GetAtt [A, Arn]`, `!Sub {…}`). */
const CLOUDFORMATION_TAGS = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'Select',
  'Split',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'FindInMap',
  'Base64',
  'Cidr',
  'ImportValue',
  'GetAZs',
  'Condition',
  'Transform',
  'ToJsonString',
  'Length',
  'Contains',
  'EachMemberEquals',
  'EachMemberIn',
  'RefAll',
  'ValueOf',
  'ValueOfAll',
];

const CUSTOM_TAGS: Tags = CLOUDFORMATION_TAGS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: YAMLMap | YAMLSeq) => value },
  { tag: `!${name}`, collection: 'map' as const, resolve: (value: YAMLMap | YAMLSeq) => value },
]);

export interface YamlFile {
  docs: Document[];
  problems: Array<{ range: Range; message: string }>;
  /** Documents left out because they nest too deep (their problem is in `problems`). */
  tooDeep: number;
}

/** Every document of a YAML text, and one problem per document that has a syntax error. */
export function parseYaml(text: string, lines: LineIndex): YamlFile {
  // a text that may nest deeper than any manifest is not handed to the (recursive) parser at all
  const deep = yamlTextTooDeep(text);
  if (deep !== undefined) return { docs: [], problems: [{ range: lines.range(deep, deep), message: `This YAML document ${nestingMessage()}.` }], tooDeep: 1 };
  const all = [...parseAllDocuments(text, { customTags: CUSTOM_TAGS, prettyErrors: false })];
  const problems: YamlFile['problems'] = [];
  // the readers below recurse: a document nested deeper than any manifest is a problem, not a crash
  const docs = all.filter((doc) => {
    if (!yamlTooDeep(doc.contents)) return true;
    const start = doc.range?.[0] ?? 0;
    problems.push({ range: lines.range(start, start), message: `This YAML document ${nestingMessage()}.` });
    return false;
  });
  for (const doc of docs) {
    const error = doc.errors[0];
    if (!error) continue;
    const [start, end] = error.pos;
    problems.push({ range: lines.range(start, Math.max(start, end)), message: /call stack/i.test(error.message) ? `This YAML document ${nestingMessage()}.` : `YAML syntax error: ${error.message}` });
  }
  return { docs, problems, tooDeep: all.length - docs.length };
}

/** A node with aliases followed (a bounded number of times). */
export function deref(node: unknown, doc: Document): Node | undefined {
  let current = node;
  for (let i = 0; i < 8 && isAlias(current); i++) current = current.resolve(doc);
  return current === null || current === undefined || isAlias(current) ? undefined : (current as Node);
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  return key.value === '<<' || typeof key.value === 'symbol';
}

/** The pair of `map` whose key is `key`, looking through `<<` merge keys (the map's own pairs win). */
export function pairOf(map: unknown, key: string, doc: Document, depth = 0): Pair | undefined {
  const m = deref(map, doc);
  if (!isMap(m) || depth > 8) return undefined;
  const merges: unknown[] = [];
  for (const pair of m.items) {
    if (isMergeKey(pair.key)) merges.push(pair.value);
    else if (isScalar(pair.key) && String(pair.key.value) === key) return pair;
  }
  for (const merge of merges) {
    const source = deref(merge, doc);
    const sources = isSeq(source) ? source.items : [source];
    for (const s of sources) {
      const found = pairOf(s, key, doc, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The value of `map[key]` (aliases followed), or undefined. */
export function valueOf(map: unknown, key: string, doc: Document): Node | undefined {
  return deref(pairOf(map, key, doc)?.value, doc);
}

/** Follows a path of keys through nested maps. */
export function pathOf(map: unknown, keys: readonly string[], doc: Document): Node | undefined {
  let node: Node | undefined = deref(map, doc);
  for (const key of keys) {
    node = valueOf(node, key, doc);
    if (!node) return undefined;
  }
  return node;
}

/** A scalar's value as text (strings, numbers, booleans), or undefined. */
export function textOf(node: unknown, doc: Document): string | undefined {
  const n = deref(node, doc);
  if (!isScalar(n)) return undefined;
  const v = n.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? String(v) : undefined;
}

/** The source range of a node (its value, without trailing comments). */
export function nodeRange(node: unknown, lines: LineIndex): Range | undefined {
  const range = (node as { range?: [number, number, number] | null } | null | undefined)?.range;
  return range ? lines.range(range[0], range[1]) : undefined;
}

/** The items of a map as key text, key node and value node (merge keys left out). */
export function entriesOf(map: unknown, doc: Document): Array<{ key: string; keyNode: Node; value: Node | undefined }> {
  const m = deref(map, doc);
  if (!isMap(m)) return [];
  const out: Array<{ key: string; keyNode: Node; value: Node | undefined }> = [];
  for (const pair of m.items) {
    if (isMergeKey(pair.key) || !isScalar(pair.key) || pair.key.value === null || pair.key.value === undefined) continue;
    out.push({ key: String(pair.key.value), keyNode: pair.key, value: deref(pair.value, doc) });
  }
  return out;
}

/** The items of a sequence (aliases followed). */
export function itemsOf(seq: unknown, doc: Document): Node[] {
  const s = deref(seq, doc);
  if (!isSeq(s)) return [];
  return s.items.map((item) => deref(item, doc)).filter((item): item is Node => item !== undefined);
}
