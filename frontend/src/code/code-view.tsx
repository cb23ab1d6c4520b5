import { useEffect, useMemo } from 'preact/hooks';
import { highlight, languageOf } from './highlight';

/** `#L10` or `#L10-L20`: the selected line range, if any. */
export function selectedLines(hash: string): [number, number] | null {
  const m = /^#L(\d+)(?:-L(\d+))?$/.exec(hash);
  if (!m) return null;
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  return [Math.min(a, b), Math.max(a, b)];
}

/** A file's text with line numbers that link to `#L<n>`, highlighted by its name's language. */
export function CodeView({ text, name, hash }: { text: string; name: string; hash: string }) {
  const lines = useMemo(() => highlight(text, languageOf(name)), [text, name]);
  const selected = selectedLines(hash);
  useEffect(() => {
    if (selected) document.getElementById(`L${selected[0]}`)?.scrollIntoView?.({ block: 'center' });
  }, [hash]);
  return (
    <div class="code-view" role="region" aria-label={`Contents of ${name}`} tabIndex={0}>
      <table>
        <tbody>
          {lines.map((tokens, index) => {
            const n = index + 1;
            const on = selected !== null && n >= selected[0] && n <= selected[1];
            return (
              <tr key={n} id={`L${n}`} class={on ? 'selected' : undefined}>
                <td class="ln">
                  <a href={`#L${n}`} aria-label={`Line ${n}`}>
                    {n}
                  </a>
                </td>
                <td class="lc">
                  {tokens.map((t) => (t.c ? <span class={`hl-${t.c}`}>{t.t}</span> : t.t))}
                  {tokens.length === 0 ? '\n' : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
