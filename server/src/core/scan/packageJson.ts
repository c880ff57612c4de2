/**
 * package.json → facts with exact ranges. Tolerant: a half-typed file still yields every
 * dependency whose key has been parsed.
 */
import { type Node, type ParseError, parseTree } from 'jsonc-parser';
import type { Range } from 'vscode-languageserver-types';
import { LineIndex, withoutBom } from '../text';
import { capEntries, guarded, jsonTooDeep, nestingMessage } from '../limits';

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
  const m = version ? /^npm:((?:@[^/@\s]+\/)?[^@\s]+)/.exec(version.trim()) : null;
  return m?.[1];
}

export function scanPackageJson(text: string): PackageJsonFacts {
  const lines = new LineIndex(text);
  const firstLine = lines.range(0, Math.max(0, text.search(/\r?\n|$/)));
  const unusable = (message: string, at = 0): PackageJsonFacts => ({
    kind: 'package.json',
    dependencies: [],
    scripts: {},
    syntaxErrors: [],
    problems: [{ range: lines.range(at, at + 1), message }],
    unusable: true,
    firstLine,
  });
  const deep = jsonTooDeep(text);
  if (deep !== undefined) return unusable(`this package.json ${nestingMessage()}`, deep);
  return guarded(() => readPackageJson(text, lines, firstLine), (reason) => unusable(`this package.json ${reason}`));
}

function readPackageJson(text: string, lines: LineIndex, firstLine: Range): PackageJsonFacts {
  const errors: ParseError[] = [];
  const root = parseTree(withoutBom(text), errors, { allowTrailingComma: true, disallowComments: false });
  const facts: PackageJsonFacts = {
    kind: 'package.json',
    dependencies: [],
    scripts: {},
    syntaxErrors: errors.map((e) => ({ range: lines.range(e.offset, e.offset + e.length), message: `JSON syntax error (code ${e.error})` })),
    problems: [],
    unusable: !root || root.type !== 'object',
    firstLine,
  };
  if (!root || root.type !== 'object') return facts;

  for (const prop of root.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (!key || typeof key.value !== 'string') continue;
    const section = key.value;
    if (section === 'name' && value?.type === 'string') {
      facts.name = value.value;
      facts.nameRange = lines.range(value.offset, value.offset + value.length);
    } else if (section === 'scripts' && value?.type === 'object') {
      for (const s of value.children ?? []) {
        const [sk, sv] = s.children ?? [];
        if (sk && sv?.type === 'string') facts.scripts[String(sk.value)] = sv.value;
      }
    } else if ((DEPENDENCY_SECTIONS as readonly string[]).includes(section) && value?.type === 'object') {
      readDependencies(value, section as DependencySection);
    }
  }
  capEntries(facts.dependencies, 'dependencies', facts.problems);
  return facts;

  function readDependencies(node: Node, section: DependencySection): void {
    for (const dep of node.children ?? []) {
      const [k, v] = dep.children ?? [];
      if (!k || typeof k.value !== 'string') continue;
      const name = k.value.trim();
      if (name === '') continue;
      const version = v?.type === 'string' ? v.value : undefined;
      facts.dependencies.push({
        name,
        version,
        section,
        package: aliasTarget(version) ?? name,
        range: lines.range(k.offset, k.offset + k.length),
      });
    }
  }
}
