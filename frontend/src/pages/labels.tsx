import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { LabelChip, labelColor, type LabelLike } from '../components/label';
import { canWrite, RepoHeader, RepoNotFound } from '../components/repo-header';
import { ConfirmButton, Empty, ErrorNote, Loading } from '../components/ui';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { useViewer } from '../viewer';

const LabelsQuery = graphql(`
  query RepositoryLabels($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      labels(first: 100) {
        totalCount
        nodes {
          id
          name
          color
          description
        }
      }
    }
  }
`);

export const CreateLabelMutation = graphql(`
  mutation CreateLabel($input: CreateLabelInput!) {
    createLabel(input: $input) {
      label {
        id
        name
        color
        description
      }
    }
  }
`);

const UpdateLabelMutation = graphql(`
  mutation UpdateLabel($input: UpdateLabelInput!) {
    updateLabel(input: $input) {
      label {
        id
        name
        color
        description
      }
    }
  }
`);

const DeleteLabelMutation = graphql(`
  mutation DeleteLabel($input: DeleteLabelInput!) {
    deleteLabel(input: $input) {
      deletedLabelId
    }
  }
`);

const PALETTE = ['#d73a4a', '#0075ca', '#a2eeef', '#7057ff', '#008672', '#e4e669', '#d876e3', '#fbca04'];

export function LabelsPage({ owner, repo }: { owner: string; repo: string }) {
  const { viewer } = useViewer();
  const [{ data, fetching, error }] = useQuery({ query: LabelsQuery, variables: { owner, name: repo } });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const labels = repository.labels.nodes;
  const writer = canWrite(repository);
  return (
    <section>
      <RepoHeader repository={repository} active="labels" />
      <h2>Labels ({repository.labels.totalCount})</h2>
      {writer ? (
        <NewLabelForm repositoryId={repository.id} suggested={PALETTE[labels.length % PALETTE.length]} />
      ) : null}
      {labels.length === 0 ? (
        <Empty>
          <p>No labels yet.</p>
        </Empty>
      ) : (
        <ul class="list" aria-label="Labels">
          {labels.map((label) => (
            <LabelItem key={label.id} label={label} writer={writer} />
          ))}
        </ul>
      )}
    </section>
  );
}

function LabelItem({ label, writer }: { label: LabelLike; writer: boolean }) {
  const [editing, setEditing] = useState(false);
  const [deleteResult, remove] = useMutation(DeleteLabelMutation);
  if (editing) {
    return (
      <li aria-label={label.name}>
        <EditLabelForm label={label} onDone={() => setEditing(false)} />
      </li>
    );
  }
  return (
    <li aria-label={label.name} class="label-row">
      <span>
        <LabelChip label={label} />
        {label.description ? <span class="muted small"> {label.description}</span> : null}
      </span>
      {writer ? (
        <span class="actions">
          <button type="button" onClick={() => setEditing(true)} aria-label={`Edit label ${label.name}`}>
            Edit
          </button>
          <ConfirmButton
            label={`Delete label ${label.name}`}
            text="Delete"
            question={`Delete ${label.name}? It comes off every issue too.`}
            confirmLabel="Yes, delete the label"
            busy={deleteResult.fetching}
            onConfirm={() => remove({ input: { id: label.id } })}
          />
        </span>
      ) : null}
      <ErrorNote message={errorMessage(deleteResult.error)} />
    </li>
  );
}

type Setter = (value: string) => void;

/** The name, colour and description inputs of a label form, with a preview of the chip. */
function LabelFields(props: {
  name: string;
  color: string;
  description: string;
  setName: Setter;
  setColor: Setter;
  setDescription: Setter;
}) {
  const { name, color, description, setName, setColor, setDescription } = props;
  return (
    <>
      <div class="fields">
        <label>
          Label name
          <input name="name" required maxLength={50} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          Colour
          <input type="color" name="color" value={color} onInput={(e) => setColor(e.currentTarget.value)} />
        </label>
        <label>
          Label description <span class="muted">(optional)</span>
          <input
            name="description"
            maxLength={200}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </label>
      </div>
      <p class="muted small">
        Preview: <LabelChip label={{ id: 'preview', name: name.trim() || 'label', color }} />
      </p>
    </>
  );
}

function EditLabelForm({ label, onDone }: { label: LabelLike; onDone: () => void }) {
  const [name, setName] = useState(label.name);
  const [color, setColor] = useState(labelColor(label.color) ?? '#ededed');
  const [description, setDescription] = useState(label.description ?? '');
  const [result, update] = useMutation(UpdateLabelMutation);
  const submit = async (event: Event) => {
    event.preventDefault();
    const { data } = await update({ input: { id: label.id, name: name.trim(), color, description } });
    if (data) onDone();
  };
  return (
    <form onSubmit={submit} class="stack" aria-label={`Edit label ${label.name}`}>
      <LabelFields
        name={name}
        color={color}
        description={description}
        setName={setName}
        setColor={setColor}
        setDescription={setDescription}
      />
      <ErrorNote message={errorMessage(result.error)} />
      <div class="row actions">
        <button type="submit" class="primary" disabled={result.fetching}>
          {result.fetching ? 'Saving…' : 'Save label'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function NewLabelForm({ repositoryId, suggested }: { repositoryId: string; suggested: string }) {
  const [name, setName] = useState('');
  const [color, setColor] = useState(suggested);
  const [description, setDescription] = useState('');
  const [result, create] = useMutation(CreateLabelMutation);
  const submit = async (event: Event) => {
    event.preventDefault();
    const { data } = await create({ input: { repositoryId, name: name.trim(), color, description } });
    if (data) {
      setName('');
      setDescription('');
    }
  };
  return (
    <details class="card" open>
      <summary>New label</summary>
      <form onSubmit={submit} class="stack" aria-label="New label">
        <LabelFields
          name={name}
          color={color}
          description={description}
          setName={setName}
          setColor={setColor}
          setDescription={setDescription}
        />
        <ErrorNote message={errorMessage(result.error)} />
        <button type="submit" class="primary" disabled={result.fetching}>
          {result.fetching ? 'Creating…' : 'Create label'}
        </button>
      </form>
    </details>
  );
}
