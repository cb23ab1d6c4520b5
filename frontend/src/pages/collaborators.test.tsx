import { cleanup, render, screen } from '@testing-library/preact';
import { Provider } from '@urql/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../graphql/client';
import { Collaborators } from './collaborators';

function show(answer: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } })),
  );
  render(
    <Provider value={createClient('t', () => {})}>
      <Collaborators owner="ada" repo="engine" repositoryId="R1" />
    </Provider>,
  );
}

const list = (...edges: unknown[]) => ({
  data: {
    repository: {
      __typename: 'Repository',
      id: 'R1',
      collaborators: { __typename: 'RepositoryCollaboratorConnection', totalCount: edges.length, edges },
    },
  },
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Collaborators', () => {
  it('lists each collaborator with their permission, ready to change or remove', async () => {
    show(
      list({
        __typename: 'RepositoryCollaboratorEdge',
        permission: 'READ',
        node: { __typename: 'User', id: 'U2', login: 'bob', name: 'Bob <b>B</b>' },
      }),
    );
    const select = (await screen.findByRole('combobox', { name: 'Permission of bob' })) as HTMLSelectElement;
    expect(select.value).toBe('READ');
    expect(screen.getByRole('link', { name: 'bob' }).getAttribute('href')).toBe('/bob');
    expect(screen.getByText('Bob <b>B</b>')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove bob' })).toBeTruthy();
  });

  it('says when there are none, and still offers the form', async () => {
    show(list());
    expect(await screen.findByText('No collaborators yet.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add collaborator' })).toBeTruthy();
  });

  it('shows the server refusing the list', async () => {
    show({
      data: null,
      errors: [{ message: "This token lacks the 'collaborator:read' scope.", extensions: { code: 'FORBIDDEN' } }],
    });
    expect((await screen.findByRole('alert')).textContent).toBe("This token lacks the 'collaborator:read' scope.");
  });
});
