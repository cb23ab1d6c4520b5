import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { CodeView, selectedLines } from './code-view';

describe('selectedLines', () => {
  it('reads #L<n> and #L<a>-L<b> in either order', () => {
    expect(selectedLines('#L10')).toEqual([10, 10]);
    expect(selectedLines('#L20-L12')).toEqual([12, 20]);
    expect(selectedLines('#readme')).toBeNull();
  });
});

describe('CodeView', () => {
  it('numbers lines, links each to its anchor, marks the selection and keeps text as text', () => {
    const { container } = render(<CodeView text={'a = 1\n<script>x()</script>\nb\n'} name="x.py" hash="#L2" />);
    const rows = [...container.querySelectorAll('tr')];
    expect(rows.map((r) => r.id)).toEqual(['L1', 'L2', 'L3']);
    expect(rows[1].className).toBe('selected');
    expect(rows[1].querySelector('a')?.getAttribute('href')).toBe('#L2');
    expect(rows[1].querySelector('.lc')?.textContent).toBe('<script>x()</script>');
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('.hl-num')?.textContent).toBe('1');
  });
});
