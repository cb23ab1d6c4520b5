import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { Avatar, ConfirmButton, Empty, ErrorNote, Loading } from '../components/ui';
import { graphql } from '../gql';
import type { RepositoryPermission } from '../gql/graphql';
import { errorMessage } from '../graphql/client';

const CollaboratorsQuery = graphql(`
  query RepositoryCollaborators($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      id
      collaborators(first: 100) {
        totalCount
        edges {
          permission
          node {
            id
            login
            name
          }
        }
      }
    }
  }
`);

const AddCollaboratorMutation = graphql(`
  mutation AddCollaborator($input: AddCollaboratorInput!) {
    addCollaborator(input: $input) {
      permission
      user {
        id
        login
      }
    }
  }
`);

const RemoveCollaboratorMutation = graphql(`
  mutation RemoveCollaborator($input: RemoveCollaboratorInput!) {
    removeCollaborator(input: $input) {
      user {
        id
        login
      }
    }
  }
`);

/** What each permission lets a collaborator do, in the words the form shows. */
const PERMISSIONS: { value: RepositoryPermission; label: string; means: string }[] = [
  { value: 'READ', label: 'Read', means: 'clone, open issues and comment' },
  { value: 'WRITE', label: 'Write', means: 'also push, and manage issues, milestones and releases' },
  { value: 'ADMIN', label: 'Admin', means: 'also the settings and collaborators' },
];

/** The people given access to a repository, for its admins (the settings page). */
export function Collaborators({ owner, repo, repositoryId }: { owner: string; repo: string; repositoryId: string }) {
  const [{ data, fetching, error }] = useQuery({ query: CollaboratorsQuery, variables: { owner, name: repo } });
  const [changeResult, change] = useMutation(AddCollaboratorMutation);
  const [removeResult, remove] = useMutation(RemoveCollaboratorMutation);
  const edges = data?.repository?.collaborators.edges ?? [];
  return (
    <section class="card stack" aria-labelledby="collaborators-heading">
      <h3 id="collaborators-heading">Collaborators</h3>
      <p class="muted small">
        People who are not the owner but may read, push to or administer this repository. The owner (and an
        organization's owners) always have every permission.
      </p>
      {!data && fetching ? <Loading label="Loading collaborators…" /> : null}
      {error && !data ? <ErrorNote message={errorMessage(error)} /> : null}
      {data && edges.length === 0 ? (
        <Empty>
          <p>No collaborators yet.</p>
        </Empty>
      ) : null}
      {edges.length ? (
        <ul class="list" aria-label="Collaborators">
          {edges.map(({ node: user, permission }) => (
            <li key={user.id} class="collaborator">
              <span class="who-line">
                <Avatar login={user.login} size={24} />
                <a href={`/${user.login}`}>{user.login}</a>
                {user.name ? <span class="muted small">{user.name}</span> : null}
              </span>
              <label class="inline">
                <span class="sr-only">Permission of {user.login}</span>
                <select
                  aria-label={`Permission of ${user.login}`}
                  value={permission}
                  disabled={changeResult.fetching}
                  onChange={(e) =>
                    change({
                      input: {
                        repositoryId,
                        login: user.login,
                        permission: e.currentTarget.value as RepositoryPermission,
                      },
                    })
                  }
                >
                  {PERMISSIONS.map((p) => (
                    <option key={p.value} value={p.value}>
                      {p.label}
                    </option>
                  ))}
                </select>
              </label>
              <ConfirmButton
                label={`Remove ${user.login}`}
                question={`Remove ${user.login}'s access?`}
                confirmLabel="Yes, remove"
                busy={removeResult.fetching}
                onConfirm={() => remove({ input: { repositoryId, login: user.login } })}
              />
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorNote message={errorMessage(changeResult.error ?? removeResult.error)} />
      <AddCollaboratorForm repositoryId={repositoryId} />
    </section>
  );
}

function AddCollaboratorForm({ repositoryId }: { repositoryId: string }) {
  const [login, setLogin] = useState('');
  const [permission, setPermission] = useState<RepositoryPermission>('WRITE');
  const [result, add] = useMutation(AddCollaboratorMutation);
  const submit = async (event: Event) => {
    event.preventDefault();
    const { data } = await add({ input: { repositoryId, login: login.trim(), permission } });
    if (data) setLogin('');
  };
  return (
    <form class="stack" onSubmit={submit} aria-label="Add a collaborator">
      <div class="fields">
        <label>
          Collaborator's login
          <input
            name="login"
            required
            autoComplete="off"
            value={login}
            onInput={(e) => setLogin(e.currentTarget.value)}
          />
        </label>
        <label>
          Permission
          <select
            name="permission"
            aria-label="Permission"
            aria-describedby="permission-help"
            value={permission}
            onChange={(e) => setPermission(e.currentTarget.value as RepositoryPermission)}
          >
            {PERMISSIONS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p class="muted small" id="permission-help">
        {PERMISSIONS.map((p) => (
          <span key={p.value} class="meta">
            <strong>{p.label}</strong>: {p.means}.
          </span>
        ))}
      </p>
      <ErrorNote message={errorMessage(result.error)} />
      <button type="submit" disabled={result.fetching || !login.trim()}>
        {result.fetching ? 'Adding…' : 'Add collaborator'}
      </button>
    </form>
  );
}
