import * as assert from 'assert';
import { TechnologyIndex } from '../../server/src/core/catalog/technologies';
import { checkPackageJson } from '../../server/src/core/rules';
import type { RuleContext } from '../../server/src/core/rules/context';
import { NO_HINTS } from '../../server/src/core/rules/services';
import { defaultPolicy } from '../../server/src/core/policy/defaults';
import type { Policy } from '../../server/src/core/policy/types';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import { fixturePath, loadFixture, rangeOf, summarize, TODAY } from '../support/fixtures';

function context(overrides: Partial<Policy> = {}): RuleContext {
  const policy = { ...defaultPolicy(), ...overrides };
  if (overrides.rules) policy.rules = { ...defaultPolicy().rules, ...overrides.rules };
  return { folderUri: 'file:///ws', policy, technologies: new TechnologyIndex(policy), exceptions: [], today: TODAY, hints: NO_HINTS };
}

const uri = 'file:///ws/package.json';

suite('rules: new-technology, hold-technology, unlisted-dependency', () => {
  test('new-technology: a squiggle exactly on the dependency key, with the approved stack in the message', () => {
    const text = '{\n  "dependencies": {\n    "express": "^4.21.0",\n    "fastify": "^5.2.0"\n  }\n}\n';
    const findings = checkPackageJson(uri, scanPackageJson(text), context({ technologies: { express: { ring: 'adopt' } } }));
    assert.strictEqual(findings.length, 1);
    const f = findings[0];
    assert.deepStrictEqual(f.range, rangeOf(text, '"fastify"'));
    assert.strictEqual(f.rule, 'new-technology');
    assert.strictEqual(f.subject, 'fastify');
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(f.message, 'Fastify: new web framework (approved: Express). Needs a signed exception.');
  });

  test('every dependency section counts', () => {
    const text = JSON.stringify({ dependencies: { fastify: '1' }, devDependencies: { vitest: '1' }, peerDependencies: { vue: '3' }, optionalDependencies: { kafkajs: '2' } }, null, 2);
    const findings = checkPackageJson(uri, scanPackageJson(text), context());
    assert.deepStrictEqual(findings.map((f) => f.subject), ['fastify', 'vitest', 'vue', 'kafka']);
    assert.match(findings[1].message, /^Vitest: new test runner \(approved: none yet\)\./);
  });

  test('hold and assess rings raise hold-technology with the policy note, at the policy severity', () => {
    const text = JSON.stringify({ dependencies: { moment: '2', mongoose: '8' } }, null, 2);
    const findings = checkPackageJson(
      uri,
      scanPackageJson(text),
      context({
        technologies: { moment: { ring: 'hold', note: 'Use date-fns for new code.' }, mongodb: { ring: 'assess' } },
        rules: { ...defaultPolicy().rules, 'hold-technology': { severity: 'error' } },
      }),
    );
    assert.deepStrictEqual(
      findings.map((f) => [f.rule, f.subject, f.severity, f.message]),
      [
        ['hold-technology', 'moment', 'error', 'moment: on hold. Use date-fns for new code. New use needs a signed exception.'],
        ['hold-technology', 'mongodb', 'error', 'MongoDB: being assessed. Production use needs a signed exception.'],
      ],
    );
  });

  test('unlisted-dependency is off by default and flags plain libraries when turned on', () => {
    const text = JSON.stringify({ dependencies: { lodash: '4', express: '4' }, devDependencies: { '@types/node': '20' } }, null, 2);
    assert.deepStrictEqual(checkPackageJson(uri, scanPackageJson(text), context({ technologies: { express: { ring: 'adopt' } } })), []);
    const on = context({ technologies: { express: { ring: 'adopt' } }, rules: { ...defaultPolicy().rules, 'unlisted-dependency': { severity: 'info' } } });
    const findings = checkPackageJson(uri, scanPackageJson(text), on);
    assert.deepStrictEqual(findings.map((f) => [f.rule, f.subject, f.severity]), [['unlisted-dependency', 'lodash', 'info']]);
  });

  test('severity off silences a rule', () => {
    const text = JSON.stringify({ dependencies: { fastify: '5' } });
    const off = context({ rules: { ...defaultPolicy().rules, 'new-technology': { severity: 'off' } } });
    assert.deepStrictEqual(checkPackageJson(uri, scanPackageJson(text), off), []);
  });

  test('half-typed JSON: the keys that parse still get findings, nothing throws', () => {
    const texts = [
      '{\n  "dependencies": {\n    "fastify": "^5.2.0",\n    "koa',
      '{\n  "dependencies": {\n    "fastify": "^5.2.0",\n    "koa": ',
      '{\n  "dependencies": {\n    "fastify"',
      '{ "dependencies": { "fastify": "^5", }, }',
      '{ "dependencies": ',
      '',
      '[]',
      'null',
    ];
    const subjects = texts.map((t) => checkPackageJson(uri, scanPackageJson(t), context()).map((f) => f.subject));
    assert.deepStrictEqual(subjects, [['fastify', 'koa'], ['fastify', 'koa'], ['fastify'], ['fastify'], [], [], [], []]);
  });

  test('a typical Express + React + Postgres monolith with its usual libraries: no finding once its frameworks are approved', () => {
    const fixture = loadFixture(fixturePath('unit', 'monolith'));
    assert.deepStrictEqual(summarize(fixture.check(), fixture.root), []);
  });

  test('npm aliases are checked by the package they install; lint plugins and types never', () => {
    const text = JSON.stringify({ dependencies: { fastify4: 'npm:fastify@^4.28.0', 'express-graphql': '0.12.0' }, devDependencies: { '@vitest/eslint-plugin': '1', '@next/eslint-plugin-next': '15', 'eslint-config-next': '15', '@types/react': '18' } }, null, 2);
    const findings = checkPackageJson(uri, scanPackageJson(text), context());
    assert.deepStrictEqual(findings.map((f) => [f.subject, f.range]), [
      ['fastify', rangeOf(text, '"fastify4"')],
      ['graphql', rangeOf(text, '"express-graphql"')],
    ]);
    assert.strictEqual(findings[1].message, 'GraphQL: new API style (approved: none yet). Needs a signed exception.');
  });

  test('a byte-order mark does not hide anything', () => {
    const text = '\uFEFF{ "dependencies": { "koa": "2" } }';
    const [f] = checkPackageJson(uri, scanPackageJson(text), context());
    assert.strictEqual(f.subject, 'koa');
    assert.deepStrictEqual(scanPackageJson(text).syntaxErrors, []);
  });

  test('policy ignore globs skip files', () => {
    const ctx = context({ ignore: ['examples/**'] });
    const facts = scanPackageJson(JSON.stringify({ dependencies: { fastify: '5' } }));
    assert.deepStrictEqual(checkPackageJson('file:///ws/examples/demo/package.json', facts, ctx), []);
    assert.strictEqual(checkPackageJson('file:///ws/apps/demo/package.json', facts, ctx).length, 1);
  });
});
