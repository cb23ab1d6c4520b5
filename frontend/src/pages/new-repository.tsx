import { useMutation, useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { ErrorNote } from '../components/ui';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { RequireSignIn } from '../viewer';

const CreateRepositoryMutation = graphql(`
  mutation CreateRepository($input: CreateRepositoryInput!) {
    createRepository(input: $input) {
      repository {
        id
        name
        nameWithOwner
        description
        isPrivate
        cloneUrl
      }
    }
  }
`);

const OwnersQuery = graphql(`
  query RepositoryOwners {
    viewer {
      id
      organizations(first: 100) {
        nodes {
          id
          login
        }
      }
    }
  }
`);

export function NewRepository() {
  return <RequireSignIn>{(viewer) => <NewRepositoryForm viewerLogin={viewer.login} />}</RequireSignIn>;
}

function NewRepositoryForm({ viewerLogin }: { viewerLogin: string }) {
  const { query } = useLocation();
  const [{ data: owners }] = useQuery({ query: OwnersQuery });
  const orgs = owners?.viewer?.organizations.nodes ?? [];
  const [owner, setOwner] = useState(query.owner ?? viewerLogin);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<'PUBLIC' | 'PRIVATE'>('PUBLIC');
  const [result, create] = useMutation(CreateRepositoryMutation);
  const { route } = useLocation();
  const ownerId = orgs.find((o) => o.login === owner)?.id ?? null;

  const submit = async (event: Event) => {
    event.preventDefault();
    const { data } = await create({ input: { name: name.trim(), description, visibility, ownerId } });
    if (data) route(`/${data.createRepository.repository.nameWithOwner}`);
  };

  return (
    <section class="narrow">
      <h1>Create a repository</h1>
      <form onSubmit={submit} class="stack">
        {orgs.length > 0 ? (
          <label>
            Owner
            {/* Each option carries `selected`: the organizations arrive after the
                first render, and a `value` on the select would not be reapplied
                to options added later. */}
            <select name="owner" onChange={(e) => setOwner(e.currentTarget.value)}>
              <option value={viewerLogin} selected={owner === viewerLogin}>
                {viewerLogin}
              </option>
              {orgs.map((o) => (
                <option key={o.id} value={o.login} selected={o.login === owner}>
                  {o.login}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          Name
          <div class="prefixed">
            <span class="muted">{owner} /</span>
            <input
              name="name"
              required
              maxLength={100}
              pattern="[A-Za-z0-9_][A-Za-z0-9._\-]*"
              title="Letters, digits, '.', '_' and '-'; not starting with '.' or '-'."
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </div>
        </label>
        <label>
          Description <span class="muted">(optional)</span>
          <input name="description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </label>
        <fieldset>
          <legend>Visibility</legend>
          <label class="inline">
            <input
              type="radio"
              name="visibility"
              value="PUBLIC"
              checked={visibility === 'PUBLIC'}
              onChange={() => setVisibility('PUBLIC')}
            />
            Public — anyone can see and clone it
          </label>
          <label class="inline">
            <input
              type="radio"
              name="visibility"
              value="PRIVATE"
              checked={visibility === 'PRIVATE'}
              onChange={() => setVisibility('PRIVATE')}
            />
            Private — only you and people you add
          </label>
        </fieldset>
        <ErrorNote message={errorMessage(result.error)} />
        <button type="submit" class="primary" disabled={result.fetching}>
          {result.fetching ? 'Creating…' : 'Create repository'}
        </button>
      </form>
    </section>
  );
}
