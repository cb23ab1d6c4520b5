import { useMutation, useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { DiffView } from '../code/diff-view';
import { CommentByline, ConversationHeading, StateBadge } from '../components/conversation';
import { RepoHeader, RepoNotFound } from '../components/repo-header';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { timeAgo } from '../format';
import { graphql } from '../gql';
import type { PullRequestMergeMethod, PullRequestState } from '../gql/graphql';
import { errorMessage } from '../graphql/client';
import { MarkdownEditor, MarkdownHTML } from '../markdown/html';
import { useViewer } from '../viewer';

const PullsQuery = graphql(`
  query RepositoryPulls($owner: String!, $name: String!, $states: [PullRequestState!]) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      pullRequests(first: 50, states: $states, newestFirst: true) {
        totalCount
        nodes {
          id
          number
          title
          state
          createdAt
          headRefName
          baseRefName
          author {
            id
            login
          }
        }
      }
    }
  }
`);

const TABS: { key: string; label: string; states: PullRequestState[] }[] = [
  { key: 'open', label: 'Open', states: ['OPEN'] },
  { key: 'merged', label: 'Merged', states: ['MERGED'] },
  { key: 'closed', label: 'Closed', states: ['CLOSED'] },
];

export function PullsPage({ owner, repo }: { owner: string; repo: string }) {
  const { query } = useLocation();
  const { viewer } = useViewer();
  const tab = TABS.find((t) => t.key === query.state) ?? TABS[0];
  const [{ data, fetching, error }] = useQuery({
    query: PullsQuery,
    variables: { owner, name: repo, states: tab.states },
  });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const base = `/${repository.nameWithOwner}`;
  const pulls = repository.pullRequests.nodes;
  return (
    <section>
      <RepoHeader repository={repository} active="pulls" />
      <div class="row">
        <h2>Pull requests</h2>
        {viewer ? (
          <a class="button primary" href={`${base}/pulls/new`}>
            New pull request
          </a>
        ) : null}
      </div>
      <nav class="tabs" aria-label="Pull request state">
        {TABS.map((t) => (
          <a
            key={t.key}
            href={t.key === 'open' ? `${base}/pulls` : `${base}/pulls?state=${t.key}`}
            aria-current={t === tab ? 'page' : undefined}
          >
            {t.label}
          </a>
        ))}
      </nav>
      {pulls.length === 0 ? (
        <Empty>
          <p>No {tab.label.toLowerCase()} pull requests.</p>
        </Empty>
      ) : (
        <ul class="list" aria-label={`${tab.label} pull requests`}>
          {pulls.map((pr) => (
            <li key={pr.id}>
              <a class="title" href={`${base}/pull/${pr.number}`}>
                {pr.title}
              </a>
              <StateBadge state={pr.state} />
              <span class="meta muted small">
                #{pr.number} · <code>{pr.headRefName}</code> → <code>{pr.baseRefName}</code> · opened{' '}
                {timeAgo(pr.createdAt)}
                {pr.author ? ` by ${pr.author.login}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const CreatePullRequestMutation = graphql(`
  mutation CreatePullRequest($input: CreatePullRequestInput!) {
    createPullRequest(input: $input) {
      pullRequest {
        id
        number
      }
    }
  }
`);

const NewPullQuery = graphql(`
  query NewPullRequest($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      defaultBranch
    }
  }
`);

export function NewPullPage({ owner, repo }: { owner: string; repo: string }) {
  const { viewer } = useViewer();
  const { query, route } = useLocation();
  const [{ data, fetching, error }] = useQuery({ query: NewPullQuery, variables: { owner, name: repo } });
  const [head, setHead] = useState(query.head ?? '');
  const [baseRef, setBaseRef] = useState<string | null>(query.base ?? null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [result, create] = useMutation(CreatePullRequestMutation);
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const base = baseRef ?? repository.defaultBranch;
  const submit = async (event: Event) => {
    event.preventDefault();
    const input = {
      repositoryId: repository.id,
      headRefName: head.trim(),
      baseRefName: base.trim(),
      title: title.trim(),
      body,
    };
    const { data: created } = await create({ input });
    if (created) route(`/${repository.nameWithOwner}/pull/${created.createPullRequest.pullRequest.number}`);
  };
  return (
    <section>
      <RepoHeader repository={repository} active="pulls" />
      <h2>Open a pull request</h2>
      <form class="stack" onSubmit={submit}>
        <div class="fields">
          <label>
            Base branch
            <input name="base" required value={base} onInput={(e) => setBaseRef(e.currentTarget.value)} />
          </label>
          <label>
            Head branch
            <input name="head" required value={head} onInput={(e) => setHead(e.currentTarget.value)} />
          </label>
        </div>
        <label>
          Title
          <input name="title" required maxLength={256} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <MarkdownEditor
          label={
            <>
              Description <span class="muted">(optional)</span>
            </>
          }
          name="body"
          rows={6}
          value={body}
          onInput={setBody}
          repositoryId={repository.id}
        />
        <ErrorNote message={errorMessage(result.error)} />
        <button type="submit" class="primary" disabled={result.fetching}>
          {result.fetching ? 'Creating…' : 'Create pull request'}
        </button>
      </form>
    </section>
  );
}

const PullQuery = graphql(`
  query PullRequestDetail($owner: String!, $name: String!, $number: Int!) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      pullRequest(number: $number) {
        id
        number
        title
        body
        bodyHTML
        state
        merged
        mergeable
        headRefName
        baseRefName
        headRefOid
        mergedAt
        mergeCommitOid
        createdAt
        viewerCanUpdate
        viewerCanMerge
        additions
        deletions
        changedFiles
        author {
          id
          login
        }
        mergedBy {
          id
          login
        }
        comments(first: 100) {
          totalCount
          nodes {
            id
            body
            bodyHTML
            createdAt
            author {
              id
              login
            }
          }
        }
      }
    }
  }
`);

const PullCommitsQuery = graphql(`
  query PullRequestCommits($owner: String!, $name: String!, $number: Int!) {
    repository(owner: $owner, name: $name) {
      id
      pullRequest(number: $number) {
        id
        commits(first: 100) {
          totalCount
          nodes {
            commit {
              oid
              messageHeadline
              author {
                name
                date
              }
            }
          }
        }
      }
    }
  }
`);

const PullFilesQuery = graphql(`
  query PullRequestFiles($owner: String!, $name: String!, $number: Int!) {
    repository(owner: $owner, name: $name) {
      id
      pullRequest(number: $number) {
        id
        diff {
          ...DiffFields
        }
      }
    }
  }
`);

const MergeMutation = graphql(`
  mutation MergePullRequest($input: MergePullRequestInput!) {
    mergePullRequest(input: $input) {
      pullRequest {
        id
        state
        merged
        mergedAt
        mergeCommitOid
        mergeable
        mergedBy {
          id
          login
        }
      }
    }
  }
`);

const UpdateStateMutation = graphql(`
  mutation UpdatePullRequestState($input: UpdatePullRequestInput!) {
    updatePullRequest(input: $input) {
      pullRequest {
        id
        state
        merged
      }
    }
  }
`);

const CommentMutation = graphql(`
  mutation AddPullRequestComment($input: AddPullRequestCommentInput!) {
    addPullRequestComment(input: $input) {
      comment {
        id
        body
        bodyHTML
        createdAt
      }
    }
  }
`);

type Tab = 'conversation' | 'commits' | 'files';

export function PullPage({ owner, repo, number }: { owner: string; repo: string; number: string }) {
  const { viewer } = useViewer();
  const { query } = useLocation();
  const n = Number.parseInt(number, 10) || 0;
  const [{ data, fetching, error }] = useQuery({ query: PullQuery, variables: { owner, name: repo, number: n } });
  const tab: Tab = query.tab === 'commits' || query.tab === 'files' ? query.tab : 'conversation';
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const pr = repository.pullRequest;
  if (!pr) {
    return (
      <section>
        <RepoHeader repository={repository} active="pulls" />
        <Empty>
          <p>No pull request #{number}.</p>
        </Empty>
      </section>
    );
  }
  const base = `/${repository.nameWithOwner}/pull/${pr.number}`;
  return (
    <article>
      <RepoHeader repository={repository} active="pulls" />
      <ConversationHeading title={pr.title} number={pr.number} state={pr.state}>
        {pr.author?.login ?? 'ghost'} wants to merge <code>{pr.headRefName}</code> into <code>{pr.baseRefName}</code> ·
        opened {timeAgo(pr.createdAt)}
      </ConversationHeading>
      <nav class="tabs" aria-label="Pull request">
        <a href={base} aria-current={tab === 'conversation' ? 'page' : undefined}>
          Conversation ({pr.comments.totalCount})
        </a>
        <a href={`${base}?tab=commits`} aria-current={tab === 'commits' ? 'page' : undefined}>
          Commits
        </a>
        <a href={`${base}?tab=files`} aria-current={tab === 'files' ? 'page' : undefined}>
          Files changed ({pr.changedFiles})
        </a>
      </nav>
      {tab === 'commits' ? (
        <PullCommits owner={owner} repo={repo} number={n} />
      ) : tab === 'files' ? (
        <PullFiles owner={owner} repo={repo} number={n} />
      ) : (
        <Conversation pr={pr} signedIn={viewer !== null} next={base} repositoryId={repository.id} />
      )}
    </article>
  );
}

type PullData = NonNullable<NonNullable<import('../gql/graphql').PullRequestDetailQuery['repository']>['pullRequest']>;

function Conversation({
  pr,
  signedIn,
  next,
  repositoryId,
}: {
  pr: PullData;
  signedIn: boolean;
  next: string;
  repositoryId: string;
}) {
  const [comment, setComment] = useState('');
  const [commentResult, addComment] = useMutation(CommentMutation);
  const submit = async (event: Event) => {
    event.preventDefault();
    const { data } = await addComment({ input: { pullRequestId: pr.id, body: comment } });
    if (data) setComment('');
  };
  return (
    <>
      <div class="card issue-body">
        {pr.body ? <MarkdownHTML html={pr.bodyHTML} /> : <p class="muted">No description provided.</p>}
      </div>
      <ol class="comments" aria-label="Comments">
        {pr.comments.nodes.map((c) => (
          <li key={c.id} class="card">
            <CommentByline comment={c} />
            <MarkdownHTML html={c.bodyHTML} />
          </li>
        ))}
      </ol>
      <MergeBox pr={pr} />
      {signedIn ? (
        <form onSubmit={submit} class="stack">
          <MarkdownEditor
            label="Add a comment"
            name="comment"
            rows={4}
            required
            value={comment}
            onInput={setComment}
            repositoryId={repositoryId}
          />
          <ErrorNote message={errorMessage(commentResult.error)} />
          <button type="submit" class="primary" disabled={commentResult.fetching}>
            Comment
          </button>
        </form>
      ) : (
        <p>
          <a href={`/login?next=${encodeURIComponent(next)}`}>Sign in</a> to comment.
        </p>
      )}
    </>
  );
}

const MERGEABILITY: Record<string, string> = {
  MERGEABLE: 'This branch has no conflicts with the base branch.',
  CONFLICTING: 'This branch has conflicts that must be resolved before merging.',
  UNKNOWN: 'Checking whether this branch merges cleanly…',
};

function MergeBox({ pr }: { pr: PullData }) {
  const [method, setMethod] = useState<PullRequestMergeMethod>('MERGE');
  const [mergeResult, merge] = useMutation(MergeMutation);
  const [stateResult, setState] = useMutation(UpdateStateMutation);
  if (pr.state === 'MERGED') {
    return (
      <section class="card merge-box merged" aria-label="Merge">
        <p>
          Merged{pr.mergedBy ? ` by ${pr.mergedBy.login}` : ''} {pr.mergedAt ? timeAgo(pr.mergedAt) : ''}
          {pr.mergeCommitOid ? (
            <>
              {' '}
              as <code>{pr.mergeCommitOid.slice(0, 7)}</code>
            </>
          ) : null}
          .
        </p>
      </section>
    );
  }
  const open = pr.state === 'OPEN';
  return (
    <section class="card merge-box stack" aria-label="Merge">
      {open ? (
        <p
          role="status"
          class={pr.mergeable === 'CONFLICTING' ? 'error' : pr.mergeable === 'MERGEABLE' ? 'ok' : 'muted'}
        >
          {MERGEABILITY[pr.mergeable]}
        </p>
      ) : (
        <p class="muted">This pull request is closed.</p>
      )}
      {open && pr.viewerCanMerge ? (
        <div class="row merge-actions">
          <label>
            <span class="sr-only">Merge method</span>
            <select
              value={method}
              onChange={(e) => setMethod(e.currentTarget.value as PullRequestMergeMethod)}
              aria-label="Merge method"
            >
              <option value="MERGE">Create a merge commit</option>
              <option value="SQUASH">Squash and merge</option>
              <option value="REBASE">Rebase</option>
              <option value="FAST_FORWARD">Fast-forward</option>
            </select>
          </label>
          <button
            type="button"
            class="primary"
            disabled={mergeResult.fetching || pr.mergeable === 'CONFLICTING'}
            onClick={() =>
              merge({ input: { pullRequestId: pr.id, mergeMethod: method, expectedHeadOid: pr.headRefOid } })
            }
          >
            {mergeResult.fetching ? 'Merging…' : 'Merge pull request'}
          </button>
        </div>
      ) : null}
      <ErrorNote message={errorMessage(mergeResult.error ?? stateResult.error)} />
      {pr.viewerCanUpdate ? (
        <div>
          <button
            type="button"
            disabled={stateResult.fetching}
            onClick={() => setState({ input: { pullRequestId: pr.id, state: open ? 'CLOSED' : 'OPEN' } })}
          >
            {open ? 'Close pull request' : 'Reopen pull request'}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function PullCommits({ owner, repo, number }: { owner: string; repo: string; number: number }) {
  const [{ data, fetching, error }] = useQuery({ query: PullCommitsQuery, variables: { owner, name: repo, number } });
  const commits = data?.repository?.pullRequest?.commits;
  if (!data && fetching) return <Loading />;
  if (!commits) return <ErrorNote message={errorMessage(error) ?? 'No commits.'} />;
  if (commits.nodes.length === 0) return <Empty>No commits.</Empty>;
  return (
    <ol class="list" aria-label="Commits">
      {commits.nodes.map(({ commit: c }) => (
        <li key={c.oid}>
          <a class="title" href={`/${owner}/${repo}/commit/${c.oid}`}>
            {c.messageHeadline || '(no message)'}
          </a>
          <span class="meta muted small">
            <code>{c.oid.slice(0, 7)}</code> · {c.author.name} {timeAgo(c.author.date)}
          </span>
        </li>
      ))}
    </ol>
  );
}

function PullFiles({ owner, repo, number }: { owner: string; repo: string; number: number }) {
  const [{ data, fetching, error }] = useQuery({ query: PullFilesQuery, variables: { owner, name: repo, number } });
  const diff = data?.repository?.pullRequest?.diff;
  if (!data && fetching) return <Loading />;
  if (!diff) return <ErrorNote message={errorMessage(error) ?? 'No changes.'} />;
  return <DiffView diff={diff} />;
}
