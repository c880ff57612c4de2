// The language model tools inside the extension host, as agent mode calls them: registered with
// the contributed schemas, answered by the language server through vscode.lm.invokeTool, and the
// request tool (its confirmation dialog, as a person sees it, is test/e2e/agents.e2e.ts). Runs after
// extension.test.ts, in the same workspace: Fastify is granted by EX-0001 by then, kafkajs is new.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'tech-policy.tech-policy';
const NAMES = ['techPolicy_checkTechnology', 'techPolicy_checkDeployable', 'techPolicy_currentFindings', 'techPolicy_requestException'];

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor<T>(what: string, timeoutMs: number, check: () => T | undefined | false, describe: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${describe()}`);
    await delay(100);
  }
}

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

suite('Integration: the language model tools', () => {
  let folder: vscode.WorkspaceFolder;
  suiteSetup(() => {
    folder = vscode.workspace.workspaceFolders![0];
  });

  test('the four tools are registered with the schemas package.json contributes', async () => {
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { languageModelTools: Array<{ name: string; inputSchema: object }> } }).contributes.languageModelTools;
    const tools = await waitFor('the Tech Policy tools in vscode.lm.tools', 60_000, () => {
      const ours = vscode.lm.tools.filter((t) => NAMES.includes(t.name));
      return ours.length === NAMES.length ? ours : undefined;
    }, () => vscode.lm.tools.map((t) => t.name).join(', '));
    assert.deepStrictEqual(
      tools.map((t) => [t.name, t.inputSchema]).sort(),
      contributed.map((t) => [t.name, t.inputSchema]).sort(),
    );
  });

  test('check a technology: kafkajs needs a signed exception; Fastify is allowed here by EX-0001', async () => {
    const kafka = await invoke('techPolicy_checkTechnology', { package: 'kafkajs', path: 'package.json' });
    const lines = kafka.split('\n');
    assert.strictEqual(lines[0], 'Apache Kafka (message broker; technology id "kafka"): NOT ALLOWED without a signed exception (rule new-technology).', kafka);
    assert.ok(kafka.includes('techPolicy_requestException (kind "technology", subject "kafka") drafts the request'), kafka);
    const fastify = await invoke('techPolicy_checkTechnology', { technology: 'Fastify' });
    assert.match(fastify, /^Fastify \(web framework; technology id "fastify"\): ALLOWED HERE BY EXCEPTION EX-0001\.\n/);
  });

  test('check a deployable, and the current findings', async () => {
    const api = await invoke('techPolicy_checkDeployable', { path: 'services/api' });
    assert.match(api, /^A deployable "api" at services\/api: NOT ALLOWED without a signed exception \(rule new-service\)\.\n/);
    const findings = await invoke('techPolicy_currentFindings', {});
    assert.match(findings, /^package\.json:\d+:5 warning new-technology Apache Kafka: new message broker \(approved: none yet\)\. Needs a signed exception\.$/m);
  });

  test('request an exception: asked first, then the draft is written for a person and opened; a second request is not drafted', async () => {
    // The confirmation is a modal dialog; in the smoke-test mode this suite runs in, VS Code answers
    // dialogs itself ("Dialog requested during smoke test" in the log). The dialog a person sees,
    // declined and accepted: test/e2e/agents.e2e.ts.
    const input = { kind: 'technology', subject: 'kafkajs', path: 'package.json' };
    const draft = vscode.Uri.joinPath(folder.uri, 'docs', 'policy-exceptions', 'EX-0002-kafka.md');
    assert.ok(!(await exists(draft)));
    const text = await invoke('techPolicy_requestException', input);
    assert.match(text, /^Wrote docs\/policy-exceptions\/EX-0002-kafka\.md \(EX-0002, rule new-technology, subject kafka\): a draft for a person to complete\.\n/);
    const written = new TextDecoder().decode(await vscode.workspace.fs.readFile(draft));
    assert.match(written, /^---\nid: EX-0002\nrule: new-technology\nsubject: kafka\n/);
    assert.match(written, /^> Drafted by a coding agent \(Tech Policy's request_exception tool\) for a person to complete\./m);
    await waitFor('the draft open in an editor', 30_000, () => vscode.window.activeTextEditor?.document.uri.toString() === draft.toString(), () => vscode.window.activeTextEditor?.document.uri.toString() ?? 'none');
    assert.match(await invoke('techPolicy_requestException', input), /^EX-0002 already requests Apache Kafka/);
  });
});
