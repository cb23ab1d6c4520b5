import { describe, expect, it } from 'vitest';
import { parseScopes, safeNext, timeAgo } from './format';

describe('timeAgo', () => {
  const now = new Date('2026-01-10T12:00:00Z');
  it('says just now for the last minute', () => {
    expect(timeAgo('2026-01-10T11:59:30Z', now)).toBe('just now');
  });
  it('counts in the largest whole unit', () => {
    expect(timeAgo('2026-01-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(timeAgo('2026-01-09T12:00:00Z', now)).toBe('yesterday');
    expect(timeAgo('2026-01-17T12:00:00Z', now)).toBe('in 7 days');
  });
  it('gives nothing for a bad date', () => {
    expect(timeAgo('not a date', now)).toBe('');
  });
});

describe('safeNext', () => {
  it('keeps local paths', () => {
    expect(safeNext('/admin/repo/issues/1')).toBe('/admin/repo/issues/1');
  });
  it('refuses other origins and odd values', () => {
    for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', undefined]) {
      expect(safeNext(next)).toBe('/');
    }
  });
});

describe('parseScopes', () => {
  it('splits on commas and spaces and drops duplicates', () => {
    expect(parseScopes(' repo:read, repo:write  repo:read ')).toEqual(['repo:read', 'repo:write']);
    expect(parseScopes('')).toEqual([]);
  });
});
