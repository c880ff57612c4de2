/**
 * package.json → facts with exact ranges. Tolerant: a half-typed file still yields every
 * dependency whose key has been parsed.
 */
import { type ParseError, visit } from 'jsonc-parser';
import type { Range } from 'vscode-languageserver-types';
import { LineIndex, withoutBom } from '../text';
import { capEntries, guarded, jsonTooDeep, MAX_DEPENDENCIES_PER_FILE, maxPackageNameLength, nestingMessage, packageNameTooLongMessage } from '../limits';
import { type StrictJsonVisitor, visitStrictJson } from './strictJson';

export const DEPENDENCY_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
export type DependencySection = (typeof DEPENDENCY_SECTIONS)[number];

export interface DependencyFact {
  name: string;
  version?: string;
  section: DependencySection;
  /** The package actually installed: `fastify` for `"fastify4": "npm:fastify@^4"`. */
  package: string;
  /** The key, quotes included: where the squiggle goes. */
  range: Range;
}

export interface PackageJsonFacts {
  kind: 'package.json';
  name?: string;
  nameRange?: Range;
  dependencies: DependencyFact[];
  scripts: Record<string, string>;
  /** The parser's complaints; JSON syntax is the JSON language's business, the CLI reports them. */
  syntaxErrors: Array<{ range: Range; message: string }>;
  /** Why the file cannot be checked at all (nested too deep): a diagnostic in the editor, an error in CI. */
  problems: Array<{ range: Range; message: string }>;
  /** True when the text is not an object at all (nothing to check). */
  unusable: boolean;
  /** The first line: where a language finding goes. */
  firstLine: Range;
}

/** `npm:fastify@^4` → `fastify`, `npm:@scope/pkg@1` → `@scope/pkg`. */
function aliasTarget(version: string | undefined): string | undefined {
  const m = version?.includes('npm:') ? /^npm:((?:@[^/@\s]+\/)?[^@\s]+)/.exec(version.trim()) : null;
  return m?.[1];
}

/**
 * Parsed once per keystroke, so read as a stream rather than built into a tree: only the top-level
 * keys, the scripts and the dependency sections are kept, and the positions of keys come from the
 * reader, which counts lines as it goes (a string token never spans lines). A text that is strict
 * JSON (nearly every package.json) is read by `visitStrictJson`, which gives jsonc-parser's events
 * several times faster; anything else (comments, trailing commas, a half-typed key) is read again
 * by jsonc-parser's `visit`, which says what is wrong and reads what parses. Text offsets become
 * positions through a line index only for the rare parse problem.
 */
export function scanPackageJson(text: string): PackageJsonFacts {
  let index: LineIndex | undefined;
  const lines = () => (index ??= new LineIndex(text));
  const firstLineEnd = text.search(/[\r\n]|$/);
  const firstLine: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: firstLineEnd } };
  const unusable = (message: string, at = 0): PackageJsonFacts => ({
    kind: 'package.json',
    dependencies: [],
    scripts: {},
    syntaxErrors: [],
    problems: [{ range: lines().range(at, at + 1), message }],
    unusable: true,
    firstLine,
  });
  const deep = jsonTooDeep(text);
  if (deep !== undefined) return unusable(`this package.json ${nestingMessage()}`, deep);
  return guarded(
    () => readPackageJson(text, lines, firstLine, 'strict') ?? readPackageJson(text, lines, firstLine, 'jsonc')!,
    (reason) => unusable(`this package.json ${reason}`),
  );
}

/** A token on one line, as a range. */
function tokenRange(line: number, character: number, length: number): Range {
  return { start: { line, character }, end: { line, character: character + length } };
}

/**
 * A dependency as read: its key's place kept as three numbers and made a range when asked (for a
 * finding or a hover), so that a 20,000-dependency manifest kept for the next keystroke holds
 * 20,000 small objects, not 80,000.
 */
class Dependency implements DependencyFact {
  version: string | undefined = undefined;
  package: string;
  constructor(
    readonly name: string,
    readonly section: DependencySection,
    private readonly line: number,
    private readonly character: number,
    private readonly length: number,
  ) {
    this.package = name;
  }

  get range(): Range {
    return tokenRange(this.line, this.character, this.length);
  }

  toJSON(): DependencyFact {
    return { name: this.name, version: this.version, section: this.section, package: this.package, range: this.range };
  }
}

/** The facts, read by `reader`; undefined when the strict reader finds the text is not strict JSON. */
function readPackageJson(text: string, lines: () => LineIndex, firstLine: Range, reader: 'strict' | 'jsonc'): PackageJsonFacts | undefined {
  const facts: PackageJsonFacts = { kind: 'package.json', dependencies: [], scripts: {}, syntaxErrors: [], problems: [], unusable: true, firstLine };
  const errors: ParseError[] = [];
  /** Open objects and arrays; the root object's properties are at depth 1. */
  let depth = 0;
  let rootSeen = false;
  /** The top-level key being read, and whether its value is an object (a section to read). */
  let topKey: string | undefined;
  let section: 'scripts' | DependencySection | undefined;
  /** The section's key whose value comes next. */
  let entryKey: string | undefined;
  let pending: Dependency | undefined;

  const begin = (isObject: boolean) => (): void => {
    if (depth === 0 && !rootSeen) {
      rootSeen = true;
      facts.unusable = !isObject;
    }
    if (depth === 1 && isObject && topKey !== undefined && !facts.unusable) {
      section = topKey === 'scripts' ? 'scripts' : (DEPENDENCY_SECTIONS as readonly string[]).includes(topKey) ? (topKey as DependencySection) : undefined;
    }
    depth++;
  };
  const end = (): void => {
    depth--;
    if (depth === 1) section = undefined;
  };

  const visitor: StrictJsonVisitor = {
    onObjectBegin: begin(true),
    onArrayBegin: begin(false),
    onObjectEnd: end,
    onArrayEnd: end,
    onObjectProperty: (key, _offset, length, line, character) => {
      if (depth === 1) {
        topKey = key;
        section = undefined;
      } else if (depth === 2 && section) {
        entryKey = key;
        pending = undefined;
        if (section === 'scripts') return;
        const name = key.trim();
        if (name === '') return;
        if (name.length > maxPackageNameLength('npm')) {
          facts.problems.push({ range: tokenRange(line, character, length), message: packageNameTooLongMessage('npm', name.length) });
          return;
        }
        pending = new Dependency(name, section, line, character, length);
        facts.dependencies.push(pending);
      }
    },
    onLiteralValue: (value: unknown, _offset, length, line, character) => {
      if (depth === 0 && !rootSeen) {
        rootSeen = true; // a document that is a string or a number: nothing to check
      } else if (depth === 1 && topKey === 'name' && typeof value === 'string' && !facts.unusable) {
        facts.name = value;
        facts.nameRange = tokenRange(line, character, length);
      } else if (depth === 2 && section === 'scripts' && entryKey !== undefined) {
        if (typeof value === 'string') facts.scripts[entryKey] = value;
      } else if (depth === 2 && pending && typeof value === 'string') {
        pending.version = value;
        pending.package = aliasTarget(value) ?? pending.name;
      }
      if (depth === 2) pending = undefined;
    },
  };
  if (reader === 'strict') {
    if (!visitStrictJson(withoutBom(text), visitor)) return undefined;
  } else {
    visit(withoutBom(text), { ...visitor, onError: (error, offset, length) => errors.push({ error, offset, length }) }, { allowTrailingComma: true, disallowComments: false });
  }
  if (!rootSeen) facts.unusable = true;
  if (facts.unusable) {
    facts.dependencies = [];
    facts.scripts = {};
    delete facts.name;
    delete facts.nameRange;
  }
  facts.syntaxErrors = errors.map((e) => ({ range: lines().range(e.offset, e.offset + e.length), message: `JSON syntax error (code ${e.error})` }));
  capEntries(facts.dependencies, 'dependencies', facts.problems, MAX_DEPENDENCIES_PER_FILE);
  return facts;
}
