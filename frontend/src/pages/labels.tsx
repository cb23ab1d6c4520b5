import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { LabelChip } from '../components/label';
import { canWrite, RepoHeader, RepoNotFound } from '../components/repo-header';
import { Empty, ErrorNote, Loading } from '../components/ui';
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

const PALETTE = ['#d73a4a', '#0075ca', '#a2eeef', '#7057ff', '#008672', '#e4e669', '#d876e3', '#fbca04'];

export function LabelsPage({ owner, repo }: { owner: string; repo: string }) {
  const { viewer } = useViewer();
  const [{ data, fetching, error }] = useQuery({ query: LabelsQuery, variables: { owner, name: repo } });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const labels = repository.labels.nodes;
  return (
    <section>
      <RepoHeader repository={repository} active="labels" />
      <h2>Labels ({repository.labels.totalCount})</h2>
      {canWrite(repository) ? <NewLabelForm repositoryId={repository.id} suggested={PALETTE[labels.length % PALETTE.length]} /> : null}
      {labels.length === 0 ? (
        <Empty>
          <p>No labels yet.</p>
        </Empty>
      ) : (
        <ul class="list" aria-label="Labels">
          {labels.map((label) => (
            <li key={label.id}>
              <LabelChip label={label} />
              {label.description ? <span class="muted small"> {label.description}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
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
            <input name="description" maxLength={200} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
          </label>
        </div>
        <p class="muted small">
          Preview: <LabelChip label={{ id: 'preview', name: name.trim() || 'label', color }} />
        </p>
        <ErrorNote message={errorMessage(result.error)} />
        <button type="submit" class="primary" disabled={result.fetching}>
          {result.fetching ? 'Creating…' : 'Create label'}
        </button>
      </form>
    </details>
  );
}
