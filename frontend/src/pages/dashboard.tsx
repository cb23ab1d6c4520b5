import { useQuery } from '@urql/preact';
import { ActivityFeed } from '../components/activity';
import { mostRecent, RepoList } from '../components/repo-list';
import { ErrorNote, Loading } from '../components/ui';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { useViewer } from '../viewer';

const DashboardQuery = graphql(`
  query Dashboard {
    viewer {
      id
      repositories(first: 100) {
        totalCount
        nodes {
          ...RepoSummaryFields
        }
      }
      organizations(first: 20) {
        totalCount
        nodes {
          id
          login
          name
          repositories(first: 20) {
            nodes {
              ...RepoSummaryFields
            }
          }
        }
      }
    }
  }
`);

export function Dashboard() {
  const { viewer, loading } = useViewer();
  if (loading) return <Loading />;
  if (!viewer) {
    return (
      <section class="narrow">
        <h1>Ingot</h1>
        <p>A self-hosted git forge.</p>
        <p>
          <a class="button primary" href="/login">
            Sign in
          </a>
        </p>
      </section>
    );
  }
  return <Overview />;
}

function Overview() {
  const [{ data, fetching, error }] = useQuery({ query: DashboardQuery });
  const me = data?.viewer;
  const orgs = me?.organizations.nodes ?? [];
  const recent = me ? mostRecent([...me.repositories.nodes, ...orgs.flatMap((o) => o.repositories.nodes)], 6) : [];
  return (
    <div class="dashboard">
      <section class="main-column">
        <div class="row">
          <h1>Your repositories</h1>
          <a class="button primary" href="/new">
            New repository
          </a>
        </div>
        <ErrorNote message={errorMessage(error)} />
        {!me && fetching ? <Loading /> : null}
        {me ? (
          me.repositories.nodes.length === 0 ? (
            <div class="empty">
              <p>You have no repositories yet.</p>
              <a href="/new">Create your first repository</a>
            </div>
          ) : (
            <RepoList repos={me.repositories.nodes} label="Repositories" empty="" />
          )
        ) : null}
        <section aria-labelledby="activity-heading">
          <h2 id="activity-heading">Recent activity</h2>
          <ActivityFeed
            source={{ viewer: true }}
            empty="Nothing has happened in your repositories yet: push a branch or open an issue."
          />
        </section>
      </section>
      <aside class="side-column">
        {recent.length > 0 ? (
          <section aria-labelledby="recent-heading">
            <h2 id="recent-heading">Recently active</h2>
            <ul class="plain" aria-label="Recent repositories">
              {recent.map((r) => (
                <li key={r.id}>
                  <a href={`/${r.nameWithOwner}`}>{r.nameWithOwner}</a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <section aria-labelledby="orgs-heading">
          <h2 id="orgs-heading">Organizations</h2>
          {me && orgs.length === 0 ? <p class="muted small">You are not in any organization.</p> : null}
          {orgs.length > 0 ? (
            <ul class="plain" aria-label="Organizations">
              {orgs.map((org) => (
                <li key={org.id}>
                  <a href={`/${org.login}`}>{org.name || org.login}</a>
                </li>
              ))}
            </ul>
          ) : null}
          <a class="small" href="/organizations/new">
            New organization
          </a>
        </section>
      </aside>
    </div>
  );
}
