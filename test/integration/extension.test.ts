// The core loop asserted through the VS Code API, inside the extension host: diagnostics, hover,
// the quick fix that writes an exception request, the approver's signature clearing the finding,
// and the palette commands. The workspace is a copy of test/fixtures/integration (fastify and
// kafkajs are new; express and react approved; Dana Reyes is the approver).
// Runs through out/test/integration/index.js (see index.ts); the tests build on each other in order.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { today } from '../../server/src/core/folder';
import { frontMatter } from '../support/frontMatter';

const EXTENSION_ID = 'tech-policy.tech-policy';
const SOURCE = 'tech-policy';
const EXCEPTION_DOC = 'docs/policy-exceptions/EX-0001-fastify.md';
const POLL_MS = 100;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Poll `check` until it returns a value other than undefined/false, or fail after `timeoutMs` with
 * `what` and the last thing seen (`describe`), so that a timeout says what was there instead.
 */
async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  describe: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) break;
    await delay(POLL_MS);
  }
  const seen = describe();
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}` +
      (lastError ? ` (last error: ${(lastError as Error).message})` : '') +
      (seen ? `\n  last seen: ${seen}` : ''),
  );
}

/** The range of the first occurrence of `needle` in the document. */
function rangeOf(doc: vscode.TextDocument, needle: string): vscode.Range {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${JSON.stringify(needle)} not found in ${doc.uri.fsPath}`);
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function tpDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function show(diagnostics: vscode.Diagnostic[]): string {
  return JSON.stringify(
    diagnostics.map((d) => ({ code: codeOf(d), source: d.source, message: d.message, range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character] })),
  );
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** A replacement of the whole line that starts with `prefix`. */
function replaceLine(edit: vscode.WorkspaceEdit, doc: vscode.TextDocument, prefix: string, text: string): void {
  for (let i = 0; i < doc.lineCount; i++) {
    const line = doc.lineAt(i);
    if (line.text.startsWith(prefix)) {
      edit.replace(doc.uri, line.range, text);
      return;
    }
  }
  assert.fail(`no line starting with ${JSON.stringify(prefix)} in ${doc.uri.fsPath}:\n${doc.getText()}`);
}

suite('Integration: Tech Policy inside the extension host', () => {
  let folder: vscode.WorkspaceFolder;
  let packageUri: vscode.Uri;
  let packageDoc: vscode.TextDocument;
  let exceptionUri: vscode.Uri;
  let fastifyRange: vscode.Range;

  suiteSetup(async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1, `one workspace folder expected, got ${JSON.stringify(folders.map((f) => f.uri.toString()))}`);
    folder = folders[0];
    packageUri = vscode.Uri.joinPath(folder.uri, 'package.json');
    exceptionUri = vscode.Uri.joinPath(folder.uri, EXCEPTION_DOC);
    packageDoc = await vscode.workspace.openTextDocument(packageUri);
    await vscode.window.showTextDocument(packageDoc, { preview: false });
    fastifyRange = rangeOf(packageDoc, '"fastify"');
  });

  test('the extension is installed and activates on the workspace', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} not found; installed: ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
    await waitFor(`${EXTENSION_ID} to be active`, 60_000, () => extension.isActive);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['techPolicy.requestException', 'techPolicy.createPolicy', 'techPolicy.openPolicy', 'techPolicy.showOutput', 'techPolicy.restartServer', 'techPolicy.approveAndSign', 'techPolicy.rejectException', 'techPolicy.showExceptions']) {
      assert.ok(commands.includes(id), `command ${id} registered`);
    }
  });

  test('a new framework in package.json gets a new-technology diagnostic on its key', async () => {
    const fastify = await waitFor(
      'a tech-policy new-technology diagnostic on "fastify"',
      90_000,
      () => tpDiagnostics(packageUri).find((d) => codeOf(d) === 'new-technology' && d.range.isEqual(fastifyRange)),
      () => show(vscode.languages.getDiagnostics(packageUri)),
    );
    assert.strictEqual(fastify.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(fastify.message, /fastify/i);
    const express = rangeOf(packageDoc, '"express"');
    assert.ok(
      !tpDiagnostics(packageUri).some((d) => d.range.isEqual(express)),
      `express is approved: ${show(tpDiagnostics(packageUri))}`,
    );
  });

  test('the hover on the flagged key says it is not approved', async () => {
    const position = fastifyRange.start.translate(0, 1);
    const text = await waitFor(
      'a hover containing "not approved"',
      30_000,
      async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', packageUri, position);
        const joined = hoverText(hovers ?? []);
        return joined.includes('not approved') ? joined : undefined;
      },
    );
    assert.match(text, /fastify/i, `the hover names the technology: ${text}`);
  });

  test('the quick fix "Request an exception for Fastify" writes the request document', async () => {
    const title = 'Request an exception for Fastify';
    let offered: string[] = [];
    const action = await waitFor(
      `the code action ${JSON.stringify(title)}`,
      30_000,
      async () => {
        const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
          'vscode.executeCodeActionProvider',
          packageUri,
          fastifyRange,
        );
        offered = (actions ?? []).map((a) => a.title);
        return (actions ?? []).find((a): a is vscode.CodeAction => a.title === title && 'edit' in a && a.edit instanceof vscode.WorkspaceEdit);
      },
      () => JSON.stringify(offered),
    );
    assert.ok(action.edit, 'the action carries a WorkspaceEdit');
    assert.ok(
      action.edit.entries().some(([uri]) => uri.toString() === exceptionUri.toString()),
      `the edit writes ${EXCEPTION_DOC}: ${JSON.stringify(action.edit.entries().map(([u]) => u.toString()))}`,
    );

    // As VS Code does for a chosen quick fix: apply the edit, then run its command if it has one.
    assert.ok(await vscode.workspace.applyEdit(action.edit), 'applyEdit succeeded');
    if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));

    // The extension opens the created document and saves it.
    const expected: Record<string, string> = { id: 'EX-0001', rule: 'new-technology', subject: 'fastify', status: 'requested' };
    let last = '';
    const text = await waitFor(
      `${EXCEPTION_DOC} on disk with its front matter`,
      60_000,
      async () => {
        last = await readText(exceptionUri);
        const fields = frontMatter(last);
        return Object.entries(expected).every(([key, value]) => fields[key] === value) ? last : undefined;
      },
      () => last,
    );
    assert.ok(text.startsWith('---\n'), `the document starts with YAML front matter:\n${text}`);
    const fields = frontMatter(text);
    assert.match(fields['requested-on'] ?? '', /^\d{4}-\d{2}-\d{2}$/, `requested-on is a date:\n${text}`);
    assert.strictEqual(fields['approved-by'], '', `not signed yet:\n${text}`);
    await waitFor(
      `${EXCEPTION_DOC} to be open and saved`,
      30_000,
      () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === exceptionUri.toString() && !d.isDirty),
      () => JSON.stringify(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d.isDirty])),
    );
  });

  test("the approver's approval (this policy has no keys: named), saved with both reasons written, clears the finding without a reload", async () => {
    const doc = await vscode.workspace.openTextDocument(exceptionUri);
    const edit = new vscode.WorkspaceEdit();
    replaceLine(edit, doc, '<!-- What can users do', 'Partners get catalogue answers within 50 ms.');
    replaceLine(edit, doc, '<!-- The approved stack uses', 'Express adds 20 ms per request at our payload sizes.');
    replaceLine(edit, doc, 'status:', 'status: approved');
    replaceLine(edit, doc, 'approved-by:', 'approved-by: Dana Reyes');
    replaceLine(edit, doc, 'approved-on:', `approved-on: ${today()}`);
    assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit succeeded');
    // VS Code refuses a save while another of the same file is under way (the extension saved the
    // request a moment ago, and on a busy machine that can still be going): wait until it is clean
    await waitFor(`${EXCEPTION_DOC} saved with the approval`, 30_000, async () => (await doc.save()) || !doc.isDirty, () => `dirty: ${doc.isDirty}`);
    const saved = frontMatter(await readText(exceptionUri));
    assert.deepStrictEqual(
      [saved.status, saved['approved-by'], saved['approved-on']],
      ['approved', 'Dana Reyes', today()],
    );

    await waitFor(
      'the fastify diagnostic to disappear',
      60_000,
      () => !tpDiagnostics(packageUri).some((d) => d.range.isEqual(fastifyRange)),
      () => show(tpDiagnostics(packageUri)),
    );
    // Still checking: kafkajs has no exception.
    const kafka = rangeOf(packageDoc, '"kafkajs"');
    assert.ok(
      tpDiagnostics(packageUri).some((d) => codeOf(d) === 'new-technology' && d.range.isEqual(kafka)),
      `kafkajs is still flagged: ${show(tpDiagnostics(packageUri))}`,
    );
    // A valid signature: no exception-invalid in the request document.
    await waitFor(
      `no tech-policy error in ${EXCEPTION_DOC}`,
      30_000,
      () => !tpDiagnostics(exceptionUri).some((d) => d.severity === vscode.DiagnosticSeverity.Error),
      () => show(tpDiagnostics(exceptionUri)),
    );
  });

  test('"Tech Policy: Open Policy" opens techpolicy.json', async () => {
    const policyUri = vscode.Uri.joinPath(folder.uri, 'techpolicy.json');
    // Start from another editor so that the command is what brings the policy up.
    await vscode.window.showTextDocument(packageDoc, { preview: false });
    await vscode.commands.executeCommand('techPolicy.openPolicy');
    await waitFor(
      'techpolicy.json to be the active editor',
      30_000,
      () => vscode.window.activeTextEditor?.document.uri.toString() === policyUri.toString(),
      () => vscode.window.activeTextEditor?.document.uri.toString() ?? 'no active editor',
    );
  });
});
