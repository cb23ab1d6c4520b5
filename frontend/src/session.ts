/**
 * Where the SPA keeps its session token: sessionStorage (see README, "How the
 * SPA holds its credential"). It survives a reload of this tab, is not shared
 * with other tabs, and is gone when the tab closes.
 */
const KEY = 'ingot.session';

type Listener = (token: string | null) => void;
const listeners = new Set<Listener>();

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Storage can be disabled; the session then lives in memory only.
    return null;
  }
}

let memory: string | null = storage()?.getItem(KEY) ?? null;

export function getToken(): string | null {
  return memory;
}

export function setToken(token: string | null): void {
  memory = token;
  const store = storage();
  if (token) store?.setItem(KEY, token);
  else store?.removeItem(KEY);
  for (const listener of listeners) listener(token);
}

export function onTokenChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
