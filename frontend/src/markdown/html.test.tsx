import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { Provider } from '@urql/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../graphql/client';
import { MarkdownEditor, MarkdownHTML } from './html';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function answering(answer: (variables: { text: string }) => unknown) {
  const sent: { query: string; variables: { text: string; repositoryId: string | null } }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const request = JSON.parse(String(init.body));
      sent.push(request);
      return new Response(JSON.stringify(answer(request.variables)), {
        headers: { 'content-type': 'application/json' },
      });
    }),
  );
  return sent;
}

function Editor() {
  const [text, setText] = useState('');
  return <MarkdownEditor label="Add a comment" name="comment" value={text} onInput={setText} repositoryId="R1" />;
}

function editor() {
  return render(
    <Provider value={createClient('t', () => {})}>
      <Editor />
    </Provider>,
  );
}

describe('MarkdownHTML', () => {
  it("inserts the server's HTML as it is, in one .markdown element", () => {
    const { container } = render(<MarkdownHTML html={'<table><tr><td>1</td></tr></table><p><s>x</s></p>'} />);
    expect(container.querySelector('div.markdown table td')?.textContent).toBe('1');
    expect(container.querySelector('div.markdown s')?.textContent).toBe('x');
  });
});

describe('MarkdownEditor', () => {
  it('previews the draft through renderMarkdown and goes back to writing', async () => {
    const sent = answering(() => ({
      data: { renderMarkdown: '<p><strong>bold</strong> <a class="issue-link" href="/o/r/issues/1">#1</a></p>' },
    }));
    editor();
    fireEvent.input(screen.getByLabelText('Add a comment'), { target: { value: '**bold** #1' } });
    fireEvent.click(screen.getByRole('tab', { name: 'Preview' }));
    const panel = await screen.findByRole('tabpanel', { name: 'Preview' });
    await waitFor(() => expect(panel.querySelector('strong')?.textContent).toBe('bold'));
    expect(panel.querySelector('a.issue-link')?.getAttribute('href')).toBe('/o/r/issues/1');
    expect(sent[0].query).toContain('renderMarkdown');
    expect(sent[0].variables).toEqual({ text: '**bold** #1', repositoryId: 'R1' });
    fireEvent.click(screen.getByRole('tab', { name: 'Write' }));
    expect((screen.getByLabelText('Add a comment') as HTMLTextAreaElement).value).toBe('**bold** #1');
    // The same draft again: no second request.
    fireEvent.click(screen.getByRole('tab', { name: 'Preview' }));
    await screen.findByRole('tabpanel', { name: 'Preview' });
    expect(sent).toHaveLength(1);
  });

  it("shows the server's refusal", async () => {
    answering(() => ({ data: null, errors: [{ message: 'The text is larger than 1048576 bytes.' }] }));
    editor();
    fireEvent.input(screen.getByLabelText('Add a comment'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('tab', { name: 'Preview' }));
    await screen.findByText('The text is larger than 1048576 bytes.');
  });
});
