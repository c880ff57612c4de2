/**
 * A bounded map that forgets the least recently used entry first. Used for memos on the hot path
 * (the catalog's lookups): when a workspace has more distinct keys than fit, the ones in use stay
 * and only the coldest go; the cache is never emptied at once.
 *
 * A map to nodes of a doubly linked list in order of use: a hit moves its node to the front, an
 * insertion past the capacity drops the node at the back; both O(1). (Re-inserting into a Map to
 * keep it in order of use is not: V8 leaves deleted entries in place until it rehashes, and finding
 * the oldest key from the front then steps over all of them.)
 */
interface Node<K, V> {
  key: K;
  value: V;
  newer: Node<K, V> | undefined;
  older: Node<K, V> | undefined;
}

export class LruCache<K, V> {
  private readonly map = new Map<K, Node<K, V>>();
  private newest: Node<K, V> | undefined;
  private oldest: Node<K, V> | undefined;
  /** How many entries were dropped to make room (for tests and the bench). */
  evictions = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`an LRU cache holds at least one entry, not ${capacity}`);
  }

  get size(): number {
    return this.map.size;
  }

  /** The value, which becomes the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const node = this.map.get(key);
    if (!node) return undefined;
    this.touch(node);
    return node.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    const known = this.map.get(key);
    if (known) {
      known.value = value;
      this.touch(known);
      return;
    }
    if (this.map.size >= this.capacity && this.oldest) {
      const gone = this.oldest;
      this.unlink(gone);
      this.map.delete(gone.key);
      this.evictions++;
    }
    const node: Node<K, V> = { key, value, newer: undefined, older: undefined };
    this.map.set(key, node);
    this.pushNewest(node);
  }

  /** Keys from the most to the least recently used. */
  *keys(): IterableIterator<K> {
    for (let n = this.newest; n; n = n.older) yield n.key;
  }

  clear(): void {
    this.map.clear();
    this.newest = this.oldest = undefined;
  }

  private touch(node: Node<K, V>): void {
    if (node === this.newest) return;
    this.unlink(node);
    this.pushNewest(node);
  }

  private unlink(node: Node<K, V>): void {
    if (node.newer) node.newer.older = node.older;
    else this.newest = node.older;
    if (node.older) node.older.newer = node.newer;
    else this.oldest = node.newer;
    node.newer = node.older = undefined;
  }

  private pushNewest(node: Node<K, V>): void {
    node.older = this.newest;
    if (this.newest) this.newest.newer = node;
    this.newest = node;
    this.oldest ??= node;
  }
}
