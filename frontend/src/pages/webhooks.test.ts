import { describe, expect, it } from 'vitest';
import { formatHeaders } from './webhooks';

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
