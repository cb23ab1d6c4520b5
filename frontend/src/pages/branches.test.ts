import { describe, expect, it } from 'vitest';
import { globMatches, splitCompare } from './branches';

describe('globMatches', () => {
  it('matches like fnmatchcase', () => {
    expect(globMatches('main', 'main')).toBe(true);
    expect(globMatches('main', 'main2')).toBe(false);
    expect(globMatches('release/*', 'release/1.0')).toBe(true);
    expect(globMatches('release/*', 'release/a/b')).toBe(true);
    expect(globMatches('v?', 'v1')).toBe(true);
    expect(globMatches('[ab]x', 'bx')).toBe(true);
    expect(globMatches('[!ab]x', 'bx')).toBe(false);
    expect(globMatches('a.b', 'axb')).toBe(false);
    expect(globMatches('(x)+', '(x)+')).toBe(true);
  });
});

describe('splitCompare', () => {
  it('reads BASE...HEAD, or HEAD alone against the default branch', () => {
    expect(splitCompare('main...feature/x')).toEqual({ base: 'main', head: 'feature/x' });
    expect(splitCompare('feature')).toEqual({ base: null, head: 'feature' });
  });
});
