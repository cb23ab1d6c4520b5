import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { closeOnEscape } from '../components/ui';
import { graphql } from '../gql';
import { commitsUrl, treeUrl } from './paths';

export const RefsQuery = graphql(`
  query RepositoryRefs($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      id
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
  return { branches, tags, all: [...branches, ...tags], ready: data !== undefined || !fetching };
}

/** A menu of branches and tags, each linking to the same place at that ref. */
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
  const { branches, tags, ready } = useRefNames(owner, name);
  const [filter, setFilter] = useState('');
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
