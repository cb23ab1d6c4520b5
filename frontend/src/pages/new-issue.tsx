import { useMutation, useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { ErrorNote, Loading } from '../components/ui';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { MarkdownEditor } from '../markdown/html';
import { RequireSignIn } from '../viewer';

const RepositoryIdQuery = graphql(`
  query RepositoryId($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      id
      nameWithOwner
    }
  }
`);

const CreateIssueMutation = graphql(`
  mutation CreateIssue($input: CreateIssueInput!) {
    createIssue(input: $input) {
      issue {
        id
        number
        title
      }
    }
  }
`);

export function NewIssue({ owner, repo }: { owner: string; repo: string }) {
  return <RequireSignIn>{() => <NewIssueForm owner={owner} repo={repo} />}</RequireSignIn>;
}

function NewIssueForm({ owner, repo }: { owner: string; repo: string }) {
  const [{ data, fetching, error }] = useQuery({ query: RepositoryIdQuery, variables: { owner, name: repo } });
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [result, create] = useMutation(CreateIssueMutation);
  const { route } = useLocation();
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (!repository) return <ErrorNote message={errorMessage(error) ?? 'Repository not found.'} />;

  const submit = async (event: Event) => {
    event.preventDefault();
    const created = await create({ input: { repositoryId: repository.id, title: title.trim(), body } });
    if (created.data) route(`/${repository.nameWithOwner}/issues/${created.data.createIssue.issue.number}`);
  };

  return (
    <section class="narrow">
      <p class="muted">
        <a href={`/${repository.nameWithOwner}`}>{repository.nameWithOwner}</a>
      </p>
      <h1>New issue</h1>
      <form onSubmit={submit} class="stack">
        <label>
          Title
          <input name="title" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <MarkdownEditor
          label="Description"
          name="body"
          rows={8}
          value={body}
          onInput={setBody}
          repositoryId={repository.id}
        />
        <ErrorNote message={errorMessage(result.error)} />
        <button type="submit" class="primary" disabled={result.fetching}>
          {result.fetching ? 'Creating…' : 'Create issue'}
        </button>
      </form>
    </section>
  );
}
