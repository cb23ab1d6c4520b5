import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { SettingsNav } from '../components/settings-nav';
import { CopyField, Empty, ErrorNote, Loading } from '../components/ui';
import { timeAgo } from '../format';
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

// The canonical scopes (app/auth/scopes.py), in its order, with what each allows.
export const SCOPES = [
  {
    name: 'repo:read',
    hint: 'read code, issues, pull requests and releases of repositories you can see (private ones too)',
  },
  { name: 'repo:write', hint: 'push, create repositories, open and edit issues, pull requests and releases' },
  { name: 'repo:delete', hint: 'delete repositories' },
  { name: 'pull_request:write', hint: 'open, comment on and edit pull requests, and nothing else' },
  { name: 'collaborator:read', hint: 'see collaborators and teams' },
  { name: 'collaborator:write', hint: 'add and remove collaborators' },
  { name: 'workflow:read', hint: 'see pipelines and their logs' },
  { name: 'workflow:trigger', hint: 'run, cancel and rerun pipelines' },
  { name: 'secrets:read', hint: 'list pipeline secrets (never their values)' },
  { name: 'secrets:write', hint: 'set and delete pipeline secrets' },
  { name: 'webhook:read', hint: 'see webhooks and their deliveries' },
  { name: 'webhook:write', hint: 'add, change and delete webhooks' },
  { name: 'admin', hint: 'manage organizations and your tokens; site administration if you are a site admin' },
] as const;

// Other forges' scope names (docs/rest): each ticks the canonical scopes it stands for.
export const DIALECT_SCOPES = [
  {
    name: 'repo',
    where: 'Gogs, Gitea, konnos, OpenCodeHub',
    scopes: ['repo:read', 'repo:write', 'repo:delete'],
  },
  { name: 'pr', where: 'OpenCodeHub', scopes: ['repo:read', 'pull_request:write'] },
  {
    name: 'read',
    where: 'Isurus',
    scopes: ['repo:read', 'collaborator:read', 'workflow:read', 'webhook:read'],
  },
  {
    name: 'write',
    where: 'Isurus',
    scopes: [
      'repo:read',
      'collaborator:read',
      'workflow:read',
      'webhook:read',
      'repo:write',
      'collaborator:write',
      'webhook:write',
      'workflow:trigger',
    ],
  },
  {
    name: 'admin',
    where: 'Isurus',
    scopes: [
      'repo:read',
      'collaborator:read',
      'workflow:read',
      'webhook:read',
      'repo:write',
      'collaborator:write',
      'webhook:write',
      'workflow:trigger',
      'repo:delete',
      'admin',
    ],
  },
] as const;

/** The picked scopes in canonical order. */
export function orderedScopes(picked: Iterable<string>): string[] {
  const set = new Set(picked);
  return SCOPES.map((s) => s.name).filter((name) => set.has(name));
}

function TokenSettings() {
  const [{ data, fetching, error }] = useQuery({ query: TokensQuery });
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [createResult, create] = useMutation(CreateTokenMutation);
  const [revokeResult, revoke] = useMutation(RevokeTokenMutation);
  const tokens = data?.viewer?.accessTokens;
  const toggle = (names: readonly string[], on: boolean) =>
    setPicked(orderedScopes(on ? [...picked, ...names] : picked.filter((n) => !names.includes(n))));

  const submit = async (event: Event) => {
    event.preventDefault();
    // Never an empty list: to the server, no scopes at all means every scope of yours.
    if (!picked.length) return;
    const result = await create({ input: { name: name.trim(), scopes: orderedScopes(picked) } });
    if (result.data) {
      setCreated({ name: result.data.createAccessToken.accessToken.name, token: result.data.createAccessToken.token });
      setName('');
      setPicked([]);
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
        <fieldset class="scopes">
          <legend>Scopes: what the token may do</legend>
          {SCOPES.map((scope) => (
            <label key={scope.name} class="inline">
              <input
                type="checkbox"
                name={`scope-${scope.name}`}
                checked={picked.includes(scope.name)}
                onChange={(e) => toggle([scope.name], e.currentTarget.checked)}
              />{' '}
              <code>{scope.name}</code> <span class="muted">{scope.hint}</span>
            </label>
          ))}
        </fieldset>
        <fieldset class="scopes">
          <legend>Or another forge's scopes</legend>
          {DIALECT_SCOPES.map((scope) => (
            <label key={`${scope.where}:${scope.name}`} class="inline">
              <input
                type="checkbox"
                name={`dialect-${scope.where}-${scope.name}`}
                checked={scope.scopes.every((n) => picked.includes(n))}
                onChange={(e) => toggle(scope.scopes, e.currentTarget.checked)}
              />{' '}
              <code>{scope.name}</code>{' '}
              <span class="muted">
                ({scope.where}): {scope.scopes.join(', ')}
              </span>
            </label>
          ))}
        </fieldset>
        {picked.length ? null : <p class="muted small">Pick at least one scope.</p>}
        <ErrorNote message={errorMessage(createResult.error)} />
        <button type="submit" class="primary" disabled={createResult.fetching || !picked.length}>
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
