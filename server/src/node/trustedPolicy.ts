/**
 * The trust root for CI: the policy as it is at a git ref (`--trusted-policy origin/main`), with
 * its `extends`, its allowed_signers file and its baseline read from that ref too. That policy
 * judges the check (core/trust.ts composes it with the working tree's); its approvers and keys
 * judge every exception. A pull request that adds its own key, approves its own technology or
 * deletes the policy in the working tree changes nothing that counts.
 */
import * as path from 'path';
import type { TrustedApprovers } from '../core/folder';
import { loadPolicy, type PolicyHost } from '../core/policy/load';
import type { Policy } from '../core/policy/types';
import type { LoadedPolicy } from '../core/policy/types';
import { pathToUri, uriToPath } from './files';
import { GitTree } from './gitTree';

export interface TrustedPolicy extends TrustedApprovers {
  /** Problems of the policy at the ref, as sentences (they weaken the trust root: CI stops on them). */
  problems: string[];
  /** True when the ref has no policy file for the folder: nobody is trusted, which fails closed. */
  missing: boolean;
  /**
   * True when the ref has no policy file of this name anywhere in the repository: the change adopts
   * Tech Policy, so there is nothing at the ref to judge it or to relax (the folder judges itself,
   * and no exception is granted: no approver is trusted yet).
   */
  adopting?: boolean;
  /** The whole policy at the ref (the organisation page takes its rings and target too); undefined when missing. */
  policy?: Policy;
  /** The policy at the ref, loaded (undefined when missing). */
  loaded?: LoadedPolicy;
  /** Reads the policy, its extends and its baseline at the ref. */
  host: PolicyHost;
  tree: GitTree;
}

/**
 * A policy host over the files at a ref, for a folder on disk: a file URI below the repository is
 * read as the ref holds it (by its path's text, never through the working tree's links); anything
 * outside the repository is refused. `extends` packages come only from what the ref itself holds
 * in node_modules (a package this change installs is not trusted).
 */
export function refPolicyHost(tree: GitTree, folderPath: string): PolicyHost {
  const root = path.resolve(folderPath);
  const inRepo = (uri: string): string | undefined => {
    const rel = path.relative(root, uriToPath(uri)).split(path.sep).join('/');
    if (path.isAbsolute(rel)) return undefined;
    return tree.inRepository(rel) === undefined ? undefined : rel;
  };
  const read = (uri: string): string | undefined => {
    const rel = inRepo(uri);
    if (rel === undefined) return undefined;
    const r = tree.read(rel);
    return r.ok ? r.text : undefined;
  };
  return {
    readFile: read,
    refuse: (uri) => (inRepo(uri) === undefined ? 'it is outside the repository' : undefined),
    resolvePackage: (fromDirUri, name) => {
      if (name.split('/').includes('..')) return undefined;
      for (let dir = uriToPath(fromDirUri); inRepo(pathToUri(dir)) !== undefined; dir = path.dirname(dir)) {
        for (const candidate of [`${name}.json`, `${name}/techpolicy.json`]) {
          const uri = pathToUri(path.join(dir, 'node_modules', candidate));
          const rel = inRepo(uri);
          if (rel !== undefined && tree.file(rel)) return uri;
        }
        if (path.dirname(dir) === dir) return undefined;
      }
      return undefined;
    },
  };
}

/**
 * Opens the ref and loads the policy there. Throws GitError (one sentence) when git, the
 * repository or the ref is missing.
 */
export function loadTrustedPolicy(folderPath: string, policyUri: string, ref: string): TrustedPolicy {
  const tree = GitTree.open(folderPath, ref);
  const host = refPolicyHost(tree, folderPath);
  const source = `${path.basename(uriToPath(policyUri))} at ${ref}`;
  const rel = path.relative(path.resolve(folderPath), uriToPath(policyUri)).split(path.sep).join('/');
  const read = tree.read(rel);
  if (!read.ok && read.reason === 'does not exist') {
    // the check says what adopting means in its own report (cli/report.ts trustLine); every host gets the same facts
    const adopting = !tree.holdsAnywhere(path.basename(uriToPath(policyUri)));
    return { approvers: [], approvals: 'signed', source, problems: [`${source} does not exist: no approver is trusted, so no exception is granted.`], missing: true, adopting, host, tree };
  }
  if (!read.ok) {
    // there, but not readable (a partial clone without the blob, binary, too large): the trust root is not known
    return { approvers: [], approvals: 'signed', source, problems: [`${source} ${read.reason.startsWith('is ') ? read.reason : `cannot be read: ${read.reason}`}; no approver is trusted, so no exception is granted.`], missing: false, host, tree };
  }
  const loaded = loadPolicy(policyUri, read.text, host);
  return {
    approvers: loaded.policy.approvers,
    approvals: loaded.policy.approvals,
    source,
    // every problem weakens the trust root (a key that did not load, an allowed_signers file not read): CI stops on it
    problems: loaded.problems.map((p) => `${source}, line ${p.range.start.line + 1}: ${p.message}`),
    missing: false,
    policy: loaded.policy,
    loaded,
    host,
    tree,
  };
}
