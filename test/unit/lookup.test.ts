/**
 * The catalog lookup costs the same whatever the size of the catalog and of the manifest (issue
 * 20): counted in patterns tried, never timed. And the bounded cache behind it forgets the least
 * recently used names first.
 */
import * as assert from 'assert';
import { type CatalogData, LOOKUP_CACHE_SIZE, TechnologyIndex } from '../../server/src/core/catalog/technologies';
import { literalPrefix, WildcardIndex } from '../../server/src/core/catalog/wildcardIndex';
import { LruCache } from '../../server/src/core/lru';

/** A catalog of `count` technologies, each named by a pattern `vendor-N-*`. */
function patternCatalog(count: number): CatalogData {
  return {
    version: 1,
    categories: [{ id: 'library', label: 'library', plural: 'libraries' }],
    technologies: Array.from({ length: count }, (_, i) => ({ id: `vendor${i}`, name: `Vendor ${i}`, category: 'library', packages: [`vendor-${i}-*`], images: [] })),
  };
}

suite('catalog lookup: the same cost at any size', () => {
  test('a name is tried only against the patterns that share its literal prefix, however many the catalog has', function () {
    this.timeout(20_000); // two catalogs built (one of 10,000 technologies) and 10,000 lookups: a few tenths of a second, more on a busy machine
    const names = Array.from({ length: 5000 }, (_, i) => (i % 2 ? `plain-library-${i}` : `vendor-${i % 10}-plugin-${i}`));
    const tried = (size: number) => {
      const index = new TechnologyIndex({ technologies: {} }, patternCatalog(size));
      for (const name of names) index.matchPackage(name);
      assert.strictEqual(index.matchPackage('vendor-7-core')?.id, 'vendor7');
      assert.strictEqual(index.matchPackage('vendor-77-core')?.id, size > 77 ? 'vendor77' : undefined);
      return index.work.patternsTried;
    };
    const small = tried(10);
    const large = tried(10_000);
    // 2,500 vendor names, each trying its one pattern (`vendor-3-*`; `vendor-31-*` shares no more than `vendor-3`)
    assert.ok(small >= 2500 && small <= 2502, `${small} patterns tried with 10 in the catalog`);
    assert.ok(large <= small + 1, `${large} patterns tried with 10,000 in the catalog, ${small} with 10`);
  });

  test('the built-in catalog: a package that is no technology tries no pattern at all', () => {
    const index = new TechnologyIndex({ technologies: {} });
    for (let i = 0; i < 20_000; i++) assert.strictEqual(index.matchPackage(`plain-library-${i}`), undefined);
    assert.deepStrictEqual(index.work, { lookups: 20_000, patternsTried: 0, evictions: 0 });
    // scoped names meet the ignored `@…/eslint-plugin` patterns and the scope's own, no more
    const before = index.work.patternsTried;
    assert.strictEqual(index.matchPackage('@nestjs/core')?.id, 'nestjs');
    assert.strictEqual(index.matchPackage('@acme/eslint-plugin'), undefined);
    assert.strictEqual(index.matchPackage('@acme/widgets'), undefined);
    assert.ok(index.work.patternsTried - before <= 12, `${index.work.patternsTried - before} patterns for three scoped names`);
  });

  test('the first pattern wins as before: the policy over the catalog, the longer over the shorter, `?` in a pattern as one character', () => {
    const index = new TechnologyIndex({
      technologies: {
        'acme-sdk': { ring: 'adopt', packages: ['*-sdk', '@acme/*'] },
        'acme-ui': { ring: 'trial', packages: ['@acme/ui-*'] },
        'acme-v': { ring: 'assess', packages: ['acme-v?-*'] },
      },
    });
    assert.strictEqual(index.matchPackage('@acme/ui-buttons')?.id, 'acme-ui', 'longer pattern first');
    assert.strictEqual(index.matchPackage('@acme/api')?.id, 'acme-sdk');
    assert.strictEqual(index.matchPackage('stripe-sdk')?.id, 'acme-sdk', 'a pattern with no literal prefix');
    assert.strictEqual(index.matchPackage('@nestjs/core-sdk')?.id, 'acme-sdk', 'the policy before the catalog');
    assert.strictEqual(index.matchPackage('@nestjs/core')?.id, 'nestjs');
    assert.strictEqual(index.matchPackage('acme-v2-core')?.id, 'acme-v');
    assert.strictEqual(index.matchPackage('acme-v22-core'), undefined);
    assert.strictEqual(index.matchPackage('@types/acme-sdk'), undefined, 'ignored packages stay ignored');
  });

  test('answers that needed wildcard matching are remembered; a file with more names than the cache holds never empties it', function () {
    this.timeout(20_000); // 25,000 lookups: a few tenths of a second, more on a busy machine
    const index = new TechnologyIndex({ technologies: { 'acme-sdk': { ring: 'adopt', packages: ['*-sdk'] } } });
    const lookup = (name: string) => {
      const before = index.work.patternsTried;
      index.matchPackage(name);
      return index.work.patternsTried - before;
    };
    assert.strictEqual(lookup('stripe-sdk'), 1);
    assert.strictEqual(lookup('stripe-sdk'), 0, 'remembered');
    // a stream of more distinct names than the cache holds, with the hot name used in between
    for (let i = 0; i < LOOKUP_CACHE_SIZE + 5000; i++) {
      assert.strictEqual(lookup(`library-${i}`), 1);
      if (i % 1000 === 0) assert.strictEqual(lookup('stripe-sdk'), 0, `the hot name is still remembered after ${i} others`);
    }
    assert.strictEqual(index.work.evictions, 5001, 'the coldest names made room, one at a time');
    assert.strictEqual(lookup(`library-${LOOKUP_CACHE_SIZE + 4999}`), 0, 'the newest are kept');
    assert.strictEqual(lookup('library-0'), 1, 'the oldest went');
  });

  test('literal prefixes and the index on its own', () => {
    assert.strictEqual(literalPrefix('@nestjs/*'), '@nestjs/');
    assert.strictEqual(literalPrefix('acme-v?'), 'acme-v');
    assert.strictEqual(literalPrefix('*-sdk'), '');
    assert.strictEqual(literalPrefix('exact'), 'exact');
    const index = new WildcardIndex<string>();
    index.add('ab*', 'ab');
    index.add('a*c', 'a-c');
    index.add('*', 'any');
    assert.strictEqual(index.match('abc'), 'ab');
    assert.strictEqual(index.match('axc'), 'a-c');
    assert.strictEqual(index.match('x'), 'any');
    assert.strictEqual(index.match(''), 'any');
    assert.strictEqual(index.size, 3);
  });
});

suite('LruCache', () => {
  test('evicts the least recently used entry; a read makes an entry the most recent', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    assert.strictEqual(cache.get('a'), 1);
    cache.set('d', 4); // b is the least recently used now
    assert.deepStrictEqual([...cache.keys()], ['d', 'a', 'c']);
    assert.strictEqual(cache.has('b'), false);
    cache.set('c', 30); // an update is a use
    cache.set('e', 5);
    assert.deepStrictEqual([...cache.keys()], ['e', 'c', 'd']);
    assert.strictEqual(cache.get('c'), 30);
    assert.strictEqual(cache.size, 3);
    assert.strictEqual(cache.evictions, 2);
    cache.clear();
    assert.strictEqual(cache.size, 0);
    assert.strictEqual(cache.get('e'), undefined);
    assert.throws(() => new LruCache(0), RangeError);
  });

});
