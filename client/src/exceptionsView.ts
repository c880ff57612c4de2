/**
 * The "Policy Exceptions" view (Explorer): the register, grouped as Awaiting signature / Granted /
 * Expiring soon / Expired / Not granted / Rejected and withdrawn. The server builds it
 * (techPolicy/exceptions); this only draws it. An approver sees what waits for them first.
 */
import { EventEmitter, type TreeDataProvider, TreeItem, TreeItemCollapsibleState, ThemeIcon, Uri, type Disposable, type TreeView, window } from 'vscode';
import { GROUP_TITLES, REGISTER_GROUPS, type RegisterGroup } from '../../server/src/core/exceptions/groups';
import { ExceptionsRequest, type ExceptionsResult, type RegisterEntry } from '../../server/src/protocol';
import type { TechPolicyClient } from './client';

type Folder = ExceptionsResult['folders'][number];
type Node = { kind: 'folder'; folder: Folder } | { kind: 'group'; folder: Folder; group: RegisterGroup; entries: RegisterEntry[] } | { kind: 'entry'; entry: RegisterEntry; approver?: string };

const ICONS: Record<RegisterGroup, string> = {
  awaiting: 'clock',
  granted: 'pass',
  expiring: 'watch',
  expired: 'history',
  'not-granted': 'error',
  closed: 'circle-slash',
};

export class ExceptionsView implements TreeDataProvider<Node>, Disposable {
  private readonly changed = new EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private data: ExceptionsResult = { folders: [] };
  readonly view: TreeView<Node>;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly tp: TechPolicyClient) {
    this.view = window.createTreeView('techPolicy.exceptions', { treeDataProvider: this, showCollapseAll: true });
  }

  /** Asks the server for the register again (debounced: status notifications come in bursts). */
  refresh(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.reload(), 100);
  }

  /** Asks the server for the register now. */
  async reload(): Promise<void> {
    if (!this.tp.client.isRunning()) return;
    try {
      this.data = await this.tp.client.sendRequest<ExceptionsResult>(ExceptionsRequest);
    } catch {
      return;
    }
    const all = this.data.folders.flatMap((f) => f.entries);
    const waiting = this.data.folders.filter((f) => f.approver).reduce((n, f) => n + f.entries.filter((e) => e.group === 'awaiting').length, 0);
    this.view.badge = waiting ? { value: waiting, tooltip: `${waiting} exception request(s) awaiting your signature` } : undefined;
    this.view.message = this.data.folders.length === 0 ? 'No folder with a policy.' : all.length === 0 ? 'No exception documents yet. "Tech Policy: Request Exception" writes one.' : undefined;
    this.changed.fire(undefined);
  }

  /** Every entry, for the palette commands. */
  entries(): Array<RegisterEntry & { approver?: string }> {
    return this.data.folders.flatMap((f) => f.entries.map((e) => ({ ...e, approver: f.approver })));
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      if (this.data.folders.length === 1) return this.groups(this.data.folders[0]);
      return this.data.folders.map((folder) => ({ kind: 'folder', folder }));
    }
    if (node.kind === 'folder') return this.groups(node.folder);
    if (node.kind === 'group') return node.entries.map((entry) => ({ kind: 'entry', entry, approver: node.folder.approver }));
    return [];
  }

  private groups(folder: Folder): Node[] {
    return REGISTER_GROUPS.map((group) => ({ kind: 'group' as const, folder, group, entries: folder.entries.filter((e) => e.group === group) })).filter((g) => g.entries.length > 0);
  }

  getTreeItem(node: Node): TreeItem {
    if (node.kind === 'folder') {
      const item = new TreeItem(node.folder.name, TreeItemCollapsibleState.Expanded);
      item.iconPath = new ThemeIcon('root-folder');
      return item;
    }
    if (node.kind === 'group') {
      const title = node.group === 'awaiting' && node.folder.approver ? 'Awaiting your signature' : GROUP_TITLES[node.group];
      const item = new TreeItem(`${title} (${node.entries.length})`, TreeItemCollapsibleState.Expanded);
      item.id = `${node.folder.uri}#${node.group}`;
      item.iconPath = new ThemeIcon(ICONS[node.group]);
      item.contextValue = `group.${node.group}`;
      return item;
    }
    const e = node.entry;
    const item = new TreeItem(`${e.id ?? e.file} ${e.subject ?? ''}`.trim(), TreeItemCollapsibleState.None);
    item.id = e.uri;
    item.description = describe(e);
    item.tooltip = [`${e.id ?? e.file}: ${e.rule ?? ''} ${e.subject ?? ''}`, e.title, '', e.sentence, e.unused ? 'Covers nothing in the workspace any more.' : undefined, '', e.file].filter((l) => l !== undefined).join('\n');
    item.iconPath = new ThemeIcon(ICONS[e.group]);
    item.resourceUri = Uri.parse(e.uri);
    item.command = { title: 'Open', command: 'vscode.open', arguments: [Uri.parse(e.uri)] };
    item.contextValue = node.approver && (e.group === 'awaiting' || e.state === 'not-granted') ? 'exception.decidable' : `exception.${e.group}`;
    return item;
  }

  /** Shows an exception document's item in the view. */
  async reveal(uri: string): Promise<void> {
    await this.reload();
    const folder = this.data.folders.find((f) => f.entries.some((e) => e.uri === uri));
    const entry = folder?.entries.find((e) => e.uri === uri);
    if (!folder || !entry) return;
    await this.view.reveal({ kind: 'entry', entry, approver: folder.approver }, { select: true, focus: true });
  }

  getParent(node: Node): Node | undefined {
    if (node.kind !== 'entry') return undefined;
    const folder = this.data.folders.find((f) => f.entries.some((e) => e.uri === node.entry.uri));
    if (!folder) return undefined;
    return { kind: 'group', folder, group: node.entry.group, entries: folder.entries.filter((e) => e.group === node.entry.group) };
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }
}

/** The line beside an item: who and when, for its state. */
function describe(e: RegisterEntry): string {
  switch (e.group) {
    case 'awaiting':
      return `requested${e.requestedBy ? ` by ${e.requestedBy.replace(/\s*<.*>$/, '')}` : ''}${e.waitingDays !== undefined ? `, waiting ${e.waitingDays} d` : ''}`;
    case 'granted':
    case 'expiring':
      return `${e.signer ? `signed by ${e.signer.name}` : 'named, not signed'} · ${e.expires ? `until ${e.expires}` : 'no expiry'}${e.unused ? ' · unused' : ''}`;
    case 'expired':
      return `expired ${e.expires}`;
    case 'not-granted':
      return e.reason ?? e.label;
    default:
      return e.label;
  }
}
