import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { archiveUrl } from '../code/paths';
import { setToken } from '../session';
import { ArchiveLinks } from './code';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

describe('archiveUrl', () => {
  it('keeps the slashes of a branch and encodes the rest', () => {
    expect(archiveUrl('o/r', 'feature/x', 'zip')).toBe('/o/r/archive/feature/x.zip');
    expect(archiveUrl('o/r', 'été', 'tar.gz')).toBe('/o/r/archive/%C3%A9t%C3%A9.tar.gz');
  });
});

describe('ArchiveLinks', () => {
  it('links a public repository’s archives of the current ref', () => {
    render(<ArchiveLinks repo="ada/engine" name="engine" rev="feature/x" isPrivate={false} />);
    const zip = screen.getByRole('link', { name: 'Download ZIP' });
    expect(zip.getAttribute('href')).toBe('/ada/engine/archive/feature/x.zip');
    expect(zip.hasAttribute('download')).toBe(true);
    const tar = screen.getByRole('link', { name: 'Download TAR.GZ' });
    expect(tar.getAttribute('href')).toBe('/ada/engine/archive/feature/x.tar.gz');
  });

  it('fetches a private repository’s archive with the token, never as a bare link', async () => {
    setToken('ingot_secret');
    const fetched = vi.fn(async () => new Response(new Uint8Array([80, 75, 3, 4]), { status: 200 }));
    vi.stubGlobal('fetch', fetched);
    // jsdom has no object URLs: a stand-in class keeps the real URL untouched.
    vi.stubGlobal(
      'URL',
      class extends URL {
        static createObjectURL = vi.fn(() => 'blob:archive');
        static revokeObjectURL = vi.fn();
      },
    );
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(<ArchiveLinks repo="ada/secret" name="secret" rev="main" isPrivate />);
    expect(screen.queryByRole('link')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Download TAR.GZ' }));
    await waitFor(() => expect(clicked).toHaveBeenCalled());
    expect(fetched).toHaveBeenCalledWith('/ada/secret/archive/main.tar.gz', {
      headers: { Authorization: 'Bearer ingot_secret' },
      credentials: 'omit',
    });
    const anchor = clicked.mock.contexts[0] as HTMLAnchorElement;
    expect(anchor.download).toBe('secret-main.tar.gz');
    clicked.mockRestore();
  });
});
