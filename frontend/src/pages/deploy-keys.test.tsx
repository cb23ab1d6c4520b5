import { cleanup, render, screen, within } from '@testing-library/preact';
import { Provider } from '@urql/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../graphql/client';
import { DeployKeys } from './deploy-keys';

function show(keys: unknown[]) {
  const answer = { data: { repository: { __typename: 'Repository', id: 'R1', deployKeys: keys } } };
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } })),
  );
  render(
    <Provider value={createClient('t', () => {})}>
      <DeployKeys owner="ada" repo="engine" repositoryId="R1" />
    </Provider>,
  );
}

const key = (id: string, title: string, readOnly: boolean) => ({
  __typename: 'DeployKey',
  id,
  title,
  fingerprint: `SHA256:${id}`,
  keyType: 'ssh-ed25519',
  readOnly,
  createdAt: '2026-01-01T00:00:00Z',
  lastUsedAt: null,
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('DeployKeys', () => {
  it('lists each key with its access, fingerprint and a delete button; titles stay text', async () => {
    show([key('K1', 'CI <b>bot</b>', true), key('K2', 'Deployer', false)]);
    const list = await screen.findByRole('list', { name: 'Deploy keys' });
    expect(list.textContent).toContain('CI <b>bot</b>');
    expect(within(list).getByText('Read-only')).toBeTruthy();
    expect(within(list).getByText('Read and write')).toBeTruthy();
    expect(screen.getByText('SHA256:K2')).toBeTruthy();
    expect(screen.getAllByText('never used', { exact: false }).length).toBe(2);
    expect(screen.getByRole('button', { name: 'Delete Deployer' })).toBeTruthy();
  });

  it('says when there are none; a new key is read-only unless unchecked', async () => {
    show([]);
    await screen.findByText('No deploy keys yet.');
    expect((screen.getByRole('checkbox', { name: /Read-only/ }) as HTMLInputElement).checked).toBe(true);
  });
});
