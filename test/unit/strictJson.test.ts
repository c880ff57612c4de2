// The strict JSON reader is a fast path under jsonc-parser's `visit`: where it reads a text it must
// give exactly visit's events (keys and values with their offsets, lengths, lines and characters),
// and it must give up on anything visit complains about or reads as JSONC. These tests hold the two
// side by side on real manifests, every prefix of one, every one-character edit of one, and texts
// made to be awkward; and package.json facts read either way are the same.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { visit } from 'jsonc-parser';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { visitStrictJson } from '../../server/src/core/scan/strictJson';
import { REPO_ROOT } from '../support/fixtures';

type Events = unknown[][];

function strictEvents(text: string): Events | undefined {
  const events: Events = [];
  const ok = visitStrictJson(text, {
    onObjectBegin: () => events.push(['{']),
    onObjectEnd: () => events.push(['}']),
    onArrayBegin: () => events.push(['[']),
    onArrayEnd: () => events.push([']']),
    onObjectProperty: (...args) => events.push(['key', ...args]),
    onLiteralValue: (...args) => events.push(['value', ...args]),
  });
  return ok ? events : undefined;
}

/** visit's events as the strict reader gives them (the same arguments), and whether it found anything wrong. */
function jsoncEvents(text: string): { events: Events; errors: number } {
  const events: Events = [];
  let errors = 0;
  visit(
    text,
    {
      onObjectBegin: () => void events.push(['{']),
      onObjectEnd: () => events.push(['}']),
      onArrayBegin: () => void events.push(['[']),
      onArrayEnd: () => events.push([']']),
      onObjectProperty: (key, offset, length, line, character) => events.push(['key', key, offset, length, line, character]),
      onLiteralValue: (value, offset, length, line, character) => events.push(['value', value, offset, length, line, character]),
      onError: () => errors++,
      // comments and trailing commas are JSONC: the strict reader gives them to visit
      onComment: () => errors++,
    },
    { allowTrailingComma: false, disallowComments: false },
  );
  return { events, errors };
}

/** The strict reader reads `text` only when visit finds nothing wrong, and then gives visit's events. */
function agrees(text: string): boolean {
  const strict = strictEvents(text);
  const jsonc = jsoncEvents(text);
  if (strict === undefined) return false;
  assert.strictEqual(jsonc.errors, 0, `the strict reader read a text visit complains about: ${JSON.stringify(text.slice(0, 200))}`);
  assert.deepStrictEqual(strict, jsonc.events, JSON.stringify(text.slice(0, 200)));
  return true;
}

const manifests = ['examples/shop', 'test/fixtures']
  .flatMap((dir) => fs.readdirSync(path.join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(REPO_ROOT, dir, f)))
  .filter((f) => /(^|[/\\])(package|composer)\.json$/.test(f) && !f.includes('node_modules'))
  .map((f) => fs.readFileSync(f, 'utf8'));

suite('strict JSON: the fast path under jsonc-parser', () => {
  test('every package.json of the examples and fixtures is read, with visit\'s events', () => {
    assert.ok(manifests.length >= 30, `${manifests.length} manifests`);
    for (const text of manifests.filter(isStrictJson)) assert.ok(agrees(text));
  });

  test('awkward but strict JSON: escapes, non-ASCII, CRLF and lone CR, tabs, every kind of number, nesting, duplicates', () => {
    const texts = [
      '{"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00": "v\\u0041"}',
      '{"déjà": "vu", "日本": ["語", {"x": "😀"}]}',
      '{\r\n  "a": 1,\r\n  "b": {\r\n    "c": [true, false, null]\r\n  }\r\n}\r\n',
      '{\r  "a": 1,\r  "b": 2\r}',
      '{\n\t"a":\t"b",\n\t"c": {\t}\n}',
      '[0, -0, 1, -1, 10, 1.5, -1.5e10, 2E-3, 3e+4, 0.0, 123456789012345678901234567890, 1e400]',
      '{"a": {"b": {"c": [[[{"d": []}]]]}}}',
      '{"a": 1, "a": 2, "a": {"a": "a"}}',
      '"just a string"',
      '42',
      'null',
      '[]',
      '{}',
      '  \n\n {  } \n\n ',
      ' {"name": "x"}', // a byte-order mark, as scanPackageJson gives it (a space in its place)
      `{"deps": {${Array.from({ length: 300 }, (_, i) => `"p${i}": "^${i}.0.0"`).join(', ')}}}`,
    ];
    for (const text of texts) assert.ok(agrees(text), JSON.stringify(text));
  });

  test('gives up on everything visit complains about, or reads as JSONC', () => {
    const texts = [
      '',
      '   ',
      '{',
      '{"a"',
      '{"a":',
      '{"a": 1',
      '{"a": 1,}',
      '[1,]',
      '{,}',
      '[,1]',
      '{"a" 1}',
      '{"a": 1 "b": 2}',
      '{a: 1}',
      "{'a': 1}",
      '{"a": 1} // a comment',
      '{"a": /* a comment */ 1}',
      '{"a": 1}\n{"b": 2}',
      '{"a": 1}}',
      '{"a": "b\nc"}',
      '{"a": "b\rc"}',
      '{"a": "b\tc"}',
      '{"a": "b\u0001c"}',
      '{"a": "\\x41"}',
      '{"a": "\\u12"}',
      '{"a": "\\u12G4"}',
      '{"a": "\\',
      '{"a": "b',
      '[01]',
      '[1.]',
      '[.5]',
      '[1e]',
      '[1e+]',
      '[-]',
      '[-a]',
      '[+1]',
      '[NaN]',
      '[Infinity]',
      '[tru]',
      '[truex]',
      '[nul]',
      '[1true]',
      '[true1]',
      '{"a": 1}\u00a0',
      '\f{}',
      '{}\v',
      '\ufeff{}',
      '[1 2]',
      '{"a":1,,"b":2}',
    ];
    for (const text of texts) assert.strictEqual(strictEvents(text), undefined, JSON.stringify(text));
  });

  test('every prefix and every one-character deletion of a real manifest: read only where visit finds nothing wrong, and then as visit reads it', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'examples/shop/package.json'), 'utf8');
    let read = 0;
    for (let i = 0; i <= text.length; i++) {
      if (agrees(text.slice(0, i))) read++;
      if (agrees(text.slice(0, i) + text.slice(i + 1))) read++;
    }
    // the whole text, and deletions of whitespace or of a character inside a string, are strict JSON
    assert.ok(read > text.length / 4, `${read} of ${2 * text.length + 2} variants read`);
  });

  test('package.json facts are the same read by either reader (a comment sends a text to jsonc-parser)', () => {
    const texts = [...manifests.filter(isStrictJson), '{\r\n  "name": "crlf",\r\n  "dependencies": {\r\n    "express": "^4",\r\n    "fastify4": "npm:fastify@^4"\r\n  }\r\n}', '{"name":"one-line","devDependencies":{"koa":"2","  ":"1"},"scripts":{"start":"node .","__proto__":"x"}}'];
    assert.ok(texts.length >= 30);
    for (const text of texts) {
      const strict = scanPackageJson(text);
      const jsonc = scanPackageJson(`${text}\n// read by jsonc-parser`);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(strict)), JSON.parse(JSON.stringify(jsonc)), text.slice(0, 200));
    }
  });
});

function isStrictJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
