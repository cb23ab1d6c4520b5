import { describe, expect, it } from 'vitest';
import { formatDay, formatSize, fromDateInput, parseScopes, plural, safeNext, timeAgo, toDateInput } from './format';

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
    for (const next of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '',
      undefined,
    ]) {
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

describe('formatSize', () => {
  it('uses the largest unit that keeps a number above one', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(2048)).toBe('2.0 KB');
    expect(formatSize(5 * 1024 * 1024 + 1)).toBe('5.0 MB');
  });
});

describe('due dates', () => {
  it('round-trips a picked day through the API in UTC', () => {
    expect(fromDateInput('2030-01-15')).toBe('2030-01-15T00:00:00+00:00');
    expect(toDateInput('2030-01-15T00:00:00+00:00')).toBe('2030-01-15');
    expect(formatDay('2030-01-15T00:00:00+00:00')).toBe('15 Jan 2030');
  });
  it('treats empty and malformed values as no date', () => {
    for (const bad of ['', '2030-1-5', '15/01/2030', '2030-13-45x']) expect(fromDateInput(bad)).toBeNull();
    expect(toDateInput(null)).toBe('');
    expect(toDateInput('garbage')).toBe('');
    expect(formatDay('garbage')).toBe('');
  });
});

describe('plural', () => {
  it('says one file, two files', () => {
    expect(plural(1, 'changed file')).toBe('1 changed file');
    expect(plural(0, 'changed file')).toBe('0 changed files');
    expect(plural(2, 'addition')).toBe('2 additions');
  });
});
