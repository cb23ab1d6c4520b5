import { Client, CombinedError, fetchExchange, mapExchange } from '@urql/core';
import { createCache } from './cache';

/** True when the server no longer accepts our credential. */
export function isUnauthenticated(error: CombinedError): boolean {
  if (error.response && (error.response as Response).status === 401) return true;
  return error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/** One human-readable line for an error from the API. */
export function errorMessage(error: CombinedError | undefined | null): string | null {
  if (!error) return null;
  if (error.graphQLErrors.length) return error.graphQLErrors.map((e) => e.message).join(' ');
  if (error.networkError) return 'Ingot could not be reached. Check your connection and try again.';
  return error.message;
}

/**
 * A client per session: signing in or out builds a new one, so no cached
 * data of one user is ever shown to the next.
 */
export function createClient(token: string | null, onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    exchanges: [
      mapExchange({
        onError(error) {
          if (token && isUnauthenticated(error)) onUnauthenticated();
        },
      }),
      createCache(),
      fetchExchange,
    ],
    fetchOptions: (): RequestInit => ({
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      // Signed out, the page's pass cookie puts these requests on the web interface's
      // budget instead of a script's (docs/rate-limits.md); it authenticates nothing.
      credentials: token ? 'omit' : 'same-origin',
    }),
    requestPolicy: 'cache-and-network',
    preferGetMethod: false,
  });
}
