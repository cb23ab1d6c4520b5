/** URLs of the code views, with each path segment encoded. */

export function encodePath(path: string): string {
  return path.split('/').filter(Boolean).map(encodeURIComponent).join('/');
}

export function treeUrl(repo: string, rev: string, path = ''): string {
  const tail = encodePath(path);
  return `/${repo}/tree/${encodePath(rev)}${tail ? `/${tail}` : ''}`;
}

export function blobUrl(repo: string, rev: string, path: string): string {
  return `/${repo}/blob/${encodePath(rev)}/${encodePath(path)}`;
}

export function rawUrl(repo: string, rev: string, path: string): string {
  return `/${repo}/raw/${encodePath(rev)}/${encodePath(path)}`;
}

/** The web route streaming `git archive` of `rev` (a branch, tag or commit id). */
export function archiveUrl(repo: string, rev: string, format: 'zip' | 'tar.gz'): string {
  return `/${repo}/archive/${encodePath(rev)}.${format}`;
}

export function commitsUrl(repo: string, rev: string, path = ''): string {
  const tail = encodePath(path);
  return `/${repo}/commits/${encodePath(rev)}${tail ? `/${tail}` : ''}`;
}

export function commitUrl(repo: string, oid: string): string {
  return `/${repo}/commit/${oid}`;
}

/**
 * Split "feature/x/src/app.py" into a revision and a path: the longest known
 * branch or tag name that prefixes it wins, else the first segment (an oid or
 * an unknown name, which the server then answers with nothing).
 */
export function splitRevPath(rest: string, refNames: readonly string[]): { rev: string; path: string } {
  const clean = rest.split('/').filter(Boolean).join('/');
  let best = '';
  for (const name of refNames) {
    if ((clean === name || clean.startsWith(`${name}/`)) && name.length > best.length) best = name;
  }
  const rev = best || clean.split('/')[0] || '';
  return { rev, path: clean.slice(rev.length).replace(/^\//, '') };
}

/** Resolve a link in a Markdown file at `dir` against the repository tree. */
export function resolveRelative(dir: string, href: string): { path: string; suffix: string } {
  const cut = href.search(/[?#]/);
  const target = cut < 0 ? href : href.slice(0, cut);
  const suffix = cut < 0 ? '' : href.slice(cut);
  const parts = target.startsWith('/') ? [] : dir.split('/').filter(Boolean);
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return { path: parts.join('/'), suffix };
}
