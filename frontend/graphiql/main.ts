// GraphiQL, bundled by us so the page works offline (no CDN scripts).
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { buildSchema, introspectionFromSchema } from 'graphql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { storageWithoutHeaders } from './storage';

const DEFAULT_QUERY = `# Ingot's GraphQL API.
#
# Anonymous callers see public data only.
# To act as yourself, sign in:
#
#   mutation {
#     signIn(input: {login: "admin", password: "..."}) {
#       token
#     }
#   }
#
# then paste the token in "Headers" below:
#
#   {"Authorization": "Bearer ingot_..."}
#
# An access token (Settings -> Tokens)
# works the same way.

{
  viewer {
    login
  }
}
`;

// The exported schema.graphql, bundled as the fallback for introspection.
import sdl from '../../schema.graphql?raw';

const live = createGraphiQLFetcher({ url: '/graphql' });

/**
 * GraphiQL's introspection query nests deeper than the server's depth limit
 * allows; when the server refuses it, answer from the schema this bundle was
 * built against (the committed schema.graphql, which a test keeps current).
 */
const fetcher: Fetcher = async (params, options) => {
  const result = await live(params, options);
  if (params.operationName !== 'IntrospectionQuery') return result;
  const body = result as { data?: unknown; errors?: unknown[] };
  if (body && typeof body === 'object' && 'errors' in body && !body.data) {
    return { data: { ...introspectionFromSchema(buildSchema(sdl)) } };
  }
  return result;
};

const root = document.getElementById('graphiql');
if (root) {
  createRoot(root).render(
    createElement(GraphiQL, {
      fetcher,
      defaultQuery: DEFAULT_QUERY,
      defaultHeaders: '{}',
      defaultEditorToolsVisibility: 'headers',
      // Headers hold tokens; keep them out of localStorage unless the user opts in.
      shouldPersistHeaders: false,
      storage: storageWithoutHeaders,
    }),
  );
}
