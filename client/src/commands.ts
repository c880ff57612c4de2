/** The palette commands: Request Exception, Create Policy from Workspace, Show Findings, Show Report, Open Policy, Show Output, Restart Server, … */
import * as path from 'path';
import { commands, type ExtensionContext, type QuickPickItem, Uri, window, workspace, type WorkspaceFolder } from 'vscode';
import {
  CreatePolicyRequest,
  type CreatePolicyResult,
  RecordBaselineRequest,
  type RecordBaselineParams,
  type RecordBaselineResult,
  FindingsRequest,
  type FindingSummary,
  RequestExceptionRequest,
  type RequestExceptionResult,
} from '../../server/src/protocol';
import type { TechPolicyClient } from './client';
import type { ExceptionsView } from './exceptionsView';
import { showFindingsPick } from './findingsPick';
import { registerReportLinks, showReport } from './report';
import { SHOW_FINDINGS_COMMAND } from './status';

const RULE_CHOICES = [
  { label: 'new-technology', detail: 'A new framework or technology' },
  { label: 'hold-technology', detail: 'A technology on hold or being assessed' },
  { label: 'new-service', detail: 'A new deployable service outside the monolith' },
  { label: 'new-language', detail: 'A new programming language' },
];

interface FindingItem extends QuickPickItem {
  finding?: FindingSummary;
}

export function registerCommands(context: ExtensionContext, tp: TechPolicyClient, view: ExceptionsView): void {
  const register = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(commands.registerCommand(id, fn));
  /**
   * A command that works on a policy, run however early (the palette offers it before the server
   * has reported): waits for the server's first status, then goes on where some folder has a
   * policy, and elsewhere says so and offers to create one.
   */
  const withPolicy = async (): Promise<boolean> => {
    await tp.ready();
    if (tp.lastStatus.folders.some((f) => f.policy === 'ok' || f.policy === 'invalid')) return true;
    const create = 'Create Policy from Workspace';
    const answer = await window.showInformationMessage('Tech Policy: no folder of this workspace has a policy file (techpolicy.json), so nothing is checked yet.', create);
    if (answer === create) await commands.executeCommand('techPolicy.createPolicy');
    return false;
  };

  register('techPolicy.requestException', async (args?: unknown) => {
    if (!(await withPolicy())) return undefined;
    const preset = args as { rule?: string; subject?: string; uri?: string } | undefined;
    let target: { uri: string; rule: string; subject: string } | undefined;
    if (preset?.rule && preset.subject) {
      target = { uri: preset.uri ?? (await pickFolder())?.uri.toString() ?? '', rule: preset.rule, subject: preset.subject };
    } else {
      target = await pickFinding(tp);
    }
    if (!target || !target.uri) return undefined;
    const result = await tp.client.sendRequest<RequestExceptionResult | null>(RequestExceptionRequest, target);
    if (!result) {
      void window.showErrorMessage(`Tech Policy: cannot create an exception request for "${target.subject}" (is the file in a workspace folder with a policy?).`);
      return undefined;
    }
    const edit = await tp.client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
    const uri = Uri.parse(result.uri);
    if (!edit || !(await workspace.applyEdit(edit))) {
      void window.showErrorMessage(`Tech Policy: could not create ${uri.fsPath} (does it already exist?). Nothing was overwritten.`);
      return undefined;
    }
    await tp.openCreated(uri);
    return result.uri;
  });

  register('techPolicy.createPolicy', async () => {
    await tp.ready(); // which folders have none
    const folder = await pickFolder((f) => tp.lastStatus.folders.find((s) => s.uri === f.uri.toString())?.policy === 'none');
    if (!folder) return undefined;
    const result = await tp.client.sendRequest<CreatePolicyResult | null>(CreatePolicyRequest, { folderUri: folder.uri.toString() });
    if (!result) return undefined;
    const uri = Uri.parse(result.uri);
    if (result.refused) {
      void window.showErrorMessage(`Tech Policy: ${result.refused}`);
      return undefined;
    }
    if (!result.exists && result.text !== undefined) {
      const edit = await tp.client.protocol2CodeConverter.asWorkspaceEdit({
        documentChanges: [
          { kind: 'create', uri: result.uri, options: { overwrite: false, ignoreIfExists: false } },
          { textDocument: { uri: result.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: result.text }] },
        ],
      });
      if (!edit || !(await workspace.applyEdit(edit))) {
        void window.showErrorMessage(`Tech Policy: could not create ${uri.fsPath}. Nothing was overwritten.`);
        return undefined;
      }
      await tp.openCreated(uri);
      return result.uri;
    } else {
      void window.showInformationMessage(`Tech Policy: ${path.basename(uri.fsPath)} already exists; opening it.`);
    }
    await tp.open(uri);
    return result.uri;
  });

  registerReportLinks(context);
  register('techPolicy.showReport', async () => {
    if (!(await withPolicy())) return;
    const folder = await pickFolder((f) => { const s = tp.lastStatus.folders.find((x) => x.uri === f.uri.toString()); return !!s && s.policy !== 'none'; });
    if (folder) await showReport(context, tp, folder);
  });

  register('techPolicy.recordBaseline', async (modeArg?: unknown) => {
    if (!(await withPolicy())) return undefined;
    const folder = await pickFolder((f) => { const s = tp.lastStatus.folders.find((x) => x.uri === f.uri.toString()); return !!s && s.policy !== 'none'; });
    if (!folder) return undefined;
    const mode: RecordBaselineParams['mode'] = modeArg === 'update' || modeArg === 'prune' ? modeArg : 'create';
    let result = await tp.client.sendRequest<RecordBaselineResult | null>(RecordBaselineRequest, { folderUri: folder.uri.toString(), mode });
    if (result && !result.ok && result.exists && mode === 'create' && modeArg === undefined) {
      // a baseline never grows silently: the user says what to record
      const pick = await window.showQuickPick(
        [
          { label: 'Update', description: "record today's findings, new ones too (each entry keeps its date)", mode: 'update' as const },
          { label: 'Prune', description: 'only remove or lower the entries that are no longer found', mode: 'prune' as const },
        ],
        { title: 'Tech Policy: the baseline exists', placeHolder: 'A baseline never grows silently: choose what to record' },
      );
      if (!pick) return undefined;
      result = await tp.client.sendRequest<RecordBaselineResult | null>(RecordBaselineRequest, { folderUri: folder.uri.toString(), mode: pick.mode });
    }
    if (!result) return undefined;
    if (!result.ok || !result.edit) {
      void window.showErrorMessage(`Tech Policy: ${result.message}`);
      return undefined;
    }
    const edit = await tp.client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
    const uri = Uri.parse(result.uri);
    if (!edit || !(await workspace.applyEdit(edit))) {
      void window.showErrorMessage(`Tech Policy: could not write ${uri.fsPath}. Nothing was changed.`);
      return undefined;
    }
    const doc = result.exists ? await tp.open(uri) : await tp.openCreated(uri);
    if (doc.isDirty) await doc.save();
    void window.showInformationMessage(`Tech Policy: recorded the baseline, ${result.message}`);
    return result.uri;
  });

  register('techPolicy.openPolicy', async () => {
    await tp.ready(); // early, the folders' status is not in yet: never "no policy file" for one that has it
    const folder = await pickFolder();
    if (!folder) return;
    const status = tp.lastStatus.folders.find((s) => s.uri === folder.uri.toString());
    if (!status || status.policy === 'none') {
      const create = 'Create Policy from Workspace';
      if ((await window.showInformationMessage(`Tech Policy: ${folder.name} has no policy file.`, create)) === create) {
        await commands.executeCommand('techPolicy.createPolicy');
      }
      return;
    }
    await tp.open(Uri.parse(status.policyUri));
  });

  const decide = (decision: 'approve' | 'reject') => async (arg?: unknown) => {
    if (!(await withPolicy())) return false;
    const uri = await pickDecidable(view, arg, decision);
    return uri ? tp.decide(uri, decision) : false;
  };
  register('techPolicy.approveAndSign', decide('approve'));
  register('techPolicy.rejectException', decide('reject'));
  register('techPolicy.showExceptions', async (uri?: unknown) => {
    if (!(await withPolicy())) return;
    await commands.executeCommand('techPolicy.exceptions.focus');
    if (typeof uri === 'string') await view.reveal(uri);
  });
  register('techPolicy.refreshExceptions', () => view.refresh());
  register('techPolicy.showOutput', () => tp.client.outputChannel.show(true));
  register('techPolicy.showProblems', () => tp.showProblems());
  register(SHOW_FINDINGS_COMMAND, async () => (await withPolicy()) && showFindingsPick(tp));
  register('techPolicy.restartServer', () => tp.restart());
}

/**
 * The document to decide: the argument (a URI from a code lens, an item of the view), else the
 * active editor's exception document, else one picked from those awaiting a decision.
 */
async function pickDecidable(view: ExceptionsView, arg: unknown, decision: 'approve' | 'reject'): Promise<Uri | undefined> {
  if (typeof arg === 'string') return Uri.parse(arg);
  if (arg instanceof Uri) return arg;
  const fromView = (arg as { entry?: { uri: string } } | undefined)?.entry?.uri;
  if (fromView) return Uri.parse(fromView);
  await view.reload();
  const entries = view.entries().filter((e) => e.group === 'awaiting' || e.state === 'not-granted');
  const active = window.activeTextEditor?.document.uri.toString();
  const current = entries.find((e) => e.uri === active);
  if (current) return Uri.parse(current.uri);
  if (entries.length === 0) {
    void window.showInformationMessage('Tech Policy: no exception request is awaiting a decision.');
    return undefined;
  }
  const picked = await window.showQuickPick(
    entries.map((e) => ({ label: `${e.id ?? e.file} ${e.subject ?? ''}`, description: e.label, detail: e.sentence, uri: e.uri })),
    { title: decision === 'approve' ? 'Tech Policy: Approve and Sign Exception' : 'Tech Policy: Reject Exception', placeHolder: 'Which exception?' },
  );
  return picked ? Uri.parse(picked.uri) : undefined;
}

async function pickFolder(prefer?: (f: WorkspaceFolder) => boolean): Promise<WorkspaceFolder | undefined> {
  const folders = workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void window.showWarningMessage('Tech Policy works on a workspace folder: open a folder first.');
    return undefined;
  }
  const active = window.activeTextEditor && workspace.getWorkspaceFolder(window.activeTextEditor.document.uri);
  if (folders.length === 1) return folders[0];
  const preferred = prefer ? folders.filter(prefer) : [];
  if (preferred.length === 1) return preferred[0];
  if (active && (!prefer || prefer(active))) return active;
  return window.showWorkspaceFolderPick({ placeHolder: 'Tech Policy: which folder?' });
}

async function pickFinding(tp: TechPolicyClient): Promise<{ uri: string; rule: string; subject: string } | undefined> {
  const findings = await tp.client.sendRequest<FindingSummary[]>(FindingsRequest);
  const items: FindingItem[] = findings.map((f) => ({
    label: `${f.subjectName}`,
    description: f.request ? `${f.rule} · ${f.request.id} requested` : f.rule,
    detail: `${workspace.asRelativePath(Uri.parse(f.uri))}:${f.range.start.line + 1} — ${f.message}`,
    finding: f,
  }));
  items.push({ label: '$(edit) Type a subject…', description: 'a technology, service or language not listed above', alwaysShow: true });
  const picked = await window.showQuickPick(items, {
    title: 'Tech Policy: Request Exception',
    placeHolder: findings.length ? 'Pick a finding to request an exception for' : 'No open findings: type a subject',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (picked.finding) {
    if (picked.finding.request) {
      await commands.executeCommand('vscode.open', Uri.parse(picked.finding.request.uri));
      return undefined;
    }
    return { uri: picked.finding.uri, rule: picked.finding.exceptionRule, subject: picked.finding.subject };
  }
  const subject = await window.showInputBox({
    title: 'Tech Policy: Request Exception',
    prompt: 'The technology id, service name or language the exception is for (e.g. fastify, billing, go)',
    validateInput: (v) => (v.trim() ? undefined : 'Type a subject'),
  });
  if (!subject) return undefined;
  const rule = await window.showQuickPick(RULE_CHOICES, { title: `Which rule does "${subject}" need an exception from?` });
  if (!rule) return undefined;
  const folder = await pickFolder();
  if (!folder) return undefined;
  return { uri: folder.uri.toString(), rule: rule.label, subject: subject.trim() };
}

