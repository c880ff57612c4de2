/**
 * A workspace folder as the server holds it: settings, the core's FolderModel, the package.json
 * files known on disk (from the start-up walk, then kept current by file events), the names in
 * the exceptions directory and the git identity. Disk reads happen here, never per keystroke.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { WorkspaceInventory } from '../core/features/createPolicy';
import { FolderModel } from '../core/folder';
import type { Finding } from '../core/model';
import { pushAll } from '../core/limits';
import { isCandidateName, isScaffoldingCandidate, isScaffoldingName, type ScaffoldingFacts } from '../core/scan/scaffolding';
import { isCheckedPath } from '../core/scan/workspaceFiles';
import { joinUri, relativePath } from '../core/paths';
import { type PackageJsonFacts, scanPackageJson } from '../core/scan/packageJson';
import { type TechPolicySettings } from '../protocol';
import { DEFAULT_POLICY_FILE } from '../core/policy/defaults';
import { Boundary, diskPolicyHost, isDirectory, listDirectory, pathToUri, type ReadResult, uriToPath } from './files';
import { diskFiles, type FileSource } from './fileSource';
import type { PolicyHost } from '../core/policy/load';
import { guardFolders } from './programs';
import { type GitSettings, gitSettings } from './git';
import { signingKey } from './ssh';
import type { Signer } from '../core/features/decideException';
import { findKeyOwner } from '../core/exceptions/evaluate';
import { MAX_WALK_FILES, walk } from './walk';
import { MAX_ENV_SIZE } from '../core/scan/interpolate';

/** A file or folder that could not be read: the server logs it, the CLI lists it under `errors`. */
export interface Unreadable {
  path: string;
  reason: string;
  what: string;
}

export interface OpenText {
  /** The text of an open document, or undefined when it is not open. */
  (uri: string): string | undefined;
}

export class FolderState {
  model: FolderModel;
  policyText: string | undefined;
  /** package.json files on disk (uri → facts read from disk). */
  readonly diskPackageJsons = new Map<string, PackageJsonFacts>();
  /** Scaffolding files and language manifests on disk (uri → text and facts). */
  readonly diskScaffolding = new Map<string, { text: string; facts: ScaffoldingFacts }>();
  /** File names in the exceptions directory. */
  exceptionFiles = new Set<string>();
  identity: string | undefined;
  private git: GitSettings = {};
  /** The user's signing key, when one is set up (trusted workspaces only), or why there is none. */
  signer: Signer | undefined;
  signerProblem: string | undefined;
  scanned = false;
  /**
   * False in an untrusted workspace: then no git process is started and `extends` is not
   * resolved from node_modules (a package could point the policy anywhere).
   */
  trusted = true;

  /**
   * Where the policy, its `extends` and its baseline are read from when not from the disk: a
   * trusted ref (`--trusted-policy`). Exception documents and manifests still come from the disk.
   */
  policySource: PolicyHost | undefined;

  /**
   * Where manifests, scaffolding files and exception documents are read from: the disk (inside
   * `boundary`), or the files at a git ref (`check --new-since`: the folder as it was there).
   */
  files: FileSource = diskFiles(() => this.boundary);
  private readonly disk = this.files;

  constructor(
    readonly uri: string,
    readonly name: string,
    public settings: TechPolicySettings,
    private readonly log: (message: string) => void,
    private readonly onUnreadable: (problem: Unreadable) => void = (p) => log(`Skipped ${p.what} ${p.path}: ${p.reason}.`),
  ) {
    this.model = new FolderModel(uri, settings.policyFile);
    this.model.envSource = (folder) => this.readEnv(folder);
    this.model.fileSource = (rel) => this.readOther(rel);
    this.boundary = new Boundary([uriToPath(uri)]);
    // no program below a folder being checked (or its repository) ever runs
    guardFolders([uriToPath(uri)]);
  }

  /** What this folder's checks may read (set with the policy: an outside policy's folder is added). */
  boundary: Boundary;
  /** Why the policy file exists but was not read, when it was not. */
  policyUnreadable: string | undefined;

  get fsPath(): string {
    return (this.fsPathOf ??= uriToPath(this.uri));
  }

  private fsPathOf: string | undefined;

  /**
   * (Re)loads the policy from the open document or the disk. Returns true when the exception
   * documents must be read again (the model was replaced or the exceptions directory moved).
   */
  loadPolicy(openText: OpenText): boolean {
    const before = this.model.exceptionsDirectoryUri;
    let replaced = false;
    const policyFile = this.policyFile();
    if (this.model.policyUri !== joinUri(this.uri, policyFile)) {
      this.model = new FolderModel(this.uri, policyFile);
      this.model.envSource = (folder) => this.readEnv(folder);
      this.model.fileSource = (rel) => this.readOther(rel);
      replaced = true;
    }
    const uri = this.model.policyUri;
    const policyPath = uriToPath(uri);
    // a policy named outside the folder on purpose (a setting, --policy) is read, with its folder;
    // one inside the folder must really be inside: not a link to elsewhere
    const outside = relativePath(this.uri, uri) === undefined;
    this.boundary = new Boundary(outside ? [this.fsPath, path.dirname(policyPath)] : [this.fsPath]);
    this.policyUnreadable = undefined;
    let text = this.policySource ? this.policySource.readFile(uri) : openText(uri);
    if (text === undefined && !this.policySource) {
      const r = this.boundary.read(policyPath);
      if (r.ok) text = r.text;
      else if (r.reason !== 'does not exist') {
        this.policyUnreadable = r.reason;
        this.onUnreadable({ path: policyPath, reason: r.reason, what: 'the policy' });
      }
    }
    this.policyText = text;
    if (this.policyUnreadable) this.model.setPolicyUnreadable(this.policyUnreadable);
    else this.model.setPolicyText(text, this.policySource ?? diskPolicyHost(this.boundary, openText, this.trusted));
    const refused = this.exceptionsDirectoryRefused();
    if (refused && this.model.policy) {
      const loc = this.model.policy.locations.exceptionsDirectory ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      this.model.policy.problems.push({ uri, range: loc, message: `The exceptions directory ${refused}; no exception document is read from it or written to it.`, severity: 'error' });
    }
    // which workloads run stock images depends on the technologies the policy adds
    for (const [uri, entry] of this.diskScaffolding) {
      const facts = this.model.scanScaffolding(uri, entry.text);
      if (facts) entry.facts = facts;
    }
    return replaced || before !== this.model.exceptionsDirectoryUri;
  }

  /**
   * The policy file to read: the setting, bounded to the workspace folder by real path in an
   * untrusted workspace (a repository's own .vscode/settings.json must not make the server read a
   * file elsewhere and quote it in diagnostics); there an outside path is ignored, with a note in
   * the log, and the default applies. A trusted workspace (and `--policy`) may name a policy
   * elsewhere on purpose: its folder is then read too.
   */
  policyFile(): string {
    const setting = this.settings.policyFile;
    const target = path.resolve(this.fsPath, setting);
    if (this.trusted || new Boundary([this.fsPath]).refuse(target) === undefined) {
      this.settingIgnored = undefined;
      return setting;
    }
    const note = `The setting techPolicy.policyFile ("${setting}") leads outside the workspace folder ${this.name}, and the workspace is not trusted: it is ignored and ${DEFAULT_POLICY_FILE} is used. Trust the workspace to use it.`;
    if (this.settingIgnored !== note) this.log(note);
    this.settingIgnored = note;
    return DEFAULT_POLICY_FILE;
  }

  /** Why a setting that names a path was ignored (an untrusted workspace), when one was. */
  settingIgnored: string | undefined;

  /**
   * Reads the baseline next to the policy (an open document first); a missing file is no baseline.
   * It comes with the policy from a trusted ref, else from where the folder's files come from.
   */
  loadBaseline(openText: OpenText): void {
    const uri = this.model.baselineUri;
    if (this.policySource) {
      this.model.setBaselineText(this.policySource.readFile(uri));
      return;
    }
    let text = openText(uri);
    if (text === undefined) {
      const r = this.files.read(uriToPath(uri));
      if (r.ok) text = r.text;
      else if (r.reason !== 'does not exist') this.onUnreadable({ path: uriToPath(uri), reason: r.reason, what: 'the baseline' });
    }
    this.model.setBaselineText(text);
  }

  /** Why the exceptions directory may not be used (a link out of the workspace), or undefined. */
  exceptionsDirectoryRefused(): string | undefined {
    const refused = this.files.refuse(uriToPath(this.model.exceptionsDirectoryUri));
    return refused?.replace(/^it is/, 'is');
  }

  /** Reads every document in the exceptions directory (open documents from their text). */
  async loadExceptions(openText: OpenText): Promise<void> {
    for (const uri of this.model.exceptionUris()) this.model.setException(uri, undefined);
    const dir = uriToPath(this.model.exceptionsDirectoryUri);
    const names = this.exceptionsDirectoryRefused() ? [] : await this.files.names(dir);
    this.exceptionFiles = new Set(names);
    for (const name of names) {
      const uri = pathToUri(path.join(dir, name));
      if (!this.model.isExceptionPath(uri)) continue;
      this.readException(uri, openText);
    }
  }

  readException(uri: string, openText: OpenText): void {
    let text = openText(uri);
    if (text === undefined) {
      const r = this.files.read(uriToPath(uri));
      if (!r.ok) {
        if (r.reason !== 'does not exist') this.onUnreadable({ path: uriToPath(uri), reason: r.reason, what: 'exception document' });
        this.model.setException(uri, undefined);
        return;
      }
      text = r.text;
    }
    this.model.setException(uri, text);
  }

  /** How many manifests and deployment files the walk takes at most (a limit reported when reached). */
  walkLimit = MAX_WALK_FILES;

  /** The start-up walk: every package.json of the folder, read once. */
  async scan(): Promise<void> {
    const started = Date.now();
    this.diskPackageJsons.clear();
    this.diskScaffolding.clear();
    this.model.forgetEnv();
    this.model.forgetRead();
    await this.scanFrom('');
    this.scanned = true;
    this.log(
      `Scanned ${this.name}: ${this.diskPackageJsons.size} package.json file(s), ${this.diskScaffolding.size} scaffolding file(s) in ${Date.now() - started} ms.`,
    );
  }

  /**
   * Walks the folder (or, for a folder that just appeared, only that part) and reads every
   * package.json, scaffolding file and language manifest in it. Returns their URIs.
   */
  async scanFrom(relFolder: string): Promise<string[]> {
    const links: string[] = [];
    const files = await this.files.list(this.fsPath, {
      from: relFolder,
      maxFiles: this.walkLimit,
      ignore: this.model.policy?.policy.ignore ?? [],
      candidate: (name) => name === 'package.json' || isCandidateName(name),
      accept: (rel, name) => (name === 'package.json' ? isCheckedPath(rel, []) : isScaffoldingCandidate(rel)),
      onError: (rel, reason) => this.onUnreadable({ path: path.join(this.fsPath, rel), reason, what: 'folder' }),
      onLink: (rel) => links.push(rel),
      onLimit: (rel, max) =>
        this.onUnreadable({
          path: path.join(this.fsPath, rel),
          reason: `the walk stops at ${max.toLocaleString('en')} manifests and deployment files per workspace folder: the rest of this folder and every folder after it (breadth first) were not walked; ignore generated files in the policy's "ignore", or check a smaller folder`,
          what: 'folder',
        }),
    });
    const uris: string[] = [];
    // a link in a manifest's place is judged by its target's text when the target is inside the
    // workspace (the boundary's read), and otherwise reported with the reason: never skipped in silence
    for (const rel of links) {
      const file = path.join(this.fsPath, rel);
      const uri = pathToUri(file);
      if (this.danglingLink(file)) continue;
      if (path.basename(rel) === 'package.json') this.readPackageJson(uri);
      else this.readScaffolding(uri);
      uris.push(uri);
    }
    for (const [file, r] of this.files.readListed(files.map((rel) => path.join(this.fsPath, rel)))) {
      const uri = pathToUri(file);
      if (path.basename(file) === 'package.json') this.takePackageJson(uri, r);
      else this.takeScaffolding(uri, r);
      uris.push(uri);
    }
    return uris;
  }

  /**
   * The `.env` of a folder (folder-relative) that a compose file there interpolates from, read
   * within the folder's boundary; its values stay here (they resolve image names, nothing else).
   */
  private readEnv(folder: string): string | undefined {
    const file = path.join(this.fsPath, folder, '.env');
    const r = this.files.read(file);
    if (r.ok) return r.text.length > MAX_ENV_SIZE ? undefined : r.text;
    if (r.reason !== 'does not exist') this.onUnreadable({ path: file, reason: r.reason, what: 'file' });
    return undefined;
  }

  /** Another file a scanned one reads with it (a compose `extends: {file: …}`), within the folder's boundary. */
  private readOther(rel: string): string | undefined {
    const file = path.join(this.fsPath, rel);
    const r = this.files.read(file);
    if (r.ok) return r.text;
    if (r.reason !== 'does not exist') this.onUnreadable({ path: file, reason: r.reason, what: 'file' });
    return undefined;
  }

  /**
   * A file changed on disk that other scanned files were read with (`ScaffoldingFacts.reads`):
   * those are read again. Returns their URIs.
   */
  readWithChanged(uri: string): string[] {
    const rel = relativePath(this.uri, uri);
    // only a file some scan has read (cheap for the thousands of events of an install)
    if (rel === undefined || !this.model.forgetRead(rel)) return [];
    const again: string[] = [];
    for (const [file, entry] of this.diskScaffolding) {
      if (!entry.facts.reads?.includes(rel)) continue;
      const facts = this.model.scanScaffolding(file, entry.text);
      if (facts) entry.facts = facts;
      again.push(file);
    }
    return again;
  }

  /**
   * A `.env` changed on disk: the compose files beside it are read again. Returns their URIs.
   */
  envChanged(uri: string): string[] {
    const rel = relativePath(this.uri, uri);
    if (rel === undefined || path.posix.basename(rel) !== '.env') return [];
    const folder = path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel);
    this.model.forgetEnv(folder);
    const again: string[] = [];
    for (const [file, entry] of this.diskScaffolding) {
      if (entry.facts.env !== folder) continue;
      const facts = this.model.scanScaffolding(file, entry.text);
      if (facts) entry.facts = facts;
      again.push(file);
    }
    return again;
  }

  /** Reads a package.json (again). */
  readPackageJson(uri: string): PackageJsonFacts | undefined {
    return this.takePackageJson(uri, this.files.read(uriToPath(uri)));
  }

  private takePackageJson(uri: string, r: ReadResult): PackageJsonFacts | undefined {
    if (!r.ok) {
      this.diskPackageJsons.delete(uri);
      if (r.reason !== 'does not exist') this.onUnreadable({ path: uriToPath(uri), reason: r.reason, what: 'file' });
      return undefined;
    }
    const facts = scanPackageJson(r.text);
    this.diskPackageJsons.set(uri, facts);
    return facts;
  }

  /** Reads a scaffolding file or language manifest (again); forgets it when it is gone or is not one. */
  readScaffolding(uri: string): ScaffoldingFacts | undefined {
    return this.takeScaffolding(uri, this.files.read(uriToPath(uri)));
  }

  private takeScaffolding(uri: string, r: ReadResult): ScaffoldingFacts | undefined {
    if (!r.ok) {
      this.diskScaffolding.delete(uri);
      if (r.reason !== 'does not exist') this.onUnreadable({ path: uriToPath(uri), reason: r.reason, what: 'file' });
      return undefined;
    }
    const facts = this.model.scanScaffolding(uri, r.text);
    if (facts) this.diskScaffolding.set(uri, { text: r.text, facts });
    else this.diskScaffolding.delete(uri);
    return facts;
  }

  /**
   * Judges these files (folder-relative) also where the walk does not go (vendor, out, target, …):
   * a trusted check reads what the change put there. Reads each one now.
   */
  judgeAnywhere(rels: readonly string[]): void {
    this.model.judgeAnywhere(rels);
    for (const rel of rels) {
      const file = path.join(this.fsPath, rel);
      const uri = pathToUri(file);
      if (this.danglingLink(file)) continue;
      if (this.model.kindOf(uri) === 'package.json') this.readPackageJson(uri);
      else if (this.model.kindOf(uri) === 'scaffolding') this.readScaffolding(uri);
    }
  }

  /**
   * The manifests and deployment files (folder-relative) of a submodule checked out at `rel`,
   * walked like any folder (its node_modules, output and links to folders are not entered), or
   * undefined when it is not checked out here (no folder, or an empty one).
   */
  async submoduleFiles(rel: string): Promise<string[] | undefined> {
    const dir = path.join(this.fsPath, rel);
    if (this.boundary.refuse(dir) || !isDirectory(dir) || (await listDirectory(dir)).length === 0) return undefined;
    const links: string[] = [];
    const files = await walk(this.fsPath, {
      from: rel,
      candidate: (name) => name === 'package.json' || isCandidateName(name),
      accept: (r, name) => name === 'package.json' || isScaffoldingName(r),
      onLink: (r) => links.push(r),
      onError: (r, reason) => this.onUnreadable({ path: path.join(this.fsPath, r), reason, what: 'folder' }),
    });
    return [...files, ...links];
  }

  /** Reports a link in a file's place that leads nowhere (a missing file is otherwise simply not there). */
  private danglingLink(file: string): boolean {
    // only the disk has links (a ref's files are its regular files)
    if (this.files !== this.disk) return false;
    try {
      if (!fs.lstatSync(file).isSymbolicLink() || fs.existsSync(file)) return false;
    } catch {
      return false;
    }
    this.onUnreadable({ path: file, reason: `it is a link to ${linkTarget(file)}, which does not exist`, what: 'file' });
    return true;
  }

  /** What the folder uses today, for a starter policy (open documents through the getters). */
  inventory(
    packageJson: (uri: string) => PackageJsonFacts | undefined = (u) => this.diskPackageJsons.get(u),
    scaffolding: (uri: string) => ScaffoldingFacts | undefined = (u) => this.diskScaffolding.get(u)?.facts,
  ): WorkspaceInventory {
    const packageJsons: WorkspaceInventory['packageJsons'] = [];
    for (const uri of this.diskPackageJsons.keys()) {
      const facts = packageJson(uri);
      if (facts) packageJsons.push({ rel: relativePath(this.uri, uri) ?? '', facts });
    }
    const scaffold: WorkspaceInventory['scaffolding'] = [];
    for (const uri of this.diskScaffolding.keys()) {
      const facts = scaffolding(uri);
      if (facts) scaffold.push({ rel: relativePath(this.uri, uri) ?? '', facts });
    }
    return { packageJsons, scaffolding: scaffold };
  }

  /** Every finding of the folder as it is on disk: the CLI's view (the server adds open documents). */
  checkAll(): Finding[] {
    const out: Finding[] = [];
    // one by one (pushAll), never push(...list): a file's findings can outnumber the arguments a call takes
    const add = (found: Finding[]) => pushAll(out, found);
    for (const [uri, facts] of this.diskPackageJsons) {
      if (this.model.kindOf(uri) === 'package.json') add(this.model.checkPackageJson(uri, facts));
    }
    for (const [uri, entry] of this.diskScaffolding) {
      if (this.model.kindOf(uri) === 'scaffolding') add(this.model.checkScaffolding(uri, entry.facts));
    }
    // every file has been checked: a granted exception that covered nothing is unused, a
    // baseline entry that matched less than it records is stale
    this.model.markWorkspaceChecked();
    add(this.model.checkBaseline());
    for (const uri of this.model.exceptionUris()) {
      if (this.model.kindOf(uri) === 'exception') add(this.model.checkException(uri));
    }
    return out;
  }

  /** Reads git's configuration again (one process): your name for requests, your key for signing. */
  async refreshGit(): Promise<void> {
    this.git = this.trusted ? await gitSettings(this.fsPath) : {};
    this.identity = this.git.identity;
    this.refreshSigner();
  }

  /** git's name and email, read again (they may have changed since the start). */
  async refreshIdentity(): Promise<string | undefined> {
    await this.refreshGit();
    return this.identity;
  }

  /** Finds the user's signing key (setting, else git's commit-signing key). Never in an untrusted workspace. */
  refreshSigner(): void {
    if (!this.trusted) {
      this.signer = undefined;
      this.signerProblem = 'Signing exceptions needs a trusted workspace (it runs ssh-keygen and reads git\'s configuration).';
      return;
    }
    const r = signingKey({ configured: this.settings.signingKey, git: this.git, cwd: this.fsPath, notUnder: [this.fsPath] });
    this.signer = r.ok ? r.signer : undefined;
    this.signerProblem = r.ok ? undefined : r.reason;
  }

  /**
   * The approver the user's key belongs to; `unknown` when a key is set up but its public half
   * cannot be read without signing (a private key file without its .pub).
   */
  signerApprover(): string | 'unknown' | undefined {
    if (!this.signer) return undefined;
    if (!this.signer.publicKey) return 'unknown';
    return findKeyOwner(this.signer.publicKey.blob, this.model.policy?.policy.approvers ?? [])?.approver.name;
  }

  contains(uri: string): boolean {
    return relativePath(this.uri, uri) !== undefined;
  }
}

/** Where a link points, as it is written (for a message). */
function linkTarget(file: string): string {
  try {
    return JSON.stringify(fs.readlinkSync(file));
  } catch {
    return 'a file';
  }
}
