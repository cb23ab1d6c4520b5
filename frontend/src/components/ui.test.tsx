import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { CloneInstructions, ErrorNote } from './ui';

describe('CloneInstructions', () => {
  it('shows the HTTPS URL and how to use a token as the password', () => {
    render(<CloneInstructions cloneUrl="http://forge.test/ada/engine.git" login="ada" />);
    expect((screen.getByLabelText('HTTPS clone URL') as HTMLInputElement).value).toBe('http://forge.test/ada/engine.git');
    expect(screen.getByText('git clone http://forge.test/ada/engine.git')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'access token' }).getAttribute('href')).toBe('/settings/tokens');
    expect(screen.getByText('ada')).toBeTruthy();
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
