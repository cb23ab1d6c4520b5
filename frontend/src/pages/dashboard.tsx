import { useQuery } from '@urql/preact';
import { Empty, ErrorNote, Loading } from '../components/ui';
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
          id
          name
          nameWithOwner
          description
          isPrivate
          openIssueCount
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
  return <MyRepositories />;
}

function MyRepositories() {
  const [{ data, fetching, error }] = useQuery({ query: DashboardQuery });
  const repositories = data?.viewer?.repositories;
  return (
    <section>
      <div class="row">
        <h1>Your repositories</h1>
        <a class="button primary" href="/new">
          New repository
        </a>
      </div>
      <ErrorNote message={errorMessage(error)} />
      {!repositories && fetching ? <Loading /> : null}
      {repositories && repositories.nodes.length === 0 ? (
        <Empty>
          <p>You have no repositories yet.</p>
          <a href="/new">Create your first repository</a>
        </Empty>
      ) : null}
      {repositories && repositories.nodes.length > 0 ? (
        <ul class="list" aria-label="Repositories">
          {repositories.nodes.map((repo) => (
            <li key={repo.id}>
              <a href={`/${repo.nameWithOwner}`} class="title">
                {repo.nameWithOwner}
              </a>
              {repo.isPrivate ? <span class="badge">Private</span> : null}
              {repo.description ? <p class="muted">{repo.description}</p> : null}
              <span class="muted small">{repo.openIssueCount} open issues</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
