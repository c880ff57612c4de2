/**
 * One workspace folder as the core sees it: its policy, its technology index and its exception
 * documents. Hosts push texts in (the server from open documents and the disk, the CLI from the
 * disk, tests from fixtures); the folder answers with findings. No I/O here.
 */
import { instructionsHash, renderInstructionsBody } from './instructions/section';
import { type BaselineEntry, baselineKey, baselineUriFor, BASELINE_RULES, type LoadedBaseline, parseBaseline } from './baseline/baseline';
import { TechnologyIndex } from './catalog/technologies';
import { type EvaluatedException, evaluateException } from './exceptions/evaluate';
import { type ExceptionRecord, parseExceptionDocument } from './exceptions/parse';
import type { Finding } from './model';
import { joinUri, relativePath } from './paths';
import { DEFAULT_POLICY_FILE } from './policy/defaults';
import { type PolicyHost, loadPolicy, unreadablePolicy } from './policy/load';
import type { ApprovalMode, Approver, LoadedPolicy, Policy } from './policy/types';
import { type CoveredFinding, type RuleContext, checkExceptionDocument, checkPackageJson, checkScaffolding } from './rules';
import { isScaffoldingCandidate, isScaffoldingName, type ScaffoldingFacts, scanScaffolding, type WorkspaceHints } from './scan/scaffolding';
import { type HintIndex, indexHints, NO_HINTS } from './rules/services';
import { type PackageJsonFacts, scanPackageJson } from './scan/packageJson';
import { isCheckedPath } from './scan/workspaceFiles';
import { parseDotenv, type Variables } from './scan/interpolate';

/** The approvers, keys and approval mode that exceptions are judged by, and where they come from. */
export interface TrustedApprovers {
  approvers: Approver[];
  approvals: ApprovalMode;
  /** "origin/main": shown in messages. */
  source: string;
}

export type FileKind = 'package.json' | 'scaffolding' | 'policy' | 'baseline' | 'exception' | 'other';

export function today(now: Date = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}

let day: { date: string; from: number; until: number } | undefined;
/** `today()`, worked out again only when the clock leaves the local day it gave last (every check asks). */
function currentDay(): string {
  const now = Date.now();
  if (!day || now < day.from || now >= day.until) {
    const d = new Date(now);
    day = { date: today(d), from: new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime(), until: new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime() };
  }
  return day.date;
}

let catalogIndex: TechnologyIndex | undefined;
/** The catalog without a policy: the same for every folder without one. */
function catalogOnly(): TechnologyIndex {
  return (catalogIndex ??= new TechnologyIndex({ technologies: {} }));
}

export class FolderModel {
  readonly policyUri: string;
  private loaded: LoadedPolicy | undefined;
  private indexOf: TechnologyIndex | undefined;
  private readonly records = new Map<string, ExceptionRecord>();
  /** The evaluated exceptions in document order; rebuilt from the map only after a change. */
  private evaluated: EvaluatedException[] | undefined = [];
  private readonly evaluatedByUri = new Map<string, EvaluatedException>();
  private evaluatedOn = '';
  /** When an evaluated exception's verdict changes by itself (a key's validity starts or ends): evaluate again then. */
  private nextChange = Infinity;
  /** Which exception documents cover findings in each file (file uri → exception uris). */
  private readonly usage = new Map<string, Set<string>>();
  /** Per file: the findings granted exceptions removed from it. */
  private readonly coveredByFile = new Map<string, CoveredFinding[]>();
  /** How many files each exception document covers findings in. */
  private readonly useCount = new Map<string, number>();
  private usageChanges = new Set<string>();
  private workspaceChecked = false;
  private readonly hintsByUri = new Map<string, WorkspaceHints>();
  private hintIndex: HintIndex | undefined;
  private hintsChanged = false;
  /** Who may approve, when it comes from elsewhere than the working tree's policy (CI's `--trusted-policy`). */
  private trust: TrustedApprovers | undefined;
  private baselineLoaded: LoadedBaseline | undefined;
  /** Per checked file (relative): how many findings each of its baseline entries matched. */
  private readonly baselineUse = new Map<string, Map<string, number>>();
  /** Per checked file (relative): rule + subject of its findings the baseline does not cover (to name where a stale entry moved). */
  private readonly unbaselined = new Map<string, Set<string>>();
  private baselineChanged = false;
  /** Per checked file, the held technologies it uses (hold-technology findings, known ones too): the hover's count of uses left. */
  private readonly heldByFile = new Map<string, Set<string>>();
  /** Folder-relative paths judged in any folder (a trusted check: what the change put in a folder that is otherwise skipped). */
  private anywhere: ReadonlySet<string> = new Set();
  /**
   * The text of a folder's `.env` (folder-relative), as the host reads it: Compose interpolates a
   * compose file's values from it. Read once per folder and kept (parsed) until `forgetEnv`.
   */
  envSource: ((folder: string) => string | undefined) | undefined;
  private readonly envs = new Map<string, Variables | undefined>();
  /** Another file's text (folder-relative), as the host reads it: a compose file's `extends: {file: …}`. Kept until `forgetRead`. */
  fileSource: ((rel: string) => string | undefined) | undefined;
  private readonly readTexts = new Map<string, string | undefined>();

  constructor(
    readonly folderUri: string,
    policyFile: string = DEFAULT_POLICY_FILE,
    private readonly clock: () => string = currentDay,
    /** The time of verification (ms since the epoch): allowed_signers keys are valid or not at this instant. */
    private readonly now: () => number = () => Date.now(),
  ) {
    this.policyUri = joinUri(folderUri, policyFile);
  }

  /** Loads (or, with `text` undefined, removes) the policy. */
  setPolicyText(text: string | undefined, host: PolicyHost): void {
    this.setLoaded(text === undefined ? undefined : loadPolicy(this.policyUri, text, host));
  }

  /** The policy file exists but cannot be read: the defaults apply, and the policy says why. */
  setPolicyUnreadable(reason: string): void {
    this.setLoaded(unreadablePolicy(this.policyUri, reason));
  }

  private setLoaded(loaded: LoadedPolicy | undefined): void {
    this.loaded = loaded;
    this.indexOf = this.loaded ? new TechnologyIndex(this.loaded.policy) : undefined;
    this.reevaluate();
  }

  /** The catalog and the policy's technologies; without a policy, the catalog's alone (built once, when first asked). */
  private get index(): TechnologyIndex {
    return this.indexOf ?? catalogOnly();
  }

  /** The technologies of the catalog and the policy, with the policy's rings (for reports). */
  get technologyIndex(): TechnologyIndex {
    return this.index;
  }

  get policy(): LoadedPolicy | undefined {
    return this.loaded;
  }

  get technologies(): TechnologyIndex {
    return this.index;
  }

  /** The exceptions directory as a URI. */
  get exceptionsDirectoryUri(): string {
    return joinUri(this.folderUri, this.loaded?.policy.exceptionsDirectory ?? 'docs/policy-exceptions');
  }

  contains(uri: string): boolean {
    return relativePath(this.folderUri, uri) !== undefined;
  }

  kindOf(uri: string): FileKind {
    if (uri === this.policyUri) return 'policy';
    if (uri === this.baselineUri) return 'baseline';
    const rel = relativePath(this.folderUri, uri);
    if (rel === undefined) return 'other';
    const ignore = this.loaded?.policy.ignore ?? [];
    if (/(^|\/)package\.json$/.test(rel)) return isCheckedPath(rel, ignore, this.anywhere) ? 'package.json' : 'other';
    if (this.isExceptionPath(uri)) return 'exception';
    if ((this.anywhere.has(rel) ? isScaffoldingName(rel) : isScaffoldingCandidate(rel)) && isCheckedPath(rel, ignore, this.anywhere)) return 'scaffolding';
    return 'other';
  }

  isExceptionPath(uri: string): boolean {
    const rel = relativePath(this.exceptionsDirectoryUri, uri);
    return rel !== undefined && rel !== '' && !rel.includes('/') && /\.md$/i.test(rel) && !/^(readme|index|template)\.md$/i.test(rel);
  }

  /** Reads (or, with `text` undefined, forgets) one document: only that one is evaluated again. */
  setException(uri: string, text: string | undefined): void {
    this.evaluatedByUri.delete(uri);
    this.evaluated = undefined;
    if (text === undefined) {
      this.records.delete(uri);
      return;
    }
    const record = parseExceptionDocument(uri, text);
    this.records.set(uri, record);
    const policy = this.approvalPolicy;
    if (policy && this.isExceptionPath(uri)) this.evaluatedByUri.set(uri, this.noteChange(evaluateException(record, policy, this.evaluatedOn || this.clock(), this.now())));
  }

  /** Every exception document known, evaluated against the current policy. */
  get exceptions(): readonly EvaluatedException[] {
    if (this.loaded && this.stale()) this.reevaluate();
    return (this.evaluated ??= [...this.evaluatedByUri.values()]);
  }

  exception(uri: string): EvaluatedException | undefined {
    return this.evaluatedByUri.get(uri);
  }

  /** Every exception document read, including ones outside the current exceptions directory. */
  exceptionUris(): string[] {
    return [...this.records.keys()];
  }

  /** The rule context, or undefined when the folder has no policy: then nothing is flagged. */
  context(): RuleContext | undefined {
    if (!this.loaded) return undefined;
    if (this.stale()) this.reevaluate(); // expiry moves with the date, a key's validity with the time
    return {
      folderUri: this.folderUri,
      policy: this.loaded.policy,
      technologies: this.index,
      exceptions: this.exceptions,
      today: this.clock(),
      hints: this.hints,
      instructionsHash: () => this.agentsInstructions().hash,
      anywhere: this.anywhere,
    };
  }

  private instructions: { for: LoadedPolicy; body: string; hash: string } | undefined;
  /** The Tech Policy section of AGENTS.md as this policy writes it, rendered once per policy load. */
  agentsInstructions(): { body: string; hash: string } {
    const loaded = this.loaded;
    if (!loaded) return { body: '', hash: '' };
    if (this.instructions?.for !== loaded) {
      const body = renderInstructionsBody(loaded.policy, this.index);
      this.instructions = { for: loaded, body, hash: instructionsHash(body) };
    }
    return this.instructions;
  }

  checkPackageJson(uri: string, facts: PackageJsonFacts): Finding[] {
    const ctx = this.context();
    const covered = new Set<string>();
    const removed: CoveredFinding[] = [];
    const found = ctx ? checkPackageJson(uri, facts, ctx, covered, removed) : [];
    this.recordUsage(uri, covered, removed);
    this.noteHeld(uri, found);
    return this.applyBaseline(uri, found);
  }

  /** The baseline file, next to the policy. */
  get baselineUri(): string {
    return (this.baselineUriOf ??= baselineUriFor(this.policyUri));
  }

  private baselineUriOf: string | undefined;

  /** Loads (or, with `text` undefined, removes) the baseline. The host checks the files again. */
  setBaselineText(text: string | undefined): void {
    this.baselineLoaded = text === undefined ? undefined : parseBaseline(this.baselineUri, text);
    this.baselineChanged = true;
  }

  get baseline(): LoadedBaseline | undefined {
    return this.baselineLoaded;
  }

  /** The baseline entry for a file, rule and subject, when the baseline applies. */
  baselineEntry(uri: string, rule: string, subject: string): BaselineEntry | undefined {
    const rel = relativePath(this.folderUri, uri);
    return rel === undefined ? undefined : this.baselineLoaded?.byKey.get(baselineKey(rel, rule, subject));
  }

  /**
   * Marks the findings the baseline records as known: per file, rule and subject, the first
   * `count` of them (in file order); any beyond the count are new. A map lookup per finding.
   */
  private applyBaseline(uri: string, found: Finding[]): Finding[] {
    const rel = relativePath(this.folderUri, uri);
    if (rel === undefined) return found;
    if (!this.baselineLoaded) {
      // nothing to match (a baseline that arrives later has every file checked again)
      if (this.baselineUse.has(rel) || this.unbaselined.has(rel)) this.noteBaselineUse(rel, new Map(), new Set());
      return found;
    }
    const byKey = this.baselineLoaded.byKey;
    const used = new Map<string, number>();
    const open = new Set<string>();
    const sorted = [...found].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    const known = new Set<Finding>();
    for (const f of sorted) {
      if (!BASELINE_RULES.includes(f.rule)) continue;
      const key = baselineKey(rel, f.rule, f.subject);
      const entry = byKey.get(key);
      const n = used.get(key) ?? 0;
      if (entry && n < entry.count) {
        used.set(key, n + 1);
        known.add(f);
      } else open.add(`${f.rule}\u0000${f.subject.toLowerCase()}`);
    }
    this.noteBaselineUse(rel, used, open);
    if (known.size === 0) return found;
    return found.map((f) => (known.has(f) ? { ...f, baselined: { since: byKey.get(baselineKey(rel, f.rule, f.subject))?.since } } : f));
  }

  private noteBaselineUse(rel: string, used: Map<string, number>, open: Set<string>): void {
    const before = this.baselineUse.get(rel);
    const same = before ? before.size === used.size && [...used].every(([k, n]) => before.get(k) === n) : used.size === 0;
    if (!same) this.baselineChanged = true;
    if (used.size) this.baselineUse.set(rel, used);
    else this.baselineUse.delete(rel);
    const openBefore = this.unbaselined.get(rel);
    if ((openBefore?.size ?? 0) !== open.size || [...open].some((k) => !openBefore?.has(k))) this.baselineChanged = true;
    if (open.size) this.unbaselined.set(rel, open);
    else this.unbaselined.delete(rel);
  }

  /** True once after what the baseline matches changed: the host re-publishes the baseline file's findings. */
  takeBaselineChanged(): boolean {
    const changed = this.baselineChanged;
    this.baselineChanged = false;
    return changed;
  }

  /**
   * `baseline-stale`: entries that match less than they record, once every file has been checked.
   * Entries of files that are not checked (ignored, or no longer a manifest) are left alone.
   */
  checkBaseline(): Finding[] {
    const ctx = this.context();
    const baseline = this.baselineLoaded;
    if (!ctx || !baseline?.usable || !this.workspaceChecked) return [];
    const severity = ctx.policy.rules['baseline-stale'].severity;
    if (severity === 'off') return [];
    const out: Finding[] = [];
    for (const entry of baseline.entries) {
      const fileUri = joinUri(this.folderUri, entry.file);
      const kind = this.kindOf(fileUri);
      // an entry for a path that is not checked (ignored, or no manifest by its name) says nothing; a manifest that is gone is stale
      if (kind !== 'package.json' && kind !== 'scaffolding') continue;
      const matched = this.baselineUse.get(entry.file)?.get(baselineKey(entry.file, entry.rule, entry.subject)) ?? 0;
      if (matched >= entry.count) continue;
      const what = `${entry.rule} "${entry.subject}"`;
      let message: string;
      // a granted exception that now covers the finding (a known use that was then approved): say so, not "no longer found"
      const subject = entry.subject.toLowerCase();
      const coveredBy = matched === 0 ? this.coveredByFile.get(fileUri)?.find((c) => c.finding.rule === entry.rule && c.finding.subject.toLowerCase() === subject)?.by[0] : undefined;
      if (coveredBy !== undefined) {
        const id = this.evaluatedByUri.get(coveredBy)?.record.id ?? 'an exception';
        message = `The baseline records ${what} in ${entry.file}, which ${id} (granted) now covers: the entry is no longer needed. The baseline only shrinks: run "tech-policy baseline --prune" to remove it.`;
      } else if (matched === 0) {
        const elsewhere = [...this.unbaselined].find(([, keys]) => keys.has(`${entry.rule}\u0000${subject}`))?.[0];
        message = `The baseline records ${what} in ${entry.file}, which is no longer found there. The baseline only shrinks: run "tech-policy baseline --prune" to remove the entry.`;
        if (elsewhere) message += ` The same finding is now in ${elsewhere} (moved?): "tech-policy baseline --update" records it there.`;
      } else {
        message = `The baseline records ${entry.count} × ${what} in ${entry.file}; ${matched} ${matched === 1 ? 'is' : 'are'} left. The baseline only shrinks: run "tech-policy baseline --prune" to lower the count.`;
      }
      out.push({ uri: baseline.uri, range: entry.range, rule: 'baseline-stale', severity, subject: entry.subject, subjectName: entry.subject, kind: 'baseline', message });
    }
    return out;
  }


  /** Facts of a scaffolding file or language manifest; undefined when the file is neither. */
  scanScaffolding(uri: string, text: string): ScaffoldingFacts | undefined {
    const rel = relativePath(this.folderUri, uri);
    if (rel === undefined) return undefined;
    const facts = scanScaffolding(rel, text, { imageCategory: (image) => this.index.matchImage(image)?.category, anyFolder: this.anywhere.has(rel), env: (folder) => this.envOf(folder), read: (file) => this.readOf(file) });
    this.noteHints(uri, facts?.hints);
    return facts;
  }

  /** The variables of a folder's `.env` (parsed once, when first asked). */
  private envOf(folder: string): Variables | undefined {
    if (!this.envs.has(folder)) {
      const text = this.envSource?.(folder);
      this.envs.set(folder, text === undefined ? undefined : parseDotenv(text));
    }
    return this.envs.get(folder);
  }

  private readOf(file: string): string | undefined {
    if (!this.readTexts.has(file)) this.readTexts.set(file, this.fileSource?.(file));
    return this.readTexts.get(file);
  }

  /** A file another one was read with changed: it is read again when next asked. False when no scan had read it. */
  forgetRead(file?: string): boolean {
    if (file !== undefined) return this.readTexts.delete(file);
    this.readTexts.clear();
    return true;
  }

  /** A folder's `.env` changed (or the host's reader did): it is read again when next asked. */
  forgetEnv(folder?: string): void {
    if (folder === undefined) this.envs.clear();
    else this.envs.delete(folder);
  }

  checkScaffolding(uri: string, facts: ScaffoldingFacts): Finding[] {
    const ctx = this.context();
    const covered = new Set<string>();
    const removed: CoveredFinding[] = [];
    const found = ctx ? checkScaffolding(uri, facts, ctx, covered, removed) : [];
    this.recordUsage(uri, covered, removed);
    this.noteHeld(uri, found);
    return this.applyBaseline(uri, found);
  }

  checkException(uri: string): Finding[] {
    const ctx = this.context();
    const ex = this.evaluatedByUri.get(uri);
    return ctx && ex ? checkExceptionDocument(ex, ctx, !this.workspaceChecked || this.isUsed(uri)) : [];
  }

  /**
   * The host has checked every file of the workspace once: from now on a granted exception that
   * covers nothing is reported as unused (before that, it may just not have been seen yet).
   */
  markWorkspaceChecked(): void {
    this.workspaceChecked = true;
  }

  get isWorkspaceChecked(): boolean {
    return this.workspaceChecked;
  }

  /** True when a granted exception covers at least one finding in the files checked. */
  isUsed(exceptionUri: string): boolean {
    return (this.useCount.get(exceptionUri) ?? 0) > 0;
  }

  private noteHeld(uri: string, found: readonly Finding[]): void {
    const held = new Set(found.filter((f) => f.rule === 'hold-technology').map((f) => f.subject));
    if (held.size) this.heldByFile.set(uri, held);
    else this.heldByFile.delete(uri);
  }

  /** How many checked files use a held technology (a hover, not a keystroke: one pass over the files that use any). */
  heldUses(technologyId: string): number {
    let n = 0;
    for (const subjects of this.heldByFile.values()) if (subjects.has(technologyId)) n++;
    return n;
  }

  /** A file that is gone (or no longer checked) covers nothing and says nothing about others. */
  forgetFile(uri: string): void {
    this.heldByFile.delete(uri);
    this.recordUsage(uri, new Set());
    this.noteHints(uri, undefined);
    const rel = relativePath(this.folderUri, uri);
    if (rel !== undefined) this.noteBaselineUse(rel, new Map(), new Set());
  }

  /** Records what a scaffolding file says about other files (set by scanScaffolding). */
  noteHints(uri: string, hints: WorkspaceHints | undefined): void {
    const has = hints && ((hints.contexts?.length ?? 0) > 0 || (hints.patches?.length ?? 0) > 0 || hints.chart !== undefined || (hints.pathNames?.length ?? 0) > 0 || (hints.bases?.length ?? 0) > 0 || (hints.images?.length ?? 0) > 0 || (hints.projects?.length ?? 0) > 0 || (hints.aspireNames?.length ?? 0) > 0 || (hints.enables?.length ?? 0) > 0 || (hints.wrapped?.length ?? 0) > 0 || (hints.templates?.length ?? 0) > 0);
    const before = this.hintsByUri.get(uri);
    if (JSON.stringify(before) === JSON.stringify(has ? hints : undefined)) return;
    if (has) this.hintsByUri.set(uri, hints!);
    else this.hintsByUri.delete(uri);
    this.hintIndex = undefined;
    this.hintsChanged = true;
  }

  /** The workspace's hints, indexed (files in path order, so the same folder is always named the same). */
  get hints(): HintIndex {
    if (!this.hintIndex) this.hintIndex = this.hintsByUri.size === 0 ? NO_HINTS : indexHints([...this.hintsByUri.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, h]) => h));
    return this.hintIndex;
  }

  /**
   * True once after any file's hints changed: the files they speak of (the Dockerfile of a folder
   * a compose file builds, a patched manifest) must be checked again; the host re-checks the folder.
   */
  takeHintsChanged(): boolean {
    const changed = this.hintsChanged;
    this.hintsChanged = false;
    return changed;
  }

  /** Exception documents whose used / unused state changed since the last call: the host re-checks them. */
  takeUsageChanges(): string[] {
    const out = [...this.usageChanges];
    this.usageChanges = new Set();
    return out;
  }

  /** Every finding a granted exception covers in the files checked, with the exceptions that cover it (the report lists them per exception). */
  coveredFindings(): CoveredFinding[] {
    return [...this.coveredByFile.values()].flat();
  }

  private recordUsage(uri: string, covered: Set<string>, removed: CoveredFinding[] = []): void {
    if (removed.length) this.coveredByFile.set(uri, removed);
    else this.coveredByFile.delete(uri);
    const before = this.usage.get(uri);
    if (!before && covered.size === 0) return;
    for (const ex of before ?? []) if (!covered.has(ex)) this.count(ex, -1);
    for (const ex of covered) if (!before?.has(ex)) this.count(ex, +1);
    if (covered.size) this.usage.set(uri, covered);
    else this.usage.delete(uri);
  }

  private count(exceptionUri: string, delta: number): void {
    const n = (this.useCount.get(exceptionUri) ?? 0) + delta;
    if (n > 0) this.useCount.set(exceptionUri, n);
    else this.useCount.delete(exceptionUri);
    if (n === 0 || (n === 1 && delta > 0)) this.usageChanges.add(exceptionUri);
  }

  /** Convenience for hosts without a facts cache (the CLI, tests). */
  checkText(uri: string, text: string): Finding[] {
    switch (this.kindOf(uri)) {
      case 'package.json':
        return this.checkPackageJson(uri, scanPackageJson(text));
      case 'exception':
        return this.checkException(uri);
      case 'scaffolding': {
        const facts = this.scanScaffolding(uri, text);
        return facts ? this.checkScaffolding(uri, facts) : [];
      }
      default:
        return [];
    }
  }

  /**
   * Judges these files (folder-relative) wherever they are, also in folders that are otherwise
   * skipped as other people's code or output (vendor, out, target, …); `ignore` still applies.
   */
  judgeAnywhere(rels: Iterable<string>): void {
    this.anywhere = new Set(rels);
  }

  /** Judges exceptions by other approvers than the working tree's policy names (undefined: the policy's own). */
  setTrustedApprovers(trust: TrustedApprovers | undefined): void {
    this.trust = trust;
    this.reevaluate();
  }

  get trustedApprovers(): TrustedApprovers | undefined {
    return this.trust;
  }

  /** The policy exceptions are judged by: the loaded one, with the trusted approvers when set. */
  get approvalPolicy(): Policy | undefined {
    const policy = this.loaded?.policy;
    if (!policy || !this.trust) return policy;
    return { ...policy, approvers: this.trust.approvers, approvals: this.trust.approvals, approversFrom: this.trust.source };
  }

  /** True when a key's validity has started or ended since the exceptions were judged: the host checks the folder again. */
  verdictsDue(): boolean {
    return this.now() >= this.nextChange;
  }

  /** The evaluations are of another day, or a key's validity has started or ended since. */
  private stale(): boolean {
    return this.evaluatedOn !== this.clock() || this.now() >= this.nextChange;
  }

  private noteChange(ev: EvaluatedException): EvaluatedException {
    if (ev.changesAt !== undefined && ev.changesAt < this.nextChange) this.nextChange = ev.changesAt;
    return ev;
  }

  private reevaluate(): void {
    const policy = this.approvalPolicy;
    this.evaluated = undefined;
    this.evaluatedByUri.clear();
    if (!policy) return;
    const now = this.clock();
    this.evaluatedOn = now;
    this.nextChange = Infinity;
    const instant = this.now();
    for (const [uri, record] of this.records) {
      if (this.isExceptionPath(uri)) this.evaluatedByUri.set(uri, this.noteChange(evaluateException(record, policy, now, instant)));
    }
  }
}
