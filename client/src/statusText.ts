/** The status-bar item's text and tooltip, as plain text (no VS Code here: unit-tested). */
import type { FolderStatus } from '../../server/src/protocol';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Tech Policy: 5 findings, 2 pending", "Tech Policy: no findings", "…, policy has problems". */
export function statusText(findings: number, pending: number, invalid: boolean): string {
  const parts = [findings === 0 ? 'no findings' : plural(findings, 'finding')];
  if (pending) parts.push(`${pending} pending`);
  if (invalid) parts.push('policy has problems');
  return `Tech Policy: ${parts.join(', ')}`;
}

/** The tooltip: plain text, a line per folder. */
export function statusTooltip(folders: readonly FolderStatus[]): string {
  const lines = ['Tech Policy'];
  for (const f of folders) {
    const state =
      f.policy === 'none'
        ? 'no policy file: nothing is checked'
        : f.policy === 'disabled'
          ? 'turned off (techPolicy.enable)'
          : [
              plural(f.findings, 'finding'),
              f.baselined ? `${f.baselined} known (baseline)` : '',
              f.granted ? `${plural(f.granted, 'exception')} granted` : '',
              `${plural(f.pendingRequests, 'request')} awaiting signature`,
              f.notGranted ? `${plural(f.notGranted, 'approval')} not granted` : '',
              f.expiringSoon ? `${f.expiringSoon} expiring soon` : '',
            ]
              .filter(Boolean)
              .join(', ') + (f.policy === 'invalid' ? '; the policy has problems' : '') + (f.approver ? `; you sign as ${f.approver}` : '');
    lines.push(`${f.name}: ${state}${f.trusted ? '' : ' (untrusted workspace: no git, no extends from node_modules)'}`);
  }
  lines.push('', 'Click to list the findings and the requests awaiting signature.');
  return lines.join('\n');
}
