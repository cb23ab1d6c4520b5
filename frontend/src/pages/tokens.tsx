import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { SettingsNav } from '../components/settings-nav';
import { CopyField, Empty, ErrorNote, Loading } from '../components/ui';
import { parseScopes, timeAgo } from '../format';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { RequireSignIn } from '../viewer';

const TokensQuery = graphql(`
  query AccessTokens {
    viewer {
      id
      accessTokens {
        id
        name
        scopes
        tokenLastEight
        createdAt
        lastUsedAt
        expiresAt
        revokedAt
      }
    }
  }
`);

const CreateTokenMutation = graphql(`
  mutation CreateAccessToken($input: CreateAccessTokenInput!) {
    createAccessToken(input: $input) {
      token
      accessToken {
        id
        name
        scopes
        tokenLastEight
        createdAt
        lastUsedAt
        expiresAt
        revokedAt
      }
    }
  }
`);

const RevokeTokenMutation = graphql(`
  mutation RevokeAccessToken($input: RevokeAccessTokenInput!) {
    revokeAccessToken(input: $input) {
      accessToken {
        id
        revokedAt
      }
    }
  }
`);

export function Tokens() {
  return <RequireSignIn>{() => <TokenSettings />}</RequireSignIn>;
}

// OpenCodeHub's scope names, as its quick start has users pick them (app/auth/scopes.py maps them).
const NAMED_SCOPES = [
  { name: 'repo', label: 'repo', hint: 'repositories: read, push, create and delete' },
  { name: 'pr', label: 'pr', hint: 'pull requests only: read code, list, open and comment on pull requests' },
] as const;

function TokenSettings() {
  const [{ data, fetching, error }] = useQuery({ query: TokensQuery });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState('');
  const [named, setNamed] = useState<string[]>([]);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [createResult, create] = useMutation(CreateTokenMutation);
  const [revokeResult, revoke] = useMutation(RevokeTokenMutation);
  const tokens = data?.viewer?.accessTokens;

  const submit = async (event: Event) => {
    event.preventDefault();
    const list = [...named, ...parseScopes(scopes)];
    const result = await create({
      input: {
        name: name.trim(),
        scopes: list.length ? list : null,
        scopeDialect: named.length ? 'opencodehub' : null,
      },
    });
    if (result.data) {
      setCreated({ name: result.data.createAccessToken.accessToken.name, token: result.data.createAccessToken.token });
      setName('');
      setScopes('');
      setNamed([]);
    }
  };
  const revokeToken = (id: string, tokenName: string) => {
    if (window.confirm(`Revoke the token "${tokenName}"? Anything using it stops working.`)) {
      revoke({ input: { id } });
    }
  };

  return (
    <section>
      <h1>Access tokens</h1>
      <SettingsNav active="tokens" />
      <p class="muted">
        Tokens let git and API clients act as you. Use one as the password when git asks, or send it as{' '}
        <code>Authorization: Bearer …</code>.
      </p>
      {created ? (
        <div class="card notice" role="status">
          <p>
            <strong>Copy your new token "{created.name}" now.</strong> It will not be shown again.
          </p>
          <CopyField label="New access token" value={created.token} />
          <button type="button" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      ) : null}
      <form onSubmit={submit} class="stack card">
        <h2>New token</h2>
        <label>
          Name
          <input name="token-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <fieldset>
          <legend>Named scopes</legend>
          {NAMED_SCOPES.map((scope) => (
            <label key={scope.name} class="inline">
              <input
                type="checkbox"
                name={`scope-${scope.name}`}
                checked={named.includes(scope.name)}
                onChange={(e) =>
                  setNamed(e.currentTarget.checked ? [...named, scope.name] : named.filter((n) => n !== scope.name))
                }
              />{' '}
              <code>{scope.label}</code> <span class="muted">{scope.hint}</span>
            </label>
          ))}
        </fieldset>
        <label>
          Scopes <span class="muted">(optional, e.g. repo:read repo:write; none at all means all of yours)</span>
          <input name="scopes" value={scopes} onInput={(e) => setScopes(e.currentTarget.value)} />
        </label>
        <ErrorNote message={errorMessage(createResult.error)} />
        <button type="submit" class="primary" disabled={createResult.fetching}>
          {createResult.fetching ? 'Creating…' : 'Create token'}
        </button>
      </form>
      <h2>Your tokens</h2>
      <ErrorNote message={errorMessage(error ?? revokeResult.error)} />
      {!tokens && fetching ? <Loading /> : null}
      {tokens && tokens.length === 0 ? <Empty>You have no access tokens.</Empty> : null}
      {tokens && tokens.length > 0 ? (
        <ul class="list" aria-label="Access tokens">
          {tokens.map((t) => (
            <li key={t.id} class="row">
              <div>
                <span class="title">{t.name}</span> <code class="muted">…{t.tokenLastEight}</code>
                <div class="muted small">
                  {t.scopes.join(', ') || 'no scopes'} · created {timeAgo(t.createdAt)} ·{' '}
                  {t.lastUsedAt ? `last used ${timeAgo(t.lastUsedAt)}` : 'never used'}
                  {t.expiresAt ? ` · expires ${timeAgo(t.expiresAt)}` : ''}
                </div>
              </div>
              {t.revokedAt ? (
                <span class="badge">Revoked</span>
              ) : (
                <button type="button" class="danger" onClick={() => revokeToken(t.id, t.name)}>
                  Revoke<span class="sr-only"> {t.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
