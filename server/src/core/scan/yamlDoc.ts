/**
 * YAML for the scaffolding parsers: one parse of every document of a file (the `yaml` package,
 * node ranges as offsets), CloudFormation's short-form tags accepted as plain values, and small
 * readers that follow `<<` merge keys and aliases without ever converting to JS (which can throw).
 */
import { type Alias, Composer, type Document, isAlias, isMap, isNode, isScalar, isSeq, type Node, type Pair, Parser, type Tags, visit, YAMLMap, YAMLSeq } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { LineIndex } from '../text';
import { MAX_YAML_ALIASES, MAX_YAML_DOCUMENTS, nestingMessage, yamlTextTooDeep, yamlTooDeep } from '../limits';

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
  /** Documents past the limit on documents were not read (its problem is in `problems`). */
  cut?: boolean;
}

/** Every document of a YAML text, and one problem per document that has a syntax error. */
export function parseYaml(text: string, lines: LineIndex): YamlFile {
  const cached = parsedTexts.get(text);
  if (cached) {
    parsedTexts.delete(text);
    parsedTexts.set(text, cached);
    return cached;
  }
  const parsed = parseYamlText(text, lines);
  if (text.length <= MAX_PARSED_CHARS) {
    parsedTexts.set(text, parsed);
    parsedChars += text.length;
    for (const [old] of parsedTexts) {
      if (parsedChars <= MAX_PARSED_CHARS) break;
      parsedTexts.delete(old);
      parsedChars -= old.length;
    }
  }
  return parsed;
}

/**
 * The parses of recent texts, least recently used first: a policy edit derives every YAML file's
 * facts again (which images are stock images depends on the policy's technologies), and without
 * this each open or scanned file was parsed again too. Bounded by the characters it holds.
 */
const parsedTexts = new Map<string, YamlFile>();
let parsedChars = 0;
const MAX_PARSED_CHARS = 2 * 1024 * 1024;

function parseYamlText(text: string, lines: LineIndex): YamlFile {
  // a text that may nest deeper than any manifest is not handed to the (recursive) parser at all
  const deep = yamlTextTooDeep(text);
  if (deep !== undefined) return { docs: [], problems: [{ range: lines.range(deep, deep), message: `This YAML document ${nestingMessage()}.` }], tooDeep: 1 };
  const problems: YamlFile['problems'] = [];
  // documents one by one from a lazy parser: past the limit, the rest of the text is not even read
  const all: Document[] = [];
  let cut = false;
  // duplicate keys are found below in one pass: the parser's own check compares every key with every
  // earlier key of its map, which made a compose file of 20,000 services take half a minute
  const composer = new Composer({ customTags: CUSTOM_TAGS, prettyErrors: false, uniqueKeys: false });
  for (const doc of composer.compose(new Parser().parse(text))) {
    if (all.length === MAX_YAML_DOCUMENTS) {
      const at = doc.range?.[0] ?? 0;
      problems.push({ range: lines.range(at, at), message: `This file has more than ${MAX_YAML_DOCUMENTS.toLocaleString('en')} YAML documents; only the first ${MAX_YAML_DOCUMENTS.toLocaleString('en')} are checked (no deployment file has that many).` });
      cut = true;
      break;
    }
    all.push(doc as Document);
  }
  // the readers below recurse: a document nested deeper than any manifest is a problem, not a crash
  const docs = all.filter((doc) => {
    if (!yamlTooDeep(doc.contents)) return true;
    const start = doc.range?.[0] ?? 0;
    problems.push({ range: lines.range(start, start), message: `This YAML document ${nestingMessage()}.` });
    return false;
  });
  for (const doc of docs) {
    const error = doc.errors[0];
    if (!error) {
      const duplicate = duplicateKey(doc);
      const at = duplicate?.range?.[0];
      if (at !== undefined) problems.push({ range: lines.range(at, duplicate!.range![1]), message: 'YAML syntax error: Map keys must be unique' });
      continue;
    }
    const [start, end] = error.pos;
    problems.push({ range: lines.range(start, Math.max(start, end)), message: /call stack/i.test(error.message) ? `This YAML document ${nestingMessage()}.` : `YAML syntax error: ${error.message}` });
  }
  const budget = { left: MAX_YAML_ALIASES, over: undefined as Alias | undefined };
  for (const doc of docs) indexAliases(doc, budget);
  const over = budget.over?.range?.[0];
  if (over !== undefined) problems.push({ range: lines.range(over, over), message: `This file uses more than ${MAX_YAML_ALIASES.toLocaleString('en')} YAML aliases; the ones after this are not followed.` });
  return { docs, problems, tooDeep: all.length - docs.length, ...(cut ? { cut } : {}) };
}

/** The first key of a map that repeats an earlier key of that map (as YAML compares scalar keys), in one pass. */
function duplicateKey(doc: Document): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Map: (_key, map) => {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        const id = `${typeof key.value}:${String(key.value)}`;
        if (seen.has(id)) {
          found = key;
          return visit.BREAK;
        }
        seen.add(id);
      }
      return undefined;
    },
  });
  return found;
}

/** What each alias of a document stands for: indexed once per document, in one walk. */
const aliasTargets = new WeakMap<Document, Map<Alias, Node | undefined>>();

/**
 * One walk over the document: each alias stands for the last node before it with its anchor, as
 * YAML (and `Alias.resolve`) has it, without walking the whole document again for every alias
 * (which made 8,000 aliases take a minute). Aliases past the file's budget stand for nothing.
 */
function indexAliases(doc: Document, budget: { left: number; over?: Alias }): Map<Alias, Node | undefined> {
  const targets = new Map<Alias, Node | undefined>();
  const latest = new Map<string, Node>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        if (budget.left > 0) {
          budget.left--;
          targets.set(node, latest.get(node.source));
        } else budget.over ??= node;
      } else if (isNode(node) && typeof node.anchor === 'string') latest.set(node.anchor, node);
    },
  });
  aliasTargets.set(doc, targets);
  return targets;
}

/** A node with aliases followed (a bounded number of times). */
export function deref(node: unknown, doc: Document): Node | undefined {
  let current = node;
  for (let i = 0; i < 8 && isAlias(current); i++) {
    const targets = aliasTargets.get(doc) ?? indexAliases(doc, { left: MAX_YAML_ALIASES });
    current = targets.get(current);
  }
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
