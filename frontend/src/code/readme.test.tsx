import { describe, expect, it } from 'vitest';
import { isMarkdown } from './readme';

describe('isMarkdown', () => {
  it('knows the Markdown file names the server renders', () => {
    expect(['README.md', 'a.markdown', 'x.MDOWN', 'y.mkd', 'z.mkdn'].every(isMarkdown)).toBe(true);
    expect(['README', 'README.txt', 'md', 'a.md.txt'].some(isMarkdown)).toBe(false);
  });
});
