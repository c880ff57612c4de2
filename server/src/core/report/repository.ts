/**
 * Where a repository lives on the web, from its `origin` remote, so a page can link a document
 * to it (`https://github.com/acme/shop/blob/COMMIT/docs/…`). Pure text: the Node host asks git.
 */
import { trimChars } from '../text';

/**
 * The web address of a remote URL: `git@github.com:acme/shop.git`, `ssh://git@host:22/acme/shop`,
 * `https://user:token@github.com/acme/shop.git` → `https://github.com/acme/shop` (never the
 * credentials). Undefined for a local path, `file://` or anything else.
 */
export function webAddressOf(remote: string): string | undefined {
  const text = remote.trim();
  let host: string;
  let repoPath: string;
  const scp = /^[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):(?!\/)(.+)$/.exec(text);
  if (scp) {
    host = scp[1];
    repoPath = scp[2];
  } else {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:'].includes(url.protocol) || !url.hostname) return undefined;
    host = url.hostname;
    repoPath = url.pathname.replace(/^\/+/, '');
  }
  repoPath = trimChars(repoPath.replace(/\.git\/?$/, ''), '/', 'end');
  if (!/^[A-Za-z0-9.-]+$/.test(host) || !/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)+$/.test(repoPath)) return undefined;
  return `https://${host}/${repoPath}`;
}

/** The address of a file at a commit: GitLab's `/-/blob/`, Bitbucket's `/src/`, else GitHub's `/blob/`. */
export function fileAddress(web: string, commit: string | undefined, file: string): string {
  const at = encodeURIComponent(commit ?? 'HEAD');
  const rel = file.split('/').map(encodeURIComponent).join('/');
  const host = new URL(web).hostname;
  const kind = /(^|\.)gitlab\./.test(host) ? '-/blob' : /(^|\.)bitbucket\.org$/.test(host) ? 'src' : 'blob';
  return `${web}/${kind}/${at}/${rel}`;
}
