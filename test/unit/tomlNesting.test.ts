// TOML nested deeper than any manifest (the red team's follow-up to issue 18, item 12): refused
// before the parser builds every level, with a problem where the nesting passes the limit.
import * as assert from 'assert';
import { MAX_NESTING, tomlTooDeep } from '../../server/src/core/limits';
import { scanScaffolding } from '../../server/src/core/scan/scaffolding';

const ctx = { imageCategory: () => undefined };

suite('TOML nesting: refused before the parse, said where', function () {
  // a 2.8 MB Pipfile of this shape took 17.7 s before (the parser built 700,000 levels, then a
  // recursive reader overflowed); the timeout only catches a regression on a busy machine
  this.timeout(20_000);

  test('pyproject.toml, Pipfile and Cargo.toml of nested inline tables: a problem at the level past the limit, nothing else read', () => {
    const nested = (n: number) => `${'{b='.repeat(n)}1${'}'.repeat(n)}`;
    for (const [file, head] of [
      ['pyproject.toml', '[project]\nname = "x"\ndependencies = ["flask"]\n[tool.x]\na = '],
      ['Pipfile', '[packages]\nrequests = "*"\n[x]\na = '],
      ['Cargo.toml', '[package]\nname = "x"\n[dependencies]\nserde = "1"\n[x]\na = '],
    ] as const) {
      for (const n of [MAX_NESTING + 1, 700_000]) {
        const text = `${head}${nested(n)}\n`;
        const facts = scanScaffolding(file, text, ctx)!;
        const line = head.split('\n').length - 1;
        assert.deepStrictEqual(
          facts.problems.map((p) => [p.range.start.line, p.range.start.character, p.message]),
          [[line, 'a = '.length + 3 * MAX_NESTING, `This TOML document nests more than ${MAX_NESTING} levels deep (no manifest does).`]],
          `${file}, ${n} levels`,
        );
        assert.deepStrictEqual(facts.dependencies, [], file);
      }
    }
  });

  test('the limit counts arrays and inline tables, not brackets in strings, comments or table headers', () => {
    const ok = `[[tool.x]]\na = [${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}]\n`;
    assert.strictEqual(tomlTooDeep(ok), undefined);
    const quoted = `a = "${'{'.repeat(300)}"\nb = '${'['.repeat(300)}'\nc = """\n${'{'.repeat(300)}\n"""\nd = '''${'['.repeat(300)}'''\n# ${'{'.repeat(300)}\ne = "\\"${'{'.repeat(300)}"\n`;
    assert.strictEqual(tomlTooDeep(quoted), undefined);
    const deep = `x = 1 # [\n${'a = ['.repeat(1)}${'['.repeat(MAX_NESTING)}`;
    assert.strictEqual(tomlTooDeep(deep), deep.length - 1);
    // a real manifest is read as before
    const facts = scanScaffolding('pyproject.toml', '[project]\nname = "x"\ndependencies = ["flask>=3", "redis"]\n[tool.x]\nt = { a = { b = [1, [2]] } }\n', ctx)!;
    assert.deepStrictEqual([facts.dependencies.map((d) => d.name), facts.problems], [['flask', 'redis'], []]);
  });
});
