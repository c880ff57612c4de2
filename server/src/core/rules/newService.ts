/** `new-service`: a deployable that is not one of the monolith's known `services`. */
import type { Finding } from '../model';
import type { Policy } from '../policy/types';
import type { Range } from 'vscode-languageserver-types';
import { type RuleContext, severityOf } from './context';
import { joinNames } from './newTechnology';

export interface ServiceDeclaration {
  name: string;
  range: Range;
  /** Workspace-relative folder of the declaring file ('' for the root). */
  folder: string;
  /** The monolith itself (a Dockerfile at the root, App Engine's default service). */
  root?: boolean;
  /** How it was declared; absent for a workspace app (a package.json). */
  signal?: string;
}

/** Signals whose file lives in the service's own folder: the folder identifies the service. */
const FOLDER_SIGNALS = new Set(['dockerfile', 'helm', 'nx', 'fly', 'appengine', 'wrangler']);

/** The folder that is this service's own (for a policy `path`), or undefined for shared files (compose, manifests). */
export function ownFolder(decl: Pick<ServiceDeclaration, 'folder' | 'signal'>): string | undefined {
  return decl.signal === undefined || FOLDER_SIGNALS.has(decl.signal) ? decl.folder : undefined;
}

function normalizeFolder(p: string): string {
  return p.trim().replace(/^\.?\/+/, '').replace(/\/+$/, '').replace(/^\.$/, '');
}

/** The policy's service that this declaration is, by name or by the folder it lives in. */
export function knownService(policy: Policy, decl: Pick<ServiceDeclaration, 'name' | 'folder' | 'signal'>): string | undefined {
  const lower = decl.name.toLowerCase();
  const own = ownFolder(decl);
  for (const [name, entry] of Object.entries(policy.services)) {
    if (name.toLowerCase() === lower) return name;
    if (entry.path === undefined) continue;
    const folder = normalizeFolder(entry.path);
    // a service at the root (path ".") is the monolith: it covers what declares the root as its
    // own folder (a root fly.toml), never every folder below, nor a compose file's services
    if (folder === '' ? own === '' : decl.folder === folder || decl.folder.startsWith(folder + '/')) return name;
  }
  return undefined;
}

export function newServiceMessage(name: string, policy: Policy): string {
  const known = Object.keys(policy.services);
  const monolith = known.length ? `the monolith's deployables are ${joinNames(known)}` : 'the policy lists no services besides the monolith';
  return `"${name}" is a new deployable service; ${monolith}. Starting a new service needs an exception signed by an approver.`;
}

export function checkNewService(uri: string, decl: ServiceDeclaration, ctx: RuleContext): Finding | undefined {
  if (decl.root || !decl.name) return undefined;
  const severity = severityOf(ctx, 'new-service');
  if (!severity || knownService(ctx.policy, decl)) return undefined;
  return {
    uri,
    range: decl.range,
    rule: 'new-service',
    severity,
    subject: decl.name,
    subjectName: decl.name,
    kind: 'service',
    folder: ownFolder(decl),
    message: newServiceMessage(decl.name, ctx.policy),
  };
}
