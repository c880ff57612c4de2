/** The custom requests the VS Code client sends (protocol.ts): findings, exception requests, the starter policy, the register, decisions. */
import { createPolicyText } from '../core/features/createPolicy';
import { decideException } from '../core/features/decideException';
import { buildExceptionRequest } from '../core/features/exceptionRequest';
import { registerOf } from '../core/features/register';
import { today } from '../core/folder';
import { isRuleId } from '../core/model';
import { basenameUri, normalizeUri, relativePath } from '../core/paths';
import { LineIndex } from '../core/text';
import {
  CreatePolicyRequest,
  type CreatePolicyParams,
  type CreatePolicyResult,
  DecideExceptionRequest,
  type DecideExceptionParams,
  type DecideExceptionResult,
  ExceptionsRequest,
  type ExceptionsResult,
  FindingsRequest,
  type FindingSummary,
  RequestExceptionRequest,
  type RequestExceptionParams,
  type RequestExceptionResult,
} from '../protocol';
import { readTextFile, uriToPath } from '../node/files';
import { safe } from './safe';
import type { ServerWorkspace } from './workspace';

export function registerRequests(ws: ServerWorkspace): void {
  const { connection } = ws;
  connection.onRequest(
    FindingsRequest,
    safe(connection, FindingsRequest, [] as FindingSummary[], async () => {
      await ws.ready;
      const out: FindingSummary[] = [];
      for (const list of ws.findings.values()) {
        for (const f of list) {
          if (f.kind === 'exception') continue;
          out.push({ uri: f.uri, range: f.range, rule: f.rule, subject: f.subject, subjectName: f.subjectName, message: f.message, severity: f.severity, request: f.request, exceptionRule: f.expired?.rule ?? f.rule });
        }
      }
      return out.sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line);
    }),
  );

  connection.onRequest(
    RequestExceptionRequest,
    safe(connection, RequestExceptionRequest, null as RequestExceptionResult | null, async (params: RequestExceptionParams) => {
      await ws.ready;
      const uri = normalizeUri(params.uri);
      const state = ws.folderOf(uri) ?? ws.folders.get(uri);
      if (!state || !isRuleId(params.rule) || !params.subject.trim() || state.exceptionsDirectoryRefused()) return null;
      const identity = await state.refreshIdentity();
      const request = buildExceptionRequest(
        state.model,
        { rule: params.rule, subject: params.subject.trim(), seenIn: uri === state.uri ? undefined : uri, requestedBy: identity, existingFiles: state.exceptionFiles },
        today(),
      );
      return { id: request.id, uri: request.uri, edit: request.edit };
    }),
  );

  connection.onRequest(
    CreatePolicyRequest,
    safe(connection, CreatePolicyRequest, null as CreatePolicyResult | null, async (params: CreatePolicyParams) => {
      await ws.ready;
      const state = ws.folders.get(normalizeUri(params.folderUri));
      if (!state) return null;
      const uri = state.model.policyUri;
      if (ws.openDoc(uri) || readTextFile(uriToPath(uri)).ok) return { uri, exists: true };
      // the starter is written inside the folder only, never through a link or a setting to elsewhere
      const refused = relativePath(state.uri, uri) === undefined ? 'it is outside the workspace folder' : state.boundary.refuse(uriToPath(uri));
      if (refused) return { uri, exists: false, refused: `${basenameUri(uri)} would not be written: ${refused}.` };
      if (!state.scanned) await state.scan();
      return { uri, exists: false, text: createPolicyText(state.inventory((u) => ws.factsOf(u, state), (u) => ws.scaffoldingOf(u, state)), today()) };
    }),
  );

  connection.onRequest(
    ExceptionsRequest,
    safe(connection, ExceptionsRequest, { folders: [] } as ExceptionsResult, async () => {
      await ws.ready;
      return {
        folders: [...ws.folders.values()]
          .filter((state) => state.model.policy)
          .map((state) => {
            const approver = state.signerApprover();
            return { uri: state.uri, name: state.name, approver: approver === 'unknown' ? undefined : approver, entries: registerOf(state.model, today()) };
          }),
      };
    }),
  );

  connection.onRequest(
    DecideExceptionRequest,
    safe(connection, DecideExceptionRequest, { ok: false, message: 'The server could not decide this exception (see the Tech Policy output).' } as DecideExceptionResult, (params: DecideExceptionParams) =>
      decide(ws, params.uri, params.decision),
    ),
  );
}

/** Approve and sign (or reject) a document: the whole new text as one edit of the current buffer, or why not. */
export async function decide(ws: ServerWorkspace, rawUri: string, decision: 'approve' | 'reject'): Promise<DecideExceptionResult> {
  await ws.ready;
  const uri = normalizeUri(rawUri);
  const state = ws.folderOf(uri);
  if (!state) return { ok: false, message: 'This document is not in a workspace folder.' };
  await state.refreshGit(); // the signing key may have been set up since the start
  if (!state.signer) return { ok: false, message: state.signerProblem ?? 'No signing key is set up.' };
  const doc = ws.openDoc(uri);
  let text = doc?.getText();
  if (text === undefined) {
    const r = state.boundary.read(uriToPath(uri));
    if (!r.ok) return { ok: false, message: `Cannot read the document: ${r.reason}.` };
    text = r.text;
  }
  const result = await decideException(state.model, uri, text, decision, state.signer, today());
  if (!result.ok) return result;
  const lines = new LineIndex(text);
  return {
    ok: true,
    message: result.message,
    edit: { documentChanges: [{ textDocument: { uri: ws.toClient(uri), version: doc?.version ?? null }, edits: [{ range: lines.range(0, text.length), newText: result.text }] }] },
  };
}
