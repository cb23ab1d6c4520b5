/**
 * GraphiQL's storage, minus request headers: they carry tokens, and the
 * history plugin would otherwise write them to localStorage with each query.
 */
const NAMESPACE = 'graphiql:';

/** A stored JSON value with every `headers` field blanked. */
export function stripHeaders(value: string): string {
  try {
    return JSON.stringify(JSON.parse(value), (key, v: unknown) => (key === 'headers' ? null : v));
  } catch {
    return value;
  }
}

function ownKeys(): string[] {
  return Object.keys(localStorage).filter((key) => key.startsWith(NAMESPACE));
}

export const storageWithoutHeaders: Storage = {
  get length() {
    return ownKeys().length;
  },
  key: (index) => ownKeys()[index] ?? null,
  getItem: (key) => localStorage.getItem(key),
  setItem(key, value) {
    if (key.endsWith(':headers')) return;
    localStorage.setItem(key, stripHeaders(value));
  },
  removeItem: (key) => localStorage.removeItem(key),
  clear() {
    for (const key of ownKeys()) localStorage.removeItem(key);
  },
};
