/**
 * One workspace folder as the core sees it: its policy, its technology index and its exception
 * documents. Hosts push texts in (the server from open documents and the disk, the CLI from the
 * disk, tests from fixtures); the folder answers with findings. No I/O here.
 */
import { TechnologyIndex } from './catalog/technologies';
import { type EvaluatedException, evaluateException } from './exceptions/evaluate';
import { type ExceptionRecord, parseExceptionDocument } from './exceptions/parse';
import type { Finding } from './model';
import { joinUri, relativePath } from './paths';
import { DEFAULT_POLICY_FILE } from './policy/defaults';
import { type PolicyHost, loadPolicy } from './policy/load';
import type { LoadedPolicy } from './policy/types';
import { type RuleContext, checkExceptionDocument, checkPackageJson, checkScaffolding } from './rules';
import { isScaffoldingCandidate, type ScaffoldingFacts, scanScaffolding } from './scan/scaffolding';
import { type PackageJsonFacts, scanPackageJson } from './scan/packageJson';
import { isCheckedPath } from './scan/workspaceFiles';

export type FileKind = 'package.json' | 'scaffolding' | 'policy' | 'exception' | 'other';

export function today(now: Date = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}

export class FolderModel {
  readonly policyUri: string;
  private loaded: LoadedPolicy | undefined;
  private index: TechnologyIndex = new TechnologyIndex({ technologies: {} });
  private readonly records = new Map<string, ExceptionRecord>();
  private evaluated: EvaluatedException[] = [];
  private evaluatedByUri = new Map<string, EvaluatedException>();
  private evaluatedOn = '';

  constructor(
    readonly folderUri: string,
    policyFile: string = DEFAULT_POLICY_FILE,
    private readonly clock: () => string = () => today(),
  ) {
    this.policyUri = joinUri(folderUri, policyFile);
  }

  /** Loads (or, with `text` undefined, removes) the policy. */
  setPolicyText(text: string | undefined, host: PolicyHost): void {
    this.loaded = text === undefined ? undefined : loadPolicy(this.policyUri, text, host);
    this.index = new TechnologyIndex(this.loaded?.policy ?? { technologies: {} });
    this.reevaluate();
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
    const rel = relativePath(this.folderUri, uri);
    if (rel === undefined) return 'other';
    if (/(^|\/)package\.json$/.test(rel)) return isCheckedPath(rel, this.loaded?.policy.ignore ?? []) ? 'package.json' : 'other';
    if (this.isExceptionPath(uri)) return 'exception';
    if (isScaffoldingCandidate(rel) && isCheckedPath(rel, this.loaded?.policy.ignore ?? [])) return 'scaffolding';
    return 'other';
  }

  isExceptionPath(uri: string): boolean {
    const rel = relativePath(this.exceptionsDirectoryUri, uri);
    return rel !== undefined && rel !== '' && !rel.includes('/') && /\.md$/i.test(rel) && !/^(readme|index|template)\.md$/i.test(rel);
  }

  setException(uri: string, text: string | undefined): void {
    if (text === undefined) this.records.delete(uri);
    else this.records.set(uri, parseExceptionDocument(uri, text));
    this.reevaluate();
  }

  /** Every exception document known, evaluated against the current policy. */
  get exceptions(): readonly EvaluatedException[] {
    if (this.loaded && this.evaluatedOn !== this.clock()) this.reevaluate();
    return this.evaluated;
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
    if (this.evaluatedOn !== this.clock()) this.reevaluate(); // expiry moves with the date
    return {
      folderUri: this.folderUri,
      policy: this.loaded.policy,
      technologies: this.index,
      exceptions: this.evaluated,
      today: this.clock(),
    };
  }

  checkPackageJson(uri: string, facts: PackageJsonFacts): Finding[] {
    const ctx = this.context();
    return ctx ? checkPackageJson(uri, facts, ctx) : [];
  }

  /** Facts of a scaffolding file or language manifest; undefined when the file is neither. */
  scanScaffolding(uri: string, text: string): ScaffoldingFacts | undefined {
    const rel = relativePath(this.folderUri, uri);
    if (rel === undefined) return undefined;
    return scanScaffolding(rel, text, { isKnownImage: (image) => this.index.matchImage(image) !== undefined });
  }

  checkScaffolding(uri: string, facts: ScaffoldingFacts): Finding[] {
    const ctx = this.context();
    return ctx ? checkScaffolding(uri, facts, ctx) : [];
  }

  checkException(uri: string): Finding[] {
    const ctx = this.context();
    const ex = this.evaluatedByUri.get(uri);
    return ctx && ex ? checkExceptionDocument(ex, ctx) : [];
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

  private reevaluate(): void {
    const policy = this.loaded?.policy;
    this.evaluated = [];
    this.evaluatedByUri.clear();
    if (!policy) return;
    const now = this.clock();
    this.evaluatedOn = now;
    for (const [uri, record] of this.records) {
      if (!this.isExceptionPath(uri)) continue;
      const ev = evaluateException(record, policy, now);
      this.evaluated.push(ev);
      this.evaluatedByUri.set(uri, ev);
    }
  }
}
