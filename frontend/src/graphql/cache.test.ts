import type { TypedDocumentNode } from '@urql/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { graphql } from '../gql';
import { createClient } from './client';

const LabelsQuery = graphql(`
  query TestCacheLabels($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      id
      labels(first: 10) {
        nodes {
          id
          name
        }
      }
    }
  }
`);

const DeleteLabel = graphql(`
  mutation TestCacheDeleteLabel($input: DeleteLabelInput!) {
    deleteLabel(input: $input) {
      deletedLabelId
    }
  }
`);

const CollaboratorsQuery = graphql(`
  query TestCacheCollaborators($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      id
      collaborators(first: 10) {
        edges {
          permission
          node {
            id
            login
          }
        }
      }
    }
  }
`);

const AddCollaborator = graphql(`
  mutation TestCacheAddCollaborator($input: AddCollaboratorInput!) {
    addCollaborator(input: $input) {
      permission
      user {
        id
        login
      }
    }
  }
`);

const CommentsQuery = graphql(`
  query TestCacheComments($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      id
      issue(number: 1) {
        id
        comments(first: 10) {
          nodes {
            id
            body
          }
        }
      }
    }
  }
`);

const DeleteComment = graphql(`
  mutation TestCacheDeleteComment($input: DeleteIssueCommentInput!) {
    deleteIssueComment(input: $input) {
      deletedCommentId
    }
  }
`);

const MilestonesQuery = graphql(`
  query TestCacheMilestones($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      id
      milestones(first: 10, states: [OPEN]) {
        nodes {
          id
          title
        }
      }
    }
  }
`);

const CloseMilestone = graphql(`
  mutation TestCacheCloseMilestone($input: MilestoneIdInput!) {
    closeMilestone(input: $input) {
      milestone {
        id
        title
      }
    }
  }
`);

type Body = { query: string; variables: Record<string, unknown> };

/** A fake /graphql: `before` until a mutation has been sent, then `after`. */
function fakeServer(before: unknown, after: unknown, mutation: unknown) {
  let mutated = false;
  const calls: Body[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as Body;
      calls.push(body);
      let json: unknown;
      if (body.query.trimStart().startsWith('mutation')) {
        mutated = true;
        json = { data: mutation };
      } else {
        json = { data: mutated ? after : before };
      }
      return new Response(JSON.stringify(json), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
  return calls;
}

/** Loads the list, runs the mutation, and reads the list again from the cache if it can. */
async function listAfter<Q, M, MV extends object>(
  query: TypedDocumentNode<Q, { owner: string; name: string }>,
  mutation: TypedDocumentNode<M, MV>,
  variables: MV,
  calls: Body[],
): Promise<Q | undefined> {
  const client = createClient('t', () => {});
  const vars = { owner: 'ada', name: 'engine' };
  await client.query(query, vars).toPromise();
  await client.query(query, vars, { requestPolicy: 'cache-first' }).toPromise();
  expect(calls).toHaveLength(1); // served from the normalized cache until the mutation
  await client.mutation(mutation, variables).toPromise();
  const after = await client.query(query, vars, { requestPolicy: 'cache-first' }).toPromise();
  expect(calls).toHaveLength(3); // the mutation, then the list again from the server
  return after.data;
}

const repo = (fields: Record<string, unknown>) => ({ repository: { __typename: 'Repository', id: 'R1', ...fields } });
const label = (id: string, name: string) => ({ __typename: 'Label', id, name });

afterEach(() => vi.unstubAllGlobals());

describe('mutation updates', () => {
  it('drop a deleted label from the repository list', async () => {
    const labels = (...nodes: unknown[]) => repo({ labels: { __typename: 'LabelConnection', nodes } });
    const calls = fakeServer(labels(label('L1', 'bug'), label('L2', 'docs')), labels(label('L2', 'docs')), {
      deleteLabel: { __typename: 'DeleteLabelPayload', deletedLabelId: 'L1' },
    });
    const data = await listAfter(LabelsQuery, DeleteLabel, { input: { id: 'L1' } }, calls);
    expect(data?.repository?.labels.nodes.map((l) => l.name)).toEqual(['docs']);
  });

  it('refetch the collaborators after one is added', async () => {
    const edge = (login: string) => ({
      __typename: 'RepositoryCollaboratorEdge',
      permission: 'WRITE',
      node: { __typename: 'User', id: `U-${login}`, login },
    });
    const list = (...edges: unknown[]) =>
      repo({ collaborators: { __typename: 'RepositoryCollaboratorConnection', edges } });
    const calls = fakeServer(list(), list(edge('bob')), {
      addCollaborator: {
        __typename: 'AddCollaboratorPayload',
        permission: 'WRITE',
        user: { __typename: 'User', id: 'U-bob', login: 'bob' },
      },
    });
    const input = { repositoryId: 'R1', login: 'bob', permission: 'WRITE' as const };
    const data = await listAfter(CollaboratorsQuery, AddCollaborator, { input }, calls);
    expect(data?.repository?.collaborators.edges.map((e) => e.node.login)).toEqual(['bob']);
  });

  it('drop a deleted comment from its issue', async () => {
    const comment = (id: string, body: string) => ({ __typename: 'IssueComment', id, body });
    const issue = (...nodes: unknown[]) =>
      repo({ issue: { __typename: 'Issue', id: 'I1', comments: { __typename: 'IssueCommentConnection', nodes } } });
    const calls = fakeServer(issue(comment('C1', 'first'), comment('C2', 'second')), issue(comment('C2', 'second')), {
      deleteIssueComment: { __typename: 'DeleteIssueCommentPayload', deletedCommentId: 'C1' },
    });
    const data = await listAfter(CommentsQuery, DeleteComment, { input: { id: 'C1' } }, calls);
    expect(data?.repository?.issue?.comments.nodes.map((c) => c.body)).toEqual(['second']);
  });

  it('refetch the open milestones after one closes', async () => {
    const milestones = (...nodes: unknown[]) => repo({ milestones: { __typename: 'MilestoneConnection', nodes } });
    const beta = { __typename: 'Milestone', id: 'M1', title: 'Beta' };
    const calls = fakeServer(milestones(beta), milestones(), {
      closeMilestone: { __typename: 'MilestonePayload', milestone: beta },
    });
    const data = await listAfter(MilestonesQuery, CloseMilestone, { input: { id: 'M1' } }, calls);
    expect(data?.repository?.milestones.nodes).toEqual([]);
  });
});
