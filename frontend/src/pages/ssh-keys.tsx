import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { SettingsNav } from '../components/settings-nav';
import { ConfirmButton, Empty, ErrorNote, Loading } from '../components/ui';
import { timeAgo } from '../format';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { RequireSignIn } from '../viewer';

const PublicKeysQuery = graphql(`
  query PublicKeys {
    viewer {
      id
      publicKeys {
        id
        title
        fingerprint
        keyType
        createdAt
        lastUsedAt
      }
    }
  }
`);

const AddPublicKeyMutation = graphql(`
  mutation AddPublicKey($input: AddPublicKeyInput!) {
    addPublicKey(input: $input) {
      publicKey {
        id
        title
        fingerprint
        keyType
        createdAt
        lastUsedAt
      }
    }
  }
`);

const DeletePublicKeyMutation = graphql(`
  mutation DeletePublicKey($input: DeletePublicKeyInput!) {
    deletePublicKey(input: $input) {
      deletedPublicKeyId
    }
  }
`);

export function SshKeys() {
  return <RequireSignIn>{() => <SshKeySettings />}</RequireSignIn>;
}

/** Your SSH public keys: git over SSH signs in with them. */
function SshKeySettings() {
  const [{ data, fetching, error }] = useQuery({ query: PublicKeysQuery });
  const [deleteResult, remove] = useMutation(DeletePublicKeyMutation);
  const keys = data?.viewer?.publicKeys;
  return (
    <section>
      <h1>SSH keys</h1>
      <SettingsNav active="keys" />
      <p class="muted">
        Git over SSH signs you in with one of these keys: clone with the SSH URL of a repository's clone box. Keys act
        as you on every repository you can reach; remove one you no longer use.
      </p>
      <AddKeyForm />
      <h2>Your keys</h2>
      <ErrorNote message={errorMessage(error ?? deleteResult.error)} />
      {!keys && fetching ? <Loading /> : null}
      {keys && keys.length === 0 ? <Empty>You have no SSH keys.</Empty> : null}
      {keys && keys.length > 0 ? (
        <ul class="list" aria-label="SSH keys">
          {keys.map((k) => (
            <li key={k.id} class="row">
              <div>
                <span class="title">{k.title}</span> <span class="badge">{k.keyType}</span>
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
                question={`Delete the key "${k.title}"? Git over SSH stops accepting it.`}
                confirmLabel="Yes, delete"
                busy={deleteResult.fetching}
                onConfirm={() => remove({ input: { id: k.id } })}
              />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function AddKeyForm() {
  const [title, setTitle] = useState('');
  const [key, setKey] = useState('');
  const [result, add] = useMutation(AddPublicKeyMutation);
  const submit = async (event: Event) => {
    event.preventDefault();
    const { data } = await add({ input: { title: title.trim(), key: key.trim() } });
    if (data) {
      setTitle('');
      setKey('');
    }
  };
  return (
    <form onSubmit={submit} class="stack card" aria-label="Add an SSH key">
      <h2>New SSH key</h2>
      <label>
        Title
        <input name="key-title" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label>
        Key{' '}
        <span class="muted">
          (the contents of a <code>.pub</code> file: ed25519, ECDSA or RSA of 2048 bits and up)
        </span>
        <textarea
          name="key"
          required
          rows={4}
          spellcheck={false}
          placeholder="ssh-ed25519 AAAA… you@laptop"
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
      </label>
      <ErrorNote message={errorMessage(result.error)} />
      <button type="submit" class="primary" disabled={result.fetching}>
        {result.fetching ? 'Adding…' : 'Add key'}
      </button>
    </form>
  );
}
