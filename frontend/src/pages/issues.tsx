import { useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { LabelList } from '../components/label';
import { RepoHeader, RepoNotFound } from '../components/repo-header';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { timeAgo } from '../format';
import { graphql } from '../gql';
import type { IssueState } from '../gql/graphql';
import { errorMessage } from '../graphql/client';
import { useViewer } from '../viewer';

const IssuesQuery = graphql(`
  query RepositoryIssues($owner: String!, $name: String!, $states: [IssueState!]) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
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
          labels {
            id
            name
            color
            description
          }
        }
      }
    }
  }
`);

const OPEN: IssueState[] = ['NEW', 'OPEN'];
const CLOSED: IssueState[] = ['CLOSED'];

export function IssuesPage({ owner, repo }: { owner: string; repo: string }) {
  const { query } = useLocation();
  const { viewer } = useViewer();
  const showClosed = query.state === 'closed';
  const [{ data, fetching, error }] = useQuery({
    query: IssuesQuery,
    variables: { owner, name: repo, states: showClosed ? CLOSED : OPEN },
  });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const base = `/${repository.nameWithOwner}`;
  return (
    <section>
      <RepoHeader repository={repository} active="issues" />
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
              <LabelList labels={issue.labels} />
              <span class="meta muted small">
                #{issue.number} opened {timeAgo(issue.createdAt)}
                {issue.author ? ` by ${issue.author.login}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
