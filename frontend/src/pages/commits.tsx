import { useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { DiffView } from '../code/diff-view';
import { commitsUrl, commitUrl, splitRevPath, treeUrl } from '../code/paths';
import { RefSwitcher, useRefNames } from '../code/refs';
import { PipelineLink, useBranchPipeline } from '../components/pipeline-status';
import { RepoHeader, RepoNotFound } from '../components/repo-header';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { timeAgo } from '../format';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { useViewer } from '../viewer';

const PAGE = 30;

const HistoryQuery = graphql(`
  query CommitHistory(
    $owner: String!
    $name: String!
    $expression: String!
    $path: String
    $first: Int!
    $after: String
  ) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      object(expression: $expression) {
        __typename
        oid
        ... on Commit {
          history(first: $first, after: $after, path: $path) {
            pageInfo {
              hasNextPage
              endCursor
            }
            nodes {
              oid
              abbreviatedOid
              messageHeadline
              authoredDate
              latestPipeline {
                id
                number
                status
              }
              author {
                name
                email
                date
              }
            }
          }
        }
      }
    }
  }
`);

/** `/:owner/:repo/commits/:rev/:path?`: a page of history, newest first, `?after=` for the next. */
export function CommitsPage({ owner, repo, tail }: { owner: string; repo: string; tail: string }) {
  const { viewer } = useViewer();
  const { query, url } = useLocation();
  const refs = useRefNames(owner, repo);
  const waitForRefs = !refs.ready && tail.includes('/');
  const { rev, path } = splitRevPath(tail, refs.all);
  const pipeline = useBranchPipeline(owner, repo, rev);
  const [{ data, fetching, error }] = useQuery({
    query: HistoryQuery,
    variables: { owner, name: repo, expression: rev, path: path || null, first: PAGE, after: query.after ?? null },
    pause: waitForRefs,
  });
  const repository = data?.repository;
  if ((!data && fetching) || waitForRefs) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const nwo = repository.nameWithOwner;
  const history = repository.object?.__typename === 'Commit' ? repository.object.history : null;
  const base = url.split('?')[0];
  return (
    <section>
      <RepoHeader repository={repository} active="code" />
      <div class="toolbar">
        <RefSwitcher owner={owner} name={repo} current={rev} path={path} view="commits" />
        <PipelineLink repo={nwo} mark={pipeline} />
        <h2 class="small">
          Commits
          {path ? (
            <>
              {' '}
              to <a href={treeUrl(nwo, rev, path)}>{path}</a>
            </>
          ) : null}
        </h2>
      </div>
      {!history ? (
        <Empty>
          <p>
            No commits on <code>{rev}</code>.
          </p>
        </Empty>
      ) : history.nodes.length === 0 ? (
        <Empty>
          <p>No commits.</p>
        </Empty>
      ) : (
        <ol class="list" aria-label="Commits">
          {history.nodes.map((commit) => (
            <li key={commit.oid}>
              <a class="title" href={commitUrl(nwo, commit.oid)}>
                {commit.messageHeadline || '(no message)'}
              </a>{' '}
              <PipelineLink repo={nwo} mark={commit.latestPipeline} />
              <span class="meta muted small">
                <code>{commit.abbreviatedOid}</code> · {commit.author.name} committed {timeAgo(commit.authoredDate)}
              </span>
            </li>
          ))}
        </ol>
      )}
      <nav class="row pager" aria-label="Pages">
        {query.after ? <a href={base}>Newest</a> : <span />}
        {history?.pageInfo.hasNextPage && history.pageInfo.endCursor ? (
          <a class="button" href={`${base}?after=${encodeURIComponent(history.pageInfo.endCursor)}`}>
            Older
          </a>
        ) : null}
      </nav>
    </section>
  );
}

const CommitQuery = graphql(`
  query CommitDetail($owner: String!, $name: String!, $oid: String!) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      object(expression: $oid) {
        __typename
        oid
        ... on Commit {
          abbreviatedOid
          messageHeadline
          messageBody
          authoredDate
          latestPipeline {
            id
            number
            status
          }
          author {
            name
            email
            date
          }
          committer {
            name
            email
            date
          }
          parents(first: 5) {
            nodes {
              oid
              abbreviatedOid
            }
          }
          diff {
            ...DiffFields
          }
        }
      }
    }
  }
`);

export function CommitPage({ owner, repo, oid }: { owner: string; repo: string; oid: string }) {
  const { viewer } = useViewer();
  const [{ data, fetching, error }] = useQuery({ query: CommitQuery, variables: { owner, name: repo, oid } });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const nwo = repository.nameWithOwner;
  const commit = repository.object?.__typename === 'Commit' ? repository.object : null;
  if (!commit) {
    return (
      <section>
        <RepoHeader repository={repository} active="code" />
        <Empty>
          <p>
            No commit <code>{oid}</code> here.
          </p>
        </Empty>
      </section>
    );
  }
  return (
    <section>
      <RepoHeader repository={repository} active="code" />
      <div class="card">
        <h2 class="commit-title">{commit.messageHeadline || '(no message)'}</h2>
        {commit.messageBody.trim() ? <pre class="body plain">{commit.messageBody.trim()}</pre> : null}
        <p class="muted small">
          {commit.author.name} authored {timeAgo(commit.authoredDate)}
          {commit.committer.name !== commit.author.name ? ` · ${commit.committer.name} committed` : ''}
        </p>
        <p class="muted small">
          commit <code>{commit.oid}</code> <PipelineLink repo={nwo} mark={commit.latestPipeline} />
          {commit.parents.nodes.map((p) => (
            <span key={p.oid}>
              {' · parent '}
              <a href={commitUrl(nwo, p.oid)}>
                <code>{p.abbreviatedOid}</code>
              </a>
            </span>
          ))}
          {' · '}
          <a href={treeUrl(nwo, commit.oid)}>Browse files</a>
          {' · '}
          <a href={commitsUrl(nwo, commit.oid)}>History</a>
        </p>
      </div>
      <DiffView diff={commit.diff} />
    </section>
  );
}
