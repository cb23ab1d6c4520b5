import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { ActivityFieldsFragment } from '../gql/graphql';
import { ActivityItem, describeActivity, fullTime } from './activity';

const OID = 'a'.repeat(40);

function activity(overrides: Partial<ActivityFieldsFragment>): ActivityFieldsFragment {
  return {
    id: 'QWN0aXZpdHk6MQ',
    kind: 'REPOSITORY_CREATED',
    createdAt: '2026-03-01T12:00:00+00:00',
    actor: { id: 'u1', login: 'ada' },
    repository: { id: 'r1', nameWithOwner: 'ada/engine' },
    issue: null,
    pullRequest: null,
    release: null,
    push: null,
    refName: null,
    commitCount: null,
    title: null,
    subjectRef: null,
    ...overrides,
  };
}

describe('describeActivity', () => {
  it('counts the commits of a branch push and links the branch and its newest commit', () => {
    const d = describeActivity(
      activity({
        kind: 'PUSH',
        refName: 'refs/heads/feature/x y',
        commitCount: 3,
        push: { id: 'p1', refUpdates: [{ refName: 'refs/heads/feature/x y', afterOid: OID }] },
      }),
    );
    expect(d.verb).toBe('pushed 3 commits to');
    expect(d.target).toEqual({ text: 'feature/x y', href: '/ada/engine/commits/feature/x%20y' });
    expect(d.commit).toEqual({ text: 'aaaaaaa', href: `/ada/engine/commit/${OID}` });
    expect(describeActivity(activity({ kind: 'PUSH', refName: 'refs/heads/main', commitCount: 1 })).verb).toBe(
      'pushed 1 commit to',
    );
  });

  it('says 1,000+ when the server stopped counting a big push', () => {
    const big = describeActivity(activity({ kind: 'PUSH', refName: 'refs/heads/main', commitCount: 1000 }));
    expect(big.verb).toBe('pushed 1,000+ commits to');
    const under = describeActivity(activity({ kind: 'PUSH', refName: 'refs/heads/main', commitCount: 999 }));
    expect(under.verb).toBe('pushed 999 commits to');
  });

  it('names a pushed tag without a commit count', () => {
    const d = describeActivity(activity({ kind: 'PUSH', refName: 'refs/tags/v1.0', commitCount: 0 }));
    expect(d.verb).toBe('pushed tag');
    expect(d.target).toEqual({ text: 'v1.0', href: '/ada/engine/tree/v1.0' });
    expect(d.commit).toBeNull();
  });

  it('links issues, pull requests and releases', () => {
    const issue = describeActivity(activity({ kind: 'ISSUE_CLOSED', issue: { id: 'i', number: 4, title: 'Bug' } }));
    expect([issue.verb, issue.target]).toEqual(['closed issue', { text: '#4 Bug', href: '/ada/engine/issues/4' }]);
    const pr = describeActivity(
      activity({ kind: 'PULL_REQUEST_MERGED', pullRequest: { id: 'p', number: 5, title: 'Fix' } }),
    );
    expect([pr.verb, pr.target]).toEqual(['merged pull request', { text: '#5 Fix', href: '/ada/engine/pull/5' }]);
    const comment = describeActivity(
      activity({ kind: 'ISSUE_COMMENTED', pullRequest: { id: 'p', number: 5, title: 'Fix' } }),
    );
    expect(comment.verb).toBe('commented on');
    expect(comment.target?.href).toBe('/ada/engine/pull/5');
    const release = describeActivity(
      activity({ kind: 'RELEASE_PUBLISHED', release: { id: 'r', tagName: 'v1', name: '' } }),
    );
    expect([release.verb, release.target]).toEqual(['published release', { text: 'v1', href: '/ada/engine/releases' }]);
  });

  it('keeps what was recorded, unlinked, when the subject is gone', () => {
    const d = describeActivity(activity({ kind: 'ISSUE_OPENED', title: 'Old bug', subjectRef: '#2' }));
    expect(d.target).toEqual({ text: '#2 Old bug', href: null });
  });

  it('names the created repository only once', () => {
    const d = describeActivity(activity({}));
    expect(d.verb).toBe('created repository');
    expect(d.target).toBeNull();
    expect(d.repository).toEqual({ text: 'ada/engine', href: '/ada/engine' });
  });
});

describe('ActivityItem', () => {
  it('reads as a sentence with a relative time and the full time in its title', () => {
    render(
      <ul>
        <ActivityItem activity={activity({ kind: 'ISSUE_OPENED', issue: { id: 'i', number: 1, title: 'Crash' } })} />
      </ul>,
    );
    const item = screen.getByRole('listitem');
    expect(item.textContent).toMatch(/^◉ada opened issue #1 Crash in ada\/engine/);
    expect(screen.getByRole('link', { name: '#1 Crash' }).getAttribute('href')).toBe('/ada/engine/issues/1');
    expect(screen.getByRole('link', { name: 'ada' }).getAttribute('href')).toBe('/ada');
    const time = item.querySelector('time');
    expect(time?.getAttribute('datetime')).toBe('2026-03-01T12:00:00+00:00');
    expect(time?.getAttribute('title')).toBe(fullTime('2026-03-01T12:00:00+00:00'));
    expect(time?.getAttribute('title')).toMatch(/2026/);
  });
});
