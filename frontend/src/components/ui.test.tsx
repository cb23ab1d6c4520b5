import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloneInstructions, ConfirmButton, ErrorNote } from './ui';

describe('CloneInstructions', () => {
  it('shows the HTTPS URL and how to use a token as the password', () => {
    render(<CloneInstructions cloneUrl="http://forge.test/ada/engine.git" login="ada" />);
    expect((screen.getByLabelText('HTTPS clone URL') as HTMLInputElement).value).toBe(
      'http://forge.test/ada/engine.git',
    );
    expect(screen.getByText('git clone http://forge.test/ada/engine.git')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'access token' }).getAttribute('href')).toBe('/settings/tokens');
    expect(screen.getByText('ada')).toBeTruthy();
  });
  it('has no HTTPS/SSH switch when the server serves no SSH', () => {
    render(<CloneInstructions cloneUrl="http://forge.test/ada/engine.git" sshUrl={null} login="ada" />);
    expect(screen.queryByRole('group', { name: 'Clone over' })).toBeNull();
    cleanup();
  });
  it('switches to the SSH URL and back', () => {
    render(
      <CloneInstructions
        cloneUrl="http://forge.test/ada/engine.git"
        sshUrl="ssh://git@forge.test:2222/ada/engine.git"
        login="ada"
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'SSH' }));
    expect((screen.getByLabelText('SSH clone URL') as HTMLInputElement).value).toBe(
      'ssh://git@forge.test:2222/ada/engine.git',
    );
    expect(screen.getByText('git clone ssh://git@forge.test:2222/ada/engine.git')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'SSH keys' }).getAttribute('href')).toBe('/settings/keys');
    expect(screen.getByRole('button', { name: 'SSH' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'HTTPS' }));
    expect((screen.getByLabelText('HTTPS clone URL') as HTMLInputElement).value).toBe(
      'http://forge.test/ada/engine.git',
    );
    cleanup();
  });
});

describe('ErrorNote', () => {
  it('renders nothing without a message', () => {
    const { container } = render(<ErrorNote message={null} />);
    expect(container.innerHTML).toBe('');
  });
  it('announces the message as an alert, as text', () => {
    render(<ErrorNote message={'<b>bad</b>'} />);
    expect(screen.getByRole('alert').textContent).toBe('<b>bad</b>');
  });
});

describe('ConfirmButton', () => {
  afterEach(cleanup);
  const setup = () => {
    const onConfirm = vi.fn();
    render(
      <ConfirmButton
        label="Delete label bug"
        question="Delete bug?"
        confirmLabel="Yes, delete"
        onConfirm={onConfirm}
      />,
    );
    return onConfirm;
  };
  it('asks first, and cancelling does nothing', () => {
    const onConfirm = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Delete label bug' }));
    expect(screen.getByRole('group', { name: 'Delete bug?' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Delete label bug' })).toBeTruthy();
  });
  it('acts once confirmed, with focus on the confirming button', async () => {
    const onConfirm = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Delete label bug' }));
    const yes = screen.getByRole('button', { name: 'Yes, delete' });
    await waitFor(() => expect(document.activeElement).toBe(yes));
    fireEvent.click(yes);
    expect(onConfirm).toHaveBeenCalledOnce();
  });
  it('may show shorter text than its name', () => {
    render(
      <ConfirmButton
        label="Delete engine.tar.gz"
        text="Delete"
        question="Delete engine.tar.gz?"
        confirmLabel="Yes"
        onConfirm={() => {}}
      />,
    );
    const button = screen.getByRole('button', { name: 'Delete engine.tar.gz' });
    expect(button.textContent).toBe('Delete');
  });
});
