import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { timeAgo } from '../format';
import { graphql } from '../gql';
import type { ActivityFieldsFragment } from '../gql/graphql';
import { errorMessage } from '../graphql/client';
import { Empty, ErrorNote, Loading } from './ui';

export const ActivityFields = graphql(`
  fragment ActivityFields on Activity {
    id
    kind
    createdAt
    actor {
      id
      login
    }
    repository {
      id
      nameWithOwner
    }
    issue {
      id
      number
      title
    }
    pullRequest {
      id
      number
      title
    }
    release {
      id
      tagName
      name
    }
    push {
      id
      refUpdates {
        refName
        afterOid
      }
    }
    refName
    commitCount
    title
    subjectRef
  }
`);

const ViewerActivityQuery = graphql(`
  query ViewerActivity($after: String) {
    viewer {
      id
      receivedActivity(first: 20, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...ActivityFields
        }
      }
    }
  }
`);

const UserActivityQuery = graphql(`
  query UserActivity($login: String!, $after: String) {
    user(login: $login) {
      id
      activity(first: 20, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...ActivityFields
        }
      }
    }
  }
`);

export type Link = { text: string; href: string | null };

/** One activity as words: the icon, what was done, to what, and where. */
export type Described = {
  icon: string;
  verb: string;
  target: Link | null;
  /** The newest commit a push brought, for a push to a branch. */
  commit: Link | null;
  repository: Link;
};

const ICONS: Record<ActivityFieldsFragment['kind'], string> = {
  PUSH: '↑',
  ISSUE_OPENED: '◉',
  ISSUE_CLOSED: '✓',
  ISSUE_REOPENED: '↺',
  ISSUE_COMMENTED: '✎',
  PULL_REQUEST_OPENED: '⇄',
  PULL_REQUEST_MERGED: '⤵',
  PULL_REQUEST_CLOSED: '✕',
  RELEASE_PUBLISHED: '◆',
  REPOSITORY_CREATED: '+',
};

const VERBS: Record<Exclude<ActivityFieldsFragment['kind'], 'PUSH'>, string> = {
  ISSUE_OPENED: 'opened issue',
  ISSUE_CLOSED: 'closed issue',
  ISSUE_REOPENED: 'reopened issue',
  ISSUE_COMMENTED: 'commented on',
  PULL_REQUEST_OPENED: 'opened pull request',
  PULL_REQUEST_MERGED: 'merged pull request',
  PULL_REQUEST_CLOSED: 'closed pull request',
  RELEASE_PUBLISHED: 'published release',
  REPOSITORY_CREATED: 'created repository',
};

/** A ref or path as URL path segments, each encoded, slashes kept. */
function segments(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const PUSH_COMMIT_CAP = 1000;

function pushed(a: ActivityFieldsFragment, base: string): Pick<Described, 'verb' | 'target' | 'commit'> {
  const ref = a.refName ?? '';
  const short = ref.replace(/^refs\/(heads|tags)\//, '');
  if (ref.startsWith('refs/tags/')) {
    return { verb: 'pushed tag', target: { text: short, href: `${base}/tree/${segments(short)}` }, commit: null };
  }
  const count = a.commitCount ?? 0;
  // The server counts a push's commits up to PUSH_COMMIT_CAP (schema: Activity.commitCount).
  const shown = count >= PUSH_COMMIT_CAP ? `${PUSH_COMMIT_CAP.toLocaleString('en-US')}+` : String(count);
  const verb = count === 0 ? 'pushed to' : `pushed ${shown} ${count === 1 ? 'commit' : 'commits'} to`;
  const oid = a.push?.refUpdates.find((u) => u.refName === ref)?.afterOid ?? null;
  return {
    verb,
    target: { text: short, href: ref.startsWith('refs/heads/') ? `${base}/commits/${segments(short)}` : null },
    commit: oid && count > 0 ? { text: oid.slice(0, 7), href: `${base}/commit/${oid}` } : null,
  };
}

function subject(a: ActivityFieldsFragment, base: string): Link | null {
  if (a.issue) return { text: `#${a.issue.number} ${a.issue.title}`, href: `${base}/issues/${a.issue.number}` };
  if (a.pullRequest) {
    return { text: `#${a.pullRequest.number} ${a.pullRequest.title}`, href: `${base}/pull/${a.pullRequest.number}` };
  }
  if (a.release) return { text: a.release.name || a.release.tagName, href: `${base}/releases` };
  // Deleted since: what was recorded, without a link.
  const text = [a.subjectRef, a.title].filter(Boolean).join(' ');
  return text ? { text, href: null } : null;
}

export function describeActivity(a: ActivityFieldsFragment): Described {
  const base = `/${a.repository.nameWithOwner}`;
  const repository = { text: a.repository.nameWithOwner, href: base };
  const icon = ICONS[a.kind];
  if (a.kind === 'PUSH') return { icon, repository, ...pushed(a, base) };
  if (a.kind === 'REPOSITORY_CREATED') return { icon, verb: VERBS[a.kind], target: null, commit: null, repository };
  return { icon, verb: VERBS[a.kind], target: subject(a, base), commit: null, repository };
}

/** The full date and time, for a title beside a relative time. */
export function fullTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

function LinkOrText({ link }: { link: Link }) {
  return link.href ? <a href={link.href}>{link.text}</a> : <span>{link.text}</span>;
}

export function ActivityItem({ activity }: { activity: ActivityFieldsFragment }) {
  const d = describeActivity(activity);
  return (
    <li class="activity-item" data-kind={activity.kind}>
      <span class="activity-icon" aria-hidden="true">
        {d.icon}
      </span>
      <div class="activity-text">
        {activity.actor ? <a href={`/${activity.actor.login}`}>{activity.actor.login}</a> : <span>Someone</span>}{' '}
        {d.verb} {d.target ? <LinkOrText link={d.target} /> : null}
        {d.target ? ' in ' : ' '}
        <LinkOrText link={d.repository} />
        {d.commit ? (
          <>
            {' '}
            (<LinkOrText link={d.commit} />)
          </>
        ) : null}
        <time class="muted small" dateTime={activity.createdAt} title={fullTime(activity.createdAt)}>
          {timeAgo(activity.createdAt)}
        </time>
      </div>
    </li>
  );
}

type Source = { viewer: true } | { login: string };

/** A feed, newest first, one page of 20 at a time with "Show older". */
export function ActivityFeed({ source, empty }: { source: Source; empty: string }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <ol class="activity" aria-label="Recent activity">
      {cursors.map((after, i) => (
        <FeedPage
          key={after ?? 'first'}
          source={source}
          after={after}
          first={i === 0}
          last={i === cursors.length - 1}
          empty={empty}
          onMore={(cursor) => setCursors([...cursors, cursor])}
        />
      ))}
    </ol>
  );
}

function FeedPage({
  source,
  after,
  first,
  last,
  empty,
  onMore,
}: {
  source: Source;
  after: string | null;
  first: boolean;
  last: boolean;
  empty: string;
  onMore: (cursor: string) => void;
}) {
  const viewerFeed = 'viewer' in source;
  // New activity appears without a reload: show the cached page, then refresh it.
  const [viewerResult] = useQuery({
    query: ViewerActivityQuery,
    variables: { after },
    pause: !viewerFeed,
    requestPolicy: 'cache-and-network',
  });
  const [userResult] = useQuery({
    query: UserActivityQuery,
    variables: { login: viewerFeed ? '' : source.login, after },
    pause: viewerFeed,
    requestPolicy: 'cache-and-network',
  });
  const { data, fetching, error } = viewerFeed ? viewerResult : userResult;
  const connection = viewerFeed ? viewerResult.data?.viewer?.receivedActivity : userResult.data?.user?.activity;
  if (!data && fetching) {
    return (
      <li>
        <Loading label="Loading activity…" />
      </li>
    );
  }
  if (error && !data) {
    return (
      <li>
        <ErrorNote message={errorMessage(error)} />
      </li>
    );
  }
  const nodes = connection?.nodes ?? [];
  if (first && nodes.length === 0) {
    return (
      <li>
        <Empty>
          <p>{empty}</p>
        </Empty>
      </li>
    );
  }
  const cursor = connection?.pageInfo.endCursor;
  return (
    <>
      {nodes.map((activity) => (
        <ActivityItem key={activity.id} activity={activity} />
      ))}
      {last && connection?.pageInfo.hasNextPage && cursor ? (
        <li>
          <button type="button" onClick={() => onMore(cursor)}>
            Show older activity
          </button>
        </li>
      ) : null}
    </>
  );
}
