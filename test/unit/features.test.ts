import { unescapeMarkdown } from '../support/markdown';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { codeActionsFor } from '../../server/src/core/features/codeActions';
import { createPolicyText } from '../../server/src/core/features/createPolicy';
import { findingToDiagnostic } from '../../server/src/core/features/diagnostics';
import { hoverPackageJson } from '../../server/src/core/features/hover';
import { applyTextEdits, approveTechnologyEdits } from '../../server/src/core/features/policyEdits';
import { scanPackageJson } from '../../server/src/core/scan/packageJson';
import type { TextDocumentEdit, CreateFile, MarkupContent } from 'vscode-languageserver-types';
import { copyFixture, fixturePath, loadFixture, rangeOf, TODAY } from '../support/fixtures';

suite('features: diagnostics, hovers, code actions, create policy', () => {
  const fixture = loadFixture(fixturePath('unit', 'core'));
  const pkgText = fixture.text('package.json');
  const facts = scanPackageJson(pkgText);

  function hoverAt(needle: string): string {
    const hover = hoverPackageJson(fixture.folder, fixture.uri('package.json'), facts, rangeOf(pkgText, needle).start);
    assert.ok(hover, `a hover on ${needle}`);
    return unescapeMarkdown((hover.contents as MarkupContent).value);
  }

  test('a diagnostic carries source, code, codeDescription and the data a quick fix needs', () => {
    const f = fixture.checkFile('package.json').find((x) => x.subject === 'graphql')!;
    const d = findingToDiagnostic(f);
    assert.strictEqual(d.source, 'tech-policy');
    assert.strictEqual(d.code, 'new-technology');
    assert.strictEqual(d.severity, 2);
    assert.strictEqual(d.codeDescription?.href, 'https://github.com/tech-policy/tech-policy/blob/main/docs/rules/new-technology.md');
    assert.deepStrictEqual(d.data, { rule: 'new-technology', subject: 'graphql', subjectName: 'GraphQL', kind: 'technology', category: f.category, folder: undefined, file: fixture.uri('package.json'), request: undefined, expired: undefined });
  });

  test('hover on a new technology: name, category, ring, the policy rationale and link, the pending request', () => {
    const md = hoverAt('"fastify"');
    const lines = md.split('\n');
    assert.strictEqual(lines[0], '**Fastify** — web framework · not approved');
    assert.strictEqual(lines[2], '**Rule `new-technology`**: We run on boring technology.');
    assert.ok(md.includes('Approved web frameworks: Express.'), md);
    assert.ok(md.includes(`Exception [EX-0002](${fixture.uri('docs/policy-exceptions/EX-0002-fastify.md')}): **awaiting signature** — requested by Sam Lee <sam@acme.example> on 2026-11-20; approvers: Dana Reyes (CTO).`), md);
    assert.ok(md.includes('[Rule documentation](https://wiki.acme.example/tech-policy)'), md);
  });

  test('hover on an approved technology says so, with the ring', () => {
    const md = hoverAt('"express"');
    assert.strictEqual(md.split('\n')[0], '**Express** — web framework · approved (adopt)');
    assert.ok(md.includes('Part of the approved stack: ring `adopt` in [the policy]('), md);
  });

  test('hover: the built-in rationale when the policy gives none; an expired exception; nothing on plain libraries', () => {
    const redis = hoverAt('"ioredis"');
    assert.ok(redis.includes('**Rule `new-technology`**: We run on boring technology.'));
    assert.ok(redis.includes('**expired** — on 2025-07-12 (was named, not signed, by Dana Reyes (CTO), on 2025-01-12).'), redis);
    const moment = hoverAt('"moment"');
    assert.ok(moment.startsWith('**moment** — technology · on hold'), moment);
    assert.ok(moment.includes('on hold (or still being assessed)'), 'default rationale of hold-technology');
    assert.ok(moment.includes('Policy note: Use date-fns for new code.'));
    assert.strictEqual(hoverPackageJson(fixture.folder, fixture.uri('package.json'), facts, rangeOf(pkgText, '"lodash"').start), undefined);
  });

  test('quick fix "Request an exception": creates the next document with the request text, as an undoable edit', () => {
    const finding = fixture.checkFile('package.json').find((x) => x.subject === 'graphql')!;
    const actions = codeActionsFor({
      folder: fixture.folder,
      diagnostics: [findingToDiagnostic(finding)],
      requestedBy: 'Sam Lee <sam@acme.example>',
      existingExceptionFiles: fs.readdirSync(path.join(fixture.root, 'docs/policy-exceptions')),
      policyText: fixture.text('techpolicy.json'),
      today: TODAY,
    });
    assert.deepStrictEqual(actions.map((a) => a.title), ['Request an exception for GraphQL', 'Approve GraphQL in techpolicy.json']);
    const request = actions[0];
    assert.strictEqual(request.kind, 'quickfix');
    const [create, insert] = request.edit!.documentChanges! as [CreateFile, TextDocumentEdit];
    const expectedUri = fixture.uri('docs/policy-exceptions/EX-0007-graphql.md');
    assert.deepStrictEqual(create, { kind: 'create', uri: expectedUri, options: { overwrite: false, ignoreIfExists: false } });
    assert.strictEqual(insert.textDocument.uri, expectedUri);
    const text = applyTextEdits('', insert.edits as never);
    assert.ok(text.startsWith('---\nid: EX-0007\nrule: new-technology\nsubject: graphql\n'), text);
    assert.ok(text.includes('requested-by: Sam Lee <sam@acme.example>\nrequested-on: 2026-11-25\n'), text);
    assert.ok(text.includes('# Exception request: adopt GraphQL (API style)'), text);
    assert.deepStrictEqual(request.command, { title: 'Open EX-0007', command: 'techPolicy.showDocument', arguments: [expectedUri] });
  });

  test('the request never reuses a file name that exists, even one that is not an exception', () => {
    const finding = fixture.checkFile('package.json').find((x) => x.subject === 'graphql')!;
    const [action] = codeActionsFor({ folder: fixture.folder, diagnostics: [findingToDiagnostic(finding)], existingExceptionFiles: ['EX-0007-graphql.md', 'EX-0008-graphql.md'], today: TODAY });
    assert.strictEqual((action.edit!.documentChanges![0] as CreateFile).uri, fixture.uri('docs/policy-exceptions/EX-0009-graphql.md'));
  });

  test('quick fix "Approve … in techpolicy.json": the policy text after the edit approves it', () => {
    const policyText = fixture.text('techpolicy.json');
    const finding = fixture.checkFile('package.json').find((x) => x.subject === 'graphql')!;
    const actions = codeActionsFor({ folder: fixture.folder, diagnostics: [findingToDiagnostic(finding)], existingExceptionFiles: [], policyText, today: TODAY });
    const edit = actions[1].edit!.documentChanges![0] as TextDocumentEdit;
    const after = applyTextEdits(policyText, edit.edits as never);
    assert.ok(after.includes('"acme-ui": { "ring": "adopt", "packages": ["@acme/ui", "@acme/ui-*"], "category": "styling" },\n    "graphql": { "ring": "adopt" }\n  }'), after);
  });

  test('approving keeps the style of the file: trailing commas, empty objects, a missing section', () => {
    const approve = (text: string) => {

      return applyTextEdits(text, approveTechnologyEdits(text, 'graphql')!);
    };
    assert.strictEqual(approve('{\n  "technologies": {\n    "express": "adopt",\n  },\n}'), '{\n  "technologies": {\n    "express": "adopt",\n    "graphql": { "ring": "adopt" },\n  },\n}');
    assert.strictEqual(approve('{ "technologies": {} }'), '{ "technologies": { "graphql": { "ring": "adopt" } } }');
    assert.strictEqual(approve('{ "technologies": { "graphql": { "ring": "hold" } } }'), '{ "technologies": { "graphql": { "ring": "adopt" } } }');
    assert.strictEqual(JSON.parse(approve('{\n  "approvers": []\n}')).technologies.graphql.ring, 'adopt');
  });

  test('a finding with a pending request offers to open it instead of a second request', () => {
    const finding = fixture.checkFile('package.json').find((x) => x.subject === 'fastify')!;
    const actions = codeActionsFor({ folder: fixture.folder, diagnostics: [findingToDiagnostic(finding)], existingExceptionFiles: [], today: TODAY });
    assert.strictEqual(actions[0].title, 'Open exception EX-0002');
    assert.deepStrictEqual(actions[0].command!.arguments, [fixture.uri('docs/policy-exceptions/EX-0002-fastify.md')]);
    assert.strictEqual(actions[0].edit, undefined);
  });

  test('create policy from workspace: the policy it writes makes the workspace silent', () => {
    const root = copyFixture('unit/core');
    fs.rmSync(path.join(root, 'techpolicy.json'));
    fs.rmSync(path.join(root, 'docs'), { recursive: true });
    const packageJsons = ['package.json', 'services/api/package.json'].map((rel) => ({ rel, facts: scanPackageJson(fs.readFileSync(path.join(root, rel), 'utf8')) }));
    const text = createPolicyText({ packageJsons, scaffolding: [] }, TODAY);
    assert.ok(text.includes('"fastify": { "ring": "adopt" }'), text);
    assert.ok(!text.includes('lodash'));
    const after = loadFixture(root, { policyText: text });
    assert.deepStrictEqual(after.folder.policy!.problems, []);
    assert.deepStrictEqual(after.check(), []);
  });
});
