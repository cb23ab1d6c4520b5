import { describe, expect, it } from 'vitest';
import { blobUrl, resolveRelative, splitRevPath, treeUrl } from './paths';

describe('splitRevPath', () => {
  it('prefers the longest ref name that prefixes the path', () => {
    expect(splitRevPath('feature/x/src/app.py', ['main', 'feature', 'feature/x'])).toEqual({
      rev: 'feature/x',
      path: 'src/app.py',
    });
    expect(splitRevPath('main', ['main'])).toEqual({ rev: 'main', path: '' });
    expect(splitRevPath('abc1234/docs', [])).toEqual({ rev: 'abc1234', path: 'docs' });
  });
});

describe('urls', () => {
  it('encodes each segment', () => {
    expect(treeUrl('o/r', 'feature/x', 'dir with space/ü')).toBe('/o/r/tree/feature/x/dir%20with%20space/%C3%BC');
    expect(blobUrl('o/r', 'main', 'a#b.md')).toBe('/o/r/blob/main/a%23b.md');
  });
});

describe('resolveRelative', () => {
  it('walks . and .. and keeps anchors', () => {
    expect(resolveRelative('docs/guide', '../img/x.png')).toEqual({ path: 'docs/img/x.png', suffix: '' });
    expect(resolveRelative('docs', './intro.md#setup')).toEqual({ path: 'docs/intro.md', suffix: '#setup' });
    expect(resolveRelative('docs', '/LICENSE')).toEqual({ path: 'LICENSE', suffix: '' });
    expect(resolveRelative('', '../../etc/passwd')).toEqual({ path: 'etc/passwd', suffix: '' });
  });
});
