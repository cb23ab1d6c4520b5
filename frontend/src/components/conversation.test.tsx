import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CommentByline, ConversationHeading, StateBadge } from './conversation';

afterEach(cleanup);

describe('StateBadge', () => {
  it('shows OPEN as open, and MERGED and CLOSED as themselves', () => {
    const { container } = render(
      <div>
        <StateBadge state="OPEN" />
        <StateBadge state="MERGED" />
        <StateBadge state="CLOSED" />
      </div>,
    );
    const badges = [...container.querySelectorAll('.badge')].map((b) => [b.className, b.textContent]);
    expect(badges).toEqual([
      ['badge state-open', 'Open'],
      ['badge state-merged', 'Merged'],
      ['badge state-closed', 'Closed'],
    ]);
  });
});

describe('ConversationHeading', () => {
  it('puts the title, the number, the badge and the byline in order', () => {
    const { container } = render(
      <ConversationHeading title="Fix <b>it</b>" number={7} state="CLOSED">
        ada opened this
      </ConversationHeading>,
    );
    expect(container.querySelector('h2.issue-title')?.textContent).toBe('Fix <b>it</b> #7');
    expect(container.querySelector('p')?.textContent).toBe('Closed ada opened this');
  });
});

describe('CommentByline', () => {
  it('names a deleted author ghost', () => {
    const { container } = render(<CommentByline comment={{ createdAt: new Date().toISOString(), author: null }} />);
    expect(container.textContent).toMatch(/^ghost commented /);
  });
});
