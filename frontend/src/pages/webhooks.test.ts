import { describe, expect, it } from 'vitest';
import { formatBody, formatHeaders } from './webhooks';

describe('formatHeaders', () => {
  it('shows each header sent as a "Name: value" line, in order', () => {
    const headers = [
      { name: 'X-Gogs-Event', value: 'push' },
      { name: 'X-Gogs-Delivery', value: 'f00' },
    ];
    expect(formatHeaders(headers)).toBe('X-Gogs-Event: push\nX-Gogs-Delivery: f00');
  });

  it('is empty before the first attempt', () => {
    expect(formatHeaders(null)).toBe('');
  });
});

describe('formatBody', () => {
  it('indents JSON and leaves other bodies as sent', () => {
    expect(formatBody('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(formatBody('payload=%7B%7D')).toBe('payload=%7B%7D');
    expect(formatBody(null)).toBe('');
  });
});
