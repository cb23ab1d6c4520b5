import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { IssueComment } from '../components/comment';
import { ConversationHeading } from '../components/conversation';
import { Assignees, MilestonePicker } from '../components/issue-sidebar';
import { LabelList } from '../components/label';
import { LabelPicker } from '../components/label-picker';
import { RepoHeader } from '../components/repo-header';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { timeAgo } from '../format';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { MarkdownEditor, MarkdownHTML } from '../markdown/html';
import { useViewer } from '../viewer';

const IssueQuery = graphql(`
  query Issue($owner: String!, $name: String!, $number: Int!) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      labels(first: 100) {
        nodes {
          id
          name
          color
          description
        }
      }
      milestones(first: 100, states: [OPEN]) {
        nodes {
          id
          number
          title
        }
      }
      issue(number: $number) {
        id
        number
        title
        body
        bodyHTML
        state
        closed
        createdAt
        author {
          id
          login
        }
        ...IssueMetaFields
        comments(first: 100) {
          totalCount
          nodes {
            id
            body
            bodyHTML
            createdAt
            lastEditedAt
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

const AddCommentMutation = graphql(`
  mutation AddComment($input: AddCommentInput!) {
    addComment(input: $input) {
      comment {
        id
        body
        bodyHTML
        createdAt
        lastEditedAt
        author {
          id
          login
        }
      }
    }
  }
`);

const CloseIssueMutation = graphql(`
  mutation CloseIssue($input: CloseIssueInput!) {
    closeIssue(input: $input) {
      issue {
        id
        state
        closed
      }
    }
  }
`);

const ReopenIssueMutation = graphql(`
  mutation ReopenIssue($input: ReopenIssueInput!) {
    reopenIssue(input: $input) {
      issue {
        id
        state
        closed
      }
    }
  }
`);

export function IssuePage({ owner, repo, number }: { owner: string; repo: string; number: string }) {
  const { viewer } = useViewer();
  const [{ data, fetching, error }] = useQuery({
    query: IssueQuery,
    variables: { owner, name: repo, number: Number.parseInt(number, 10) || 0 },
  });
  const [comment, setComment] = useState('');
  const [commentResult, addComment] = useMutation(AddCommentMutation);
  const [closeResult, closeIssue] = useMutation(CloseIssueMutation);
  const [reopenResult, reopenIssue] = useMutation(ReopenIssueMutation);

  if (!data && fetching) return <Loading />;
  if (!data && error) return <ErrorNote message={errorMessage(error)} />;
  const repository = data?.repository;
  const issue = repository?.issue;
  if (!repository || !issue) {
    return (
      <section>
        <h1>Issue not found</h1>
        <p>
          <a href={`/${owner}/${repo}`}>
            Back to {owner}/{repo}
          </a>
        </p>
      </section>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    const result = await addComment({ input: { subjectId: issue.id, body: comment } });
    if (result.data) setComment('');
  };
  const canWrite = repository.viewerPermission === 'WRITE' || repository.viewerPermission === 'ADMIN';
  const isAdmin = repository.viewerPermission === 'ADMIN';
  const base = `/${repository.nameWithOwner}`;
  const isAuthor = viewer !== null && issue.author?.login === viewer.login;
  const toggling = closeResult.fetching || reopenResult.fetching;

  return (
    <article>
      <RepoHeader repository={repository} active="issues" />
      <ConversationHeading title={issue.title} number={issue.number} state={issue.state}>
        {issue.author ? `${issue.author.login} opened this ` : 'Opened '}
        {timeAgo(issue.createdAt)}
      </ConversationHeading>
      <div class="issue-labels">
        <LabelList labels={issue.labels.nodes} />
        {canWrite ? (
          <LabelPicker
            issueId={issue.id}
            chosen={issue.labels.nodes}
            available={repository.labels.nodes}
            labelsHref={`${base}/labels`}
          />
        ) : null}
      </div>
      <div class="issue-layout">
        <div class="issue-main">
          <div class="card issue-body">
            {issue.body ? <MarkdownHTML html={issue.bodyHTML} /> : <p class="muted">No description provided.</p>}
          </div>
          <h3>Comments ({issue.comments.totalCount})</h3>
          {issue.comments.nodes.length === 0 ? <Empty>No comments yet.</Empty> : null}
          <ol class="comments" aria-label="Comments">
            {issue.comments.nodes.map((c) => {
              const mine = viewer !== null && c.author?.login === viewer.login;
              return (
                <IssueComment
                  key={c.id}
                  comment={c}
                  canEdit={mine || canWrite}
                  canDelete={mine || isAdmin}
                  repositoryId={repository.id}
                />
              );
            })}
          </ol>
          {viewer ? (
            <form onSubmit={submit} class="stack">
              <MarkdownEditor
                label="Add a comment"
                name="comment"
                required
                value={comment}
                onInput={setComment}
                repositoryId={repository.id}
              />
              <ErrorNote message={errorMessage(commentResult.error ?? closeResult.error ?? reopenResult.error)} />
              <div class="row">
                <button type="submit" class="primary" disabled={commentResult.fetching}>
                  {commentResult.fetching ? 'Commenting…' : 'Comment'}
                </button>
                {canWrite || isAuthor ? (
                  issue.closed ? (
                    <button
                      type="button"
                      disabled={toggling}
                      onClick={() => reopenIssue({ input: { issueId: issue.id } })}
                    >
                      Reopen issue
                    </button>
                  ) : (
                    <button
                      type="button"
                      disabled={toggling}
                      onClick={() => closeIssue({ input: { issueId: issue.id } })}
                    >
                      Close issue
                    </button>
                  )
                ) : null}
              </div>
            </form>
          ) : (
            <p>
              <a href={`/login?next=/${owner}/${repo}/issues/${issue.number}`}>Sign in</a> to comment.
            </p>
          )}
        </div>
        <aside class="issue-side" aria-label="Issue details">
          <Assignees
            issueId={issue.id}
            assignees={issue.assignees.nodes}
            editable={canWrite}
            viewerLogin={viewer?.login ?? null}
            repository={{ owner: repository.owner.login, name: repository.name }}
          />
          <MilestonePicker
            issueId={issue.id}
            milestone={issue.milestone}
            available={repository.milestones.nodes}
            editable={canWrite}
            issuesHref={`${base}/issues`}
            milestonesHref={`${base}/milestones`}
          />
        </aside>
      </div>
    </article>
  );
}
