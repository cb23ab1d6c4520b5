import { describe, expect, it, vi } from 'vitest';
import { getToken, onTokenChange, setToken } from './session';

describe('session', () => {
  it('keeps the token in sessionStorage, never localStorage', () => {
    setToken('ingot_abc');
    expect(getToken()).toBe('ingot_abc');
    expect(sessionStorage.getItem('ingot.session')).toBe('ingot_abc');
    expect(localStorage.length).toBe(0);
    setToken(null);
    expect(getToken()).toBeNull();
    expect(sessionStorage.getItem('ingot.session')).toBeNull();
  });

  it('tells listeners about sign-in and sign-out', () => {
    const listener = vi.fn();
    const stop = onTokenChange(listener);
    setToken('ingot_x');
    setToken(null);
    stop();
    setToken('ingot_y');
    expect(listener.mock.calls).toEqual([['ingot_x'], [null]]);
    setToken(null);
  });
});
