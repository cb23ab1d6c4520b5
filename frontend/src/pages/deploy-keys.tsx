import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { ConfirmButton, Empty, ErrorNote, Loading } from '../components/ui';
import { timeAgo } from '../format';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';

const DeployKeysQuery = graphql(`
  query RepositoryDeployKeys($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      id
      deployKeys {
        id
        title
        fingerprint
        keyType
        readOnly
        createdAt
        lastUsedAt
      }
    }
  }
`);

const AddDeployKeyMutation = graphql(`
  mutation AddDeployKey($input: AddDeployKeyInput!) {
    addDeployKey(input: $input) {
      deployKey {
        id
        title
        fingerprint
        keyType
        readOnly
        createdAt
        lastUsedAt
      }
    }
  }
`);

const DeleteDeployKeyMutation = graphql(`
  mutation DeleteDeployKey($input: DeleteDeployKeyInput!) {
    deleteDeployKey(input: $input) {
      deletedDeployKeyId
    }
  }
`);

/** Keys that reach this one repository over SSH (a CI or a deploy machine), for its admins. */
export function DeployKeys({ owner, repo, repositoryId }: { owner: string; repo: string; repositoryId: string }) {
  const [{ data, fetching, error }] = useQuery({ query: DeployKeysQuery, variables: { owner, name: repo } });
  const [deleteResult, remove] = useMutation(DeleteDeployKeyMutation);
  const keys = data?.repository?.deployKeys ?? [];
  return (
    <section class="card stack" aria-labelledby="deploy-keys-heading">
      <h3 id="deploy-keys-heading">Deploy keys</h3>
      <p class="muted small">
        A deploy key reaches this repository only, over SSH: read-only keys clone and fetch, others may also push.
      </p>
      {!data && fetching ? <Loading label="Loading deploy keys…" /> : null}
      {error && !data ? <ErrorNote message={errorMessage(error)} /> : null}
      {data && keys.length === 0 ? (
        <Empty>
          <p>No deploy keys yet.</p>
        </Empty>
      ) : null}
      {keys.length ? (
        <ul class="list" aria-label="Deploy keys">
          {keys.map((k) => (
            <li key={k.id} class="row">
              <div>
                <span class="title">{k.title}</span>{' '}
                <span class="badge">{k.readOnly ? 'Read-only' : 'Read and write'}</span>{' '}
                <span class="badge">{k.keyType}</span>
                <div>
                  <code class="small">{k.fingerprint}</code>
                </div>
                <div class="muted small">
                  added {timeAgo(k.createdAt)} · {k.lastUsedAt ? `last used ${timeAgo(k.lastUsedAt)}` : 'never used'}
                </div>
              </div>
              <ConfirmButton
                label={`Delete ${k.title}`}
                text="Delete"
                question={`Delete the deploy key "${k.title}"?`}
                confirmLabel="Yes, delete"
                busy={deleteResult.fetching}
                onConfirm={() => remove({ input: { id: k.id } })}
              />
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorNote message={errorMessage(deleteResult.error)} />
      <AddDeployKeyForm repositoryId={repositoryId} />
    </section>
  );
}

function AddDeployKeyForm({ repositoryId }: { repositoryId: string }) {
  const [title, setTitle] = useState('');
  const [key, setKey] = useState('');
  const [readOnly, setReadOnly] = useState(true);
  const [result, add] = useMutation(AddDeployKeyMutation);
  const submit = async (event: Event) => {
    event.preventDefault();
    const { data } = await add({ input: { repositoryId, title: title.trim(), key: key.trim(), readOnly } });
    if (data) {
      setTitle('');
      setKey('');
      setReadOnly(true);
    }
  };
  return (
    <form class="stack" onSubmit={submit} aria-label="Add a deploy key">
      <label>
        Title
        <input name="deploy-key-title" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label>
        Key
        <textarea
          name="deploy-key"
          required
          rows={3}
          spellcheck={false}
          placeholder="ssh-ed25519 AAAA… ci@example"
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
      </label>
      <label class="inline">
        <input
          type="checkbox"
          name="read-only"
          checked={readOnly}
          onChange={(e) => setReadOnly(e.currentTarget.checked)}
        />{' '}
        Read-only <span class="muted small">(uncheck to let this key push)</span>
      </label>
      <ErrorNote message={errorMessage(result.error)} />
      <button type="submit" disabled={result.fetching || !title.trim() || !key.trim()}>
        {result.fetching ? 'Adding…' : 'Add deploy key'}
      </button>
    </form>
  );
}
