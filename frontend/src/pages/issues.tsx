import { useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { LabelList } from '../components/label';
import { RepoHeader, RepoNotFound } from '../components/repo-header';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { timeAgo } from '../format';
import { graphql } from '../gql';
import type { IssueState } from '../gql/graphql';
import { errorMessage } from '../graphql/client';
import { useViewer } from '../viewer';

const IssuesQuery = graphql(`
  query RepositoryIssues(
    $owner: String!
    $name: String!
    $states: [IssueState!]
    $labels: [String!]
    $createdBy: String
    $assignee: String
    $search: String
    $milestoneNumber: Int
  ) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      labels(first: 100) {
        nodes {
          id
          name
        }
      }
      milestones(first: 100) {
        nodes {
          id
          number
          title
          closed
        }
      }
      issues(
        first: 50
        states: $states
        newestFirst: true
        labels: $labels
        createdBy: $createdBy
        assignee: $assignee
        search: $search
        milestoneNumber: $milestoneNumber
      ) {
        totalCount
        nodes {
          id
          number
          title
          state
          createdAt
          author {
            id
            login
          }
          ...IssueMetaFields
        }
      }
    }
  }
`);

// OPEN includes untriaged issues (GitHub's two states; triage is `isTriaged`).
const OPEN: IssueState[] = ['OPEN'];
const CLOSED: IssueState[] = ['CLOSED'];

export function IssuesPage({ owner, repo }: { owner: string; repo: string }) {
  const { query } = useLocation();
  const { viewer } = useViewer();
  const showClosed = query.state === 'closed';
  const filters = issueFilters(query);
  const [{ data, fetching, error }] = useQuery({
    query: IssuesQuery,
    variables: { owner, name: repo, states: showClosed ? CLOSED : OPEN, ...filters },
  });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const base = `/${repository.nameWithOwner}`;
  return (
    <section>
      <RepoHeader repository={repository} active="issues" />
      <div class="row">
        <h2 id="issues-heading">Issues</h2>
        {viewer ? (
          <a class="button primary" href={`${base}/issues/new`}>
            New issue
          </a>
        ) : null}
      </div>
      <nav class="tabs" aria-label="Issue state">
        <a href={withQuery(`${base}/issues`, { ...query, state: '' })} aria-current={showClosed ? undefined : 'page'}>
          Open ({repository.openIssueCount})
        </a>
        <a
          href={withQuery(`${base}/issues`, { ...query, state: 'closed' })}
          aria-current={showClosed ? 'page' : undefined}
        >
          Closed
        </a>
      </nav>
      <IssueFilters
        key={JSON.stringify(query)}
        base={`${base}/issues`}
        query={query}
        labels={repository.labels.nodes.map((l) => l.name)}
        milestones={repository.milestones.nodes}
      />
      <ErrorNote message={errorMessage(error)} />
      {repository.issues.nodes.length === 0 ? (
        <Empty>
          <p>
            {Object.values(filters).some(Boolean)
              ? 'No issues match these filters.'
              : showClosed
                ? 'No closed issues.'
                : 'No open issues.'}
          </p>
        </Empty>
      ) : (
        <ul class="list" aria-label={showClosed ? 'Closed issues' : 'Open issues'}>
          {repository.issues.nodes.map((issue) => (
            <li key={issue.id}>
              <a class="title" href={`${base}/issues/${issue.number}`}>
                {issue.title}
              </a>
              <LabelList labels={issue.labels.nodes} />
              {issue.assignees.nodes.length ? (
                <span class="muted small"> assigned to {issue.assignees.nodes.map((a) => a.login).join(', ')}</span>
              ) : null}
              {issue.milestone ? (
                <a
                  class="muted small milestone-link"
                  href={withQuery(`${base}/issues`, { state: query.state, milestone: String(issue.milestone.number) })}
                >
                  {issue.milestone.title}
                </a>
              ) : null}
              <span class="meta muted small">
                #{issue.number} opened {timeAgo(issue.createdAt)}
                {issue.author ? ` by ${issue.author.login}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The list's filter variables from the URL's query (`q`, `label`, `author`, `assignee`, `milestone`). */
export function issueFilters(query: Record<string, string | undefined>) {
  const milestone = Number.parseInt(query.milestone ?? '', 10);
  return {
    labels: query.label ? [query.label] : null,
    createdBy: query.author || null,
    assignee: query.assignee || null,
    search: query.q || null,
    milestoneNumber: Number.isInteger(milestone) && milestone > 0 ? milestone : null,
  };
}

/** `path?k=v` with empty values left out. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** A GET form: filters live in the URL, so a filtered list can be linked and reloaded. */
function IssueFilters({
  base,
  query,
  labels,
  milestones,
}: {
  base: string;
  query: Record<string, string>;
  labels: string[];
  milestones: readonly { id: string; number: number; title: string; closed: boolean }[];
}) {
  const { route } = useLocation();
  const [search, setSearch] = useState(query.q ?? '');
  const [label, setLabel] = useState(query.label ?? '');
  const [author, setAuthor] = useState(query.author ?? '');
  const [assignee, setAssignee] = useState(query.assignee ?? '');
  const [milestone, setMilestone] = useState(query.milestone ?? '');
  const submit = (event: Event) => {
    event.preventDefault();
    route(
      withQuery(base, {
        state: query.state,
        q: search.trim(),
        label,
        author: author.trim(),
        assignee: assignee.trim(),
        milestone,
      }),
    );
  };
  const active = Boolean(query.q || query.label || query.author || query.assignee || query.milestone);
  return (
    <form class="filters" role="search" aria-label="Filter issues" onSubmit={submit}>
      <label>
        <span class="sr-only">Search issues</span>
        <input
          type="search"
          placeholder="Search issues"
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value)}
        />
      </label>
      <label>
        <span class="sr-only">Label</span>
        <select aria-label="Label" value={label} onChange={(e) => setLabel(e.currentTarget.value)}>
          <option value="">Any label</option>
          {labels.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span class="sr-only">Author</span>
        <input
          placeholder="Author"
          aria-label="Author"
          value={author}
          onInput={(e) => setAuthor(e.currentTarget.value)}
        />
      </label>
      <label>
        <span class="sr-only">Assignee</span>
        <input
          placeholder="Assignee"
          aria-label="Assignee"
          value={assignee}
          onInput={(e) => setAssignee(e.currentTarget.value)}
        />
      </label>
      <label>
        <span class="sr-only">Milestone</span>
        <select aria-label="Milestone" value={milestone} onChange={(e) => setMilestone(e.currentTarget.value)}>
          <option value="">Any milestone</option>
          {milestones.map((m) => (
            <option key={m.id} value={String(m.number)}>
              {m.closed ? `${m.title} (closed)` : m.title}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Filter</button>
      {active ? <a href={withQuery(base, { state: query.state })}>Clear filters</a> : null}
    </form>
  );
}
