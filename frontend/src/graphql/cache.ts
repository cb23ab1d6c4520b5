import { cacheExchange, type Cache, type Data } from '@urql/exchange-graphcache';
import { TYPES_WITHOUT_ID } from '../gql/types-without-id';

/**
 * Git objects are content-addressed: their oid is their identity. Refs, trees'
 * entries and diffs have no global id; a Tree's entries carry the path it was
 * reached by, so two equal trees must not share one record (Tree is embedded).
 */
const BY_OID = ['Commit', 'Blob', 'Tag'];

/** Types without an `id` (from the schema): stored inside their parent, not as entities. */
const EMBEDDED = TYPES_WITHOUT_ID.filter((name) => !BY_OID.includes(name));

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
    invalidateOwnerRepositoryLists(cache);
  },
  deleteRepository(_result: Data, args: unknown, cache: Cache) {
    invalidateOwnerRepositoryLists(cache);
    cache.invalidate({ __typename: 'Repository', id: String((args as Input).input.repositoryId) });
  },
  createLabel(_result: Data, args: unknown, cache: Cache) {
    const repo = cache.keyOfEntity({ __typename: 'Repository', id: String((args as Input).input.repositoryId) });
    invalidateField(cache, repo, 'labels');
  },
  createOrganization(_result: Data, _args: unknown, cache: Cache) {
    invalidateField(cache, viewerKey(cache), 'organizations');
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
  createPullRequest(_result: Data, args: unknown, cache: Cache) {
    const repo = cache.keyOfEntity({ __typename: 'Repository', id: String((args as Input).input.repositoryId) });
    invalidateField(cache, repo, 'pullRequests');
  },
  mergePullRequest(_result: Data, _args: unknown, cache: Cache) {
    invalidateRepositoryLists(cache, 'pullRequests');
  },
  updatePullRequest(_result: Data, _args: unknown, cache: Cache) {
    invalidateRepositoryLists(cache, 'pullRequests');
  },
  addPullRequestComment(_result: Data, args: unknown, cache: Cache) {
    const pr = cache.keyOfEntity({ __typename: 'PullRequest', id: String((args as Input).input.pullRequestId) });
    invalidateField(cache, pr, 'comments');
  },
  createRelease(_result: Data, args: unknown, cache: Cache) {
    const repo = cache.keyOfEntity({ __typename: 'Repository', id: String((args as Input).input.repositoryId) });
    invalidateField(cache, repo, 'releases');
  },
  deleteRelease(_result: Data, args: unknown, cache: Cache) {
    cache.invalidate({ __typename: 'Release', id: String((args as Input).input.releaseId) });
    invalidateRepositoryLists(cache, 'releases');
  },
  deleteReleaseAsset(_result: Data, args: unknown, cache: Cache) {
    cache.invalidate({ __typename: 'ReleaseAsset', id: String((args as Input).input.releaseAssetId) });
  },
  updateIssue(_result: Data, _args: unknown, cache: Cache) {
    // The milestone may have changed: milestone-filtered lists and counts are stale.
    invalidateRepositoryIssueLists(cache);
    invalidateRepositoryLists(cache, 'milestones');
  },
  addAssigneesToAssignable(_result: Data, _args: unknown, cache: Cache) {
    invalidateRepositoryLists(cache, 'issues');
  },
  removeAssigneesFromAssignable(_result: Data, _args: unknown, cache: Cache) {
    invalidateRepositoryLists(cache, 'issues');
  },
  deleteIssueComment(_result: Data, args: unknown, cache: Cache) {
    cache.invalidate({ __typename: 'IssueComment', id: String((args as Input).input.id) });
  },
  deleteLabel(_result: Data, args: unknown, cache: Cache) {
    cache.invalidate({ __typename: 'Label', id: String((args as Input).input.id) });
    invalidateRepositoryLists(cache, 'labels');
  },
  createMilestone(_result: Data, args: unknown, cache: Cache) {
    const repo = cache.keyOfEntity({ __typename: 'Repository', id: String((args as Input).input.repositoryId) });
    invalidateField(cache, repo, 'milestones');
  },
  closeMilestone(_result: Data, _args: unknown, cache: Cache) {
    invalidateRepositoryLists(cache, 'milestones');
  },
  reopenMilestone(_result: Data, _args: unknown, cache: Cache) {
    invalidateRepositoryLists(cache, 'milestones');
  },
  updateMilestone(_result: Data, _args: unknown, cache: Cache) {
    invalidateRepositoryLists(cache, 'milestones');
  },
  deleteMilestone(_result: Data, args: unknown, cache: Cache) {
    cache.invalidate({ __typename: 'Milestone', id: String((args as Input).input.id) });
    invalidateRepositoryLists(cache, 'milestones');
  },
  addCollaborator(_result: Data, args: unknown, cache: Cache) {
    const repo = cache.keyOfEntity({ __typename: 'Repository', id: String((args as Input).input.repositoryId) });
    invalidateField(cache, repo, 'collaborators');
  },
  removeCollaborator(_result: Data, args: unknown, cache: Cache) {
    const repo = cache.keyOfEntity({ __typename: 'Repository', id: String((args as Input).input.repositoryId) });
    invalidateField(cache, repo, 'collaborators');
  },
  createAccessToken(_result: Data, _args: unknown, cache: Cache) {
    invalidateField(cache, viewerKey(cache), 'accessTokens');
  },
  addPublicKey(_result: Data, _args: unknown, cache: Cache) {
    invalidateField(cache, viewerKey(cache), 'publicKeys');
  },
  deletePublicKey(_result: Data, args: unknown, cache: Cache) {
    cache.invalidate({ __typename: 'PublicKey', id: String((args as Input).input.id) });
    invalidateField(cache, viewerKey(cache), 'publicKeys');
  },
  addDeployKey(_result: Data, args: unknown, cache: Cache) {
    const repo = cache.keyOfEntity({ __typename: 'Repository', id: String((args as Input).input.repositoryId) });
    invalidateField(cache, repo, 'deployKeys');
  },
  deleteDeployKey(_result: Data, args: unknown, cache: Cache) {
    cache.invalidate({ __typename: 'DeployKey', id: String((args as Input).input.id) });
    invalidateRepositoryLists(cache, 'deployKeys');
  },
};

/** A repository appeared or went: every cached owner's list of repositories is stale. */
function invalidateOwnerRepositoryLists(cache: Cache): void {
  invalidateField(cache, viewerKey(cache), 'repositories');
  invalidateField(cache, viewerKey(cache), 'organizations');
  for (const info of cache.inspectFields('Query')) {
    if (info.fieldName !== 'user' && info.fieldName !== 'organization') continue;
    const owner = cache.resolve('Query', info.fieldName, info.arguments ?? undefined);
    if (typeof owner === 'string') invalidateField(cache, owner, 'repositories');
  }
}

/** An issue changed state: the open/closed lists of every repository are stale. */
function invalidateRepositoryIssueLists(cache: Cache): void {
  invalidateRepositoryLists(cache, 'issues');
  invalidateRepositoryLists(cache, 'openIssueCount');
}

/** Drop one list field on every cached repository (a state change moves items between lists). */
function invalidateRepositoryLists(cache: Cache, field: string): void {
  for (const info of cache.inspectFields('Query')) {
    if (info.fieldName !== 'repository') continue;
    const repo = cache.resolve('Query', info.fieldName, info.arguments ?? undefined);
    if (typeof repo === 'string') invalidateField(cache, repo, field);
  }
}

export function createCache() {
  return cacheExchange({
    keys: {
      ...Object.fromEntries(EMBEDDED.map((name) => [name, () => null])),
      ...Object.fromEntries(
        BY_OID.map((name) => [name, (data: Data) => (typeof data.oid === 'string' ? data.oid : null)]),
      ),
    },
    updates: { Mutation: mutationUpdates },
  });
}
