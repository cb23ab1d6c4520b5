import { useMutation, useQuery } from '@urql/preact';
import type { CombinedError } from '@urql/core';
import { useEffect, useState } from 'preact/hooks';
import { SettingsNav } from '../components/settings-nav';
import { ErrorNote, Loading } from '../components/ui';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { RequireSignIn } from '../viewer';

const ProfileQuery = graphql(`
  query ProfileSettings {
    viewer {
      id
      login
      name
      email
      keepEmailPrivate
    }
  }
`);

const UpdateViewerMutation = graphql(`
  mutation UpdateViewer($input: UpdateViewerInput!) {
    updateViewer(input: $input) {
      viewer {
        id
        name
        email
        keepEmailPrivate
      }
    }
  }
`);

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      endedSessions
    }
  }
`);

const MIN_PASSWORD = 8;

/** The input the server blamed, for aria-invalid. */
function blamed(error: CombinedError | undefined): string | null {
  const field = error?.graphQLErrors.find((e) => e.extensions?.field)?.extensions?.field;
  return typeof field === 'string' ? field : null;
}

export function ProfileSettings() {
  return <RequireSignIn>{() => <Settings />}</RequireSignIn>;
}

function Settings() {
  const [{ data, fetching, error }] = useQuery({ query: ProfileQuery });
  const viewer = data?.viewer;
  return (
    <section>
      <h1>Profile and password</h1>
      <SettingsNav active="profile" />
      {!viewer && fetching ? <Loading /> : null}
      {!viewer && !fetching ? <ErrorNote message={errorMessage(error) ?? 'Your profile could not be loaded.'} /> : null}
      {viewer ? <ProfileForm viewer={viewer} /> : null}
      {viewer ? <PasswordForm login={viewer.login} /> : null}
    </section>
  );
}

type ProfileViewer = { login: string; name: string; email: string; keepEmailPrivate?: boolean | null };

function ProfileForm({ viewer }: { viewer: ProfileViewer }) {
  const [name, setName] = useState(viewer.name);
  const [email, setEmail] = useState(viewer.email);
  const [keepPrivate, setKeepPrivate] = useState(viewer.keepEmailPrivate ?? false);
  const [saved, setSaved] = useState(false);
  const [result, update] = useMutation(UpdateViewerMutation);
  useEffect(() => setSaved(false), [name, email, keepPrivate]);
  const field = blamed(result.error);

  const submit = async (event: Event) => {
    event.preventDefault();
    const input = {
      name: name === viewer.name ? null : name.trim(),
      email: email.trim() === viewer.email ? null : email.trim(),
      keepEmailPrivate: keepPrivate,
    };
    const { data } = await update({ input });
    if (data) setSaved(true);
  };

  return (
    <form onSubmit={submit} class="stack card" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <label>
        Display name
        <input
          name="name"
          autoComplete="name"
          maxLength={255}
          value={name}
          aria-invalid={field === 'name' || undefined}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label>
        Email
        <input
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          value={email}
          aria-invalid={field === 'email' || undefined}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </label>
      <label class="inline">
        <input
          name="keep-email-private"
          type="checkbox"
          checked={keepPrivate}
          onChange={(e) => setKeepPrivate(e.currentTarget.checked)}
        />{' '}
        Keep my email address private
        <span class="muted"> (other users will not see it; site administrators still do)</span>
      </label>
      <ErrorNote message={errorMessage(result.error)} />
      {saved ? (
        <p role="status" class="ok">
          Profile saved.
        </p>
      ) : null}
      <button type="submit" class="primary" disabled={result.fetching}>
        {result.fetching ? 'Saving…' : 'Save profile'}
      </button>
    </form>
  );
}

function PasswordForm({ login }: { login: string }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [ended, setEnded] = useState<number | null>(null);
  const [result, change] = useMutation(ChangePasswordMutation);
  const field = blamed(result.error);

  const submit = async (event: Event) => {
    event.preventDefault();
    setEnded(null);
    if (next !== again) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const { data } = await change({ input: { currentPassword: current, newPassword: next } });
    if (!data) return;
    setEnded(data.changePassword.endedSessions);
    setCurrent('');
    setNext('');
    setAgain('');
  };

  return (
    <form onSubmit={submit} class="stack card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <p class="muted">
        Your other signed-in browsers are signed out when you change it. Access tokens keep working; revoke them under{' '}
        <a href="/settings/tokens">Access tokens</a>.
      </p>
      {/* Lets password managers attach the new password to the right account. */}
      <input type="text" name="username" autoComplete="username" value={login} readOnly hidden />
      <label>
        Current password
        <input
          name="current-password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          aria-invalid={field === 'currentPassword' || undefined}
          onInput={(e) => setCurrent(e.currentTarget.value)}
        />
      </label>
      <label>
        New password <span class="muted">(at least {MIN_PASSWORD} characters)</span>
        <input
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD}
          value={next}
          aria-invalid={field === 'newPassword' || undefined}
          onInput={(e) => setNext(e.currentTarget.value)}
        />
      </label>
      <label>
        Confirm new password
        <input
          name="confirm-password"
          type="password"
          autoComplete="new-password"
          required
          value={again}
          aria-invalid={mismatch || undefined}
          onInput={(e) => setAgain(e.currentTarget.value)}
        />
      </label>
      <ErrorNote message={mismatch ? 'The new passwords do not match.' : errorMessage(result.error)} />
      {ended !== null ? (
        <p role="status" class="ok">
          Password changed.{' '}
          {ended === 0
            ? 'No other sessions were signed in.'
            : `${ended} other ${ended === 1 ? 'session was' : 'sessions were'} signed out.`}
        </p>
      ) : null}
      <button type="submit" class="primary" disabled={result.fetching}>
        {result.fetching ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
