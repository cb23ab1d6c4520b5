import { graphql } from '../gql';
import type { RepoHeaderFieldsFragment } from '../gql/graphql';

export const RepoHeaderFields = graphql(`
  fragment RepoHeaderFields on Repository {
    id
    name
    nameWithOwner
    isPrivate
    viewerPermission
    openIssueCount
    owner {
      id
      login
    }
  }
`);

export type RepoTab = 'code' | 'issues' | 'pulls' | 'pipelines' | 'labels' | 'releases' | 'milestones' | 'settings';

export function canWrite(repository: { viewerPermission?: string | null }): boolean {
  return repository.viewerPermission === 'WRITE' || repository.viewerPermission === 'ADMIN';
}

const TAB_TITLES: Record<RepoTab, string> = {
  code: '',
  issues: 'Issues',
  pulls: 'Pull requests',
  pipelines: 'Pipelines',
  labels: 'Labels',
  releases: 'Releases',
  milestones: 'Milestones',
  settings: 'Settings',
};

/** The repository's name, visibility and its sections, on every repository page. The tab's
 * title is `title` (else the section's name), then the repository (see title.ts). */
export function RepoHeader({
  repository,
  active,
  title,
}: {
  repository: RepoHeaderFieldsFragment;
  active: RepoTab;
  title?: string;
}) {
  const pageTitle = title ?? TAB_TITLES[active];
  const base = `/${repository.nameWithOwner}`;
  const tab = (name: RepoTab, href: string, label: string) => (
    <a href={href} aria-current={active === name ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <header class="repo-header" data-title={pageTitle ? `${pageTitle} · ${repository.nameWithOwner}` : undefined}>
      <div class="row">
        <h1>
          <a href={`/${repository.owner.login}`}>{repository.owner.login}</a> / <a href={base}>{repository.name}</a>
        </h1>
        <span class="badge">{repository.isPrivate ? 'Private' : 'Public'}</span>
      </div>
      <nav class="tabs" aria-label="Repository">
        {tab('code', base, 'Code')}
        {tab('issues', `${base}/issues`, `Issues (${repository.openIssueCount})`)}
        {tab('pulls', `${base}/pulls`, 'Pull requests')}
        {tab('pipelines', `${base}/pipelines`, 'Pipelines')}
        {tab('releases', `${base}/releases`, 'Releases')}
        {tab('milestones', `${base}/milestones`, 'Milestones')}
        {tab('labels', `${base}/labels`, 'Labels')}
        {repository.viewerPermission === 'ADMIN' ? tab('settings', `${base}/settings`, 'Settings') : null}
      </nav>
    </header>
  );
}

export function RepoNotFound({ owner, repo, signedIn }: { owner: string; repo: string; signedIn: boolean }) {
  return (
    <section>
      <h1>Repository not found</h1>
      <p>
        <code>
          {owner}/{repo}
        </code>{' '}
        does not exist, or you may not see it.{' '}
        {signedIn ? null : <a href={`/login?next=${encodeURIComponent(`/${owner}/${repo}`)}`}>Sign in</a>}
      </p>
    </section>
  );
}
