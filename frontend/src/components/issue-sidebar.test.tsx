import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { Provider } from '@urql/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../graphql/client';
import { Assignees, MilestonePicker } from './issue-sidebar';

function withClient(node: preact.ComponentChildren) {
  const sent: { query: string; variables: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      sent.push(JSON.parse(String(init.body)));
      return new Response(JSON.stringify({ data: null, errors: [{ message: 'No user named nobody.' }] }), {
        headers: { 'content-type': 'application/json' },
      });
    }),
  );
  render(<Provider value={createClient('t', () => {})}>{node}</Provider>);
  return sent;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const beta = { id: 'M1', number: 1, title: 'Beta' };
const old = { id: 'M0', number: 2, title: 'Alpha (closed)' };

describe('MilestonePicker', () => {
  it('offers the open milestones and keeps a closed one the issue still has', () => {
    withClient(
      <MilestonePicker
        issueId="I1"
        milestone={old}
        available={[beta]}
        editable
        issuesHref="/a/b/issues"
        milestonesHref="/a/b/milestones"
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Milestone' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).toEqual(['No milestone', 'Alpha (closed)', 'Beta']);
    expect(select.value).toBe('M0');
    expect(screen.getByRole('link', { name: 'Issues in Alpha (closed)' }).getAttribute('href')).toBe(
      '/a/b/issues?milestone=2',
    );
  });

  it('sends null to take the issue out of its milestone', async () => {
    const sent = withClient(
      <MilestonePicker issueId="I1" milestone={beta} available={[beta]} editable issuesHref="/i" milestonesHref="/m" />,
    );
    fireEvent.change(screen.getByRole('combobox', { name: 'Milestone' }), { target: { value: '' } });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].variables).toEqual({ input: { id: 'I1', milestoneId: null } });
  });

  it('is read-only for readers', () => {
    withClient(
      <MilestonePicker
        issueId="I1"
        milestone={null}
        available={[beta]}
        editable={false}
        issuesHref="/i"
        milestonesHref="/m"
      />,
    );
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.getByText('None.')).toBeTruthy();
  });
});

describe('Assignees', () => {
  it('assigns by login and shows the server refusing', async () => {
    const sent = withClient(
      <Assignees issueId="I1" assignees={[{ id: 'U1', login: 'ada' }]} editable viewerLogin="ada" />,
    );
    expect(screen.queryByRole('button', { name: 'Assign yourself' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Unassign ada' })).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Assign by login'), { target: { value: ' nobody ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Assign' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('No user named nobody.'));
    expect(sent[0].variables).toEqual({ input: { assignableId: 'I1', assigneeLogins: ['nobody'] } });
  });

  it('shows who is assigned, without controls, to readers', () => {
    withClient(<Assignees issueId="I1" assignees={[]} editable={false} viewerLogin="bob" />);
    expect(screen.getByText('No one is assigned.')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('suggests the viewer and the collaborators not yet assigned, once the field is focused', async () => {
    const sent: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        sent.push(String(init.body));
        const nodes = ['bob', 'cy'].map((login) => ({ __typename: 'User', id: `U-${login}`, login }));
        const data = {
          repository: {
            __typename: 'Repository',
            id: 'R1',
            collaborators: { __typename: 'RepositoryCollaboratorConnection', nodes },
          },
        };
        return new Response(JSON.stringify({ data }), { headers: { 'content-type': 'application/json' } });
      }),
    );
    const { container } = render(
      <Provider value={createClient('t', () => {})}>
        <Assignees
          issueId="I1"
          assignees={[{ id: 'U-cy', login: 'cy' }]}
          editable
          viewerLogin="ada"
          repository={{ owner: 'ada', name: 'engine' }}
        />
      </Provider>,
    );
    expect(sent).toHaveLength(0);
    fireEvent.focus(screen.getByLabelText('Assign by login'));
    await waitFor(() =>
      expect([...container.querySelectorAll('datalist option')].map((o) => o.getAttribute('value'))).toEqual([
        'ada',
        'bob',
      ]),
    );
  });
});
