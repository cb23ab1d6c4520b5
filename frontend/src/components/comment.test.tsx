import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { Provider } from '@urql/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../graphql/client';
import { IssueComment } from './comment';

const comment = {
  id: 'C1',
  body: 'Looks **good** <img src=x onerror="window.__pwned=1"> [x](javascript:alert(1))',
  // What the server's sanitizer makes of it.
  bodyHTML: '<p>Looks <strong>good</strong> <img src="x"> <a rel="nofollow noopener noreferrer">x</a></p>\n',
  createdAt: '2026-01-01T00:00:00Z',
  lastEditedAt: null,
  author: { login: 'ada' },
};

function show(props: { canEdit: boolean; canDelete: boolean }, answer: unknown = {}) {
  const sent: { query: string; variables: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      sent.push(JSON.parse(String(init.body)));
      return new Response(JSON.stringify({ data: answer }), { headers: { 'content-type': 'application/json' } });
    }),
  );
  const { container } = render(
    <Provider value={createClient('t', () => {})}>
      <ol>
        <IssueComment comment={comment} {...props} />
      </ol>
    </Provider>,
  );
  return { container, sent };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('IssueComment', () => {
  it("shows the server's rendering, not the source", () => {
    const { container } = show({ canEdit: false, canDelete: false });
    expect(container.querySelector('.markdown strong')?.textContent).toBe('good');
    expect(container.querySelector('img')?.getAttribute('onerror')).toBeNull();
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
    expect(container.textContent).not.toContain('**good**');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('offers only what the viewer may do', () => {
    show({ canEdit: true, canDelete: false });
    expect(screen.getByRole('button', { name: 'Edit comment' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete comment' })).toBeNull();
  });

  it('saves an edit with updateIssueComment and shows the new body', async () => {
    const edited = {
      ...comment,
      __typename: 'IssueComment',
      body: 'Now _better_',
      bodyHTML: '<p>Now <em>better</em></p>\n',
      updatedAt: '2026-01-02T00:00:00Z',
      lastEditedAt: '2026-01-02T00:00:00Z',
    };
    const { sent } = show(
      { canEdit: true, canDelete: true },
      { updateIssueComment: { __typename: 'UpdateIssueCommentPayload', issueComment: edited } },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Edit comment' }));
    const box = screen.getByLabelText('Edit comment') as HTMLTextAreaElement;
    expect(box.value).toBe(comment.body);
    fireEvent.input(box, { target: { value: 'Now _better_' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save comment' }));
    await waitFor(() => expect(screen.queryByLabelText('Edit comment')).toBeNull());
    expect(sent[0].query).toContain('updateIssueComment');
    expect(sent[0].variables).toEqual({ input: { id: 'C1', body: 'Now _better_' } });
  });

  it('deletes only after confirming', async () => {
    const { sent } = show(
      { canEdit: false, canDelete: true },
      { deleteIssueComment: { __typename: 'DeleteIssueCommentPayload', deletedCommentId: 'C1' } },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Delete comment' }));
    expect(sent).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete it' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].variables).toEqual({ input: { id: 'C1' } });
  });
});
