/** The status-bar item: open findings and pending requests, or "no policy". */
import { type Disposable, StatusBarAlignment, type StatusBarItem, window, MarkdownString } from 'vscode';
import type { StatusParams } from '../../server/src/protocol';

export class StatusBar implements Disposable {
  private readonly item: StatusBarItem;

  constructor() {
    this.item = window.createStatusBarItem('techPolicy.status', StatusBarAlignment.Left, 10);
    this.item.name = 'Tech Policy';
    this.item.text = '$(law) Tech Policy';
    this.item.command = 'techPolicy.showOutput';
    this.item.show();
  }

  update(status: StatusParams): void {
    const folders = status.folders;
    const findings = folders.reduce((n, f) => n + f.findings, 0);
    const pending = folders.reduce((n, f) => n + f.pendingRequests, 0);
    const withoutPolicy = folders.filter((f) => f.policy === 'none');
    const invalid = folders.filter((f) => f.policy === 'invalid');
    const tooltip = new MarkdownString('', true);
    tooltip.appendMarkdown('**Tech Policy**\n\n');
    for (const f of folders) {
      const state =
        f.policy === 'none'
          ? 'no policy file: nothing is checked'
          : f.policy === 'disabled'
            ? 'disabled by `techPolicy.enable`'
            : [
                `${f.findings} finding(s)`,
                f.baselined ? `${f.baselined} known (baseline)` : '',
                f.granted ? `${f.granted} exception(s) granted` : '',
                `${f.pendingRequests} request(s) awaiting signature`,
                f.notGranted ? `${f.notGranted} approval(s) not granted` : '',
                f.expiringSoon ? `${f.expiringSoon} expiring soon` : '',
              ]
                .filter(Boolean)
                .join(', ') + (f.policy === 'invalid' ? ' — the policy has problems' : '') + (f.approver ? ` — you sign as ${f.approver}` : '');
      tooltip.appendMarkdown(`- ${f.name}: ${state}${f.trusted ? '' : ' (untrusted workspace: no git, no `extends` from node_modules)'}\n`);
    }
    if (folders.length > 0 && withoutPolicy.length === folders.length) {
      this.item.text = '$(law) Tech Policy: no policy';
      this.item.command = 'techPolicy.createPolicy';
      tooltip.appendMarkdown('\nNothing is flagged without a policy. Click to create one from this workspace.');
    } else {
      this.item.text = `$(law) ${findings}${pending ? ` · ${pending} pending` : ''}${invalid.length ? ' $(warning)' : ''}`;
      this.item.command = 'techPolicy.showProblems';
    }
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.item.dispose();
  }
}
