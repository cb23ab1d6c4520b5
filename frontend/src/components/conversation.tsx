import type { ComponentChildren } from 'preact';
import { timeAgo } from '../format';
import type { IssueState, PullRequestState } from '../gql/graphql';

/** Issues and pull requests share one look for their state (the deprecated NEW is never returned; open if it were). */
const STATE: Record<IssueState | PullRequestState, { css: string; name: string }> = {
  NEW: { css: 'state-open', name: 'Open' },
  OPEN: { css: 'state-open', name: 'Open' },
  MERGED: { css: 'state-merged', name: 'Merged' },
  CLOSED: { css: 'state-closed', name: 'Closed' },
};

export function StateBadge({ state }: { state: IssueState | PullRequestState }) {
  return <span class={`badge ${STATE[state].css}`}>{STATE[state].name}</span>;
}

/** The title, number and state of an issue or pull request; `children` is the line after the badge. */
export function ConversationHeading({
  title,
  number,
  state,
  children,
}: {
  title: string;
  number: number;
  state: IssueState | PullRequestState;
  children: ComponentChildren;
}) {
  return (
    <>
      <h2 class="issue-title">
        {title} <span class="muted">#{number}</span>
      </h2>
      <p>
        <StateBadge state={state} /> <span class="muted small">{children}</span>
      </p>
    </>
  );
}

/** "who commented when" above a comment; `children` follows on the same line. */
export function CommentByline({
  comment,
  children,
}: {
  comment: { createdAt: string; author?: { login: string } | null };
  children?: ComponentChildren;
}) {
  return (
    <p class="muted small">
      <strong>{comment.author?.login ?? 'ghost'}</strong> commented {timeAgo(comment.createdAt)}
      {children}
    </p>
  );
}
