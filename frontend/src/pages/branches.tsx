import { useMutation, useQuery } from '@urql/preact';
import { DiffView } from '../code/diff-view';
import { commitUrl, treeUrl } from '../code/paths';
import { canWrite, RepoHeader, RepoNotFound } from '../components/repo-header';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { plural, timeAgo } from '../format';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { useViewer } from '../viewer';

const BranchesQuery = graphql(`
  query Branches($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      defaultBranch
      branchProtectionRules(first: 100) {
        nodes {
          id
          pattern
        }
      }
      refs(refPrefix: "refs/heads/", first: 100) {
        totalCount
        nodes {
          id
          name
          compare(headRef: "HEAD") {
            aheadBy
            behindBy
          }
          target {
            __typename
            oid
            ... on Commit {
              messageHeadline
              authoredDate
              author {
                name
              }
            }
          }
        }
      }
    }
  }
`);

const DeleteRefMutation = graphql(`
  mutation DeleteRef($input: DeleteRefInput!) {
    deleteRef(input: $input) {
      clientMutationId
    }
  }
`);

/** fnmatch's glob, as branch protection matches it (`*` crosses `/`). */
export function globMatches(pattern: string, name: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) source += '\\[';
      else {
        let set = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (set.startsWith('!')) set = `^${set.slice(1)}`;
        source += `[${set}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's').test(name);
}

/** `/:owner/:repo/branches`: every branch with its last commit, how it stands against the
 * default branch, its protection, and (for writers) a delete button. */
export function BranchesPage({ owner, repo }: { owner: string; repo: string }) {
  const { viewer } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: BranchesQuery, variables: { owner, name: repo } });
  const [deleted, deleteRef] = useMutation(DeleteRefMutation);
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const nwo = repository.nameWithOwner;
  const patterns = repository.branchProtectionRules.nodes.map((r) => r.pattern);
  const writer = canWrite(repository);
  const remove = async (id: string, name: string) => {
    if (!window.confirm(`Delete the branch "${name}"? Its commits stay reachable only from other refs.`)) return;
    const result = await deleteRef({ input: { refId: id } });
    if (!result.error) refetch({ requestPolicy: 'network-only' });
  };
  const branches = [...repository.refs.nodes].sort((a, b) =>
    a.name === repository.defaultBranch ? -1 : b.name === repository.defaultBranch ? 1 : 0,
  );
  return (
    <section>
      <RepoHeader repository={repository} active="code" title="Branches" />
      <div class="toolbar">
        <h2 class="small">{plural(repository.refs.totalCount, 'branch', 'branches')}</h2>
        <a href={`/${nwo}/tags`}>Tags</a>
      </div>
      <ErrorNote message={errorMessage(deleted.error)} />
      {branches.length === 0 ? (
        <Empty>
          <p>No branches yet: push one.</p>
        </Empty>
      ) : (
        <ul class="list" aria-label="Branches">
          {branches.map((branch) => {
            const commit = branch.target?.__typename === 'Commit' ? branch.target : null;
            const isDefault = branch.name === repository.defaultBranch;
            const isProtected = patterns.some((p) => globMatches(p, branch.name));
            // compare: this branch is the base and the default branch the head.
            const ahead = branch.compare?.behindBy ?? 0;
            const behind = branch.compare?.aheadBy ?? 0;
            return (
              <li key={branch.id} class="row">
                <div>
                  <a class="title" href={treeUrl(nwo, branch.name)}>
                    {branch.name}
                  </a>{' '}
                  {isDefault ? <span class="badge">Default</span> : null}{' '}
                  {isProtected ? <span class="badge">Protected</span> : null}
                  {commit ? (
                    <div class="muted small">
                      <a href={commitUrl(nwo, commit.oid)}>{commit.messageHeadline || '(no message)'}</a> ·{' '}
                      {commit.author.name} · {timeAgo(commit.authoredDate)}
                    </div>
                  ) : null}
                </div>
                <div class="row small">
                  {isDefault ? null : (
                    <>
                      <span aria-label={`${ahead} ahead, ${behind} behind ${repository.defaultBranch}`}>
                        {ahead} ahead · {behind} behind
                      </span>
                      <a href={`/${nwo}/compare/${repository.defaultBranch}...${branch.name}`}>Compare</a>
                    </>
                  )}
                  {writer && !isDefault && !isProtected ? (
                    <button type="button" class="danger" onClick={() => remove(branch.id, branch.name)}>
                      Delete<span class="sr-only"> branch {branch.name}</span>
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

const TagsQuery = graphql(`
  query Tags($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      refs(refPrefix: "refs/tags/", first: 100) {
        totalCount
        nodes {
          id
          name
          target {
            __typename
            oid
            ... on Commit {
              messageHeadline
              authoredDate
            }
            ... on Tag {
              message
              target {
                __typename
                oid
                ... on Commit {
                  messageHeadline
                  authoredDate
                }
              }
            }
          }
        }
      }
    }
  }
`);

/** `/:owner/:repo/tags`: every tag, the commit it marks, and its downloads. */
export function TagsPage({ owner, repo }: { owner: string; repo: string }) {
  const { viewer } = useViewer();
  const [{ data, fetching, error }] = useQuery({ query: TagsQuery, variables: { owner, name: repo } });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const nwo = repository.nameWithOwner;
  return (
    <section>
      <RepoHeader repository={repository} active="code" title="Tags" />
      <div class="toolbar">
        <h2 class="small">{plural(repository.refs.totalCount, 'tag')}</h2>
        <a href={`/${nwo}/branches`}>Branches</a>
        <a href={`/${nwo}/releases`}>Releases</a>
      </div>
      {repository.refs.nodes.length === 0 ? (
        <Empty>
          <p>No tags yet.</p>
        </Empty>
      ) : (
        <ul class="list" aria-label="Tags">
          {repository.refs.nodes.map((tag) => {
            const target = tag.target;
            const commit =
              target?.__typename === 'Commit'
                ? target
                : target?.__typename === 'Tag' && target.target?.__typename === 'Commit'
                  ? target.target
                  : null;
            return (
              <li key={tag.id} class="row">
                <div>
                  <a class="title" href={treeUrl(nwo, tag.name)}>
                    {tag.name}
                  </a>
                  {commit ? (
                    <div class="muted small">
                      <a href={commitUrl(nwo, commit.oid)}>
                        <code>{commit.oid.slice(0, 7)}</code>
                      </a>{' '}
                      {commit.messageHeadline} · {timeAgo(commit.authoredDate)}
                    </div>
                  ) : null}
                </div>
                <div class="row small">
                  <a href={`/${nwo}/archive/${encodeURIComponent(tag.name)}.zip`}>zip</a>
                  <a href={`/${nwo}/archive/${encodeURIComponent(tag.name)}.tar.gz`}>tar.gz</a>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

graphql(`
  fragment CompareFields on Ref {
    name
    compare(headRef: $head) {
      aheadBy
      behindBy
      status
      commits(first: 100) {
        totalCount
        nodes {
          oid
          abbreviatedOid
          messageHeadline
          authoredDate
          author {
            name
          }
        }
      }
      diff {
        ...DiffFields
      }
    }
  }
`);

const CompareQuery = graphql(`
  query Compare($owner: String!, $name: String!, $base: String!, $head: String!, $againstDefault: Boolean!) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      defaultBranch
      ref(qualifiedName: $base) @skip(if: $againstDefault) {
        ...CompareFields
      }
      defaultBranchRef @include(if: $againstDefault) {
        ...CompareFields
      }
    }
  }
`);

/** `BASE...HEAD` (or just HEAD, against the default branch). */
export function splitCompare(spec: string): { base: string | null; head: string } {
  const at = spec.indexOf('...');
  return at < 0 ? { base: null, head: spec } : { base: spec.slice(0, at), head: spec.slice(at + 3) };
}

/** `/:owner/:repo/compare/BASE...HEAD`: the commits HEAD adds and the diff since it forked. */
export function ComparePage({ owner, repo, tail }: { owner: string; repo: string; tail: string }) {
  const { viewer } = useViewer();
  const { base: askedBase, head } = splitCompare(decodeURIComponent(tail));
  const [{ data, fetching, error }] = useQuery({
    query: CompareQuery,
    variables: { owner, name: repo, base: askedBase ?? '', head, againstDefault: askedBase === null },
  });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const nwo = repository.nameWithOwner;
  const base = askedBase ?? repository.defaultBranch;
  const baseRef = askedBase === null ? repository.defaultBranchRef : repository.ref;
  const comparison = baseRef?.compare;
  return (
    <section>
      <RepoHeader repository={repository} active="code" title={`Compare ${base}...${head}`} />
      <div class="toolbar">
        <h2 class="small">
          Comparing <code>{base}</code>...<code>{head}</code>
        </h2>
      </div>
      {!baseRef || !comparison ? (
        <Empty>
          <p>
            {!baseRef ? <code>{base}</code> : <code>{head}</code>} is not a branch, tag or commit of this repository.
          </p>
        </Empty>
      ) : (
        <>
          <p class="small" role="status">
            {comparison.status === 'IDENTICAL'
              ? `${base} and ${head} are identical.`
              : `${head} is ${plural(comparison.aheadBy, 'commit')} ahead of and ${comparison.behindBy} behind ${base}.`}{' '}
            {viewer && comparison.aheadBy > 0 ? (
              <a
                class="button primary"
                href={`/${nwo}/pulls/new?base=${encodeURIComponent(base)}&head=${encodeURIComponent(head)}`}
              >
                Create pull request
              </a>
            ) : null}
          </p>
          {comparison.commits.nodes.length ? (
            <ol class="list" aria-label="Commits">
              {comparison.commits.nodes.map((commit) => (
                <li key={commit.oid}>
                  <a class="title" href={commitUrl(nwo, commit.oid)}>
                    {commit.messageHeadline || '(no message)'}
                  </a>
                  <span class="meta muted small">
                    <code>{commit.abbreviatedOid}</code> · {commit.author.name} · {timeAgo(commit.authoredDate)}
                  </span>
                </li>
              ))}
            </ol>
          ) : null}
          <DiffView diff={comparison.diff} />
        </>
      )}
    </section>
  );
}
