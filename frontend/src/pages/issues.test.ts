import { describe, expect, it } from 'vitest';
import { issueFilters, withQuery } from './issues';

describe('issueFilters', () => {
  it('maps the URL query onto the list variables', () => {
    expect(
      issueFilters({ q: 'crash', label: 'bug', author: 'ada', assignee: 'bob', milestone: '3', state: 'closed' }),
    ).toEqual({
      search: 'crash',
      labels: ['bug'],
      createdBy: 'ada',
      assignee: 'bob',
      milestoneNumber: 3,
    });
  });
  it('leaves out what is empty or not a milestone number', () => {
    for (const milestone of [undefined, '', 'abc', '0', '-2']) {
      expect(issueFilters({ milestone })).toEqual({
        search: null,
        labels: null,
        createdBy: null,
        assignee: null,
        milestoneNumber: null,
      });
    }
  });
});

describe('withQuery', () => {
  it('encodes values and drops empty ones', () => {
    expect(withQuery('/a/b/issues', { state: '', q: 'a&b c', milestone: '2', label: undefined })).toBe(
      '/a/b/issues?q=a%26b+c&milestone=2',
    );
    expect(withQuery('/a/b/issues', {})).toBe('/a/b/issues');
  });
});
