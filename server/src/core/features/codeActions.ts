/**
 * Code actions from a diagnostic's `data` (never its message): request an exception, open the
 * pending request, approve the technology in the policy (for the policy's owners), and the rule's
 * documentation (the diagnostic's `codeDescription.href`).
 */
import type { CodeAction, Command, Diagnostic } from 'vscode-languageserver-types';
import type { FolderModel } from '../folder';
import { type FindingData, isFindingData } from './diagnostics';
import { buildExceptionRequest } from './exceptionRequest';
import { approveLanguageEdits, approveServiceEdits, approveTechnologyEdits } from './policyEdits';
import { SHOW_DOCUMENT_COMMAND } from '../../protocol';
import { renderInstructionsSection } from '../instructions/section';

export { SHOW_DOCUMENT_COMMAND };


export interface CodeActionInput {
  folder: FolderModel;
  diagnostics: Diagnostic[];
  requestedBy?: string;
  existingExceptionFiles: Iterable<string>;
  /** Current text and version of the policy file (undefined when unreadable). */
  policyText?: string;
  policyVersion?: number | null;
  today: string;
}

export function showDocumentCommand(title: string, uri: string): Command {
  return { title, command: SHOW_DOCUMENT_COMMAND, arguments: [uri] };
}

/**
 * At most this many findings get their own actions per request: a lightbulb is read by a person,
 * and a client may send every diagnostic of a file with thousands (a whole-file range).
 */
export const MAX_CODE_ACTION_SUBJECTS = 100;

export function codeActionsFor(input: CodeActionInput): CodeAction[] {
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  const existing = [...input.existingExceptionFiles];
  const docs = new Map<string, CodeAction>();
  for (const diagnostic of input.diagnostics) {
    const doc = ruleDocumentationAction(diagnostic);
    const href = doc?.command?.arguments?.[0] as string | undefined;
    if (doc && href !== undefined && !docs.has(href)) docs.set(href, doc);
  }
  for (const diagnostic of input.diagnostics) {
    const data = diagnostic.data;
    if (diagnostic.source !== 'tech-policy' || !isFindingData(data) || data.kind === 'exception') continue;
    const key = `${data.rule}:${data.subject}`;
    if (seen.has(key)) continue;
    if (seen.size === MAX_CODE_ACTION_SUBJECTS) break;
    seen.add(key);
    if (data.kind === 'instructions') {
      const refresh = refreshInstructionsAction(input.folder, diagnostic, data);
      if (refresh) actions.push(refresh);
      continue;
    }

    if (data.request) {
      actions.push({
        title: `Open exception ${data.request.id}`,
        kind: 'quickfix',
        diagnostics: [diagnostic],
        isPreferred: true,
        command: showDocumentCommand(`Open exception ${data.request.id}`, data.request.uri),
      });
    } else {
      const request = buildExceptionRequest(
        input.folder,
        { rule: data.expired?.rule ?? data.rule, subject: data.subject, seenIn: data.file, requestedBy: input.requestedBy, existingFiles: existing },
        input.today,
      );
      actions.push({
        title: `Request an exception for ${data.subjectName}`,
        kind: 'quickfix',
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: request.edit,
        command: showDocumentCommand(`Open ${request.id}`, request.uri),
      });
    }
    if (data.expired) {
      actions.push({
        title: `Open expired exception ${data.expired.id}`,
        kind: 'quickfix',
        diagnostics: [diagnostic],
        command: showDocumentCommand(`Open exception ${data.expired.id}`, data.expired.uri),
      });
    }
    if (input.policyText !== undefined && input.folder.policy) {
      const edits = approveEdits(input.policyText, data);
      if (edits) {
        // for whoever owns the policy, never the preferred fix: a developer requests an exception
        actions.push({
          title: `Policy owner: approve ${data.subjectName} in ${policyFileName(input.folder.policy.uri)}`,
          kind: 'quickfix',
          isPreferred: false,
          diagnostics: [diagnostic],
          edit: { documentChanges: [{ textDocument: { uri: input.folder.policy.uri, version: input.policyVersion ?? null }, edits }] },
        });
      }
    }
  }
  return [...actions, ...docs.values()];
}

/** "Refresh the Tech Policy section": the section between its markers, as `tech-policy agents` writes it now; nothing else changes. */
function refreshInstructionsAction(folder: FolderModel, diagnostic: Diagnostic, data: FindingData): CodeAction | undefined {
  if (!data.section || !folder.policy) return undefined;
  const newText = renderInstructionsSection(folder.agentsInstructions().body);
  return {
    title: `Refresh the Tech Policy section of ${data.subjectName}`,
    kind: 'quickfix',
    isPreferred: true,
    diagnostics: [diagnostic],
    edit: { changes: { [data.file]: [{ range: data.section, newText }] } },
  };
}

/**
 * "Show rule documentation": opens the diagnostic's `codeDescription.href` (the client opens a web
 * address in the browser; other editors get window/showDocument, external).
 */
export function ruleDocumentationAction(diagnostic: Diagnostic): CodeAction | undefined {
  const href = diagnostic.codeDescription?.href;
  if (diagnostic.source !== 'tech-policy' || !href || !/^https?:\/\//i.test(href)) return undefined;
  const title = `Show rule documentation (${typeof diagnostic.code === 'string' ? diagnostic.code : 'tech-policy'})`;
  return { title, kind: 'quickfix', diagnostics: [diagnostic], command: showDocumentCommand(title, href) };
}

function approveEdits(policyText: string, data: FindingData) {
  switch (data.expired?.rule ?? data.rule) {
    case 'new-technology':
    case 'hold-technology':
      return approveTechnologyEdits(policyText, data.subject);
    case 'new-service':
      return approveServiceEdits(policyText, data.subject, data.folder);
    case 'new-language':
      return approveLanguageEdits(policyText, data.subject);
    default:
      return undefined;
  }
}

function policyFileName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}
