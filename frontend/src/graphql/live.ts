/**
 * A minimal `graphql-transport-ws` client: one WebSocket to `/graphql` per
 * subscription, authenticated by the `connection_init` payload (the SPA's token
 * is never a cookie, so the socket carries no credential of its own).
 *
 * One socket per subscription keeps this small (the pipeline page holds at most
 * two); the `graphql-ws` package would multiplex them, at ~4 KB more.
 */

export type GraphQLErrorShape = { message: string; extensions?: { code?: string } };

export type LiveHandlers<T> = {
  next: (data: T) => void;
  /** The server refused the operation (e.g. NOT_FOUND) or the connection failed for good. */
  error: (message: string, code?: string) => void;
  /** The server completed the operation (for a pipeline: it ended). */
  complete: () => void;
};

type Message =
  | { type: 'connection_ack' }
  | { type: 'ping'; payload?: unknown }
  | { type: 'pong' }
  | { type: 'next'; id: string; payload: { data?: unknown; errors?: GraphQLErrorShape[] } }
  | { type: 'error'; id: string; payload: GraphQLErrorShape[] }
  | { type: 'complete'; id: string };

/** The `/graphql` WebSocket URL of the page's own origin. */
export function liveUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
}

// Close codes after which trying again cannot help (bad request, forbidden, ...).
const FINAL_CLOSES = new Set([4400, 4401, 4403, 4406, 4409, 4429]);

export type LiveOptions = {
  url?: string;
  token: string | null;
  /** Reconnect after a dropped connection (the operation restarts from the start). */
  retries?: number;
  socket?: (url: string, protocol: string) => WebSocket;
};

/**
 * Run `query` as a subscription; returns a function that stops it.
 * After a dropped connection it reconnects (with backoff) up to `retries` times
 * and the subscription starts over, so the caller must treat the first `next`
 * after a reconnect as a fresh start (`onRestart`).
 */
export function subscribe<T>(
  query: string,
  variables: Record<string, unknown>,
  handlers: LiveHandlers<T> & { onRestart?: () => void },
  options: LiveOptions,
): () => void {
  const url = options.url ?? liveUrl(window.location);
  const open = options.socket ?? ((u: string, p: string) => new WebSocket(u, p));
  let retries = options.retries ?? 5;
  let stopped = false;
  let finished = false;
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const finish = () => {
    finished = true;
    socket?.close(1000);
  };

  const connect = () => {
    if (stopped) return;
    const ws = open(url, 'graphql-transport-ws');
    socket = ws;
    ws.onopen = () => {
      const payload = options.token ? { Authorization: `Bearer ${options.token}` } : {};
      ws.send(JSON.stringify({ type: 'connection_init', payload }));
    };
    ws.onmessage = (event: MessageEvent) => {
      let message: Message;
      try {
        message = JSON.parse(String(event.data)) as Message;
      } catch {
        return;
      }
      switch (message.type) {
        case 'connection_ack':
          if (attempt > 0) handlers.onRestart?.();
          attempt = 0;
          ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
          break;
        case 'ping':
          ws.send(JSON.stringify({ type: 'pong' }));
          break;
        case 'next':
          if (message.payload.errors?.length) {
            const first = message.payload.errors[0];
            handlers.error(first.message, first.extensions?.code);
            finish();
          } else if (message.payload.data) {
            handlers.next(message.payload.data as T);
          }
          break;
        case 'error':
          handlers.error(message.payload.map((e) => e.message).join(' '), message.payload[0]?.extensions?.code);
          finish();
          break;
        case 'complete':
          handlers.complete();
          finish();
          break;
      }
    };
    ws.onclose = (event: CloseEvent) => {
      if (stopped || finished) return;
      if (FINAL_CLOSES.has(event.code) || retries <= 0) {
        finished = true;
        handlers.error(event.reason || 'The live connection was closed.');
        return;
      }
      retries -= 1;
      attempt += 1;
      timer = setTimeout(connect, Math.min(8000, 250 * 2 ** attempt));
    };
  };

  connect();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    if (socket && socket.readyState <= 1) {
      if (socket.readyState === 1 && !finished) socket.send(JSON.stringify({ id: '1', type: 'complete' }));
      socket.close(1000);
    }
  };
}
