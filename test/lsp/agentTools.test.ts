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
