import { describe, expect, it } from 'vitest';
import { storageWithoutHeaders, stripHeaders } from './storage';

describe('GraphiQL storage', () => {
  it('blanks headers inside stored JSON', () => {
    const history = JSON.stringify({
      queries: [{ query: '{ viewer { login } }', headers: '{"Authorization":"Bearer ingot_x"}' }],
    });
    expect(stripHeaders(history)).not.toContain('ingot_x');
    expect(JSON.parse(stripHeaders(history)).queries[0].query).toBe('{ viewer { login } }');
  });

  it('never writes the headers key and passes other values through', () => {
    storageWithoutHeaders.setItem('graphiql:headers', '{"Authorization":"Bearer ingot_x"}');
    storageWithoutHeaders.setItem('graphiql:query', 'not json');
    expect(localStorage.getItem('graphiql:headers')).toBeNull();
    expect(storageWithoutHeaders.getItem('graphiql:query')).toBe('not json');
    expect(storageWithoutHeaders.length).toBe(1);
    storageWithoutHeaders.clear();
    expect(storageWithoutHeaders.length).toBe(0);
  });
});
