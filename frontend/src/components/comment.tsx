import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { MarkdownEditor, MarkdownHTML } from '../markdown/html';
import { CommentByline } from './conversation';
import { ConfirmButton, ErrorNote } from './ui';

const UpdateIssueCommentMutation = graphql(`
  mutation UpdateIssueComment($input: UpdateIssueCommentInput!) {
    updateIssueComment(input: $input) {
      issueComment {
        id
        body
        bodyHTML
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
  /** The body rendered by the server (sanitized). */
  bodyHTML: string;
  createdAt: string;
  lastEditedAt?: string | null;
  author?: { login: string } | null;
};

/** One comment on an issue; its author (or whoever the server allows) may edit or delete it. */
export function IssueComment({
  comment,
  canEdit,
  canDelete,
  repositoryId,
}: {
  comment: CommentLike;
  canEdit: boolean;
  canDelete: boolean;
  /** Where the Preview resolves #123 references. */
  repositoryId?: string;
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
          <MarkdownEditor label="Edit comment" required value={draft} onInput={setDraft} repositoryId={repositoryId} />
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
        <MarkdownHTML html={comment.bodyHTML} />
      )}
      <ErrorNote message={errorMessage(deleteResult.error)} />
    </li>
  );
}
