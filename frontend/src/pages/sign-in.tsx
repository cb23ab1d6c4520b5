import { useMutation, useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from '../components/ui';
import { safeNext } from '../format';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { setToken } from '../session';
import { useViewer } from '../viewer';

const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      token
      viewer {
        id
        login
      }
    }
  }
`);

const FirstStartQuery = graphql(`
  query FirstStart {
    initialAdminPasswordFile
  }
`);

export function SignIn() {
  const { query, route } = useLocation();
  const { viewer } = useViewer();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [result, signIn] = useMutation(SignInMutation);
  const [firstStart] = useQuery({ query: FirstStartQuery, requestPolicy: 'network-only' });
  const passwordFile = firstStart.data?.initialAdminPasswordFile;
  const next = safeNext(query.next);

  useEffect(() => {
    if (viewer) route(next, true);
  }, [viewer]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const { data } = await signIn({ input: { login, password } });
    if (data) setToken(data.signIn.token);
  };

  return (
    <section class="narrow">
      <h1>Sign in to Ingot</h1>
      <form onSubmit={submit} class="stack">
        <label>
          Login
          <input
            name="login"
            autocomplete="username"
            required
            value={login}
            onInput={(e) => setLogin(e.currentTarget.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <ErrorNote message={errorMessage(result.error)} />
        <button type="submit" class="primary" disabled={result.fetching}>
          {result.fetching ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {passwordFile ? (
        <p class="muted">
          First time? Sign in as <code>admin</code> with the password in <code>{passwordFile}</code>, then change it.
        </p>
      ) : null}
    </section>
  );
}
