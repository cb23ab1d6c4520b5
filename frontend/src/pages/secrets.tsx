import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { ConfirmButton, Empty, ErrorNote, Loading } from '../components/ui';
import { formatDay } from '../format';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';

const SecretsQuery = graphql(`
  query RepositorySecrets($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      id
      secrets {
        name
        createdAt
        updatedAt
      }
    }
  }
`);

const SetSecretMutation = graphql(`
  mutation SetRepositorySecret($input: SetRepositorySecretInput!) {
    setRepositorySecret(input: $input) {
      name
    }
  }
`);

const DeleteSecretMutation = graphql(`
  mutation DeleteRepositorySecret($input: DeleteRepositorySecretInput!) {
    deleteRepositorySecret(input: $input) {
      name
    }
  }
`);

// Kod's rule for secret names: what a shell variable may be called.
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A repository's CI secrets, for its admins (the settings page): names and dates only.
 * A value goes in once and is never shown again, not even to the person who set it.
 */
export function Secrets({ owner, repo, repositoryId }: { owner: string; repo: string; repositoryId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: SecretsQuery, variables: { owner, name: repo } });
  const [setResult, setSecret] = useMutation(SetSecretMutation);
  const [deleteResult, deleteSecret] = useMutation(DeleteSecretMutation);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(null);
    const result = await setSecret({ input: { repositoryId, name: name.trim(), value } });
    if (result.data) {
      setSaved(result.data.setRepositorySecret.name);
      setName('');
      setValue('');
      reload();
    }
  };
  const remove = async (secret: string) => {
    const result = await deleteSecret({ input: { repositoryId, name: secret } });
    if (result.data) reload();
  };
  const secrets = data?.repository?.secrets ?? [];
  const validName = NAME.test(name.trim());
  return (
    <section class="stack" aria-labelledby="secrets-heading">
      <h3 id="secrets-heading">Secrets</h3>
      <p class="muted small">
        Pipelines get each secret as an environment variable of that name; its value is masked as <code>***</code> in
        their logs. Values are stored encrypted and never shown again.
      </p>
      {!data && fetching ? (
        <Loading />
      ) : error && !data ? (
        <ErrorNote message={errorMessage(error)} />
      ) : secrets.length === 0 ? (
        <Empty>
          <p>No secrets yet.</p>
        </Empty>
      ) : (
        <ul class="list" aria-label="Secrets">
          {secrets.map((secret) => (
            <li key={secret.name} class="row">
              <code class="title">{secret.name}</code>
              <span class="meta muted small">
                added {formatDay(secret.createdAt)}
                {secret.updatedAt !== secret.createdAt ? `, updated ${formatDay(secret.updatedAt)}` : ''}
              </span>
              <ConfirmButton
                label={`Delete secret ${secret.name}`}
                text="Delete"
                question={`Delete ${secret.name}? Pipelines will no longer get it.`}
                confirmLabel="Yes, delete"
                busy={deleteResult.fetching}
                onConfirm={() => remove(secret.name)}
              />
            </li>
          ))}
        </ul>
      )}
      <ErrorNote message={errorMessage(deleteResult.error)} />
      <form class="stack card" onSubmit={submit} aria-label="Set a secret">
        <label>
          <span>Name</span>
          <input
            name="secret-name"
            autoComplete="off"
            spellcheck={false}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            aria-invalid={name !== '' && !validName}
          />
        </label>
        {name !== '' && !validName ? (
          <p class="small error">Letters, digits and underscores, not starting with a digit.</p>
        ) : null}
        <label>
          <span>Value</span>
          <textarea
            name="secret-value"
            autoComplete="off"
            spellcheck={false}
            rows={3}
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </label>
        <p class="muted small">Setting a name that exists replaces its value.</p>
        <ErrorNote message={errorMessage(setResult.error)} />
        {saved ? (
          <p role="status" class="ok">
            Saved {saved}. Its value will not be shown again.
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={!validName || value === '' || setResult.fetching}>
          {setResult.fetching ? 'Saving…' : 'Set secret'}
        </button>
      </form>
    </section>
  );
}
