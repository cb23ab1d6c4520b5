/** A label's colour as `#rrggbb`, or null when the stored value is not one. */
export function labelColor(color: string): string | null {
  const hex = color.startsWith('#') ? color.slice(1) : color;
  return /^[0-9a-fA-F]{6}$/.test(hex) ? `#${hex.toLowerCase()}` : null;
}

/** Black or white, whichever reads better on the given background. */
export function textOn(background: string): '#000000' | '#ffffff' {
  const n = Number.parseInt(background.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.179 ? '#000000' : '#ffffff';
}

export type LabelLike = { id: string; name: string; color: string; description?: string };

/** One label as a coloured chip; the name is text, the colour only ever a validated hex. */
export function LabelChip({ label }: { label: LabelLike }) {
  const color = labelColor(label.color);
  const style = color ? { background: color, color: textOn(color), borderColor: color } : undefined;
  return (
    <span class="label" style={style} title={label.description || undefined}>
      {label.name}
    </span>
  );
}

export function LabelList({ labels }: { labels: readonly LabelLike[] }) {
  if (labels.length === 0) return null;
  return (
    <span class="labels">
      {labels.map((label) => (
        <LabelChip key={label.id} label={label} />
      ))}
    </span>
  );
}
