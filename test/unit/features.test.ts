import { markdownTargets, unescapeMarkdown } from '../support/markdown';
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
import { copyFixture, fixturePath, loadFixture, rangeOf, REPO_ROOT, TODAY } from '../support/fixtures';

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
    assert.deepStrictEqual(d.data, { rule: 'new-technology', subject: 'graphql', subjectName: 'GraphQL', kind: 'technology', file: fixture.uri('package.json') });
  });

  test('hover on a new technology: name, category, ring, the policy rationale and link, the pending request', () => {
    const md = hoverAt('"fastify"');
    const lines = md.split('\n');
    assert.strictEqual(lines[0], '**Fastify** — web framework · not approved');
    assert.strictEqual(lines[2], '**Rule `new-technology`**: We run on boring technology.');
    assert.ok(!md.includes('Approved web frameworks'), `the diagnostic above the hover names Express already:\n${md}`);
    // the diagnostic starts "EX-0002 requested, not yet signed": the hover adds who, when and who signs
    assert.ok(md.includes(`Exception [EX-0002](${fixture.uri('docs/policy-exceptions/EX-0002-fastify.md')}): requested by Sam Lee <sam@acme.example> on 2026-11-20; approvers: Dana Reyes (CTO).`), md);
    assert.ok(md.includes('[Rule documentation](https://wiki.acme.example/tech-policy)'), md);
  });

  test('hover on an approved technology says so, with the ring', () => {
    const md = hoverAt('"express"');
    assert.strictEqual(md.split('\n')[0], '**Express** — web framework · approved (adopt)');
    assert.ok(md.includes('Part of the approved stack: ring `adopt` in [the policy]('), md);
  });

  test('hover on a use a granted exception allows starts with that fact, then the technology; no "Rule" line', () => {
    const apiText = fixture.text('services/api/package.json');
    const hover = hoverPackageJson(fixture.folder, fixture.uri('services/api/package.json'), scanPackageJson(apiText), rangeOf(apiText, '"kafkajs"').start)!;
    const lines = unescapeMarkdown((hover.contents as MarkupContent).value).split('\n');
    assert.strictEqual(lines[0], `✓ Allowed by [EX-0001](${fixture.uri('docs/policy-exceptions/EX-0001-kafka.md')}): **granted (named, not signed)**, named by Dana Reyes (CTO), on 2026-10-03, expires 2027-04-03. Scope: "services/api/**".`);
    assert.strictEqual(lines[2], '**Apache Kafka** — message broker · not in the approved stack; rule `new-technology` would flag it without the exception.');
    assert.ok(!lines.some((l) => l.includes('not approved') || l.startsWith('**Rule')), lines.join('\n'));
    // no diagnostic here: both documentation links are the hover's to give
    assert.strictEqual(lines[lines.length - 1], `[Policy](${fixture.uri('techpolicy.json')}) · [Rule documentation](https://wiki.acme.example/tech-policy) · [Rule documentation (Tech Policy)](https://github.com/tech-policy/tech-policy/blob/main/docs/rules/new-technology.md)`);
  });

  test('hover on the example shop\'s Redis: "✓ Allowed by EX-0001", signed by the CTO with her key', () => {
    const shop = loadFixture(path.join(REPO_ROOT, 'examples', 'shop'));
    const text = shop.text('server/package.json');
    const hover = hoverPackageJson(shop.folder, shop.uri('server/package.json'), scanPackageJson(text), rangeOf(text, '"ioredis"').start)!;
    const first = unescapeMarkdown((hover.contents as MarkupContent).value).split('\n')[0];
    assert.match(first, /^✓ Allowed by \[EX-0001\]\([^)]+EX-0001-redis\.md\): \*\*granted\*\*, signed by Dana Reyes \(CTO\) with a key in this checkout's policy \(SHA256:[A-Za-z0-9+/]+\), on 2026-09-16, expires 2027-09-16\. Scope: "server\/\*\*", "docker-compose\.yml"\.$/);
  });

  test('hover and diagnostic together: each link once, and nothing of the diagnostic\'s message said again', () => {
    const diagnostics = fixture.checkFile('package.json').map(findingToDiagnostic);
    for (const needle of ['"fastify"', '"moment"', '"graphql"', '"mongoose"', '"ioredis"', '"@nestjs/core"', '"vitest"', '"vue"']) {
      const range = rangeOf(pkgText, needle);
      const hover = hoverPackageJson(fixture.folder, fixture.uri('package.json'), facts, range.start)!;
      const md = (hover.contents as MarkupContent).value;
      const here = diagnostics.filter((d) => d.range.start.line === range.start.line);
      assert.strictEqual(here.length, 1, needle);
      // what VS Code shows: the diagnostic (its message, its code linked to codeDescription.href), then the hover
      const targets = [...here.map((d) => d.codeDescription!.href), ...markdownTargets(md)];
      assert.deepStrictEqual(targets, [...new Set(targets)], `${needle}: a link twice in\n${md}`);
      const message = typeof here[0].message === 'string' ? here[0].message : here[0].message.value;
      for (const line of unescapeMarkdown(md).split('\n').filter((l) => l.length > 0)) {
        const sentences = line.split(/(?<=\.) /).filter((x) => x.length > 12);
        for (const sentence of sentences) assert.ok(!message.includes(sentence.replace(/^Policy note: /, '')), `${needle}: "${sentence}" is in the diagnostic already: ${message}`);
      }
      for (const name of ['Express', 'date-fns']) if (message.includes(name)) assert.ok(!unescapeMarkdown(md).includes(name), `${needle}: ${name} twice:\n${message}\n${md}`);
    }
  });

  test('hover: the built-in rationale when the policy gives none; an expired exception; nothing on plain libraries', () => {
    const redis = hoverAt('"ioredis"');
    assert.ok(redis.includes('**Rule `new-technology`**: We run on boring technology.'));
    // exception-expired says which one expired and when; the hover says who had granted it
    assert.ok(redis.includes(`Exception [EX-0004](${fixture.uri('docs/policy-exceptions/EX-0004-redis.md')}): was named, not signed, by Dana Reyes (CTO), on 2025-01-12.`), redis);
    const moment = hoverAt('"moment"');
    assert.ok(moment.startsWith('**moment** — technology · on hold'), moment);
    assert.ok(moment.includes('on hold (or still being assessed)'), 'default rationale of hold-technology');
    assert.ok(!moment.includes('Use date-fns'), `the diagnostic above the hover carries the note:\n${moment}`);
    assert.strictEqual(hoverPackageJson(fixture.folder, fixture.uri('package.json'), facts, rangeOf(pkgText, '"lodash"').start), undefined);
  });

  test('diagnostic messages say what differs first and stay within the Problems panel\'s 120 characters', () => {
    const shop = loadFixture(path.join(REPO_ROOT, 'examples', 'shop'));
    const findings = [...fixture.check(), ...shop.check()].filter((f) => f.kind !== 'exception');
    assert.ok(findings.length >= 10, `${findings.length} findings`);
    for (const f of findings) {
      assert.ok(f.message.length <= 120, `${f.message.length} characters: ${f.message}`);
      // the subject, or the state of the exception naming it, comes first
      const first = f.request ? f.request.id : f.expired ? f.expired.id : f.kind === 'service' ? `"${f.subjectName}"` : f.subjectName;
      assert.ok(f.message.startsWith(first) || f.message.startsWith(`Second "`), `${f.message} starts with ${first}`);
    }
    const messages = shop.check().map((f) => f.message);
    assert.ok(messages.includes('Fastify: new web framework (approved: Express). Needs a signed exception.'), messages.join('\n'));
    assert.ok(messages.includes('EX-0002 requested, not yet signed: GraphQL: new API style (approved: none yet).'), messages.join('\n'));
    assert.ok(messages.includes('EX-0003 not granted (the approval is not signed): "recommendations": new deployable service (known: web and worker).'), messages.join('\n'));
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
    assert.deepStrictEqual(actions.map((a) => a.title), ['Request an exception for GraphQL', 'Policy owner: approve GraphQL in techpolicy.json', 'Show rule documentation (new-technology)']);
    assert.deepStrictEqual(actions.map((a) => a.isPreferred), [true, false, undefined], 'the request is the preferred fix; approving in the policy never is');
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

  test('"Show rule documentation": one per rule, opening the diagnostic\'s codeDescription.href, on every finding', () => {
    const findings = fixture.checkFile('package.json');
    const diagnostics = findings.map(findingToDiagnostic);
    const actions = codeActionsFor({ folder: fixture.folder, diagnostics, existingExceptionFiles: [], today: TODAY });
    const docs = actions.filter((a) => a.title.startsWith('Show rule documentation'));
    const rules = [...new Set(diagnostics.map((d) => d.code))];
    assert.deepStrictEqual(docs.map((a) => a.title), rules.map((r) => `Show rule documentation (${r})`));
    for (const a of docs) {
      assert.strictEqual(a.kind, 'quickfix');
      assert.strictEqual(a.edit, undefined);
      const d = a.diagnostics![0];
      assert.deepStrictEqual(a.command, { title: a.title, command: 'techPolicy.showDocument', arguments: [d.codeDescription!.href] });
    }
    // an exception document's finding gets it too
    const invalid = fixture.check().find((f) => f.rule === 'exception-invalid')!;
    const [doc] = codeActionsFor({ folder: fixture.folder, diagnostics: [findingToDiagnostic(invalid)], existingExceptionFiles: [], today: TODAY });
    assert.deepStrictEqual(doc.command!.arguments, ['https://github.com/tech-policy/tech-policy/blob/main/docs/rules/exception-invalid.md']);
  });

  test('quick fix "Policy owner: approve … in techpolicy.json": the policy text after the edit approves it', () => {
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
