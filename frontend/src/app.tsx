import { Provider, useQuery } from '@urql/preact';
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { graphql } from './gql';
import { createClient } from './graphql/client';
import { getToken, onTokenChange, setToken } from './session';
import { Dashboard } from './pages/dashboard';
import { IssuePage } from './pages/issue';
import { NewIssue } from './pages/new-issue';
import { NewRepository } from './pages/new-repository';
import { NotFound } from './pages/not-found';
import { RepositoryPage } from './pages/repository';
import { SignIn } from './pages/sign-in';
import { SignOut } from './pages/sign-out';
import { Tokens } from './pages/tokens';
import { ViewerContext, type Viewer } from './viewer';

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
      <LocationProvider>
        <Shell signedIn={token !== null} />
      </LocationProvider>
    </Provider>
  );
}

function Shell({ signedIn }: { signedIn: boolean }) {
  const [{ data, fetching }] = useQuery({ query: ViewerQuery, pause: !signedIn });
  const viewer: Viewer | null = signedIn ? (data?.viewer ?? null) : null;
  const loading = signedIn && fetching && !data;
  const { path } = useLocation();
  useEffect(() => {
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
              <a href="/settings/tokens">Tokens</a>
              <span class="who" title="Signed in">
                {viewer.login}
              </span>
              <a href="/logout">Sign out</a>
            </>
          ) : loading ? null : (
            <a href={`/login?next=${encodeURIComponent(path)}`}>Sign in</a>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Router>
          <Route path="/" component={Dashboard} />
          <Route path="/login" component={SignIn} />
          <Route path="/logout" component={SignOut} />
          <Route path="/new" component={NewRepository} />
          <Route path="/settings/tokens" component={Tokens} />
          <Route path="/:owner/:repo/issues/new" component={NewIssue} />
          <Route path="/:owner/:repo/issues/:number" component={IssuePage} />
          <Route path="/:owner/:repo/issues" component={RepositoryPage} />
          <Route path="/:owner/:repo" component={RepositoryPage} />
          <Route default component={NotFound} />
        </Router>
      </main>
    </ViewerContext.Provider>
  );
}
