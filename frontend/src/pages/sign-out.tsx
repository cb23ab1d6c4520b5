import { useMutation } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { Loading } from '../components/ui';
import { graphql } from '../gql';
import { getToken, setToken } from '../session';

const SignOutMutation = graphql(`
  mutation SignOut {
    signOut {
      signedOut
    }
  }
`);

export function SignOut() {
  const [, signOut] = useMutation(SignOutMutation);
  const { route } = useLocation();
  useEffect(() => {
    // Revoke the session on the server, then forget it here whatever happened.
    const done = () => {
      setToken(null);
      route('/login', true);
    };
    if (getToken()) signOut({}).then(done, done);
    else done();
  }, []);
  return <Loading label="Signing out…" />;
}
