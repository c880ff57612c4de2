/**
 * The agent tools over the disk, for a long-running process (the MCP server): one folder, read
 * once at start and kept in step by a few `stat` calls before each answer (the policy, the files
 * it extends, the baseline and the exception documents), never a walk on a check. What the
 * workspace contains now (`current_findings`) walks it again. A request is written only inside the
 * exceptions directory, by real path, never over a file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type RequestContext, type RequestPlan } from '../core/agents/ask';
import type { AgentFolder, AgentHost } from '../core/agents/workspace';
import { today } from '../core/folder';
import type { Finding } from '../core/model';
import { DEFAULT_SETTINGS } from '../protocol';
import { pathToUri, uriToPath } from './files';
import { FolderState } from './folderState';

export interface DiskAgentOptions {
  /** The policy file, as the command line names it (relative to the working directory), default techpolicy.json in the folder. */
  policy?: string;
  /** Trusted: git may run (your name in a request) and `extends` may come from node_modules. */
  trusted: boolean;
  log?: (message: string) => void;
}

function stamp(p: string): string {
  try {
    const s = fs.statSync(p);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return '-';
  }
}

export class DiskAgentHost implements AgentHost {
  private findingsNow: Finding[] = [];
  private stamps = '';

  private constructor(
    readonly state: FolderState,
    private readonly log: (message: string) => void,
  ) {}

  /** Reads the folder: policy, baseline, exceptions, then one walk (the workspace's hints name deployables). */
  static async open(root: string, options: DiskAgentOptions): Promise<DiskAgentHost> {
    const log = options.log ?? (() => undefined);
    const policyFile = options.policy ? path.relative(root, path.resolve(options.policy)) : DEFAULT_SETTINGS.policyFile;
    const state = new FolderState(pathToUri(root), path.basename(root), { ...DEFAULT_SETTINGS, policyFile }, log);
    state.trusted = options.trusted;
    const host = new DiskAgentHost(state, log);
    host.reload();
    await state.loadExceptions(() => undefined);
    host.stamps = host.currentStamps();
    await Promise.all([host.rescan(), state.refreshGit()]);
    return host;
  }

  folders(): readonly AgentFolder[] {
    return [{ model: this.state.model, name: this.state.name }];
  }

  findings(): readonly Finding[] {
    return this.findingsNow;
  }

  private reload(): void {
    this.state.loadPolicy(() => undefined);
    this.state.loadBaseline(() => undefined);
  }

  /** What the answers depend on, as file stamps: the policy and its sources, the baseline, the exceptions directory and its documents. */
  private currentStamps(): string {
    const model = this.state.model;
    const files = [uriToPath(model.policyUri), ...(model.policy?.sources ?? []).map(uriToPath), uriToPath(model.baselineUri)];
    const dir = uriToPath(model.exceptionsDirectoryUri);
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      names = [];
    }
    return [...files.map((f) => `${f}=${stamp(f)}`), `${dir}=${names.join('/')}`, ...names.map((n) => stamp(path.join(dir, n)))].join('|');
  }

  /** Before each answer: reads again what changed on disk since the last one (the policy, the baseline, the exception documents). */
  async sync(): Promise<void> {
    const now = this.currentStamps();
    if (now === this.stamps) return;
    this.log('The policy or the exception documents changed on disk: reading them again.');
    this.reload();
    await this.state.loadExceptions(() => undefined);
    this.stamps = this.currentStamps();
  }

  /** Walks the folder again and checks every file: what `current_findings` lists. */
  async rescan(): Promise<void> {
    await this.state.scan();
    this.findingsNow = this.state.checkAll();
  }

  requestContext(): RequestContext {
    return { existingFiles: this.state.exceptionFiles, requestedBy: this.state.identity, refused: this.state.exceptionsDirectoryRefused(), today: today() };
  }

  /**
   * Writes a drafted request: inside the exceptions directory only (its real path inside the
   * folder), creating the directory when it is missing, never over an existing file or through a link.
   */
  writeRequest(plan: Extract<RequestPlan, { request: unknown }>): { ok: true } | { ok: false; reason: string } {
    const file = uriToPath(plan.request.uri);
    const dir = uriToPath(this.state.model.exceptionsDirectoryUri);
    if (path.dirname(file) !== dir) return { ok: false, reason: 'the request would not be in the exceptions directory' };
    const refused = this.state.boundary.refuse(dir) ?? this.state.exceptionsDirectoryRefused();
    if (refused) return { ok: false, reason: `the exceptions directory ${refused.replace(/^it is/, 'is')}` };
    try {
      fs.mkdirSync(dir, { recursive: true });
      const again = this.state.boundary.refuse(file);
      if (again) return { ok: false, reason: `${path.basename(file)} ${again.replace(/^it is/, 'is')}` };
      fs.writeFileSync(file, plan.request.text, { flag: 'wx' });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return { ok: false, reason: err.code === 'EEXIST' ? `${path.basename(file)} already exists (nothing was overwritten)` : `it could not be written (${err.code ?? err.message})` };
    }
    this.state.exceptionFiles.add(path.basename(file));
    this.state.readException(plan.request.uri, () => undefined);
    this.stamps = this.currentStamps();
    return { ok: true };
  }
}
