/**
 * What a click on the status-bar item shows: the open findings and the requests awaiting
 * signature in one quick pick. A finding opens its file at the finding; a request opens its
 * document; the last item opens the Problems panel.
 */
import { type QuickPickItem, QuickPickItemKind, Uri, window, workspace } from 'vscode';
import { ExceptionsRequest, type ExceptionsResult, FindingsRequest, type FindingsParams, type FindingSummary, type RegisterEntry } from '../../server/src/protocol';
import type { TechPolicyClient } from './client';

interface Item extends QuickPickItem {
  open?: () => Thenable<unknown>;
}

const SEVERITY_ICON: Record<string, string> = { error: '$(error)', warning: '$(warning)', info: '$(info)', hint: '$(lightbulb)' };

export async function showFindingsPick(tp: TechPolicyClient): Promise<void> {
  const [findings, register] = await Promise.all([
    tp.client.sendRequest<FindingSummary[]>(FindingsRequest, { counted: true } satisfies FindingsParams),
    tp.client.sendRequest<ExceptionsResult>(ExceptionsRequest),
  ]);
  const pending: RegisterEntry[] = register.folders.flatMap((f) => f.entries.filter((e) => e.group === 'awaiting'));
  const items: Item[] = [];
  if (findings.length) items.push({ label: `Findings (${findings.length})`, kind: QuickPickItemKind.Separator });
  for (const f of findings) {
    const uri = Uri.parse(f.uri);
    items.push({
      label: `${SEVERITY_ICON[f.severity] ?? '$(warning)'} ${f.subjectName}`,
      description: `${f.rule} · ${workspace.asRelativePath(uri)}:${f.range.start.line + 1}`,
      detail: f.message,
      open: () => window.showTextDocument(uri, { selection: tp.client.protocol2CodeConverter.asRange(f.range), preview: false }),
    });
  }
  if (pending.length) items.push({ label: `Awaiting signature (${pending.length})`, kind: QuickPickItemKind.Separator });
  for (const e of pending) {
    items.push({
      label: `$(clock) ${`${e.id ?? e.file} ${e.subject ?? ''}`.trim()}`,
      description: e.rule ? `${e.rule} · ${e.file}` : e.file,
      detail: e.sentence,
      open: () => window.showTextDocument(Uri.parse(e.uri), { preview: false }),
    });
  }
  items.push({ label: '', kind: QuickPickItemKind.Separator });
  items.push({ label: '$(list-flat) Show all in the Problems panel', alwaysShow: true, open: () => tp.showProblems() });
  const picked = await window.showQuickPick(items, {
    title: 'Tech Policy: Findings and Requests',
    placeHolder: findings.length || pending.length ? 'Go to a finding or a request awaiting signature' : 'No findings and no request awaiting signature',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  await picked?.open?.();
}

