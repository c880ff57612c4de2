// The agent tools in the core: the one answer, the input validator, where a path lies, the text an
// agent reads, the request drafted for a person, and the AGENTS.md section with its stale rule.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { answerDependency, answerTechnology } from '../../server/src/core/answer/answer';
import { ecosystemOfManifest, planRequest, requestWrittenText, runCheckTool } from '../../server/src/core/agents/ask';
import { AGENT_TOOLS, toolNamed, validateToolInput } from '../../server/src/core/agents/tools';
import { type AgentHost, locate } from '../../server/src/core/agents/workspace';
import { MANIFEST_EXTENSIONS, MANIFESTS } from '../../server/src/core/scan/fileNames';
import { codeActionsFor } from '../../server/src/core/features/codeActions';
import { findingToDiagnostic } from '../../server/src/core/features/diagnostics';
import { AGENT_DRAFT_NOTE } from '../../server/src/core/exceptions/render';
import { renderInstructionsSection, updateInstructions } from '../../server/src/core/instructions/section';
import { locateSection } from '../../server/src/core/scan/instructions';
import { isScaffoldingCandidate } from '../../server/src/core/scan/scaffolding';
import { fixturePath, loadFixture, REPO_ROOT, TODAY, uriOf, type LoadedFixture } from '../support/fixtures';

function hostOf(...fixtures: LoadedFixture[]): AgentHost {
  return { folders: () => fixtures.map((f) => ({ model: f.folder, name: path.basename(f.root) })), findings: (folder) => fixtures.find((f) => f.folder === folder.model)!.check() };
}

const SHOP = path.join(REPO_ROOT, 'examples', 'shop');

suite('agent tools: the core', () => {
  const core = loadFixture(fixturePath('unit', 'core'));
  const shop = loadFixture(SHOP);

  test('the answer is what the rules say at that place: approved, needs-exception (with the request named), granted only inside its scope', () => {
    const pkg = core.uri('package.json');
    assert.strictEqual(answerDependency(core.folder, pkg, 'npm', 'express').verdict, 'approved');
    const fastify = answerDependency(core.folder, pkg, 'npm', 'fastify');
    // the same finding the check reports at package.json:5 (EX-0002 requests it)
    const reported = core.checkFile('package.json').find((f) => f.subject === 'fastify')!;
    assert.deepStrictEqual([fastify.verdict, fastify.finding?.rule, fastify.finding?.message], ['needs-exception', reported.rule, reported.message]);
    const lodash = answerDependency(core.folder, pkg, 'npm', 'lodash');
    assert.deepStrictEqual([lodash.kind, lodash.verdict, lodash.notChecked], ['library', 'not-checked', 'plain-library']);
    const redis = shop.folder.technologies.get('redis')!;
    assert.strictEqual(answerTechnology(shop.folder, shop.uri('server/package.json'), redis).verdict, 'granted');
    // EX-0001's scope is server/** and docker-compose.yml: elsewhere Redis needs its own exception
    const elsewhere = answerTechnology(shop.folder, shop.uri('client/package.json'), redis);
    assert.deepStrictEqual([elsewhere.verdict, elsewhere.rule], ['needs-exception', 'new-technology']);
  });

  test('inputs are checked against the schema first: one sentence for a wrong type, an unknown input, a value too long (before it is read), a control character, a value outside the enum', () => {
    const tool = toolNamed('check_technology')!;
    const cases: Array<[unknown, RegExp]> = [
      ['fastify', /^check_technology takes an object of named inputs \(package, ecosystem, image, technology and path\), not a string\.$/],
      [[1], /not a list\.$/],
      [{ packages: 'x' }, /^Unknown input "packages": check_technology takes package, ecosystem, image, technology and path\.$/],
      [{ package: 42 }, /^"package" must be a string, not a number\.$/],
      [{ package: 'x'.repeat(1024 * 1024) }, /^"package" is 1,048,576 characters long; it may be at most 300\.$/],
      [{ package: 'fastify\n1:1 error' }, /^"package" contains a control character/],
      [{ package: 'fastify', ecosystem: 'cobol' }, /^"ecosystem" must be one of npm, rubygems, pypi, go, maven, cargo, packagist, nuget, hex and swift; "cobol" is not one\.$/],
    ];
    for (const [input, expected] of cases) {
      const r = validateToolInput(tool, input);
      assert.ok(!r.ok && expected.test(r.message) && !r.message.includes('\n'), `${JSON.stringify(input).slice(0, 80)} → ${JSON.stringify(r)}`);
    }
    assert.deepStrictEqual(validateToolInput(tool, { package: ' fastify ', ecosystem: 'npm' }), { ok: true, input: { package: 'fastify', ecosystem: 'npm' } });
    const findings = toolNamed('current_findings')!;
    assert.ok(!validateToolInput(findings, { limit: 0 }).ok && !validateToolInput(findings, { limit: 1.5 }).ok);
    const request = toolNamed('request_exception')!;
    assert.deepStrictEqual(validateToolInput(request, { kind: 'technology' }), { ok: false, message: '"subject" is required: request_exception needs kind and subject.' });
  });

  test('a path outside the workspace, or one that climbs out, is refused in one sentence; inside, absolute and relative name the same place', () => {
    const host = hostOf(shop);
    assert.deepStrictEqual(locate(host, '/etc/passwd'), { refusal: 'The path "/etc/passwd" is outside the workspace (shop); Tech Policy answers for places inside it only.' });
    assert.deepStrictEqual(locate(host, 'server/../../x'), { refusal: 'The path "server/../../x" climbs out of the workspace; Tech Policy answers for places inside it only.' });
    const relative = locate(host, './server//package.json');
    const absolute = locate(host, path.join(SHOP, 'server', 'package.json'));
    assert.ok('uri' in relative && 'uri' in absolute);
    assert.deepStrictEqual([relative.rel, relative.uri], ['server/package.json', shop.uri('server/package.json')]);
    assert.deepStrictEqual([absolute.rel, absolute.uri], [relative.rel, relative.uri]);
  });

  test('check_technology: the verdict first, the approved alternative, the rationale, the exceptions; the structured verdict agrees', () => {
    const r = runCheckTool(hostOf(shop), 'check_technology', { package: 'fastify', path: 'server/package.json' });
    const lines = r.text.split('\n');
    assert.strictEqual(lines[0], 'Fastify (web framework; technology id "fastify"): NOT ALLOWED without a signed exception (rule new-technology).');
    assert.ok(lines.includes('Use instead: Express (approved web frameworks).'), r.text);
    assert.ok(lines.includes('Why: We use boring, well-understood technology. Something new needs a product capability the current stack cannot deliver, and a signed exception.'), r.text);
    assert.ok(lines.includes('Exceptions: none names Fastify.'), r.text);
    assert.deepStrictEqual(r.structured?.answers.map((a) => [a.verdict, a.rule, a.subject, a.alternatives]), [['needs-exception', 'new-technology', 'fastify', ['express']]]);
    // the ecosystem follows from the manifest; without either, every ecosystem is tried
    assert.strictEqual(runCheckTool(hostOf(shop), 'check_technology', { package: 'fastify' }).text, r.text);
    const redis = runCheckTool(hostOf(shop), 'check_technology', { image: 'redis:7-alpine', path: 'docker-compose.yml' });
    assert.match(redis.text, /^Redis \(datastore; technology id "redis"\): ALLOWED HERE BY EXCEPTION EX-0001\.\n/);
    const pending = runCheckTool(hostOf(shop), 'check_technology', { technology: 'GraphQL' });
    assert.match(pending.text, /\nEX-0002 asks for it and awaits an approver's signature \(approvers: Dana Reyes \(CTO\)\): until it is signed it allows nothing\./);
    assert.deepStrictEqual(pending.structured?.answers[0].exception, { id: 'EX-0002', state: 'requested', file: 'docs/policy-exceptions/EX-0002-graphql.md' });
    const gem = runCheckTool(hostOf(shop), 'check_technology', { package: 'sinatra', path: 'tools/Gemfile' });
    assert.match(gem.text, /^Sinatra \(web framework; technology id "sinatra"\): NOT ALLOWED/);
    // a Swift package by its identity, an sbt artifact without its Scala suffix
    assert.match(runCheckTool(hostOf(shop), 'check_technology', { package: 'vapor', path: 'ios/Package.swift' }).text, /^Vapor \(web framework; technology id "vapor"\): NOT ALLOWED/);
    assert.match(runCheckTool(hostOf(shop), 'check_technology', { package: 'com.typesafe.akka:akka-http_2.13', ecosystem: 'maven' }).text, /^Akka HTTP \(web framework; technology id "akkahttp"\): NOT ALLOWED/);
  });

  test('check_deployable: a new folder is a new service, with the known ones and what to do instead; a known place is allowed; a new manifest is also a new language', () => {
    const host = hostOf(shop);
    const uploads = runCheckTool(host, 'check_deployable', { path: 'services/uploads' });
    assert.match(uploads.text, /^A deployable "uploads" at services\/uploads: NOT ALLOWED without a signed exception \(rule new-service\)\.\n/);
    assert.ok(uploads.text.includes("The monolith's known deployables: web (server) and worker (server)."), uploads.text);
    assert.ok(uploads.text.includes('Instead: build it into the monolith'), uploads.text);
    assert.match(runCheckTool(host, 'check_deployable', { path: 'server', service: 'worker' }).text, /: ALLOWED\.\nIt is the monolith's known service "worker"\./);
    const go = runCheckTool(host, 'check_deployable', { path: 'services/search/go.mod' });
    assert.deepStrictEqual(go.structured?.answers.map((a) => [a.kind, a.verdict, a.subject]), [['language', 'needs-exception', 'go'], ['service', 'needs-exception', 'search']]);
    assert.match(runCheckTool(host, 'check_deployable', { path: 'test/e2e/Dockerfile' }).text, /is in a test folder/);
    // a language manifest at the root brings in a language, not a deployable: the monolith is the root's
    assert.deepStrictEqual(runCheckTool(host, 'check_deployable', { path: 'Cargo.toml' }).structured?.answers.map((a) => [a.kind, a.subject]), [['language', 'rust']]);
  });

  test('current_findings: what the status bar counts, as file:line:col severity rule message, then the requests awaiting a signature', () => {
    const r = runCheckTool(hostOf(shop), 'current_findings', { path: 'server' });
    assert.deepStrictEqual(r.text.split('\n').slice(0, 3), [
      '2 findings under server (2 at error or warning level):',
      'server/package.json:10:5 warning new-technology EX-0002 requested, not yet signed: GraphQL: new API style (approved: none yet).',
      'server/package.json:11:5 warning new-technology Fastify: new web framework (approved: Express). Needs a signed exception.',
    ]);
    assert.match(r.text, /\nEX-0002 new-technology graphql: requested by Sam Lee <sam@shop\.example> on 2026-11-20 \(docs\/policy-exceptions\/EX-0002-graphql\.md\)\n/);
    const limited = runCheckTool(hostOf(shop), 'current_findings', { limit: 1 });
    assert.match(limited.text, /\n… and 5 more: ask with a narrower "path" or a higher "limit"\.\n/);
  });

  test('request_exception drafts the quick fix\'s document, marked as drafted by an agent; nothing for what is allowed or already requested', () => {
    const host = hostOf(shop);
    const context = () => ({ existingFiles: ['EX-0001-redis.md', 'EX-0002-graphql.md', 'EX-0003-recommendations.md'], requestedBy: undefined, today: TODAY });
    const plan = planRequest(host, { kind: 'technology', subject: 'Fastify', path: 'server/package.json' }, context);
    assert.ok('request' in plan, JSON.stringify(plan));
    assert.deepStrictEqual([plan.request.id, plan.rel, plan.title], ['EX-0004', 'docs/policy-exceptions/EX-0004-fastify.md', 'Draft exception request EX-0004 for Fastify?']);
    assert.ok(plan.request.text.includes(`\n${AGENT_DRAFT_NOTE}\n`), plan.request.text);
    assert.match(plan.request.text, /^subject: fastify$/m);
    assert.match(plan.request.text, /^Raised by `new-technology` in `server\/package\.json`\.$/m);
    assert.match(requestWrittenText(plan).text, /^Wrote docs\/policy-exceptions\/EX-0004-fastify\.md \(EX-0004, rule new-technology, subject fastify\): a draft for a person to complete\.\nIt grants nothing yet: /);
    for (const [input, expected] of [
      [{ kind: 'technology', subject: 'express' }, /^Express is allowed by the policy: no exception is needed, nothing was written\.\n$/],
      [{ kind: 'technology', subject: 'graphql' }, /^EX-0002 already requests GraphQL \(docs\/policy-exceptions\/EX-0002-graphql\.md\)/],
      [{ kind: 'technology', subject: 'ioredis', path: 'server/package.json' }, /^Redis is already allowed at server\/package\.json by EX-0001/],
      [{ kind: 'language', subject: 'TypeScript' }, /^TypeScript is allowed by the policy/],
      [{ kind: 'technology', subject: 'fastify', path: '/etc' }, /^The path "\/etc" is outside the workspace/],
      [{ kind: 'service', subject: '../../tmp/x' }, /^"\.\.\/\.\.\/tmp\/x" is a path: give the service's name as "subject" and its folder as "path"\.\n$/],
    ] as const) {
      const refused = planRequest(host, input, context);
      assert.ok('result' in refused && refused.result.isError && expected.test(refused.result.text), `${JSON.stringify(input)} → ${JSON.stringify(refused)}`);
    }
    const refusedDirectory = planRequest(host, { kind: 'service', subject: 'uploads', path: 'services/uploads' }, () => ({ ...context(), refused: 'is a link to a folder outside the workspace folder' }));
    assert.ok('result' in refusedDirectory && /^No request can be written: the exceptions directory is a link/.test(refusedDirectory.result.text));
  });

  test('every manifest the scanners read dependencies from has the ecosystem they come from (a new manifest must be added)', () => {
    for (const name of [...Object.keys(MANIFESTS), ...Object.keys(MANIFEST_EXTENSIONS).map((e) => `x${e}`), 'package.json', 'requirements-dev.txt']) assert.ok(ecosystemOfManifest(`a/${name}`), name);
    assert.strictEqual(ecosystemOfManifest('a/Package.swift'), 'swift');
    assert.strictEqual(ecosystemOfManifest('a/build.sbt'), 'maven');
    assert.strictEqual(ecosystemOfManifest('a/project/plugins.sbt'), 'maven');
    assert.strictEqual(ecosystemOfManifest('a/project/Dependencies.scala'), 'maven');
    assert.strictEqual(ecosystemOfManifest('a/src/main/scala/App.scala'), undefined);
    assert.strictEqual(ecosystemOfManifest('Dockerfile'), undefined);
  });

  test('package.json contributes each tool with the core\'s name, descriptions and input schema, shown only where a policy is', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { languageModelTools: Array<Record<string, unknown>> }; engines: { vscode: string } };
    const contributed = pkg.contributes.languageModelTools;
    assert.deepStrictEqual(
      contributed.map((t) => [t.name, t.displayName, t.modelDescription, t.userDescription, t.inputSchema, t.when, t.toolReferenceName]),
      AGENT_TOOLS.map((t) => [t.vscodeName, t.title, t.description, t.userDescription, t.inputSchema, 'techPolicy.hasPolicy', t.vscodeName]),
    );
    assert.strictEqual(pkg.engines.vscode, '^1.95.0', 'language model tools are stable from VS Code 1.95');
  });
});

suite('agent tools: the AGENTS.md section', () => {
  const shop = loadFixture(SHOP);
  const body = shop.folder.agentsInstructions().body;

  test('the section states the approved stack, what is on hold, the deployables, the languages and who signs', () => {
    const lines = body.split('\n');
    for (const line of ['  - Web frameworks: Express.', '  - Datastores: PostgreSQL.', '- **Languages:** TypeScript and JavaScript. Another language needs a signed exception.']) assert.ok(lines.includes(line), `${line}\n${body}`);
    assert.ok(body.includes('- **No new use without a signed exception:** moment (on hold): Use date-fns for new code.\n'), body);
    assert.ok(body.includes('build new work into its deployables: web (server) and worker (server).'), body);
    assert.ok(body.includes('anything else needs an exception signed by Dana Reyes (CTO).'), body);
  });

  test('written into a file with other text, refreshed between the markers only: the rest is kept byte for byte, CRLF too', () => {
    const before = '# Shop\r\n\r\nUse npm ci.\r\n';
    const added = updateInstructions(before, body);
    assert.ok('text' in added && added.change === 'added');
    assert.ok(added.text.startsWith(before + '\r\n<!-- tech-policy:begin policy='), added.text);
    assert.ok(!/[^\r]\n/.test(added.text), 'the file keeps its CRLF line ends');
    const after = '\r\n## More\r\nKeep this.';
    const edited = added.text.replace('Web frameworks: Express.', 'Web frameworks: whatever you like.') + after;
    const refreshed = updateInstructions(edited, body);
    assert.ok('text' in refreshed && refreshed.change === 'refreshed');
    assert.strictEqual(refreshed.text, added.text + after);
    const again = updateInstructions(refreshed.text, body);
    assert.ok('text' in again && again.change === 'unchanged' && again.text === refreshed.text);
    const created = updateInstructions(undefined, body);
    assert.ok('text' in created && created.change === 'created' && created.text === renderInstructionsSection(body) + '\n');
  });

  test('the walk, file events and the editor take AGENTS.md anywhere and copilot-instructions.md in .github only', () => {
    for (const [rel, taken] of [['AGENTS.md', true], ['services/api/AGENTS.md', true], ['.github/copilot-instructions.md', true], ['docs/copilot-instructions.md', false], ['node_modules/x/AGENTS.md', false], ['README.md', false]] as const) {
      assert.strictEqual(isScaffoldingCandidate(rel), taken, rel);
    }
  });

  test('broken markers are refused with the line, never guessed at', () => {
    const section = renderInstructionsSection(body);
    const cases: Array<[string, number, RegExp]> = [
      [`a\n${section.split('\n')[0]}\nb\n`, 1, /without its "tech-policy:end" marker below it/],
      [`${section}\n${section}\n`, section.split('\n').length, /a second "tech-policy:begin" marker/],
      [`<!-- tech-policy:end -->\n${section.split('\n')[0]}\n`, 0, /"tech-policy:end" comes before|a second/],
    ];
    for (const [text, line, problem] of cases) {
      const r = updateInstructions(text, body);
      assert.ok('error' in r && r.line === line && problem.test(r.error), JSON.stringify(r));
    }
    assert.deepStrictEqual(locateSection('no markers here'), { found: false });
  });

  test('agents-instructions-stale: after a policy change, not before and not after a refresh; off for a file without the section; the quick fix writes the refreshed section', () => {
    const root = fs.mkdtempSync(path.join(require('os').tmpdir(), 'tp-agents-'));
    fs.cpSync(SHOP, root, { recursive: true });
    fs.writeFileSync(path.join(root, 'AGENTS.md'), `# Notes\n\n${renderInstructionsSection(body)}\n`);
    fs.writeFileSync(path.join(root, 'docs', 'AGENTS.md'), '# Nothing of ours here\n');
    const stale = (fx: LoadedFixture) => [...fx.checkFile('AGENTS.md'), ...fx.checkFile('docs/AGENTS.md')].filter((f) => f.rule === 'agents-instructions-stale');
    assert.deepStrictEqual(stale(loadFixture(root)), []);
    const policy = fs.readFileSync(path.join(root, 'techpolicy.json'), 'utf8').replace('"vite": { "ring": "adopt" },', '"vite": { "ring": "adopt" },\n    "koa": { "ring": "trial" },');
    fs.writeFileSync(path.join(root, 'techpolicy.json'), policy);
    const changed = loadFixture(root);
    const found = stale(changed);
    assert.deepStrictEqual(
      found.map((f) => [f.severity, f.range.start.line, f.message]),
      [['info', 2, 'The Tech Policy section of AGENTS.md is out of date: the policy changed since it was written. Run "tech-policy agents" to refresh it.']],
    );
    const fix = codeActionsFor({ folder: changed.folder, diagnostics: [findingToDiagnostic(found[0])], existingExceptionFiles: [], today: TODAY });
    assert.deepStrictEqual(fix.map((a) => a.title), ['Refresh the Tech Policy section of AGENTS.md', 'Show rule documentation (agents-instructions-stale)']);
    const edit = fix[0].edit!.changes![uriOf(path.join(root, 'AGENTS.md'))][0];
    const lines = fs.readFileSync(path.join(root, 'AGENTS.md'), 'utf8').split('\n');
    const applied = [...lines.slice(0, edit.range.start.line), edit.newText, ...lines.slice(edit.range.end.line + 1)].join('\n');
    assert.ok(applied.startsWith('# Notes\n\n') && applied.includes('Web frameworks: Express, Koa (trial).'), applied);
    fs.writeFileSync(path.join(root, 'AGENTS.md'), applied);
    assert.deepStrictEqual(stale(loadFixture(root)), []);
    // off in the policy: never reported
    fs.writeFileSync(path.join(root, 'techpolicy.json'), policy.replace('"hold-technology": { "severity": "warning" },', '"hold-technology": { "severity": "warning" },\n    "agents-instructions-stale": "off",'));
    fs.writeFileSync(path.join(root, 'AGENTS.md'), `${renderInstructionsSection('an old body')}\n`);
    assert.deepStrictEqual(stale(loadFixture(root)), []);
  });
});
