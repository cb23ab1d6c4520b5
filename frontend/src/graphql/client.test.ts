import { afterEach, describe, expect, it, vi } from 'vitest';
import { graphql } from '../gql';
import { createClient, errorMessage } from './client';

const IssuesQuery = graphql(`
  query TestIssues($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      id
      issues(first: 10) {
        nodes {
          id
          title
        }
      }
    }
  }
`);

const CreateIssue = graphql(`
  mutation TestCreateIssue($input: CreateIssueInput!) {
    createIssue(input: $input) {
      issue {
        id
        number
      }
    }
  }
`);

type Body = { query: string; variables: Record<string, unknown> };

/** A fake /graphql answering by operation; records what was sent. */
function fakeServer(answer: (body: Body) => { status?: number; json: unknown }) {
  const calls: { body: Body; headers: Headers }[] = [];
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as Body;
    calls.push({ body, headers: new Headers(init.headers) });
    const { status = 200, json } = answer(body);
    return new Response(JSON.stringify(json), { status, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}

function issues(titles: string[]) {
  return {
    data: {
      repository: {
        __typename: 'Repository',
        id: 'R1',
        issues: {
          __typename: 'IssueConnection',
          nodes: titles.map((title, i) => ({ __typename: 'Issue', id: `I${i}`, title })),
        },
      },
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('createClient', () => {
  it('sends the session token as a Bearer header', async () => {
    const calls = fakeServer(() => ({ json: issues([]) }));
    const client = createClient('ingot_secret', () => {});
    await client.query(IssuesQuery, { owner: 'ada', name: 'engine' }).toPromise();
    expect(calls[0].headers.get('authorization')).toBe('Bearer ingot_secret');
  });

  it('refetches an issue list after createIssue on that repository', async () => {
    let created = false;
    const calls = fakeServer((body) => {
      if (body.query.includes('createIssue')) {
        created = true;
        return {
          json: {
            data: {
              createIssue: { __typename: 'CreateIssuePayload', issue: { __typename: 'Issue', id: 'I9', number: 1 } },
            },
          },
        };
      }
      return { json: issues(created ? ['first'] : []) };
    });
    const client = createClient('t', () => {});
    const vars = { owner: 'ada', name: 'engine' };
    await client.query(IssuesQuery, vars).toPromise();
    await client.query(IssuesQuery, vars, { requestPolicy: 'cache-first' }).toPromise();
    expect(calls).toHaveLength(1); // served from the normalized cache

    await client.mutation(CreateIssue, { input: { repositoryId: 'R1', title: 'first', body: '' } }).toPromise();
    const after = await client.query(IssuesQuery, vars, { requestPolicy: 'cache-first' }).toPromise();
    expect(calls).toHaveLength(3);
    expect(after.data?.repository?.issues.nodes.map((n) => n.title)).toEqual(['first']);
  });

  it('drops the session when the server no longer accepts the token', async () => {
    fakeServer(() => ({
      status: 401,
      json: { data: null, errors: [{ message: 'Bad token.', extensions: { code: 'UNAUTHENTICATED' } }] },
    }));
    const onUnauthenticated = vi.fn();
    const client = createClient('revoked', onUnauthenticated);
    const result = await client.query(IssuesQuery, { owner: 'a', name: 'b' }).toPromise();
    expect(onUnauthenticated).toHaveBeenCalledOnce();
    expect(errorMessage(result.error)).toBe('Bad token.');
  });
});
