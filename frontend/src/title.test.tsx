import { render } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { describe, expect, it } from 'vitest';
import { usePageTitle } from './title';

function Page() {
  const [heading, setHeading] = useState<string | null>('Your repositories');
  usePageTitle(() => document.getElementById('main'));
  return (
    <main id="main">
      {heading ? <h1>{heading}</h1> : <p>nothing</p>}
      <button onClick={() => setHeading(heading ? null : 'Repository not found')}>toggle</button>
    </main>
  );
}

describe('usePageTitle', () => {
  it('follows the first heading of the page', async () => {
    const { getByText } = render(<Page />);
    expect(document.title).toBe('Your repositories · Ingot');
    getByText('toggle').click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(document.title).toBe('Ingot');
    getByText('toggle').click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(document.title).toBe('Repository not found · Ingot');
  });
});
