/**
 * A new exception request as a WorkspaceEdit: create the file (never overwriting one) and insert
 * the pre-filled text, so the editor can undo it.
 */
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { exceptionFileName, nextExceptionId, renderExceptionRequest } from '../exceptions/render';
import type { FolderModel } from '../folder';
import type { RuleId } from '../model';
import { basenameUri, joinUri, relativePath } from '../paths';
import { approvedAlternatives } from '../rules/newTechnology';
import { languageName } from '../rules/newLanguage';

export interface ExceptionRequestInput {
  rule: RuleId;
  subject: string;
  /** The file where the finding was seen, for the body and the folder. */
  seenIn?: string;
  /** `git config user.name/email` as "Name <email>", when known. */
  requestedBy?: string;
  /** Names of files already in the exceptions directory (including ones that are not exceptions). */
  existingFiles: Iterable<string>;
  /** Drafted by a coding agent: the document says so. */
  draftedByAgent?: boolean;
}

export interface ExceptionRequest {
  id: string;
  uri: string;
  text: string;
  edit: WorkspaceEdit;
}

export function buildExceptionRequest(folder: FolderModel, input: ExceptionRequestInput, today: string): ExceptionRequest {
  const files = new Set([...input.existingFiles].map((f) => f.toLowerCase()));
  const ids = [...folder.exceptions.map((e) => e.record.id), ...folder.exceptionUris().map((u) => basenameUri(u)), ...files].map((s) => s?.toUpperCase());
  let id = nextExceptionId(ids);
  const tech = input.rule === 'new-technology' || input.rule === 'hold-technology' ? folder.technologies.get(input.subject) : undefined;
  const subject = tech?.id ?? input.subject;
  let name = exceptionFileName(id, subject);
  while (files.has(name.toLowerCase())) {
    id = nextExceptionId([id]);
    name = exceptionFileName(id, subject);
  }
  const ctx = folder.context();
  const text = renderExceptionRequest({
    id,
    rule: input.rule,
    subject,
    subjectName: tech?.name ?? (input.rule === 'new-language' ? languageName(input.subject) : input.subject),
    category: tech?.categoryLabel,
    approvedAlternatives: tech && ctx ? approvedAlternatives(tech, ctx) : undefined,
    requestedBy: input.requestedBy,
    requestedOn: today,
    seenIn: input.seenIn ? relativePath(folder.folderUri, input.seenIn) : undefined,
    draftedByAgent: input.draftedByAgent,
  });
  const uri = joinUri(folder.exceptionsDirectoryUri, name);
  return {
    id,
    uri,
    text,
    edit: {
      documentChanges: [
        { kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } },
        {
          textDocument: { uri, version: null },
          edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }],
        },
      ],
    },
  };
}
