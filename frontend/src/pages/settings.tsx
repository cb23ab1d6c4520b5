import { useMutation, useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { RepoHeader, RepoNotFound } from '../components/repo-header';
import { ErrorNote, Loading } from '../components/ui';
import { graphql } from '../gql';
import type { RepositoryVisibility } from '../gql/graphql';
import { errorMessage } from '../graphql/client';
import { useViewer } from '../viewer';
import { Collaborators } from './collaborators';
import { DeployKeys } from './deploy-keys';
import { Secrets } from './secrets';

const SettingsQuery = graphql(`
  query RepositorySettings($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      description
      visibility
      defaultBranch
    }
  }
`);

const UpdateRepositoryMutation = graphql(`
  mutation UpdateRepository($input: UpdateRepositoryInput!) {
    updateRepository(input: $input) {
      repository {
        id
        name
        nameWithOwner
        description
        visibility
        isPrivate
        defaultBranch
      }
    }
  }
`);

const DeleteRepositoryMutation = graphql(`
  mutation DeleteRepository($input: DeleteRepositoryInput!) {
    deleteRepository(input: $input) {
      deletedRepositoryId
    }
  }
`);

type Repo = {
  id: string;
  name: string;
  nameWithOwner: string;
  description: string;
  visibility: RepositoryVisibility;
  defaultBranch: string;
};

export function SettingsPage({ owner, repo }: { owner: string; repo: string }) {
  const { viewer } = useViewer();
  const [{ data, fetching, error }] = useQuery({ query: SettingsQuery, variables: { owner, name: repo } });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  if (repository.viewerPermission !== 'ADMIN') {
    return (
      <section>
        <RepoHeader repository={repository} active="settings" />
        <p role="alert">Only the repository's owners and administrators can change its settings.</p>
      </section>
    );
  }
  return (
    <section>
      <RepoHeader repository={repository} active="settings" />
      <h2>Settings</h2>
      <nav class="tabs" aria-label="Repository settings">
        <a href={`/${repository.nameWithOwner}/settings`} aria-current="page">
          General
        </a>
        <a href={`/${repository.nameWithOwner}/settings/hooks`}>Webhooks</a>
      </nav>
      <GeneralForm repository={repository} />
      <Collaborators owner={repository.owner.login} repo={repository.name} repositoryId={repository.id} />
      <DeployKeys owner={repository.owner.login} repo={repository.name} repositoryId={repository.id} />
      <Secrets owner={repository.owner.login} repo={repository.name} repositoryId={repository.id} />
      <DangerZone repository={repository} />
    </section>
  );
}

function GeneralForm({ repository }: { repository: Repo }) {
  const { route } = useLocation();
  const [name, setName] = useState(repository.name);
  const [description, setDescription] = useState(repository.description);
  const [visibility, setVisibility] = useState<RepositoryVisibility>(repository.visibility);
  const [defaultBranch, setDefaultBranch] = useState(repository.defaultBranch);
  const [saved, setSaved] = useState(false);
  const [result, update] = useMutation(UpdateRepositoryMutation);
  useEffect(() => setSaved(false), [name, description, visibility, defaultBranch]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const input = {
      repositoryId: repository.id,
      name: name.trim() === repository.name ? null : name.trim(),
      description: description === repository.description ? null : description,
      visibility: visibility === repository.visibility ? null : visibility,
      defaultBranch: defaultBranch.trim() === repository.defaultBranch ? null : defaultBranch.trim(),
    };
    const { data } = await update({ input });
    if (!data) return;
    setSaved(true);
    const renamed = data.updateRepository.repository.nameWithOwner;
    if (renamed !== repository.nameWithOwner) route(`/${renamed}/settings`, true);
  };

  return (
    <form onSubmit={submit} class="stack card" aria-labelledby="general-heading">
      <h3 id="general-heading">General</h3>
      <label>
        Repository name
        <input
          name="name"
          required
          maxLength={100}
          pattern="[A-Za-z0-9_][A-Za-z0-9._\-]*"
          title="Letters, digits, '.', '_' and '-'; not starting with '.' or '-'."
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label>
        Description
        <input name="description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
      </label>
      <label>
        Default branch
        <input
          name="defaultBranch"
          required
          value={defaultBranch}
          onInput={(e) => setDefaultBranch(e.currentTarget.value)}
        />
      </label>
      <fieldset>
        <legend>Visibility</legend>
        {(['PUBLIC', 'PRIVATE'] as const).map((value) => (
          <label class="inline" key={value}>
            <input
              type="radio"
              name="visibility"
              value={value}
              checked={visibility === value}
              onChange={() => setVisibility(value)}
            />
            {value === 'PUBLIC' ? 'Public — anyone can see and clone it' : 'Private — only people with access'}
          </label>
        ))}
      </fieldset>
      <ErrorNote message={errorMessage(result.error)} />
      {saved ? (
        <p role="status" class="ok">
          Saved.
        </p>
      ) : null}
      <button type="submit" class="primary" disabled={result.fetching}>
        {result.fetching ? 'Saving…' : 'Save changes'}
      </button>
    </form>
  );
}

function DangerZone({ repository }: { repository: Repo }) {
  const { route } = useLocation();
  const [typed, setTyped] = useState('');
  const [result, remove] = useMutation(DeleteRepositoryMutation);
  const confirmed = typed === repository.nameWithOwner;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!confirmed) return;
    const { data } = await remove({ input: { repositoryId: repository.id } });
    if (data) route('/');
  };
  return (
    <form onSubmit={submit} class="stack card danger-zone" aria-labelledby="delete-heading">
      <h3 id="delete-heading">Delete this repository</h3>
      <p>This removes the repository, its git data and its issues for good. It cannot be undone.</p>
      <label>
        <span>
          Type <code>{repository.nameWithOwner}</code> to confirm
        </span>
        <input name="confirm" autoComplete="off" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
      </label>
      <ErrorNote message={errorMessage(result.error)} />
      <button type="submit" class="danger" disabled={!confirmed || result.fetching}>
        {result.fetching ? 'Deleting…' : 'Delete this repository'}
      </button>
    </form>
  );
}
