import { describe, expect, it } from 'vitest';
import { milestoneDate } from './milestones';

describe('milestoneDate', () => {
  const now = new Date('2030-01-20T12:00:00Z');
  it('gives the due day of an open milestone', () => {
    expect(milestoneDate({ dueOn: '2030-02-01T00:00:00+00:00', closed: false }, now)).toBe('Due 1 Feb 2030');
  });
  it('is still due on the day itself, overdue after it', () => {
    expect(milestoneDate({ dueOn: '2030-01-20T00:00:00+00:00', closed: false }, now)).toBe('Due 20 Jan 2030');
    expect(milestoneDate({ dueOn: '2030-01-19T00:00:00+00:00', closed: false }, now)).toBe('Overdue since 19 Jan 2030');
  });
  it('says when a closed milestone closed, and when there is no date', () => {
    expect(
      milestoneDate({ dueOn: '2030-01-01T00:00:00+00:00', closed: true, closedAt: '2030-01-05T10:00:00Z' }, now),
    ).toBe('Closed 5 Jan 2030');
    expect(milestoneDate({ dueOn: null, closed: false }, now)).toBe('No due date');
  });
});
