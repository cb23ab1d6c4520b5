import { useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { CloneInstructions, Empty, ErrorNote, Loading } from '../components/ui';
import { timeAgo } from '../format';
import { graphql } from '../gql';
import type { IssueState } from '../gql/graphql';
import { errorMessage } from '../graphql/client';
import { useViewer } from '../viewer';

const RepositoryQuery = graphql(`
  query Repository($owner: String!, $name: String!, $states: [IssueState!]) {
    repository(owner: $owner, name: $name) {
      id
      name
      nameWithOwner
      description
      isPrivate
      cloneUrl
      pushedAt
      viewerPermission
      owner {
        id
        login
      }
      openIssueCount
      issues(first: 50, states: $states, newestFirst: true) {
        totalCount
        nodes {
          id
          number
          title
          state
          createdAt
          author {
            id
            login
          }
        }
      }
    }
  }
`);

const OPEN: IssueState[] = ['NEW', 'OPEN'];
const CLOSED: IssueState[] = ['CLOSED'];

export function RepositoryPage({ owner, repo }: { owner: string; repo: string }) {
  const { query } = useLocation();
  const { viewer } = useViewer();
  const showClosed = query.state === 'closed';
  const [{ data, fetching, error }] = useQuery({
    query: RepositoryQuery,
    variables: { owner, name: repo, states: showClosed ? CLOSED : OPEN },
  });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) {
    return (
      <section>
        <h1>Repository not found</h1>
        <p>
          <code>
            {owner}/{repo}
          </code>{' '}
          does not exist, or you may not see it.{' '}
          {viewer ? null : <a href={`/login?next=/${owner}/${repo}`}>Sign in</a>}
        </p>
      </section>
    );
  }
  const base = `/${repository.nameWithOwner}`;
  return (
    <section>
      <div class="row">
        <h1>
          {repository.owner.login} / {repository.name}
        </h1>
        {repository.isPrivate ? <span class="badge">Private</span> : <span class="badge">Public</span>}
      </div>
      {repository.description ? <p>{repository.description}</p> : null}
      {repository.pushedAt ? null : (
        <CloneInstructions cloneUrl={repository.cloneUrl} login={viewer?.login ?? null} />
      )}
      <section aria-labelledby="issues-heading">
        <div class="row">
          <h2 id="issues-heading">Issues</h2>
          {viewer ? (
            <a class="button primary" href={`${base}/issues/new`}>
              New issue
            </a>
          ) : null}
        </div>
        <nav class="tabs" aria-label="Issue state">
          <a href={`${base}/issues`} aria-current={showClosed ? undefined : 'page'}>
            Open ({repository.openIssueCount})
          </a>
          <a href={`${base}/issues?state=closed`} aria-current={showClosed ? 'page' : undefined}>
            Closed
          </a>
        </nav>
        <ErrorNote message={errorMessage(error)} />
        {repository.issues.nodes.length === 0 ? (
          <Empty>
            <p>{showClosed ? 'No closed issues.' : 'No open issues.'}</p>
          </Empty>
        ) : (
          <ul class="list" aria-label={showClosed ? 'Closed issues' : 'Open issues'}>
            {repository.issues.nodes.map((issue) => (
              <li key={issue.id}>
                <a class="title" href={`${base}/issues/${issue.number}`}>
                  {issue.title}
                </a>
                <span class="muted small">
                  #{issue.number} opened {timeAgo(issue.createdAt)}
                  {issue.author ? ` by ${issue.author.login}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {repository.pushedAt ? (
        <details>
          <summary>Clone</summary>
          <CloneInstructions cloneUrl={repository.cloneUrl} login={viewer?.login ?? null} />
        </details>
      ) : null}
    </section>
  );
}
