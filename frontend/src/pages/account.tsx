import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { ActivityFeed } from '../components/activity';
import { RepoList } from '../components/repo-list';
import { Avatar, Empty, ErrorNote, Loading } from '../components/ui';
import { graphql } from '../gql';
import type { AccountQuery, OrganizationMemberRole } from '../gql/graphql';
import { errorMessage } from '../graphql/client';

const AccountQueryDocument = graphql(`
  query Account($login: String!) {
    user(login: $login) {
      id
      login
      name
      isViewer
      repositories(first: 100) {
        totalCount
        nodes {
          ...RepoSummaryFields
        }
      }
      organizations(first: 50) {
        nodes {
          id
          login
          name
        }
      }
    }
    organization(login: $login) {
      id
      login
      name
      description
      viewerRole
      repositories(first: 100) {
        totalCount
        nodes {
          ...RepoSummaryFields
        }
      }
      membersWithRole(first: 100) {
        totalCount
        nodes {
          role
          user {
            id
            login
            name
          }
        }
      }
    }
  }
`);

const AddMemberMutation = graphql(`
  mutation AddOrganizationMember($input: AddOrganizationMemberInput!) {
    addOrganizationMember(input: $input) {
      role
      user {
        id
        login
      }
    }
  }
`);

/** `/:login`: a user's profile or an organization's page, whichever the name is. */
export function AccountPage({ login }: { login: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: AccountQueryDocument, variables: { login } });
  if (!data && fetching) return <Loading />;
  if (!data && error) return <ErrorNote message={errorMessage(error)} />;
  if (data?.user) return <UserProfile user={data.user} />;
  if (data?.organization) {
    return <OrganizationProfile org={data.organization} refresh={() => refetch({ requestPolicy: 'network-only' })} />;
  }
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no user or organization called <code>{login}</code>.
      </p>
    </section>
  );
}

function UserProfile({ user }: { user: NonNullable<AccountQuery['user']> }) {
  return (
    <section>
      <div class="profile">
        <Avatar login={user.login} />
        <div>
          <h1>{user.name || user.login}</h1>
          {user.name ? <p class="muted">{user.login}</p> : null}
        </div>
      </div>
      {user.organizations.nodes.length > 0 ? (
        <section aria-labelledby="orgs-heading">
          <h2 id="orgs-heading">Organizations</h2>
          <ul class="chips" aria-label="Organizations">
            {user.organizations.nodes.map((org) => (
              <li key={org.id}>
                <a href={`/${org.login}`}>{org.name || org.login}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Repositories ({user.repositories.totalCount})</h2>
      <RepoList
        repos={user.repositories.nodes}
        label="Repositories"
        empty={user.isViewer ? 'You have no repositories yet.' : `${user.login} has no repositories you can see.`}
      />
      <section aria-labelledby="user-activity-heading">
        <h2 id="user-activity-heading">Recent activity</h2>
        <ActivityFeed source={{ login: user.login }} empty={`No activity by ${user.login} that you can see.`} />
      </section>
    </section>
  );
}

const ROLE_NAME: Record<OrganizationMemberRole, string> = { ADMIN: 'Owner', MEMBER: 'Member' };

function OrganizationProfile({
  org,
  refresh,
}: {
  org: NonNullable<AccountQuery['organization']>;
  refresh: () => void;
}) {
  return (
    <section>
      <div class="profile">
        <Avatar login={org.login} />
        <div>
          <h1>{org.name || org.login}</h1>
          <p class="muted">
            {org.login} · organization{org.viewerRole ? ` · you are ${ROLE_NAME[org.viewerRole].toLowerCase()}` : ''}
          </p>
        </div>
      </div>
      {org.description ? <p>{org.description}</p> : null}
      <div class="row">
        <h2>Repositories ({org.repositories.totalCount})</h2>
        {org.viewerRole ? (
          <a class="button" href={`/new?owner=${encodeURIComponent(org.login)}`}>
            New repository
          </a>
        ) : null}
      </div>
      <RepoList repos={org.repositories.nodes} label="Repositories" empty="No repositories you can see." />
      {org.viewerRole ? (
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">Members ({org.membersWithRole.totalCount})</h2>
          {org.membersWithRole.nodes.length === 0 ? (
            <Empty>No members.</Empty>
          ) : (
            <ul class="list" aria-label="Members">
              {org.membersWithRole.nodes.map((m) => (
                <li key={m.user.id}>
                  <a class="title" href={`/${m.user.login}`}>
                    {m.user.login}
                  </a>
                  {m.user.name ? <span class="muted">{m.user.name} </span> : null}
                  <span class="badge">{ROLE_NAME[m.role]}</span>
                </li>
              ))}
            </ul>
          )}
          {org.viewerRole === 'ADMIN' ? <AddMemberForm organizationId={org.id} onAdded={refresh} /> : null}
        </section>
      ) : null}
    </section>
  );
}

function AddMemberForm({ organizationId, onAdded }: { organizationId: string; onAdded: () => void }) {
  const [login, setLogin] = useState('');
  const [role, setRole] = useState<OrganizationMemberRole>('MEMBER');
  const [result, add] = useMutation(AddMemberMutation);
  const submit = async (event: Event) => {
    event.preventDefault();
    const { data } = await add({ input: { organizationId, login: login.trim(), role } });
    if (data) {
      setLogin('');
      onAdded();
    }
  };
  return (
    <form onSubmit={submit} class="stack card" aria-label="Add a member">
      <div class="fields">
        <label>
          Member login
          <input name="login" required value={login} onInput={(e) => setLogin(e.currentTarget.value)} />
        </label>
        <label>
          Role
          <select name="role" value={role} onChange={(e) => setRole(e.currentTarget.value as OrganizationMemberRole)}>
            <option value="MEMBER">Member</option>
            <option value="ADMIN">Owner</option>
          </select>
        </label>
      </div>
      <ErrorNote message={errorMessage(result.error)} />
      <button type="submit" disabled={result.fetching}>
        {result.fetching ? 'Adding…' : 'Add member'}
      </button>
    </form>
  );
}
