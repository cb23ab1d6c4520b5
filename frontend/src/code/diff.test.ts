import { describe, expect, it } from 'vitest';
import { parsePatch } from './diff';

describe('parsePatch', () => {
  it('numbers old and new lines through a hunk', () => {
    const rows = parsePatch(
      'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -3,3 +3,3 @@ def f():\n a\n-b\n+B\n c\n\\ No newline at end of file\n',
    );
    expect(rows).toEqual([
      { kind: 'hunk', text: '@@ -3,3 +3,3 @@ def f():' },
      { kind: 'ctx', old: 3, new: 3, text: 'a' },
      { kind: 'del', old: 4, new: null, text: 'b' },
      { kind: 'add', old: null, new: 4, text: 'B' },
      { kind: 'ctx', old: 5, new: 5, text: 'c' },
      { kind: 'note', text: 'No newline at end of file' },
    ]);
  });
  it('reads a patch made only of hunks', () => {
    const rows = parsePatch('@@ -0,0 +1,2 @@\n+one\n+two');
    expect(rows.filter((r) => r.kind === 'add').map((r) => ('new' in r ? r.new : 0))).toEqual([1, 2]);
  });
});
