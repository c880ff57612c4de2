import * as assert from 'assert';
import picomatch from 'picomatch';
import { compileGlob, globWork, MAX_ALTERNATIVES, MAX_PACKAGE_PATTERN_LENGTH, wildcardMatch } from '../../server/src/core/glob';
import { TechnologyIndex } from '../../server/src/core/catalog/technologies';
import { loadPolicy } from '../../server/src/core/policy/load';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { scanScaffolding } from '../../server/src/core/scan/scaffolding';
import { memoryHost } from '../support/fixtures';
import { inScope } from '../../server/src/core/exceptions/match';

/** A deterministic generator (mulberry32): the same cases every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

suite('glob patterns: linear matching, the same answers as picomatch', () => {
  test('agrees with picomatch (dot: true) on 20,000 generated pattern/path pairs', function () {
    // 40,000 compilations and matches: about a second, more on a busy 2-core machine
    this.timeout(30000);
    const rand = random(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const parts = ['a', 'b', 'ab', 'src', '.git', 'x-y', 'a.md', 'test', 'c1'];
    // (picomatch reads `[!a]` as the class {!, a}; ours, like bash, git and minimatch, as "not a": tested below)
    const globParts = ['a', 'b', '*', '**', '?', '*.md', 'a*', '*b', '[ab]', '[^a]*', '{a,b}', 'src', '.git', 'x-*', 't?st', '{src,test}/*', '[a-c]?'];
    let compared = 0;
    for (let i = 0; i < 20_000; i++) {
      let pattern = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(globParts)).join('/');
      // picomatch's `a/*/**` does not match `a/y` (while `x/**` matches `x`); ours always lets a
      // trailing `**` match nothing (asserted below), so the comparison leaves that shape out
      if (pattern.endsWith('**') && pattern.length > 2) pattern += '/a';
      const path = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(parts)).join('/');
      const ours = compileGlob(pattern);
      assert.ok(ours.ok, pattern);
      const theirs = picomatch(pattern, { dot: true })(path);
      assert.strictEqual(ours.match(path), theirs, `${pattern} against ${path}`);
      compared++;
    }
    assert.strictEqual(compared, 20_000);
  });

  test('hostile patterns against long names: the work grows with the name, never faster (counted in steps)', () => {
    const cases: Array<[string, (n: number) => string]> = [
      ['*a*a*a*a*a*a*a*a*a*a*b', (n) => 'a'.repeat(n) + 'c'],
      ['**/*-*-*-*-*-*-*-x', (n) => `${'d/'.repeat(n / 25)}${'a-'.repeat(n / 2)}b`],
      ['**/**/**/**/**/**/z', (n) => 'y/'.repeat(n / 2) + 'q'],
    ];
    const steps = (pattern: string, path: string) => {
      const m = compileGlob(pattern);
      assert.ok(m.ok);
      const before = globWork.steps;
      assert.strictEqual(m.match(path), false);
      return globWork.steps - before;
    };
    for (const [pattern, path] of cases) {
      const small = steps(pattern, path(5000));
      const large = steps(pattern, path(10_000));
      // a backtracking matcher takes exponentially more steps; this one at most a constant times the length
      assert.ok(small <= 20 * 5000, `${pattern}: ${small} steps for 5,000 characters`);
      assert.ok(large <= 2.5 * small, `${pattern}: ${small} steps for 5,000 characters, ${large} for 10,000`);
    }
    const before = globWork.steps;
    assert.strictEqual(wildcardMatch('*-*-*-*-*-x', 'a-'.repeat(20_000) + 'b'), false);
    assert.ok(globWork.steps - before <= 3 * 40_001, `${globWork.steps - before} steps for 40,001 characters`);
  });

  test('a long chunk between stars costs a pass over the name, not (pattern × name): the red team\'s package pattern (counted in steps)', () => {
    // `*` + 250 a's + `b0`, and a's + `b` + 250 a's between two stars: each tried on names of a's, which a
    // two-pointer matcher rescans from every start (250 steps a character: 5 million for 20,000)
    // (the names fit the pattern's ends, so the chunk in the middle is searched)
    const shapes: Array<[string, (n: number) => string]> = [
      [`*${'a'.repeat(250)}b*`, (n) => 'a'.repeat(n)],
      [`*${'a'.repeat(125)}b${'a'.repeat(125)}*c`, (n) => `${'a'.repeat(n)}c`],
      [`x*${'a?'.repeat(120)}b*y`, (n) => `x${'a'.repeat(n)}y`],
    ];
    const steps = (pattern: string, name: string) => {
      const before = globWork.steps;
      assert.strictEqual(wildcardMatch(pattern, name), false);
      return globWork.steps - before;
    };
    for (const [pattern, name] of shapes) {
      const small = steps(pattern, name(10_000));
      const large = steps(pattern, name(20_000));
      // at most 8 words of 32 pattern characters a step for a 256-character chunk, plus one mask per character met
      assert.ok(large <= 10 * 20_000, `${pattern.slice(0, 12)}…: ${large} steps for 20,000 characters`);
      assert.ok(large <= 2.5 * small, `${pattern.slice(0, 12)}…: ${small} steps for 10,000 characters, ${large} for 20,000`);
    }
    // and the answers stay right around the chunks
    assert.ok(wildcardMatch(`*${'a'.repeat(250)}b0`, `${'a'.repeat(300)}b0`));
    assert.ok(wildcardMatch(`x*${'a?'.repeat(3)}*y`, 'xzzaQaWaEy'));
    assert.ok(!wildcardMatch('x*ab*ab*y', 'xaby'));
    assert.ok(wildcardMatch('x*ab*ab*y', 'xababy'));
  });

  test(`a package pattern over ${MAX_PACKAGE_PATTERN_LENGTH} characters is policy-invalid at its place; a name longer than npm allows is not checked, said at its place, and tried against no pattern`, () => {
    const long = `*${'a'.repeat(10_000)}b0`;
    const text = JSON.stringify({ technologies: { acme: { ring: 'adopt', packages: ['@acme/*', long] } } });
    const loaded = loadPolicy('file:///w/techpolicy.json', text, memoryHost({}));
    assert.deepStrictEqual(
      loaded.problems.map((p) => [p.range.start.character, p.severity, p.message]),
      [[text.indexOf(`"${long}"`), 'error', `A name in "packages" is at most 256 characters (this one has 10,003); no package has a longer name, and it is not used.`]],
    );
    assert.deepStrictEqual(loaded.policy.technologies.acme.packages, ['@acme/*']);
    const name = 'a'.repeat(20_000);
    const manifest = `{\n  "dependencies": {\n    "${name}": "1",\n    "@acme/ui": "1"\n  }\n}`;
    const facts = scanPackageJson(manifest);
    assert.deepStrictEqual(facts.dependencies.map((d) => d.name), ['@acme/ui']);
    assert.deepStrictEqual(facts.problems.map((p) => [p.range.start.line, p.range.start.character, p.message]), [[2, 4, "This dependency's name has 20,000 characters, more than npm allows (214): it is not checked."]]);
    // the other ecosystems' manifests alike, at the most their readers keep (300)
    const requirements = scanScaffolding('requirements.txt', `flask==3\n${'a'.repeat(400)}==1\nredis\n`, { imageCategory: () => undefined })!;
    assert.deepStrictEqual(requirements.dependencies.map((d) => d.name), ['flask', 'redis']);
    assert.deepStrictEqual(requirements.problems.map((p) => [p.range.start.line, p.message]), [[1, "This dependency's name has 400 characters, more than the 300 read for a package name (no registry's names are that long): it is not checked."]]);
    const index = new TechnologyIndex({ technologies: { wild: { ring: 'adopt', packages: [`*${'a'.repeat(200)}b0`] } } });
    assert.strictEqual(index.matchDependency('npm', name), undefined);
    assert.strictEqual(index.work.patternsTried, 0, 'a name longer than npm allows is tried against no pattern');
  });

  test('limits: braces that expand too far, patterns that are too long, are refused with a reason', () => {
    const wide = '{a,b}'.repeat(7);
    const r = compileGlob(wide);
    assert.deepStrictEqual(r, { ok: false, reason: `the pattern's braces expand to more than ${MAX_ALTERNATIVES} alternatives` });
    assert.strictEqual(compileGlob('a'.repeat(2000)).ok, false);
    assert.ok(!inScope([wide], 'ab'), 'a pattern that cannot be compiled matches nothing');
  });

  test('a `**` matches any number of segments, none included, wherever it is', () => {
    const m = (p: string, s: string) => (compileGlob(p) as { match: (x: string) => boolean }).match(s);
    for (const [p, s] of [['x/**', 'x'], ['a/*/**', 'a/y'], ['**/x', 'x'], ['a/**/b', 'a/b'], ['a/**/b', 'a/1/2/b']]) assert.ok(m(p, s), `${p} ${s}`);
    assert.ok(!m('a/**/b', 'a/1/2/c'));
  });

  test('classes: ranges, and negation with ! or ^ as in bash and git', () => {
    const m = (p: string, s: string) => (compileGlob(p) as { match: (x: string) => boolean }).match(s);
    assert.ok(m('[!a]*', 'c1'));
    assert.ok(!m('[!a]*', 'a1'));
    assert.ok(m('[a-c]x', 'bx'));
    assert.ok(!m('[a-c]x', 'dx'));
    assert.ok(m('a[', 'a['), 'an unclosed class is literal');
    assert.ok(m('\\*', '*') && !m('\\*', 'x'), 'an escaped star is literal');
  });

  test('catalog package patterns: `*` is any characters, slashes included', () => {
    assert.ok(wildcardMatch('@nestjs/*', '@nestjs/core'));
    assert.ok(wildcardMatch('@acme/ui-*', '@acme/ui-buttons'));
    assert.ok(!wildcardMatch('@acme/ui-*', '@acme/uix'));
    assert.ok(wildcardMatch('*', ''));
  });
});
