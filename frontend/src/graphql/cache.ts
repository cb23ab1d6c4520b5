import { cacheExchange, type Cache, type Data } from '@urql/exchange-graphcache';

/** Types without an `id`: stored inside their parent, not as entities. */
const EMBEDDED = [
  'PageInfo',
  'RepositoryConnection',
  'RepositoryEdge',
  'IssueConnection',
  'IssueEdge',
  'IssueCommentConnection',
  'IssueCommentEdge',
  'LabelConnection',
  'LabelEdge',
  'OrganizationConnection',
  'OrganizationEdge',
  'OrganizationMember',
  'OrganizationMemberConnection',
  'OrganizationMemberEdge',
  'SignInPayload',
  'SignOutPayload',
  'CreateAccessTokenPayload',
  'RevokeAccessTokenPayload',
  'CreateRepositoryPayload',
  'UpdateRepositoryPayload',
  'DeleteRepositoryPayload',
  'CreateIssuePayload',
  'UpdateIssuePayload',
  'AddCommentPayload',
];

/** Drop every cached variant (any arguments) of one field of one entity. */
export function invalidateField(cache: Cache, entity: string | null | undefined, field: string): void {
  if (!entity) return;
  for (const info of cache.inspectFields(entity)) {
    if (info.fieldName === field) cache.invalidate(entity, info.fieldName, info.arguments ?? undefined);
  }
}

function viewerKey(cache: Cache): string | null {
  const viewer = cache.resolve('Query', 'viewer');
  return typeof viewer === 'string' ? viewer : null;
}

type Input = { input: Record<string, unknown> };

/**
 * Lists that a mutation grows. Updated fields of existing entities need no
 * code: the normalized cache updates them from the mutation's payload.
 */
export const mutationUpdates = {
  createRepository(_result: Data, _args: unknown, cache: Cache) {
    invalidateField(cache, viewerKey(cache), 'repositories');
  },
  deleteRepository(_result: Data, _args: unknown, cache: Cache) {
    invalidateField(cache, viewerKey(cache), 'repositories');
  },
  createIssue(_result: Data, args: unknown, cache: Cache) {
    const repo = cache.keyOfEntity({ __typename: 'Repository', id: String((args as Input).input.repositoryId) });
    invalidateField(cache, repo, 'issues');
    invalidateField(cache, repo, 'openIssueCount');
  },
  addComment(_result: Data, args: unknown, cache: Cache) {
    const issue = cache.keyOfEntity({ __typename: 'Issue', id: String((args as Input).input.subjectId) });
    invalidateField(cache, issue, 'comments');
  },
  closeIssue(_result: Data, _args: unknown, cache: Cache) {
    invalidateRepositoryIssueLists(cache);
  },
  reopenIssue(_result: Data, _args: unknown, cache: Cache) {
    invalidateRepositoryIssueLists(cache);
  },
  createAccessToken(_result: Data, _args: unknown, cache: Cache) {
    invalidateField(cache, viewerKey(cache), 'accessTokens');
  },
};

/** An issue changed state: the open/closed lists of every repository are stale. */
function invalidateRepositoryIssueLists(cache: Cache): void {
  for (const info of cache.inspectFields('Query')) {
    if (info.fieldName !== 'repository') continue;
    const repo = cache.resolve('Query', info.fieldName, info.arguments ?? undefined);
    if (typeof repo === 'string') {
      invalidateField(cache, repo, 'issues');
      invalidateField(cache, repo, 'openIssueCount');
    }
  }
}

export function createCache() {
  return cacheExchange({
    keys: Object.fromEntries(EMBEDDED.map((name) => [name, () => null])),
    updates: { Mutation: mutationUpdates },
  });
}
