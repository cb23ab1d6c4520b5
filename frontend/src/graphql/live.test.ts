import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveUrl, subscribe } from './live';

/** A WebSocket stand-in: records what the client sends, lets the test answer. */
class FakeSocket {
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  closed: number | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeSocket.made.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
  close(code: number) {
    this.closed = code;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code: number, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

function start(token: string | null, retries = 2) {
  const seen: unknown[] = [];
  const errors: (string | undefined)[][] = [];
  const events: string[] = [];
  const stop = subscribe<{ n: number }>(
    'subscription { n }',
    { id: 'x' },
    {
      next: (data) => seen.push(data),
      error: (message, code) => errors.push([message, code]),
      complete: () => events.push('complete'),
      onRestart: () => events.push('restart'),
    },
    {
      url: 'ws://host/graphql',
      token,
      retries,
      socket: (url, protocol) => new FakeSocket(url, protocol) as unknown as WebSocket,
    },
  );
  return { seen, errors, events, stop };
}

describe('the live subscription client', () => {
  afterEach(() => {
    FakeSocket.made = [];
    vi.useRealTimers();
  });

  it('sends the token in connection_init, subscribes after the ack and completes', () => {
    const run = start('tok');
    const socket = FakeSocket.made[0];
    expect(socket.protocol).toBe('graphql-transport-ws');
    socket.open();
    expect(socket.sent[0]).toEqual({ type: 'connection_init', payload: { Authorization: 'Bearer tok' } });
    socket.receive({ type: 'connection_ack' });
    expect(socket.sent[1]).toEqual({
      id: '1',
      type: 'subscribe',
      payload: { query: 'subscription { n }', variables: { id: 'x' } },
    });
    socket.receive({ type: 'ping' });
    expect(socket.sent[2]).toEqual({ type: 'pong' });
    socket.receive({ type: 'next', id: '1', payload: { data: { n: 1 } } });
    socket.receive({ type: 'next', id: '1', payload: { data: { n: 2 } } });
    socket.receive({ type: 'complete', id: '1' });
    expect(run.seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(run.events).toEqual(['complete']);
    expect(socket.closed).toBe(1000);
  });

  it('reports a refused operation with its code and does not retry', () => {
    const run = start(null);
    const socket = FakeSocket.made[0];
    socket.open();
    expect(socket.sent[0]).toEqual({ type: 'connection_init', payload: {} });
    socket.receive({ type: 'connection_ack' });
    socket.receive({
      type: 'error',
      id: '1',
      payload: [{ message: 'Pipeline not found.', extensions: { code: 'NOT_FOUND' } }],
    });
    expect(run.errors).toEqual([['Pipeline not found.', 'NOT_FOUND']]);
    socket.drop(1000);
    expect(FakeSocket.made).toHaveLength(1);
  });

  it('reconnects after a dropped connection and says the stream restarted', () => {
    vi.useFakeTimers();
    const run = start('tok');
    FakeSocket.made[0].open();
    FakeSocket.made[0].receive({ type: 'connection_ack' });
    FakeSocket.made[0].drop(1006);
    vi.advanceTimersByTime(10_000);
    const again = FakeSocket.made[1];
    again.open();
    again.receive({ type: 'connection_ack' });
    expect(run.events).toEqual(['restart']);
    expect(again.sent[1]).toMatchObject({ type: 'subscribe' });
  });

  it('gives up on a forbidden connection at once', () => {
    const run = start('bad');
    FakeSocket.made[0].open();
    FakeSocket.made[0].drop(4403, 'Forbidden');
    expect(run.errors).toEqual([['Forbidden', undefined]]);
    expect(FakeSocket.made).toHaveLength(1);
  });

  it('stops: completes the operation and closes', () => {
    const run = start('tok');
    const socket = FakeSocket.made[0];
    socket.open();
    socket.receive({ type: 'connection_ack' });
    run.stop();
    expect(socket.sent.at(-1)).toEqual({ id: '1', type: 'complete' });
    expect(socket.closed).toBe(1000);
  });

  it('builds the URL from the page origin', () => {
    expect(liveUrl({ protocol: 'https:', host: 'forge.example:8443' })).toBe('wss://forge.example:8443/graphql');
    expect(liveUrl({ protocol: 'http:', host: 'localhost:3000' })).toBe('ws://localhost:3000/graphql');
  });
});
