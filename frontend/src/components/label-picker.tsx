import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { LabelChip, type LabelLike } from './label';
import { closeOnEscape, ErrorNote } from './ui';

const AddLabelsMutation = graphql(`
  mutation AddLabels($input: LabelableInput!) {
    addLabelsToLabelable(input: $input) {
      labelable {
        id
        labels(first: 100) {
          nodes {
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

const RemoveLabelsMutation = graphql(`
  mutation RemoveLabels($input: LabelableInput!) {
    removeLabelsFromLabelable(input: $input) {
      labelable {
        id
        labels(first: 100) {
          nodes {
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

/** Checkboxes that add or remove a repository's labels on one issue. */
export function LabelPicker({
  issueId,
  chosen,
  available,
  labelsHref,
}: {
  issueId: string;
  chosen: readonly LabelLike[];
  available: readonly LabelLike[];
  labelsHref: string;
}) {
  const [addResult, add] = useMutation(AddLabelsMutation);
  const [removeResult, remove] = useMutation(RemoveLabelsMutation);
  // What the viewer asked for, shown at once while the server catches up.
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const on = new Set(chosen.map((l) => l.id));
  const toggle = async (id: string, checked: boolean) => {
    setPending((p) => ({ ...p, [id]: checked }));
    const input = { labelableId: issueId, labelIds: [id] };
    await (checked ? add({ input }) : remove({ input }));
    setPending(({ [id]: _, ...rest }) => rest);
  };
  return (
    <details class="picker" onKeyDown={closeOnEscape}>
      <summary>Edit labels</summary>
      <fieldset>
        <legend class="sr-only">Labels</legend>
        {available.length === 0 ? (
          <p class="muted small">
            No labels yet. <a href={labelsHref}>Create one</a>
          </p>
        ) : (
          available.map((label) => (
            <label class="inline" key={label.id}>
              <input
                type="checkbox"
                checked={pending[label.id] ?? on.has(label.id)}
                onChange={(e) => toggle(label.id, e.currentTarget.checked)}
                aria-label={label.name}
              />
              <LabelChip label={label} />
            </label>
          ))
        )}
        <ErrorNote message={errorMessage(addResult.error ?? removeResult.error)} />
        <a class="small" href={labelsHref}>
          Manage labels
        </a>
      </fieldset>
    </details>
  );
}
