import { useClient, useMutation, useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { closeOnEscape } from '../components/ui';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { commitsUrl, treeUrl } from './paths';

export const RefsQuery = graphql(`
  query RepositoryRefs($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      id
      viewerPermission
      branches: refs(refPrefix: "refs/heads/", first: 100) {
        totalCount
        nodes {
          name
        }
      }
      tags: refs(refPrefix: "refs/tags/", first: 100) {
        totalCount
        nodes {
          name
        }
      }
    }
  }
`);

/** Branch and tag names of a repository (cached; shared by the switcher and path splitting). */
export function useRefNames(owner: string, name: string) {
  const [{ data, fetching }] = useQuery({ query: RefsQuery, variables: { owner, name } });
  const branches = data?.repository?.branches.nodes.map((r) => r.name) ?? [];
  const tags = data?.repository?.tags.nodes.map((r) => r.name) ?? [];
  const repository = data?.repository;
  return {
    branches,
    tags,
    all: [...branches, ...tags],
    ready: data !== undefined || !fetching,
    repositoryId: repository?.id ?? null,
    canWrite: repository?.viewerPermission === 'WRITE' || repository?.viewerPermission === 'ADMIN',
  };
}

const TipQuery = graphql(`
  query RefTip($owner: String!, $name: String!, $expression: String!) {
    repository(owner: $owner, name: $name) {
      id
      object(expression: $expression) {
        __typename
        oid
        ... on Tag {
          target {
            oid
          }
        }
      }
    }
  }
`);

const CreateBranchMutation = graphql(`
  mutation CreateBranch($input: CreateRefInput!) {
    createRef(input: $input) {
      ref {
        id
        name
      }
    }
  }
`);

/** A menu of branches and tags, each linking to the same place at that ref; a writer can
 * create a branch from the current ref by typing a new name. */
export function RefSwitcher({
  owner,
  name,
  current,
  path = '',
  view = 'tree',
}: {
  owner: string;
  name: string;
  current: string;
  path?: string;
  view?: 'tree' | 'commits';
}) {
  const { branches, tags, ready, repositoryId, canWrite } = useRefNames(owner, name);
  const [filter, setFilter] = useState('');
  const [failed, setFailed] = useState<string | null>(null);
  const client = useClient();
  const { route } = useLocation();
  const [creating, createRef] = useMutation(CreateBranchMutation);
  const wanted = filter.trim();
  const createBranch = async () => {
    setFailed(null);
    const tip = await client
      .query(TipQuery, { owner, name, expression: current }, { requestPolicy: 'network-only' })
      .toPromise();
    const object = tip.data?.repository?.object;
    const oid = object?.__typename === 'Tag' ? object.target?.oid : object?.oid;
    if (!oid || !repositoryId) {
      setFailed(errorMessage(tip.error) ?? `${current} names no commit.`);
      return;
    }
    const made = await createRef({ input: { repositoryId, name: `refs/heads/${wanted}`, oid } });
    if (made.error) {
      setFailed(errorMessage(made.error));
      return;
    }
    // The new name must be known before its page splits the path at it.
    await client.query(RefsQuery, { owner, name }, { requestPolicy: 'network-only' }).toPromise();
    route(href(wanted));
  };
  const repo = `${owner}/${name}`;
  const href = (ref: string) => (view === 'commits' ? commitsUrl(repo, ref, path) : treeUrl(repo, ref, path));
  const match = (ref: string) => ref.toLowerCase().includes(filter.trim().toLowerCase());
  const list = (label: string, refs: string[]) => {
    const shown = refs.filter(match);
    if (shown.length === 0) return null;
    return (
      <>
        <p class="menu-title">{label}</p>
        <ul class="plain" aria-label={label}>
          {shown.map((ref) => (
            <li key={ref}>
              <a href={href(ref)} aria-current={ref === current ? 'true' : undefined}>
                {ref}
              </a>
            </li>
          ))}
        </ul>
      </>
    );
  };
  return (
    <details class="menu" key={`${current}:${path}`} onKeyDown={closeOnEscape}>
      <summary aria-label={`Switch branch or tag (current: ${current})`}>
        <span class="muted small">ref:</span>{' '}
        {current.length > 40 && /^[0-9a-f]+$/.test(current) ? current.slice(0, 7) : current}
      </summary>
      <div class="menu-body">
        <label>
          <span class="sr-only">Filter branches and tags</span>
          <input
            placeholder="Filter branches and tags"
            value={filter}
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
        </label>
        {canWrite && wanted && !branches.includes(wanted) && !tags.includes(wanted) ? (
          <button type="button" class="small" disabled={creating.fetching} onClick={createBranch}>
            Create branch <code>{wanted}</code> from <code>{current.length > 40 ? current.slice(0, 7) : current}</code>
          </button>
        ) : null}
        {failed ? (
          <p class="error small" role="alert">
            {failed}
          </p>
        ) : null}
        {list('Branches', branches)}
        {list('Tags', tags)}
        {!ready ? <p class="muted small">Loading…</p> : null}
        {ready && ![...branches, ...tags].some(match) ? (
          <p class="muted small" role="status">
            No branch or tag matches.
          </p>
        ) : null}
      </div>
    </details>
  );
}
