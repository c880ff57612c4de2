/**
 * The trust root for CI: the approvers, their keys and the approval mode from the policy as it
 * is at a git ref (`--trusted-policy origin/main`), with `extends` and the allowed_signers file
 * read from that ref too. A pull request that adds its own key to the working tree's policy
 * cannot grant its own exception.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { TrustedApprovers } from '../core/folder';
import { loadPolicy, type PolicyHost } from '../core/policy/load';
import { pathToUri, uriToPath } from './files';
import { GitRefReader } from './git';

export interface TrustedPolicy extends TrustedApprovers {
  /** Problems of the policy at the ref, as sentences (they weaken the trust root: CI lists them). */
  problems: string[];
}

function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** Throws GitError (one sentence) when git, the repository or the ref is missing. */
export function loadTrustedPolicy(folderPath: string, policyUri: string, ref: string): TrustedPolicy {
  const reader = new GitRefReader(folderPath, ref);
  const top = real(reader.top);
  const inRepo = (uri: string): string | undefined => {
    const p = uriToPath(uri);
    const rel = path.relative(top, path.join(real(path.dirname(p)), path.basename(p)));
    return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
  };
  const host: PolicyHost = {
    readFile: (uri) => {
      const rel = inRepo(uri);
      return rel === undefined ? undefined : reader.read(rel);
    },
    resolvePackage: (fromDirUri, name) => {
      // only what the ref itself holds: a package installed by this change is not trusted
      for (let dir = uriToPath(fromDirUri); ; dir = path.dirname(dir)) {
        for (const candidate of [`${name}.json`, `${name}/techpolicy.json`, name]) {
          const uri = pathToUri(path.join(dir, 'node_modules', candidate));
          const rel = inRepo(uri);
          if (rel !== undefined && candidate.endsWith('.json') && reader.read(rel) !== undefined) return uri;
        }
        if (path.dirname(dir) === dir || inRepo(pathToUri(dir)) === undefined) return undefined;
      }
    },
  };
  const source = `${path.basename(uriToPath(policyUri))} at ${ref}`;
  const text = host.readFile(policyUri);
  if (text === undefined) {
    return { approvers: [], approvals: 'signed', source, problems: [`${source} does not exist: no approver is trusted, so no exception is granted.`] };
  }
  const loaded = loadPolicy(policyUri, text, host);
  return {
    approvers: loaded.policy.approvers,
    approvals: loaded.policy.approvals,
    source,
    problems: loaded.problems.filter((p) => p.severity === 'error').map((p) => `${source}, line ${p.range.start.line + 1}: ${p.message}`),
  };
}
