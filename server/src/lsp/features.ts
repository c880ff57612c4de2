/** Language features: hovers, code actions, code lenses on exception documents, and the server's commands. */
import { type CodeAction, type CodeLens, type Connection, type Hover, MarkupKind, MessageType, type Position, ShowMessageNotification } from 'vscode-languageserver';
import { codeActionsFor } from '../core/features/codeActions';
import { findingToDiagnostic } from '../core/features/diagnostics';
import { hoverPackageJson, hoverScaffolding } from '../core/features/hover';
import { stateSentence } from '../core/exceptions/state';
import { today } from '../core/folder';
import { normalizeUri } from '../core/paths';
import { containsPosition } from '../core/text';
import { DECIDE_EXCEPTION_COMMAND, type DecideExceptionResult, RECORD_BASELINE_COMMAND, SHOW_DOCUMENT_COMMAND, SHOW_EXCEPTIONS_COMMAND } from '../protocol';
import { decide, recordBaseline } from './requests';
import { safe } from './safe';
import { factsOf, scaffoldingOf } from './parsed';
import type { ServerWorkspace } from './workspace';

export function registerFeatures(ws: ServerWorkspace): void {
  const connection: Connection = ws.connection;
  connection.onHover(
    safe(connection, 'hover', null, (params) => {
      const uri = normalizeUri(params.textDocument.uri);
      const state = ws.folderOf(uri);
      if (!state || !state.settings.enable) return null;
      const kind = state.model.kindOf(uri);
      if (kind === 'scaffolding') {
        const facts = scaffoldingOf(ws, uri, state);
        return withRuleLinks(ws, uri, params.position, facts ? (hoverScaffolding(state.model, uri, facts, params.position) ?? null) : null);
      }
      if (kind !== 'package.json') return withRuleLinks(ws, uri, params.position, null);
      const facts = factsOf(ws, uri, state);
      return withRuleLinks(ws, uri, params.position, facts ? (hoverPackageJson(state.model, uri, facts, params.position) ?? null) : null);
    }),
  );

  connection.onCodeAction(
    safe(connection, 'codeAction', [] as CodeAction[], (params) => {
      const state = ws.folderOf(normalizeUri(params.textDocument.uri));
      if (!state || !state.model.policy) return [];
      const policyDoc = ws.openDoc(state.model.policyUri);
      const actions = codeActionsFor({
        folder: state.model,
        diagnostics: params.context.diagnostics,
        requestedBy: state.identity,
        existingExceptionFiles: state.exceptionFiles,
        policyText: policyDoc?.getText() ?? state.policyText,
        policyVersion: policyDoc?.version ?? null,
        today: today(),
      });
      // a client that cannot open documents on request gets the edit alone, and no action that would
      // only open a file; a rule's web page it gets as a message (executeCommand below)
      let out = actions;
      if (!ws.caps.showDocument) {
        for (const a of out) if (a.command?.command === SHOW_DOCUMENT_COMMAND && a.edit) delete a.command;
        out = out.filter((a) => a.edit || a.command?.command !== SHOW_DOCUMENT_COMMAND || isWebPage(a.command.arguments?.[0]));
      }
      // no request is written where the exceptions directory leads out of the workspace
      if (state.exceptionsDirectoryRefused()) out = out.filter((a) => !a.edit?.documentChanges?.some((c) => 'kind' in c && c.kind === 'create'));
      return out;
    }),
  );

  /** Above an exception document: its state, and for an approver the decision itself. */
  connection.onCodeLens(
    safe(connection, 'codeLens', [] as CodeLens[], (params) => {
      const uri = normalizeUri(params.textDocument.uri);
      const state = ws.folderOf(uri);
      if (!state || !state.settings.enable || state.model.kindOf(uri) !== 'exception') return [];
      const ev = state.model.exception(uri);
      if (!ev) return [];
      const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const approvers = state.model.approvalPolicy?.approvers ?? [];
      // the state lens runs the VS Code client's Policy Exceptions view there; elsewhere a server command every client can run
      const stateCommand = ws.clientCommands.has(SHOW_EXCEPTIONS_COMMAND) ? { command: SHOW_EXCEPTIONS_COMMAND, arguments: [uri] } : { command: SHOW_DOCUMENT_COMMAND, arguments: [uri] };
      const lenses: CodeLens[] = [{ range: top, command: { title: `Tech Policy: ${stateSentence(ev, approvers)}`, ...stateCommand } }];
      const approver = state.signerApprover();
      const decidable = (ev.state === 'requested' || ev.state === 'not-granted') && ev.record.problems.length === 0;
      if (approver && decidable) {
        lenses.push(
          { range: top, command: { title: approver === 'unknown' ? 'Approve and sign' : `Approve and sign as ${approver}`, command: DECIDE_EXCEPTION_COMMAND, arguments: [uri, 'approve'] } },
          { range: top, command: { title: 'Reject', command: DECIDE_EXCEPTION_COMMAND, arguments: [uri, 'reject'] } },
        );
      }
      return lenses;
    }),
  );

  connection.onExecuteCommand(
    safe(connection, 'executeCommand', null as DecideExceptionResult | null, async (params) => {
      const [arg0, arg1] = params.arguments ?? [];
      if (params.command === SHOW_DOCUMENT_COMMAND && typeof arg0 === 'string') {
        // a web page (a rule's documentation) opens in the browser; a client that cannot open one is told where it is
        if (ws.caps.showDocument) await connection.window.showDocument({ uri: arg0, takeFocus: true, external: isWebPage(arg0) || undefined });
        // a notification, not showInformationMessage (a request: Neovim would stop to ask which action)
        else if (isWebPage(arg0)) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `Tech Policy: the rule's documentation is at ${arg0}` });
        return null;
      }
      if (params.command === DECIDE_EXCEPTION_COMMAND && typeof arg0 === 'string' && (arg1 === 'approve' || arg1 === 'reject')) {
        // editors other than VS Code: the server applies the edit itself
        const result = await decide(ws, arg0, arg1);
        if (result.ok && ws.caps.applyEdit) {
          const applied = await connection.workspace.applyEdit({ label: result.message, edit: result.edit });
          if (!applied.applied) return { ok: false, message: `The editor did not apply the change${applied.failureReason ? ` (${applied.failureReason})` : ''}; the document was not changed.` };
        }
        if (result.ok) void connection.window.showInformationMessage(`Tech Policy: ${result.message}`);
        else void connection.window.showErrorMessage(`Tech Policy: ${result.message}`);
        return result;
      }
      if (params.command === RECORD_BASELINE_COMMAND && (arg1 === undefined || arg1 === 'create' || arg1 === 'update' || arg1 === 'prune')) {
        await ws.ready;
        const state = typeof arg0 === 'string' ? (ws.folders.get(normalizeUri(arg0)) ?? ws.folderOf(normalizeUri(arg0))) : ws.folders.size === 1 ? [...ws.folders.values()][0] : undefined;
        if (!state) {
          void connection.window.showErrorMessage('Tech Policy: name the workspace folder to record the baseline of.');
          return null;
        }
        const mode = (arg1 as 'create' | 'update' | 'prune' | undefined) ?? (state.model.baseline ? 'update' : 'create');
        const result = recordBaseline(ws, state, mode);
        if (result.ok && result.edit && ws.caps.applyEdit) {
          const applied = await connection.workspace.applyEdit({ label: result.message, edit: result.edit });
          if (!applied.applied) {
            void connection.window.showErrorMessage(`Tech Policy: the editor did not apply the baseline${applied.failureReason ? ` (${applied.failureReason})` : ''}; nothing was written.`);
            return null;
          }
        }
        if (result.ok) void connection.window.showInformationMessage(`Tech Policy: recorded the baseline, ${result.message} Save the file to keep it.`);
        else void connection.window.showErrorMessage(`Tech Policy: ${result.message}`);
        return null;
      }
      return null;
    }),
  );
}

function isWebPage(uri: unknown): uri is string {
  return typeof uri === 'string' && /^https?:\/\//i.test(uri);
}

/**
 * A hover for a client that cannot show a diagnostic's `codeDescription` link (Neovim 0.7, Helix):
 * the rule's page of each finding here, as a plain address at the end, which such editors can open
 * (`gx` in Neovim). VS Code shows the link on the diagnostic's code, so its hover does not repeat it.
 */
function withRuleLinks(ws: ServerWorkspace, uri: string, position: Position, hover: Hover | null): Hover | null {
  if (ws.caps.codeDescription) return hover;
  const hrefs = new Map<string, string>();
  for (const f of ws.findings.get(uri) ?? []) {
    const href = containsPosition(f.range, position) ? findingToDiagnostic(f).codeDescription?.href : undefined;
    if (href) hrefs.set(f.rule, href);
  }
  if (hrefs.size === 0) return hover;
  const lines = [...hrefs].map(([rule, href]) => `Rule documentation (${rule}): ${href}`);
  const before = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  return { ...(hover ?? {}), contents: { kind: MarkupKind.Markdown, value: [before, ...lines].filter(Boolean).join('\n\n') } };
}
