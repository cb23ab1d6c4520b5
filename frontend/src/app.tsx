import { Provider, useQuery } from '@urql/preact';
import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { graphql } from './gql';
import { createClient } from './graphql/client';
import { getToken, onTokenChange, setToken } from './session';
import { usePageTitle } from './title';
import { Dashboard } from './pages/dashboard';
import { IssuesPage } from './pages/issues';
import { NotFound } from './pages/not-found';
import { SignIn } from './pages/sign-in';
import { SignOut } from './pages/sign-out';
import { ViewerContext, type Viewer } from './viewer';

// Pages visited less often load on demand, keeping the initial JavaScript small.
const code = () => import('./pages/code');
const commits = () => import('./pages/commits');
const RepositoryHome = lazy(() => code().then((m) => m.RepositoryHome));
const TreePage = lazy(() => code().then((m) => m.TreePage));
const BlobPage = lazy(() => code().then((m) => m.BlobPage));
const CommitsPage = lazy(() => commits().then((m) => m.CommitsPage));
const CommitPage = lazy(() => commits().then((m) => m.CommitPage));
const pulls = () => import('./pages/pulls');
const PullsPage = lazy(() => pulls().then((m) => m.PullsPage));
const NewPullPage = lazy(() => pulls().then((m) => m.NewPullPage));
const PullPage = lazy(() => pulls().then((m) => m.PullPage));
const pipelines = () => import('./pages/pipelines');
const PipelinesPage = lazy(() => pipelines().then((m) => m.PipelinesPage));
const PipelinePage = lazy(() => pipelines().then((m) => m.PipelinePage));
const releases = () => import('./pages/releases');
const ReleasesPage = lazy(() => releases().then((m) => m.ReleasesPage));
const NewReleasePage = lazy(() => releases().then((m) => m.NewReleasePage));
const branches = () => import('./pages/branches');
const BranchesPage = lazy(() => branches().then((m) => m.BranchesPage));
const TagsPage = lazy(() => branches().then((m) => m.TagsPage));
const ComparePage = lazy(() => branches().then((m) => m.ComparePage));
const AccountPage = lazy(() => import('./pages/account').then((m) => m.AccountPage));
const MilestonesPage = lazy(() => import('./pages/milestones').then((m) => m.MilestonesPage));
const LabelsPage = lazy(() => import('./pages/labels').then((m) => m.LabelsPage));
const IssuePage = lazy(() => import('./pages/issue').then((m) => m.IssuePage));
const NewIssue = lazy(() => import('./pages/new-issue').then((m) => m.NewIssue));
const NewOrganization = lazy(() => import('./pages/new-organization').then((m) => m.NewOrganization));
const NewRepository = lazy(() => import('./pages/new-repository').then((m) => m.NewRepository));
const SettingsPage = lazy(() => import('./pages/settings').then((m) => m.SettingsPage));
const WebhooksPage = lazy(() => import('./pages/webhooks').then((m) => m.WebhooksPage));
const Tokens = lazy(() => import('./pages/tokens').then((m) => m.Tokens));
const SshKeys = lazy(() => import('./pages/ssh-keys').then((m) => m.SshKeys));
const ProfileSettings = lazy(() => import('./pages/profile-settings').then((m) => m.ProfileSettings));

/** Links the SPA routes itself; raw files and GraphiQL are the server's pages. */
const SPA_LINKS = /^(?!\/graphql(?:[/?#]|$)|\/[^/]+\/[^/]+\/(?:raw|releases\/download)\/)/;

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      id
      login
      name
      isSiteAdmin
    }
  }
`);

export function App() {
  const [token, setTokenState] = useState(getToken());
  useEffect(() => onTokenChange(setTokenState), []);
  const client = useMemo(() => createClient(token, () => setToken(null)), [token]);
  return (
    <Provider value={client}>
      <LocationProvider scope={SPA_LINKS}>
        <Shell signedIn={token !== null} />
      </LocationProvider>
    </Provider>
  );
}

function Shell({ signedIn }: { signedIn: boolean }) {
  const [{ data, fetching, error }, refetchViewer] = useQuery({ query: ViewerQuery, pause: !signedIn });
  const viewer: Viewer | null = signedIn ? (data?.viewer ?? null) : null;
  // Signed in but the server is out of reach: say so, rather than looking signed out.
  const unreachable = signedIn && !data && !fetching && Boolean(error?.networkError);
  const loading = (signedIn && fetching && !data) || unreachable;
  const { path } = useLocation();
  const [failed, setFailed] = useState<string | null>(null);
  usePageTitle(() => document.getElementById('main'));
  useEffect(() => {
    setFailed(null);
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);
  return (
    <ViewerContext.Provider value={{ viewer, loading }}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/">
          Ingot
        </a>
        <nav aria-label="Main">
          {viewer ? (
            <>
              <a href="/new">New repository</a>
              <a href="/settings/profile">Settings</a>
              <a class="who" href={`/${viewer.login}`} title="Your profile">
                {viewer.login}
              </a>
              <a href="/logout">Sign out</a>
            </>
          ) : loading ? null : (
            <a href={`/login?next=${encodeURIComponent(path)}`}>Sign in</a>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {failed ? (
          <p class="error" role="alert">
            This page could not be loaded ({failed}). Check your connection and reload.
          </p>
        ) : unreachable ? (
          <div class="stack">
            <p class="error" role="alert">
              Ingot could not be reached. Check your connection and try again.
            </p>
            <button type="button" onClick={() => refetchViewer({ requestPolicy: 'network-only' })}>
              Try again
            </button>
          </div>
        ) : (
          <ErrorBoundary onError={(error) => setFailed(error.message)}>
            <Router>
              <Route path="/" component={Dashboard} />
              <Route path="/login" component={SignIn} />
              <Route path="/logout" component={SignOut} />
              <Route path="/new" component={NewRepository} />
              <Route path="/organizations/new" component={NewOrganization} />
              <Route path="/settings/tokens" component={Tokens} />
              <Route path="/settings/keys" component={SshKeys} />
              <Route path="/settings/profile" component={ProfileSettings} />
              <Route path="/settings" component={ProfileSettings} />
              <Route path="/:owner/:repo/issues/new" component={NewIssue} />
              <Route path="/:owner/:repo/issues/:number" component={IssuePage} />
              <Route path="/:owner/:repo/issues" component={IssuesPage} />
              <Route path="/:owner/:repo/pulls/new" component={NewPullPage} />
              <Route path="/:owner/:repo/pulls" component={PullsPage} />
              <Route path="/:owner/:repo/pull/:number" component={PullPage} />
              <Route path="/:owner/:repo/pipelines/:number" component={PipelinePage} />
              <Route path="/:owner/:repo/pipelines" component={PipelinesPage} />
              <Route path="/:owner/:repo/releases/new" component={NewReleasePage} />
              <Route path="/:owner/:repo/releases" component={ReleasesPage} />
              <Route path="/:owner/:repo/milestones" component={MilestonesPage} />
              <Route path="/:owner/:repo/labels" component={LabelsPage} />
              <Route path="/:owner/:repo/settings/hooks" component={WebhooksPage} />
              <Route path="/:owner/:repo/settings" component={SettingsPage} />
              <Route path="/:owner/:repo/tree/:tail+" component={TreePage} />
              <Route path="/:owner/:repo/blob/:tail+" component={BlobPage} />
              <Route path="/:owner/:repo/commits/:tail+" component={CommitsPage} />
              <Route path="/:owner/:repo/commit/:oid" component={CommitPage} />
              <Route path="/:owner/:repo/branches" component={BranchesPage} />
              <Route path="/:owner/:repo/tags" component={TagsPage} />
              <Route path="/:owner/:repo/compare/:tail+" component={ComparePage} />
              <Route path="/:owner/:repo" component={RepositoryHome} />
              <Route path="/:login" component={AccountPage} />
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
        )}
      </main>
    </ViewerContext.Provider>
  );
}
