import { useMutation } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { ErrorNote } from '../components/ui';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { RequireSignIn } from '../viewer';

const CreateOrganizationMutation = graphql(`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      organization {
        id
        login
        name
      }
    }
  }
`);

export function NewOrganization() {
  return <RequireSignIn>{() => <NewOrganizationForm />}</RequireSignIn>;
}

function NewOrganizationForm() {
  const [login, setLogin] = useState('');
  const [name, setName] = useState('');
  const [result, create] = useMutation(CreateOrganizationMutation);
  const { route } = useLocation();
  const submit = async (event: Event) => {
    event.preventDefault();
    const { data } = await create({ input: { login: login.trim(), name: name.trim() } });
    if (data) route(`/${data.createOrganization.organization.login}`);
  };
  return (
    <section class="narrow">
      <h1>Create an organization</h1>
      <form onSubmit={submit} class="stack">
        <label>
          Organization login
          <input name="login" required maxLength={40} value={login} onInput={(e) => setLogin(e.currentTarget.value)} />
        </label>
        <label>
          Display name <span class="muted">(optional)</span>
          <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <ErrorNote message={errorMessage(result.error)} />
        <button type="submit" class="primary" disabled={result.fetching}>
          {result.fetching ? 'Creating…' : 'Create organization'}
        </button>
      </form>
    </section>
  );
}
