import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { Markdown } from '../markdown/render';
import { CommentByline } from './conversation';
import { ConfirmButton, ErrorNote } from './ui';

const UpdateIssueCommentMutation = graphql(`
  mutation UpdateIssueComment($input: UpdateIssueCommentInput!) {
    updateIssueComment(input: $input) {
      issueComment {
        id
        body
        updatedAt
        lastEditedAt
      }
    }
  }
`);

const DeleteIssueCommentMutation = graphql(`
  mutation DeleteIssueComment($input: DeleteIssueCommentInput!) {
    deleteIssueComment(input: $input) {
      deletedCommentId
    }
  }
`);

export type CommentLike = {
  id: string;
  body: string;
  createdAt: string;
  lastEditedAt?: string | null;
  author?: { login: string } | null;
};

/**
 * Markdown typed by people: no repository context, so relative images stay
 * alt text and fenced code stays plain; raw HTML is shown as text.
 */
export function UserMarkdown({ text }: { text: string }) {
  return <Markdown source={text} />;
}

/** One comment on an issue; its author (or whoever the server allows) may edit or delete it. */
export function IssueComment({
  comment,
  canEdit,
  canDelete,
}: {
  comment: CommentLike;
  canEdit: boolean;
  canDelete: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(comment.body);
  const [updateResult, update] = useMutation(UpdateIssueCommentMutation);
  const [deleteResult, remove] = useMutation(DeleteIssueCommentMutation);
  const who = comment.author?.login ?? 'ghost';
  const save = async (event: Event) => {
    event.preventDefault();
    const { data } = await update({ input: { id: comment.id, body: draft } });
    if (data) setEditing(false);
  };
  return (
    <li class="card" aria-label={`Comment by ${who}`}>
      <div class="row">
        <CommentByline comment={comment}>
          {comment.lastEditedAt ? <span title={comment.lastEditedAt}> · edited</span> : null}
        </CommentByline>
        {!editing && (canEdit || canDelete) ? (
          <span class="actions">
            {canEdit ? (
              <button
                type="button"
                onClick={() => {
                  setDraft(comment.body);
                  setEditing(true);
                }}
              >
                Edit comment
              </button>
            ) : null}
            {canDelete ? (
              <ConfirmButton
                label="Delete comment"
                question="Delete this comment?"
                confirmLabel="Yes, delete it"
                busy={deleteResult.fetching}
                onConfirm={() => remove({ input: { id: comment.id } })}
              />
            ) : null}
          </span>
        ) : null}
      </div>
      {editing ? (
        <form class="stack" onSubmit={save}>
          <label>
            Edit comment
            <textarea rows={5} required value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
          </label>
          <ErrorNote message={errorMessage(updateResult.error)} />
          <div class="row actions">
            <button type="submit" class="primary" disabled={updateResult.fetching}>
              {updateResult.fetching ? 'Saving…' : 'Save comment'}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <UserMarkdown text={comment.body} />
      )}
      <ErrorNote message={errorMessage(deleteResult.error)} />
    </li>
  );
}
