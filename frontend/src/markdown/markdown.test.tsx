import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { Markdown, type MarkdownOptions } from './render';
import { safeHref } from './url';

function html(source: string, options?: MarkdownOptions): HTMLElement {
  return render(<Markdown source={source} options={options} />).container.firstElementChild as HTMLElement;
}

const HOSTILE = `# Hello <script>window.__pwned = 1</script>

<script>window.__pwned = 2</script>

<img src=x onerror="window.__pwned = 3">

Inline <img src=x onerror="window.__pwned=4"> and <a href="javascript:alert(1)">a</a>.

[click](javascript:alert(1)) [tab](java\tscript:alert(1)) [upper](JAVASCRIPT:alert(1))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(1))
[entity](&#106;avascript:alert(1)) [slashes](/\\\\evil.example)
![x](javascript:alert(1)) ![remote](https://tracker.example/pixel.png)
<https://ok.example> <javascript:alert(1)>

<svg onload="window.__pwned = 5"></svg>
<iframe src="https://evil.example"></iframe>
`;

describe('Markdown', () => {
  it('renders the common blocks', () => {
    const root = html(
      '# Title\n\nSome *em* and **strong** and `code` and ~~gone~~.\n\n- a\n- b\n\n1. one\n2. two\n\n> quoted\n\n```py\nprint(1)\n```\n\n---\n',
    );
    expect(root.querySelector('h1')?.textContent).toBe('Title');
    expect(root.querySelector('h1')?.id).toBe('user-content-title');
    expect(root.querySelector('em')?.textContent).toBe('em');
    expect(root.querySelector('strong')?.textContent).toBe('strong');
    expect(root.querySelector('p code')?.textContent).toBe('code');
    expect(root.querySelector('del')?.textContent).toBe('gone');
    expect([...root.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['a', 'b']);
    expect([...root.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    expect(root.querySelector('blockquote p')?.textContent).toBe('quoted');
    expect(root.querySelector('pre code.language-py')?.textContent).toBe('print(1)');
    expect(root.querySelector('hr')).not.toBeNull();
  });

  it('renders nested lists, task lists, tables and setext headings', () => {
    const root = html('Intro\n=====\n\n- top\n  - nested\n- [x] done\n- [ ] todo\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n');
    expect(root.querySelector('h1')?.textContent).toBe('Intro');
    expect(root.querySelector('ul ul li')?.textContent).toBe('nested');
    const boxes = [...root.querySelectorAll('li.task input')] as HTMLInputElement[];
    expect(boxes.map((b) => b.checked)).toEqual([true, false]);
    expect(boxes.every((b) => b.disabled)).toBe(true);
    expect([...root.querySelectorAll('th')].map((c) => c.textContent)).toEqual(['a', 'b']);
    expect((root.querySelectorAll('td')[1] as HTMLElement).style.textAlign).toBe('right');
  });

  it('links safe URLs and rewrites relative links and images', () => {
    const root = html(
      '[docs](docs/intro.md) [web](https://example.org) [mail](mailto:a@b.c) [top](#title)\n\n![logo](img/logo.png)',
      {
        link: (href) => `/o/r/blob/main/${href}`,
        image: (src) => `/o/r/raw/main/${src}`,
      },
    );
    const hrefs = [...root.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual([
      '/o/r/blob/main/docs/intro.md',
      'https://example.org',
      'mailto:a@b.c',
      '#user-content-title',
    ]);
    expect(root.querySelector('a[href^="https"]')?.getAttribute('rel')).toContain('noopener');
    expect(root.querySelector('img')?.getAttribute('src')).toBe('/o/r/raw/main/img/logo.png');
  });

  it('keeps hostile markup inert', () => {
    const root = html(HOSTILE, { link: (h) => h, image: (s) => `/raw/${s}` });
    expect(root.querySelectorAll('script, iframe, svg, [onerror], [onload]').length).toBe(0);
    for (const a of root.querySelectorAll('a')) {
      const href = a.getAttribute('href') ?? '';
      expect(href).toMatch(/^(https?:|mailto:|\/|#|&)/);
      expect(href.toLowerCase().replace(/\s/g, '')).not.toContain('javascript:');
    }
    // The only images are relative ones, loaded from this server.
    for (const img of root.querySelectorAll('img')) expect(img.getAttribute('src')).toMatch(/^\/raw\//);
    expect(root.textContent).toContain('<script>window.__pwned = 2</script>');
    expect(root.textContent).toContain('<img src=x onerror="window.__pwned = 3">');
    expect(root.querySelector('h1')?.textContent).toBe('Hello <script>window.__pwned = 1</script>');
    expect(root.textContent).toContain('[remote]');
  });

  it('survives deep nesting without blowing the stack', () => {
    const root = html(`${'> '.repeat(5000)}deep\n\n${'- '.repeat(3000)}x`);
    expect(root.querySelectorAll('blockquote').length).toBeLessThanOrEqual(21);
  });
});

describe('safeHref', () => {
  it('refuses script-bearing and disguised schemes', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\nscript:x',
      '\u0001javascript:x',
      'data:text/html,x',
      'vbscript:x',
      'file:///etc/passwd',
      '/\\evil.example',
    ]) {
      expect(safeHref(bad)).toBeNull();
    }
  });
  it('allows web, mail, relative and anchor links', () => {
    for (const ok of [
      'https://a.example/x?y#z',
      'http://a.example',
      'mailto:a@b.c',
      'docs/x.md',
      '../x',
      '/abs',
      '#frag',
      '?q=1',
    ]) {
      expect(safeHref(ok)).toBe(ok);
    }
  });
});

describe('parseBlocks on adversarial input', () => {
  it('stays roughly linear (a quadratic parser takes minutes here)', async () => {
    const { parseBlocks } = await import('./block');
    const inputs = [
      '*a '.repeat(30000),
      'word *x\n'.repeat(30000),
      '``a`'.repeat(30000),
      '*_'.repeat(20000) + 'x' + '_*'.repeat(20000),
      '[a]('.repeat(20000),
    ];
    const started = performance.now();
    for (const input of inputs) parseBlocks(input);
    expect(performance.now() - started).toBeLessThan(8000);
  }, 60000);
});
