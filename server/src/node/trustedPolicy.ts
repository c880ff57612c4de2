/**
 * The trust root for CI: the approvers, their keys and the approval mode from the policy as it
 * is at a git ref (`--trusted-policy origin/main`), with `extends` and the allowed_signers file
 * read from that ref too. A pull request that adds its own key to the working tree's policy
 * cannot grant its own exception.
 */
import * as path from 'path';
import type { TrustedApprovers } from '../core/folder';
import { loadPolicy, type PolicyHost } from '../core/policy/load';
import type { Policy } from '../core/policy/types';
import { pathToUri, uriToPath } from './files';
import { GitRefReader } from './git';

export interface TrustedPolicy extends TrustedApprovers {
  /** Problems of the policy at the ref, as sentences (they weaken the trust root: CI stops on them). */
  problems: string[];
  /** True when the ref has no policy file at all: nobody is trusted, which fails closed. */
  missing: boolean;
  /** The whole policy at the ref (the organisation page takes its rings and target too); undefined when missing. */
  policy?: Policy;
}

/**
 * Throws GitError (one sentence) when git, the repository or the ref is missing. Paths are mapped
 * to the repository by their text, relative to the checked folder, never through the working
 * tree's links: what the ref holds is what counts, whatever the change did to the folders.
 */
export function loadTrustedPolicy(folderPath: string, policyUri: string, ref: string): TrustedPolicy {
  const reader = new GitRefReader(folderPath, ref);
  const root = path.resolve(folderPath);
  const inRepo = (uri: string): string | undefined => {
    const rel = path.relative(root, uriToPath(uri)).split(path.sep).join('/');
    if (path.isAbsolute(rel)) return undefined;
    const joined = path.posix.normalize(`${reader.prefix}${rel}`);
    return joined.startsWith('../') || joined === '..' ? undefined : joined;
  };
  const host: PolicyHost = {
    readFile: (uri) => {
      const rel = inRepo(uri);
      return rel === undefined ? undefined : reader.read(rel);
    },
    refuse: (uri) => (inRepo(uri) === undefined ? 'it is outside the repository' : undefined),
    resolvePackage: (fromDirUri, name) => {
      // only what the ref itself holds: a package installed by this change is not trusted
      if (name.split('/').includes('..')) return undefined;
      for (let dir = uriToPath(fromDirUri); inRepo(pathToUri(dir)) !== undefined; dir = path.dirname(dir)) {
        for (const candidate of [`${name}.json`, `${name}/techpolicy.json`]) {
          const uri = pathToUri(path.join(dir, 'node_modules', candidate));
          const rel = inRepo(uri);
          if (rel !== undefined && reader.read(rel) !== undefined) return uri;
        }
        if (path.dirname(dir) === dir) return undefined;
      }
      return undefined;
    },
  };
  const source = `${path.basename(uriToPath(policyUri))} at ${ref}`;
  const text = host.readFile(policyUri);
  if (text === undefined) {
    return { approvers: [], approvals: 'signed', source, problems: [`${source} does not exist: no approver is trusted, so no exception is granted.`], missing: true };
  }
  const loaded = loadPolicy(policyUri, text, host);
  return {
    approvers: loaded.policy.approvers,
    approvals: loaded.policy.approvals,
    source,
    // every problem weakens the trust root (a key that did not load, an allowed_signers file not read): CI stops on it
    problems: loaded.problems.map((p) => `${source}, line ${p.range.start.line + 1}: ${p.message}`),
    missing: false,
    policy: loaded.policy,
  };
}
