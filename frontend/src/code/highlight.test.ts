import { describe, expect, it } from 'vitest';
import { highlight, languageOf } from './highlight';

const classes = (lines: ReturnType<typeof highlight>) =>
  lines
    .flat()
    .filter((t) => t.c)
    .map((t) => `${t.c}:${t.t}`);

describe('highlight', () => {
  it('marks keywords, strings, numbers and comments in Python', () => {
    const lines = highlight('def f(x):\n    return "hi" + 42  # done\n', 'python');
    expect(lines).toHaveLength(2);
    expect(classes(lines)).toEqual(['kw:def', 'kw:return', 'str:"hi"', 'num:42', 'com:# done']);
  });
  it('keeps multi-line comments and strings on every line they span', () => {
    const lines = highlight('/* a\nb */ const s = `x\ny`;', 'typescript');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual([{ c: 'com', t: '/* a' }]);
    expect(lines[1][0]).toEqual({ c: 'com', t: 'b */' });
    expect(lines[2][0]).toEqual({ c: 'str', t: 'y`' });
  });
  it('loses no character, whatever the input', () => {
    const text = 'x = "unterminated\n<script>alert(1)</script>\n\t\u0000 é 😀 /* open';
    for (const language of ['python', 'javascript', 'markup', 'c', null]) {
      const lines = highlight(text, language);
      expect(lines.map((l) => l.map((t) => t.t).join('')).join('\n')).toBe(text);
    }
  });
  it('finds the language from a file name or fence', () => {
    expect(languageOf('src/app.tsx')).toBe('typescript');
    expect(languageOf('Makefile')).toBe('makefile');
    expect(languageOf('py')).toBe('python');
    expect(languageOf('README')).toBeNull();
  });
});
