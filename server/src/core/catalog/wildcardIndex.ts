/**
 * Wildcard patterns (`*` any characters, `?` one character: the catalog's `@nestjs/*`, a policy's
 * `@acme/ui-*`) indexed by their literal prefix, the part before the first wildcard. A name is
 * tried only against the patterns whose prefix it starts with, found by walking a character trie
 * along the name: a lookup costs the length of the name plus the few patterns that share its
 * prefix, whatever the number of patterns. (A pattern that starts with a wildcard has an empty
 * prefix and is tried for every name; the catalog has none, a policy may have a few.)
 *
 * A name may match several patterns (`org.springframework.boot:*` and
 * `org.springframework.boot:spring-boot-starter-data-redis*`): `matchAll` answers every one, in
 * the order they were added, and `match` the first.
 *
 * Most patterns are a prefix and a trailing `*`: reaching their trie node is the match. Only names
 * that also meet other patterns (`*-sdk`, or the ignored `@…/eslint-plugin`) pay for wildcard matching, and only
 * those answers are remembered, in a bounded cache that forgets the least recently used first:
 * remembering the rest would cost more than finding them again.
 */
import { compileWildcard, MAX_PACKAGE_PATTERN_LENGTH } from '../glob';
import { LruCache } from '../lru';

interface Entry<T> {
  /** Insertion order: the first pattern added that matches wins. */
  rank: number;
  /** undefined: the pattern is its prefix and a trailing `*`, matched by reaching its node. */
  matches: ((name: string) => boolean) | undefined;
  value: T;
}

interface TrieNode<T> {
  children?: Map<string, TrieNode<T>>;
  /** Patterns whose literal prefix ends here, in rank order. */
  entries?: Array<Entry<T>>;
}

/** The part of a pattern before its first `*` or `?`. */
export function literalPrefix(pattern: string): string {
  const star = pattern.search(/[*?]/);
  return star < 0 ? pattern : pattern.slice(0, star);
}

const NONE: readonly never[] = Object.freeze([]);

export class WildcardIndex<T> {
  private readonly root: TrieNode<T> = {};
  private count = 0;
  private readonly memo: LruCache<string, { values: readonly T[] }> | undefined;
  /** Patterns tried against a name so far: the work lookups did (for tests). */
  tried = 0;

  /** `memo`: how many answers that needed wildcard matching to remember (none by default). */
  constructor(options: { memo?: number } = {}) {
    this.memo = options.memo ? new LruCache(options.memo) : undefined;
  }

  get size(): number {
    return this.count;
  }

  /** Names dropped from the memo to make room. */
  get evictions(): number {
    return this.memo?.evictions ?? 0;
  }

  /** Adds a pattern; patterns added earlier win over later ones that also match. */
  add(pattern: string, value: T): void {
    // the policy's reader reports longer ones; none is ever compiled
    if (pattern.length > MAX_PACKAGE_PATTERN_LENGTH) return;
    const prefix = literalPrefix(pattern);
    let node = this.root;
    for (let i = 0; i < prefix.length; i++) {
      const c = prefix[i]; // code units, as match() walks the name
      node.children ??= new Map();
      let next = node.children.get(c);
      if (!next) node.children.set(c, (next = {}));
      node = next;
    }
    const matches = pattern === `${prefix}*` ? undefined : compileWildcard(pattern);
    (node.entries ??= []).push({ rank: this.count++, matches, value });
  }

  /** The value of the first pattern (in the order added) that matches the whole name. */
  match(name: string): T | undefined {
    const { candidates, wild } = this.candidates(name);
    if (!candidates) return undefined;
    // an answer that needs wildcard matching is remembered (with every match); else the first match is enough
    if (wild && this.memo) return this.remembered(name, candidates)[0];
    if (candidates.length > 1) candidates.sort((a, b) => a.rank - b.rank);
    for (const e of candidates) {
      this.tried++;
      if (!e.matches || e.matches(name)) return e.value;
    }
    return undefined;
  }

  /**
   * The values of every pattern that matches the whole name, in the order the patterns were added
   * (the first is what `match` answers). The same walk as one match: the candidates are the
   * patterns whose prefix the name starts with, and each is tried once.
   */
  matchAll(name: string): readonly T[] {
    const { candidates, wild } = this.candidates(name);
    if (!candidates) return NONE;
    return wild ? this.remembered(name, candidates) : this.all(candidates, name);
  }

  /** Every match of a name that needs wildcard matching: remembered, for names up to 214 characters. */
  private remembered(name: string, candidates: Array<Entry<T>>): readonly T[] {
    // names are at most 214 characters in npm; longer ones are not worth keeping
    const remembered = name.length <= 214 ? this.memo?.get(name) : undefined;
    if (remembered) return remembered.values;
    const values = this.all(candidates, name);
    if (name.length <= 214) this.memo?.set(name, { values });
    return values;
  }

  /** The patterns whose prefix the name starts with, walking the trie along the name; `wild` when one needs wildcard matching. */
  private candidates(name: string): { candidates: Array<Entry<T>> | undefined; wild: boolean } {
    let candidates: Array<Entry<T>> | undefined;
    let wild = false;
    let node: TrieNode<T> | undefined = this.root;
    for (let i = 0; node; i++) {
      if (node.entries) {
        for (const e of node.entries) {
          (candidates ??= []).push(e);
          if (e.matches) wild = true;
        }
      }
      if (i === name.length) break;
      node = node.children?.get(name[i]);
    }
    return { candidates, wild };
  }

  private all(candidates: Array<Entry<T>>, name: string): readonly T[] {
    if (candidates.length > 1) candidates.sort((a, b) => a.rank - b.rank);
    const out: T[] = [];
    for (const e of candidates) {
      this.tried++;
      if (!e.matches || e.matches(name)) out.push(e.value);
    }
    return out;
  }
}
