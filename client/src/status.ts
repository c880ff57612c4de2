/**
 * The status-bar item ("Tech Policy: 5 findings, 2 pending"; a click lists them), the context keys
 * the palette's `when` clauses and the walkthrough read, and, for JSON files of a folder without a
 * policy, a language status entry offering to create one. A workspace without any policy shows
 * no status-bar item at all.
 */
import { commands, type Disposable, type LanguageStatusItem, languages, RelativePattern, StatusBarAlignment, type StatusBarItem, Uri, window } from 'vscode';
import type { FolderStatus, StatusParams } from '../../server/src/protocol';
import type { PolicyPresence } from './presence';
import { statusText, statusTooltip } from './statusText';

/** Context keys set from the status (all false until the first status arrives). */
export const CONTEXT = {
  /** Some folder has a policy file (valid or not). */
  hasPolicy: 'techPolicy.hasPolicy',
  /** Some workspace folder has no policy file. */
  folderWithoutPolicy: 'techPolicy.folderWithoutPolicy',
  hasFindings: 'techPolicy.hasFindings',
  hasPending: 'techPolicy.hasPending',
  hasGranted: 'techPolicy.hasGranted',
} as const;

export const SHOW_FINDINGS_COMMAND = 'techPolicy.showFindings';

export class StatusBar implements Disposable {
  private readonly item: StatusBarItem;
  private noPolicy: LanguageStatusItem | undefined;
  private noPolicyKey = '';
  /** A status from the server has arrived: it, not the client's own look, says what there is. */
  private reported = false;

  constructor() {
    this.item = window.createStatusBarItem('techPolicy.status', StatusBarAlignment.Left, 10);
    this.item.name = 'Tech Policy';
    this.item.command = SHOW_FINDINGS_COMMAND;
    // shown once a status says some folder has a policy
  }

  /**
   * Before the server's first status: which folders have a policy file, as the client found them.
   * Sets the context keys and the no-policy language status; where a policy exists the item says
   * the check is starting. The server's status replaces all of it.
   */
  async presume(found: readonly PolicyPresence[]): Promise<void> {
    if (this.reported) return;
    await commands.executeCommand('setContext', CONTEXT.hasPolicy, found.some((f) => f.hasPolicy));
    await commands.executeCommand('setContext', CONTEXT.folderWithoutPolicy, found.some((f) => !f.hasPolicy));
    this.updateNoPolicy(found.filter((f) => !f.hasPolicy));
    if (!found.some((f) => f.hasPolicy)) return;
    this.item.text = '$(sync~spin) Tech Policy';
    this.item.tooltip = 'Tech Policy: starting (reading the policy and checking the workspace)';
    this.item.show();
  }

  update(status: StatusParams): void {
    this.reported = true;
    const folders = status.folders;
    const checked = folders.filter((f) => f.policy === 'ok' || f.policy === 'invalid');
    const without = folders.filter((f) => f.policy === 'none');
    const sum = (key: 'findings' | 'pendingRequests' | 'granted') => checked.reduce((n, f) => n + f[key], 0);
    const findings = sum('findings');
    const pending = sum('pendingRequests');
    void commands.executeCommand('setContext', CONTEXT.hasPolicy, checked.length > 0);
    void commands.executeCommand('setContext', CONTEXT.folderWithoutPolicy, without.length > 0);
    void commands.executeCommand('setContext', CONTEXT.hasFindings, findings > 0);
    void commands.executeCommand('setContext', CONTEXT.hasPending, pending > 0);
    void commands.executeCommand('setContext', CONTEXT.hasGranted, sum('granted') > 0);
    this.updateNoPolicy(without);
    if (checked.length === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(law) ${statusText(findings, pending, checked.some((f) => f.policy === 'invalid'))}`;
    this.item.tooltip = statusTooltip(folders);
    this.item.show();
  }

  /** "no techpolicy.json — Create Policy from Workspace", beside the JSON language of a folder without a policy. */
  private updateNoPolicy(without: ReadonlyArray<Pick<FolderStatus, 'uri' | 'policyUri'>>): void {
    const key = without.map((f) => f.uri).join('\n');
    if (key === this.noPolicyKey) return;
    this.noPolicyKey = key;
    this.noPolicy?.dispose();
    this.noPolicy = undefined;
    if (without.length === 0) return;
    const selector = without.map((f) => ({ pattern: new RelativePattern(Uri.parse(f.uri), '**/*.json') }));
    const item = languages.createLanguageStatusItem('techPolicy.noPolicy', selector);
    item.name = 'Tech Policy';
    const file = without[0].policyUri.slice(without[0].policyUri.lastIndexOf('/') + 1) || 'techpolicy.json';
    item.text = `Tech Policy: no ${file}`;
    item.detail = 'nothing is checked';
    item.command = { title: 'Create Policy from Workspace', command: 'techPolicy.createPolicy' };
    this.noPolicy = item;
  }

  dispose(): void {
    this.item.dispose();
    this.noPolicy?.dispose();
  }
}
