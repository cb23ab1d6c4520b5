import { timeAgo } from '../format';
import { graphql } from '../gql';
import type { RepoSummaryFieldsFragment } from '../gql/graphql';
import { Empty } from './ui';

export const RepoSummaryFields = graphql(`
  fragment RepoSummaryFields on Repository {
    id
    name
    nameWithOwner
    description
    isPrivate
    openIssueCount
    pushedAt
    updatedAt
  }
`);

/** When the repository last changed: its last push, else its last edit. */
export function lastActive(repo: { pushedAt?: string | null; updatedAt: string }): string {
  return repo.pushedAt && repo.pushedAt > repo.updatedAt ? repo.pushedAt : repo.updatedAt;
}

/** The most recently active repositories first, at most `limit`. */
export function mostRecent<T extends { pushedAt?: string | null; updatedAt: string; id: string }>(
  repos: readonly T[],
  limit: number,
): T[] {
  const seen = new Set<string>();
  return [...repos]
    .filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)))
    .sort((a, b) => (lastActive(b) > lastActive(a) ? 1 : lastActive(b) < lastActive(a) ? -1 : 0))
    .slice(0, limit);
}

export function RepoList({
  repos,
  label,
  empty,
}: {
  repos: readonly RepoSummaryFieldsFragment[];
  label: string;
  empty: string;
}) {
  if (repos.length === 0) {
    return (
      <Empty>
        <p>{empty}</p>
      </Empty>
    );
  }
  return (
    <ul class="list" aria-label={label}>
      {repos.map((repo) => (
        <li key={repo.id}>
          <a href={`/${repo.nameWithOwner}`} class="title">
            {repo.nameWithOwner}
          </a>
          <span class="badge">{repo.isPrivate ? 'Private' : 'Public'}</span>
          {repo.description ? <p class="muted">{repo.description}</p> : null}
          <span class="meta muted small">
            {repo.openIssueCount} open {repo.openIssueCount === 1 ? 'issue' : 'issues'} · updated{' '}
            {timeAgo(lastActive(repo))}
          </span>
        </li>
      ))}
    </ul>
  );
}
