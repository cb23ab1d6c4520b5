import { describe, expect, it } from 'vitest';
import { lastActive, mostRecent } from './repo-list';

describe('mostRecent', () => {
  it('orders by last push or edit, drops duplicates and keeps the limit', () => {
    const repos = [
      { id: 'a', pushedAt: null, updatedAt: '2026-01-01T00:00:00Z' },
      { id: 'b', pushedAt: '2026-03-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z' },
      { id: 'c', pushedAt: null, updatedAt: '2026-02-01T00:00:00Z' },
      { id: 'b', pushedAt: '2026-03-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z' },
    ];
    expect(mostRecent(repos, 2).map((r) => r.id)).toEqual(['b', 'c']);
    expect(lastActive(repos[1])).toBe('2026-03-01T00:00:00Z');
  });
});
