import * as assert from 'assert';
import * as fs from 'fs';
import { loadPolicy } from '../../server/src/core/policy/load';
import { diskHost, fixturePath, memoryHost, rangeOf, uriOf } from '../support/fixtures';

function problemsAt(problems: { range: unknown; message: string }[]) {
  return problems.map((p) => ({ range: p.range, message: p.message }));
}

suite('policy: parse, validate, merge', () => {
  test('platformWork: target, paths and productPaths, merged over extends; bad values reported at their range', () => {
    const base = JSON.stringify({ platformWork: { target: 0.4, paths: ['platform/**'] } });
    const text = '{ "extends": "./base.json", "platformWork": { "target": 0.25, "productPaths": ["scripts/billing/**"] } }';
    const loaded = loadPolicy('file:///w/techpolicy.json', text, memoryHost({ 'file:///w/base.json': base }));
    assert.deepStrictEqual(loaded.problems, []);
    assert.deepStrictEqual(loaded.policy.platformWork, { target: 0.25, paths: ['platform/**'], productPaths: ['scripts/billing/**'] });
    assert.deepStrictEqual(loadPolicy('file:///w/techpolicy.json', '{}', memoryHost({})).policy.platformWork, { target: 0.3, paths: [], productPaths: [] });
    const bad = '{ "platformWork": { "target": 30, "paths": ["", 3], "speed": 1 } }';
    const broken = loadPolicy('file:///w/techpolicy.json', bad, memoryHost({}));
    assert.deepStrictEqual(
      broken.problems.map((p) => [p.range.start.character, p.severity, p.message]),
      [
        [bad.indexOf('30'), 'error', '"target" is the share of platform work to stay under, a number from 0 to 1 (0.3 is 30%).'],
        [bad.indexOf('""'), 'error', '"platformWork.paths" entries are non-empty glob patterns, e.g. "infra/**".'],
        [bad.indexOf('3]'), 'error', '"platformWork.paths" entries are non-empty glob patterns, e.g. "infra/**".'],
        [bad.indexOf('"speed"'), 'warning', 'Unknown property "speed" of "platformWork": use target, paths or productPaths.'],
      ],
    );
    assert.strictEqual(broken.policy.platformWork.target, 0.3, 'a bad target keeps the default');
  });

  const uri = 'file:///ws/techpolicy.json';

  test('a valid policy with comments and trailing commas loads without problems, defaults filled in', () => {
    const text = fs.readFileSync(fixturePath('unit', 'monolith', 'techpolicy.json'), 'utf8');
    const loaded = loadPolicy(uri, text, memoryHost({}));
    assert.deepStrictEqual(loaded.problems, []);
    assert.strictEqual(loaded.policy.exceptionsDirectory, 'docs/policy-exceptions');
    assert.strictEqual(loaded.policy.rules['new-technology'].severity, 'warning');
    assert.strictEqual(loaded.policy.rules['unlisted-dependency'].severity, 'off');
    assert.match(loaded.policy.rules['new-technology'].rationale!, /Boring technology/);
    assert.deepStrictEqual(Object.keys(loaded.policy.technologies), ['express', 'react', 'postgres', 'jest', 'vite']);
    assert.deepStrictEqual(loaded.policy.approvers, [{ name: 'Dana Reyes', email: 'dana@acme.example', role: 'CTO', keys: [] }]);
    assert.strictEqual(loaded.policy.approvals, 'named', 'no approver has a key: named approvals');
  });

  test('a broken policy: every problem at its exact range, and the valid parts still apply', () => {
    const path = fixturePath('unit', 'policy-broken', 'techpolicy.json');
    const text = fs.readFileSync(path, 'utf8');
    const loaded = loadPolicy(uriOf(path), text, memoryHost({}));
    const byMessage = (re: RegExp) => {
      const found = loaded.problems.filter((p) => re.test(p.message));
      assert.strictEqual(found.length, 1, `one problem matching ${re} in ${JSON.stringify(problemsAt(loaded.problems), null, 1)}`);
      return found[0];
    };
    assert.deepStrictEqual(byMessage(/An approver needs a non-empty "name"/).range, rangeOf(text, '{ "email": "no-name@acme.example" }'));
    assert.deepStrictEqual(byMessage(/Unknown rule "new-framework"/).range, rangeOf(text, '"new-framework"'));
    assert.deepStrictEqual(byMessage(/Invalid severity "loud"/).range, rangeOf(text, '"loud"'));
    assert.deepStrictEqual(byMessage(/Invalid ring "sometimes"/).range, rangeOf(text, '"sometimes"'));
    assert.deepStrictEqual(byMessage(/A technology is an object/).range, rangeOf(text, '42'));
    assert.deepStrictEqual(byMessage(/Technology "react" needs a "ring"/).range, rangeOf(text, '"react"'));
    assert.deepStrictEqual(byMessage(/"languages" must be an array/).range, rangeOf(text, '"typescript"'));
    const unknown = byMessage(/Unknown property "frobnicate"/);
    assert.deepStrictEqual(unknown.range, rangeOf(text, '"frobnicate"'));
    assert.strictEqual(unknown.severity, 'warning');

    // the valid parts keep working
    assert.strictEqual(loaded.policy.technologies.express.ring, 'adopt');
    assert.strictEqual(loaded.policy.technologies.koa, undefined);
    assert.strictEqual(loaded.policy.rules['hold-technology'].severity, 'info');
    assert.strictEqual(loaded.policy.rules['new-technology'].severity, 'warning', 'a bad severity falls back to the default');
    assert.deepStrictEqual(loaded.policy.approvers.map((a) => a.name), ['Dana Reyes']);
  });

  test('invalid JSON is reported where it breaks; the keys before it still count', () => {
    const text = '{\n  "technologies": { "express": { "ring": "adopt" } },\n  "approvers": [ { "name": "Dana" \n';
    const loaded = loadPolicy(uri, text, memoryHost({}));
    assert.ok(loaded.problems.length > 0);
    assert.ok(loaded.problems.every((p) => p.message.startsWith('Invalid JSON')), JSON.stringify(loaded.problems));
    assert.strictEqual(loaded.problems[0].range.start.line, 3);
    assert.strictEqual(loaded.policy.technologies.express.ring, 'adopt');
  });

  test('an empty file and a non-object are problems, not crashes', () => {
    assert.match(loadPolicy(uri, '', memoryHost({})).problems[0].message, /empty/);
    const arr = loadPolicy(uri, '[1, 2]', memoryHost({}));
    assert.match(arr.problems[0].message, /must be a JSON object/);
    assert.deepStrictEqual(arr.problems[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } });
  });

  test('extends: relative files and packages merge in order, the local file last; missing and cyclic entries are reported at the entry', () => {
    const path = fixturePath('unit', 'policy-extends', 'techpolicy.json');
    const text = fs.readFileSync(path, 'utf8');
    const loaded = loadPolicy(uriOf(path), text, diskHost());
    const p = loaded.policy;
    assert.strictEqual(p.technologies.express.ring, 'adopt', 'from ./shared/base.json');
    assert.strictEqual(p.technologies.react.ring, 'adopt', 'from @acme/tech-policy in node_modules');
    assert.strictEqual(p.technologies.moment.ring, 'hold');
    assert.strictEqual(p.technologies.koa.ring, 'hold', 'the local file wins');
    assert.strictEqual(p.technologies.vue.ring, 'adopt', 'the non-cyclic part of a cycle still applies');
    assert.strictEqual(p.rules['new-technology'].severity, 'error');
    assert.strictEqual(p.rules['new-technology'].rationale, 'Shared rationale.');
    assert.deepStrictEqual(p.approvers.map((a) => a.name), ['Dana Reyes']);

    const messages = loaded.problems.map((x) => ({ message: x.message, range: x.range }));
    assert.deepStrictEqual(
      messages.map((m) => m.message),
      [
        'Cannot read "extends": "./missing.json" (the file does not exist or is unreadable).',
        'In "./cycle-b.json": "extends": "./cycle-a.json" creates a cycle; it is ignored.',
        'Cannot resolve "extends": "@acme/not-installed" (no such package in node_modules).',
      ],
    );
    assert.deepStrictEqual(messages[0].range, rangeOf(text, '"./missing.json"'));
    assert.deepStrictEqual(messages[1].range, rangeOf(text, '"./cycle-a.json"'));
    assert.deepStrictEqual(messages[2].range, rangeOf(text, '"@acme/not-installed"'));
    assert.ok(loaded.sources.some((s) => s.endsWith('node_modules/%40acme/tech-policy/techpolicy.json')), loaded.sources.join(', '));
  });

  test('a problem inside an extended policy is reported at the extends entry that brought it in', () => {
    const files = { 'file:///ws/base.json': '{ "rules": { "no-such-rule": "error" } }' };
    const text = '{ "extends": "./base.json" }';
    const loaded = loadPolicy(uri, text, memoryHost(files));
    assert.deepStrictEqual(
      loaded.problems.map((p) => [p.message, p.range]),
      [['In "./base.json" (line 1): Unknown rule "no-such-rule". Known rules: new-technology, hold-technology, new-service, new-language, unlisted-dependency, exception-invalid, exception-expired, exception-expiring, exception-unused, baseline-stale, agents-instructions-stale, policy-relaxed.', rangeOf(text, '"./base.json"')]],
    );
  });

  test('blank ignore entries (a half-typed "") are problems, not a crash; a BOM is fine', () => {
    const text = '\uFEFF{ "ignore": ["examples/**", ""], "technologies": { "express": "adopt" } }';
    const loaded = loadPolicy(uri, text, memoryHost({}));
    assert.deepStrictEqual(loaded.problems.map((p) => [p.message, p.range]), [['"ignore" entries are non-empty glob patterns, e.g. "examples/**".', rangeOf(text, '""')]]);
    assert.deepStrictEqual(loaded.policy.ignore, ['examples/**']);
    assert.strictEqual(loaded.policy.technologies.express.ring, 'adopt');
  });

  test('shorthands: a severity string for a rule, a ring string for a technology', () => {
    const loaded = loadPolicy(uri, '{ "rules": { "new-technology": "error" }, "technologies": { "express": "adopt" } }', memoryHost({}));
    assert.deepStrictEqual(loaded.problems, []);
    assert.strictEqual(loaded.policy.rules['new-technology'].severity, 'error');
    assert.strictEqual(loaded.policy.technologies.express.ring, 'adopt');
  });
});
