import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { LabelChip, labelColor, textOn } from './label';

describe('labelColor', () => {
  it('accepts six hex digits with or without #', () => {
    expect(labelColor('#D73A4A')).toBe('#d73a4a');
    expect(labelColor('0e8a16')).toBe('#0e8a16');
  });
  it('refuses anything else', () => {
    for (const bad of ['red', '#fff', 'url(x)', '#0e8a16;background:url(//evil)', '']) {
      expect(labelColor(bad)).toBeNull();
    }
  });
});

describe('textOn', () => {
  it('picks dark text on light colours and light text on dark ones', () => {
    expect(textOn('#ffffff')).toBe('#000000');
    expect(textOn('#fbca04')).toBe('#000000');
    expect(textOn('#000000')).toBe('#ffffff');
    expect(textOn('#0052cc')).toBe('#ffffff');
  });
});

describe('LabelChip', () => {
  it('renders the name as text and ignores a colour that is not hex', () => {
    const { container } = render(
      <LabelChip label={{ id: 'L1', name: '<b>bug</b>', color: 'url(javascript:alert(1))' }} />,
    );
    const chip = container.querySelector('.label') as HTMLElement;
    expect(chip.textContent).toBe('<b>bug</b>');
    expect(chip.getAttribute('style')).toBeNull();
  });
  it('colours a valid label', () => {
    const { container } = render(<LabelChip label={{ id: 'L1', name: 'bug', color: '#d73a4a' }} />);
    const chip = container.querySelector('.label') as HTMLElement;
    expect(chip.style.backgroundColor).toBe('rgb(215, 58, 74)');
  });
});
