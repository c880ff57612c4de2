/**
 * Publishing: one file checked and its diagnostics sent (a file that cannot be checked gets that
 * one problem in place of its previous diagnostics), a whole folder in the order its findings
 * depend on each other, and the debounced re-checks an edit sets off in other files.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { diagnoseFindings, findingToDiagnostic, matchInOrder, parseProblemToDiagnostic, policyProblemToDiagnostic, shownDiagnostics } from '../core/features/diagnostics';
import { nestingMessage } from '../core/limits';
import type { Finding } from '../core/model';
import { normalizeUri } from '../core/paths';
import { START_OF_FILE } from '../core/text';
import type { FolderState } from '../node/folderState';
import { factsOf, scaffoldingOf } from './parsed';
import { refreshCodeLenses, sendStatus } from './status';
import type { ServerWorkspace } from './workspace';

/** What the server has published for the folder's files (open documents as typed). */
export function findingsOf(ws: ServerWorkspace, state: FolderState): Finding[] {
  return [...ws.findings].filter(([uri]) => (ws.folderOfFinding.get(uri) ?? ws.folderOf(uri)?.uri) === state.uri).flatMap(([, list]) => list);
}

export function clear(ws: ServerWorkspace, uri: string): void {
  ws.findings.delete(uri);
  ws.sentDiagnostics.delete(uri);
  ws.diagnosed.delete(uri);
  ws.folderOfFinding.delete(uri);
  const state = ws.folderOf(uri);
  if (state) {
    state.model.forgetFile(uri);
    recheckUsage(ws, state);
    recheckBaseline(ws, state);
  }
  if (ws.published.delete(uri)) void ws.connection.sendDiagnostics({ uri: ws.toClient(uri), diagnostics: [] });
}

function publish(ws: ServerWorkspace, uri: string, diagnostics: Diagnostic[], found: Finding[], folderUri?: string): void {
  ws.findings.set(uri, found);
  if (folderUri) ws.folderOfFinding.set(uri, folderUri);
  if (diagnostics.length === 0 && !ws.published.has(uri)) return;
  if (diagnostics.length === 0) {
    ws.published.delete(uri);
    ws.sentDiagnostics.delete(uri);
  } else {
    ws.published.add(uri);
    const previous = ws.sentDiagnostics.get(uri);
    if (previous) reuseUnchanged(previous, diagnostics);
    ws.sentDiagnostics.set(uri, diagnostics);
  }
  void ws.connection.sendDiagnostics({ uri: ws.toClient(uri), diagnostics });
}

/**
 * Puts the objects last published in the place of the diagnostics that did not change, matched in
 * order (a keystroke adds or removes a finding or two; one that moves every line below it changes
 * them all): the stream writer keeps the JSON of what it sent by object (transport.ts), so an
 * unchanged diagnostic is not encoded again.
 */
export function reuseUnchanged(previous: readonly Diagnostic[], next: Diagnostic[]): void {
  matchInOrder(next, previous, sameDiagnostic, (i, k) => (next[i] = previous[k]));
}

/** Equal as JSON writes them: the place and the message first (what differs most often), then the rest. */
function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  if (a === b) return true;
  const [p, q] = [a.range, b.range];
  if (p.start.line !== q.start.line || p.start.character !== q.start.character || p.end.line !== q.end.line || p.end.character !== q.end.character || a.message !== b.message) return false;
  let keys = 0;
  for (const k in a) {
    if (k !== 'range' && !sameJson((a as unknown as Record<string, unknown>)[k], (b as unknown as Record<string, unknown>)[k])) return false;
    keys++;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  for (const _ in b) keys--;
  return keys === 0;
}

/** Equal as JSON writes them (keys in any order; a key whose value is undefined counts as a key). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  let keys = 0;
  for (const k in a) {
    if (!sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    keys++;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  for (const _ in b) keys--;
  return keys === 0;
}

/**
 * Checks one file and publishes its diagnostics. A file that cannot be checked gets that one
 * problem in place of its previous diagnostics: stale findings never stay standing.
 */
export function checkFile(ws: ServerWorkspace, uri: string, state = ws.folderOf(uri)): void {
  if (!state) return;
  try {
    checkFileUnguarded(ws, uri, state);
  } catch (e) {
    ws.connection.console.error(`Checking ${uri} failed: ${(e as Error)?.stack ?? String(e)}`);
    const reason = e instanceof RangeError ? `it ${nestingMessage()}` : 'of an internal error (see the Tech Policy output)';
    publish(ws, uri, [parseProblemToDiagnostic({ range: START_OF_FILE, message: `the check failed, because ${reason}` }, 'not')], [], state.uri);
  }
}

function checkFileUnguarded(ws: ServerWorkspace, uri: string, state: FolderState): void {
  if (!state.settings.enable) return clear(ws, uri);
  const model = state.model;
  switch (model.kindOf(uri)) {
    case 'policy': {
      const problems = model.policy?.problems ?? [];
      publish(ws, uri, problems.map(policyProblemToDiagnostic), []);
      return;
    }
    case 'baseline': {
      const baseline = model.baseline;
      const found = model.checkBaseline();
      publish(ws, uri, [...(baseline?.problems ?? []).map(policyProblemToDiagnostic), ...found.map(findingToDiagnostic)], found, state.uri);
      return;
    }
    case 'package.json': {
      const facts = factsOf(ws, uri, state);
      if (!facts) return clear(ws, uri);
      const found = model.checkPackageJson(uri, facts);
      publish(ws, uri, [...facts.problems.map((p) => parseProblemToDiagnostic(p, facts.unusable ? 'not' : 'in part')), ...diagnosticsOf(ws, uri, found, state)], found, state.uri);
      recheckUsage(ws, state);
      recheckBaseline(ws, state);
      return;
    }
    case 'exception': {
      const found = model.checkException(uri);
      publish(ws, uri, found.map(findingToDiagnostic), found, state.uri);
      return;
    }
    case 'scaffolding': {
      const facts = scaffoldingOf(ws, uri, state);
      if (!facts) return clear(ws, uri);
      const found = model.checkScaffolding(uri, facts);
      publish(ws, uri, [...facts.problems.map((p) => parseProblemToDiagnostic(p)), ...diagnosticsOf(ws, uri, found, state)], found, state.uri);
      recheckUsage(ws, state);
      recheckBaseline(ws, state);
      recheckHints(ws, state);
      return;
    }
    default:
      clear(ws, uri);
  }
}

/**
 * The diagnostics of a manifest's findings: a finding that did not change since the file's last
 * check keeps its diagnostic object (made, compared and encoded once: transport.ts).
 */
function diagnosticsOf(ws: ServerWorkspace, uri: string, found: readonly Finding[], state: FolderState): Diagnostic[] {
  const diagnosed = diagnoseFindings(found, state.settings.baselineShow, ws.diagnosed.get(uri));
  ws.diagnosed.set(uri, diagnosed);
  return shownDiagnostics(diagnosed);
}

/** Checks every file of the folder: manifests, then the baseline, then the exception documents. */
export function publishFolder(ws: ServerWorkspace, state: FolderState): void {
  // the policy's problems, wherever the policy lives (it may be outside the folder)
  const problems = state.settings.enable ? (state.model.policy?.problems ?? []) : [];
  publish(ws, state.model.policyUri, problems.map(policyProblemToDiagnostic), []);
  const files = new Set<string>([...state.diskPackageJsons.keys(), ...state.diskScaffolding.keys()]);
  for (const doc of ws.documents.all()) if (state.contains(normalizeUri(doc.uri))) files.add(normalizeUri(doc.uri));
  for (const uri of ws.published) if (state.contains(uri)) files.add(uri);
  const exceptions = new Set(state.model.exceptionUris());
  // manifests first, so that the exception documents know which of them are still used
  for (const uri of files) if (!exceptions.has(uri) && ws.folderOf(uri) === state) checkFile(ws, uri, state);
  state.model.markWorkspaceChecked();
  state.model.takeUsageChanges();
  // the baseline's own findings, once every file has said what it matches
  const baselineUri = state.model.baselineUri;
  if (state.model.baseline || ws.published.has(baselineUri)) checkFile(ws, baselineUri, state);
  state.model.takeBaselineChanged();
  for (const uri of exceptions) if (ws.folderOf(uri) === state) checkFile(ws, uri, state);
  sendStatus(ws);
  refreshCodeLenses(ws);
}

/**
 * What a scaffolding file says about others changed (a compose file builds another folder, a
 * kustomization patches other files): the folder is checked again, once the edits settle.
 */
export function recheckHints(ws: ServerWorkspace, state: FolderState): void {
  if (!state.model.takeHintsChanged()) return;
  ws.runLater(`hints|${state.uri}`, 100, () => () => {
    if (ws.folders.get(state.uri) === state) publishFolder(ws, state);
  });
}

/**
 * What the baseline matches changed (a baselined dependency removed, a file deleted): its
 * `baseline-stale` findings are published again once the edits settle, never on the keystroke.
 */
function recheckBaseline(ws: ServerWorkspace, state: FolderState): void {
  if (!state.model.takeBaselineChanged() || !state.model.baseline || !state.model.isWorkspaceChecked) return;
  ws.runLater(`baseline|${state.uri}`, 100, () => () => {
    if (ws.folders.get(state.uri) === state) {
      checkFile(ws, state.model.baselineUri, state);
      sendStatus(ws);
    }
  });
}

/** Exception documents that became used or unused with the last check: their `exception-unused` hint changes. */
function recheckUsage(ws: ServerWorkspace, state: FolderState): void {
  for (const ex of state.model.takeUsageChanges()) if (state.model.kindOf(ex) === 'exception') checkFile(ws, ex, state);
}
