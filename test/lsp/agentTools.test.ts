// techPolicy/agentTool, the request the VS Code extension's language model tools send: answers from
// what the editor holds (an unsaved buffer counts), and the request tool's two phases: a plan that
// writes nothing, then the draft's edit only for the file the user confirmed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, uriOf } from '../support/fixtures';
import { type ServerUnderTest, startServer } from '../support/lspClient';

interface AgentToolResult {
  text: string;
  isError?: boolean;
  confirm?: { title: string; message: string; file: string };
  edit?: { documentChanges: Array<{ kind?: string; uri?: string; options?: unknown; edits?: Array<{ newText: string }> }> };
  uri?: string;
}

suite('language server: the agent tools request', () => {
  let server: ServerUnderTest | undefined;
  teardown(async () => {
    await server?.stop();
    server = undefined;
  });

  test('answers from the open buffer; the request tool plans, then returns the draft only for the confirmed file', async function () {
    // a server start and a walk of the example: more than a second on a busy machine
    this.timeout(60_000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-lsp-agents-'));
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'shop'), root, { recursive: true });
    server = await startServer(root);
    await server.waitFor('start-up', () => server!.log.some((l) => l.includes('server ready')), 30_000);
    const ask = (tool: string, input: unknown, phase = 'invoke', confirmed?: string) => server!.connection.sendRequest('techPolicy/agentTool', { tool, input, phase, confirmed }) as Promise<AgentToolResult>;

    // koa typed into the server's package.json, not saved: current_findings sees it
    const uri = uriOf(path.join(root, 'server', 'package.json'));
    const text = fs.readFileSync(path.join(root, 'server', 'package.json'), 'utf8').replace('"express": "^4.21.0",', '"express": "^4.21.0",\n    "koa": "^2.15.0",');
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    await server.waitForDiagnostics(uri, 'koa flagged', (d) => d.some((x) => /Koa/.test(String(x.message))));
    const findings = await ask('techPolicy_currentFindings', { path: 'server' });
    assert.match(findings.text, /^server\/package\.json:8:5 warning new-technology Koa: new web framework \(approved: Express\)\. Needs a signed exception\.$/m);
    // the VS Code tools name the request tool as VS Code does
    assert.match((await ask('techPolicy_checkTechnology', { package: 'koa' })).text, /, techPolicy_requestException \(kind "technology", subject "koa"\) drafts the request/);

    const input = { kind: 'technology', subject: 'koa', path: 'server/package.json' };
    const plan = await ask('techPolicy_requestException', input, 'prepare');
    assert.deepStrictEqual(plan.confirm, {
      title: 'Draft exception request EX-0004 for Koa?',
      message: 'Tech Policy will write docs/policy-exceptions/EX-0004-koa.md, a request (rule new-technology) for a person to complete and an approver to sign. It grants nothing, and changes no other file.',
      file: 'docs/policy-exceptions/EX-0004-koa.md',
    });
    assert.ok(!plan.edit && !fs.existsSync(path.join(root, 'docs', 'policy-exceptions', 'EX-0004-koa.md')), 'the plan writes nothing');
    const unconfirmed = await ask('techPolicy_requestException', input, 'invoke', 'docs/policy-exceptions/EX-0009-other.md');
    assert.ok(unconfirmed.isError && !unconfirmed.edit && /^Nothing was written: the request would now be docs\/policy-exceptions\/EX-0004-koa\.md/.test(unconfirmed.text), JSON.stringify(unconfirmed));
    const confirmed = await ask('techPolicy_requestException', input, 'invoke', plan.confirm!.file);
    assert.ok(confirmed.edit && confirmed.uri?.endsWith('/docs/policy-exceptions/EX-0004-koa.md'), JSON.stringify(confirmed));
    const [create, insert] = confirmed.edit.documentChanges;
    assert.deepStrictEqual([create.kind, create.options], ['create', { overwrite: false, ignoreIfExists: false }]);
    assert.match(insert.edits![0].newText, /^> Drafted by a coding agent/m);
    assert.match(confirmed.text, /^Wrote docs\/policy-exceptions\/EX-0004-koa\.md \(EX-0004, rule new-technology, subject koa\)/);
    // no tool approves, signs or edits the policy
    const approve = await ask('approve_exception', { id: 'EX-0004' });
    assert.ok(approve.isError && /^No such tool: "approve_exception"\.$/m.test(approve.text), approve.text);
  });
});

suite('language server: the AGENTS.md section', () => {
  let server: ServerUnderTest | undefined;
  teardown(async () => {
    await server?.stop();
    server = undefined;
  });

  test('a stale section is an info diagnostic on its marker, found by the start-up walk; the quick fix refreshes it and the diagnostic goes', async function () {
    // a server start, a walk, an edit and its re-check: more than a second on a busy machine
    this.timeout(60_000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-lsp-agents-md-'));
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'shop'), root, { recursive: true });
    const stale = '# Shop\n\n<!-- tech-policy:begin policy=0123456789ab (written by "tech-policy agents") -->\n## An old section\n<!-- tech-policy:end -->\n\nKeep this line.\n';
    fs.writeFileSync(path.join(root, 'AGENTS.md'), stale);
    server = await startServer(root);
    const uri = uriOf(path.join(root, 'AGENTS.md'));
    const [d] = await server.waitForDiagnostics(uri, 'the stale section', (list) => list.length === 1);
    assert.deepStrictEqual([d.code, d.severity, d.range.start.line, d.message], ['agents-instructions-stale', 3, 2, 'The Tech Policy section of AGENTS.md is out of date: the policy changed since it was written. Run "tech-policy agents" to refresh it.']);
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: stale } });
    const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as Array<{ title: string; edit?: { changes: Record<string, Array<{ range: { start: { line: number }; end: { line: number } }; newText: string }>> } }>;
    const refresh = actions.find((a) => a.title === 'Refresh the Tech Policy section of AGENTS.md');
    assert.ok(refresh?.edit, JSON.stringify(actions.map((a) => a.title)));
    const [edit] = refresh.edit.changes[uri];
    const lines = stale.split('\n');
    const refreshed = [...lines.slice(0, edit.range.start.line), edit.newText, ...lines.slice(edit.range.end.line + 1)].join('\n');
    assert.ok(refreshed.startsWith('# Shop\n\n<!-- tech-policy:begin policy=') && refreshed.endsWith('<!-- tech-policy:end -->\n\nKeep this line.\n'), refreshed);
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: refreshed }] });
    await server.waitForDiagnostics(uri, 'no diagnostic once refreshed', (list) => list.length === 0);
  });
});
