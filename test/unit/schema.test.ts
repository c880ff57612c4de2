import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RINGS, RULE_IDS, SEVERITIES } from '../../server/src/core/model';
import Ajv from 'ajv';
import { BASELINE_RULES, renderBaseline } from '../../server/src/core/baseline/baseline';
import { REPO_ROOT } from '../support/fixtures';

suite('the JSON Schema for techpolicy.json agrees with the policy parser', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'techpolicy.schema.json'), 'utf8'));
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

  test('it is contributed through jsonValidation for techpolicy.json', () => {
    assert.deepStrictEqual(manifest.contributes.jsonValidation, [
      { fileMatch: 'techpolicy.json', url: './schemas/techpolicy.schema.json' },
      { fileMatch: 'techpolicy.baseline.json', url: './schemas/techpolicy.baseline.schema.json' },
    ]);
    // JSON with comments: the starter policy has comments, and VS Code must not call them errors
    assert.deepStrictEqual(manifest.contributes.languages, [{ id: 'jsonc', filenames: ['techpolicy.json'] }]);
  });

  test('rule ids, severities and rings are the ones the server accepts', () => {
    assert.deepStrictEqual(Object.keys(schema.properties.rules.properties), [...RULE_IDS]);
    const rule = schema.properties.rules.properties['new-technology'];
    assert.deepStrictEqual(rule.oneOf[0].enum, [...SEVERITIES]);
    assert.deepStrictEqual(rule.oneOf[1].properties.severity.enum, [...SEVERITIES]);
    const tech = schema.properties.technologies.additionalProperties;
    assert.deepStrictEqual(tech.oneOf[0].enum, [...RINGS]);
    assert.deepStrictEqual(tech.oneOf[1].properties.ring.enum, [...RINGS]);
  });

  test('every top-level property the parser reads is described', () => {
    for (const key of ['extends', 'approvers', 'allowedSigners', 'approvals', 'expiryWarningDays', 'exceptionsDirectory', 'rules', 'technologies', 'languages', 'services', 'ignore']) {
      assert.ok(schema.properties[key]?.markdownDescription, key);
    }
    assert.strictEqual(schema.additionalProperties, false);
  });
});

suite('the JSON Schema for techpolicy.baseline.json agrees with the baseline reader', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'techpolicy.baseline.schema.json'), 'utf8'));

  test('the rules a baseline may record, and a written baseline is valid against it', () => {
    assert.deepStrictEqual(schema.properties.findings.items.properties.rule.enum, [...BASELINE_RULES]);
    const text = renderBaseline([{ file: 'apps/web/package.json', rule: 'hold-technology', subject: 'moment', count: 2, since: '2026-12-01' }]);
    const validate = new Ajv({ strict: false }).compile(schema);
    assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors));
    assert.strictEqual(JSON.parse(text).$schema, schema.$id);
  });
});
