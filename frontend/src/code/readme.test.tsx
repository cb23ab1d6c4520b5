import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { RepoMarkdown } from './readme';

const README = '# Hi\n\n![logo](img/logo.png) [guide](docs/guide.md#setup)\n\n```py\nx = 1\n```\n';

describe('RepoMarkdown', () => {
  it('points relative links at files and images at raw, at the same ref', () => {
    const { container } = render(<RepoMarkdown text={README} repo="o/r" rev="main" dir="" />);
    expect(container.querySelector('img')?.getAttribute('src')).toBe('/o/r/raw/main/img/logo.png');
    expect(container.querySelector('a')?.getAttribute('href')).toBe('/o/r/blob/main/docs/guide.md#setup');
    expect(container.querySelector('pre code .hl-num')?.textContent).toBe('1');
  });
  it('loads no image from a private repository (an <img> cannot send the token)', () => {
    const { container } = render(<RepoMarkdown text={README} repo="o/r" rev="main" dir="" isPrivate />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('[logo]');
  });
});
