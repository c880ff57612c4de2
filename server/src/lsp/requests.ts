/** The custom requests the VS Code client sends (protocol.ts): findings, exception requests, the starter policy, the register, decisions. */
import { createPolicyText } from '../core/features/createPolicy';
import { decideException } from '../core/features/decideException';
import { buildExceptionRequest } from '../core/features/exceptionRequest';
import { registerOf } from '../core/features/register';
import { today } from '../core/folder';
import { isCounted, isRuleId } from '../core/model';
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
  type FindingsParams,
  type FindingSummary,
  RecordBaselineRequest,
  type RecordBaselineParams,
  type RecordBaselineResult,
  RequestExceptionRequest,
  type RequestExceptionParams,
  type RequestExceptionResult,
} from '../protocol';
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { currentCounts, nextBaseline, renderBaseline } from '../core/baseline/baseline';
import type { Finding } from '../core/model';
import type { FolderState } from '../node/folderState';
import { readTextFile, uriToPath } from '../node/files';
import { safe } from './safe';
import { factsOf, scaffoldingOf } from './parsed';
import type { ServerWorkspace } from './workspace';

export function registerRequests(ws: ServerWorkspace): void {
  const { connection } = ws;
  connection.onRequest(
    FindingsRequest,
    safe(connection, FindingsRequest, [] as FindingSummary[], async (params?: FindingsParams) => {
      await ws.ready;
      const out: FindingSummary[] = [];
      // counted: what the status counts (sendStatus); else what an exception can be requested for
      const wanted = params?.counted
        ? isCounted
        : (f: Finding) => f.kind !== 'exception' && f.kind !== 'baseline' && !f.baselined;
      for (const list of ws.findings.values()) {
        for (const f of list) {
          if (!wanted(f)) continue;
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
      return { uri, exists: false, text: createPolicyText(state.inventory((u) => factsOf(ws, u, state), (u) => scaffoldingOf(ws, u, state)), today()) };
    }),
  );

  connection.onRequest(
    RecordBaselineRequest,
    safe(connection, RecordBaselineRequest, null as RecordBaselineResult | null, async (params: RecordBaselineParams) => {
      await ws.ready;
      const state = ws.folders.get(normalizeUri(params.folderUri));
      return state ? recordBaseline(ws, state, params.mode) : null;
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

/**
 * The baseline file's new text from the folder's findings as the editor has them (open buffers
 * included), as an edit: a created file, or the whole text of the existing one replaced.
 */
export function recordBaseline(ws: ServerWorkspace, state: FolderState, mode: RecordBaselineParams['mode']): RecordBaselineResult {
  const uri = state.model.baselineUri;
  const name = basenameUri(uri);
  const doc = ws.openDoc(uri);
  const disk = doc ? undefined : readTextFile(uriToPath(uri));
  const text = doc?.getText() ?? (disk?.ok ? disk.text : undefined);
  const exists = text !== undefined;
  const refuse = (message: string) => ({ uri, exists, ok: false, message });
  if (!state.model.policy) return refuse('This folder has no policy: a baseline records findings against one.');
  if (state.model.policy.problems.some((p) => p.severity === 'error')) return refuse('The policy has errors: fix them first, or the baseline would record findings of a policy you did not mean.');
  if (exists && mode === 'create') return refuse(`${name} already exists: a baseline never grows silently. Update it (today's findings, new ones too) or prune it (remove what is gone).`);
  if (!exists && mode === 'prune') return refuse(`There is no ${name} to prune yet.`);
  const existing = state.model.baseline;
  if (exists && existing && !existing.usable) return refuse(`${name} has errors (see its problems): fix them or delete the file before it is rewritten.`);
  const refused = relativePath(state.uri, uri) === undefined ? 'it is outside the workspace folder' : state.boundary.refuse(uriToPath(uri));
  if (refused) return refuse(`${name} would not be written: ${refused}.`);
  const found: Array<Finding & { file: string }> = [];
  for (const [file, list] of ws.findings) {
    if (ws.folderOf(file) !== state) continue;
    const rel = relativePath(state.uri, file);
    if (rel !== undefined) for (const f of list) found.push({ ...f, file: rel });
  }
  const entries = nextBaseline(mode, currentCounts(found), existing?.entries ?? [], today());
  const newText = renderBaseline(entries);
  const total = entries.reduce((n, e) => n + e.count, 0);
  const clientUri = ws.toClient(uri);
  const edit: WorkspaceEdit = exists
    ? { documentChanges: [{ textDocument: { uri: clientUri, version: doc?.version ?? null }, edits: [{ range: new LineIndex(text).range(0, text.length), newText }] }] }
    : {
        documentChanges: [
          { kind: 'create', uri: clientUri, options: { overwrite: false, ignoreIfExists: false } },
          { textDocument: { uri: clientUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText }] },
        ],
      };
  return { uri, exists, ok: true, edit, message: `${name}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, ${total} known finding${total === 1 ? '' : 's'}.` };
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
