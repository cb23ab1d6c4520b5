/** Inline Markdown: code spans, emphasis, links, images, autolinks, breaks. Raw HTML stays text. */

export type Inline =
  | { t: 'text'; text: string }
  | { t: 'code'; text: string }
  | { t: 'em' | 'strong' | 'del'; children: Inline[] }
  | { t: 'link'; href: string; title: string; children: Inline[] }
  | { t: 'image'; src: string; alt: string; title: string }
  | { t: 'br' };

const ESCAPABLE = /[\\`*_{}[\]()#+\-.!|~<>"'&]/;
// Sticky (y) expressions match at lastIndex, so the loop never copies the rest of the source.
const AUTOLINK = /<((?:https?:\/\/|mailto:)[^\s<>]+)>/iy;
const BARE_URL = /https?:\/\/[^\s<]*[^\s<.,:;"')\]!?]/iy;
const TICKS = /`+/y;
const DESTINATION = /\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+("[^"]*"|'[^']*'))?\s*\)/y;
const SPECIAL = /[\\`\n<hH![*_~]/g;
/** How far a link's text may reach: bounds the work on unclosed brackets. */
const MAX_LINK_TEXT = 1000;

function at(re: RegExp, src: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(src);
}
const DELIMS: Record<string, 'em' | 'strong' | 'del'> = {
  '**': 'strong',
  __: 'strong',
  '*': 'em',
  _: 'em',
  '~~': 'del',
};

/** Output with text gathered in pieces: growing one string and then inspecting it would be quadratic. */
class Out {
  nodes: Inline[] = [];
  pieces: string[] = [];
  text(text: string): void {
    this.pieces.push(text);
  }
  node(node: Inline): void {
    this.flush();
    this.nodes.push(node);
  }
  flush(): void {
    if (this.pieces.length) this.nodes.push({ t: 'text', text: this.pieces.join('') });
    this.pieces = [];
  }
  done(): Inline[] {
    this.flush();
    return this.nodes;
  }
}

/** Find the `]` closing a bracket opened just before `from`, honouring nesting and escapes. */
function closingBracket(src: string, from: number): number {
  let depth = 1;
  const stop = Math.min(src.length, from + MAX_LINK_TEXT);
  for (let i = from; i < stop; i += 1) {
    const c = src[i];
    if (c === '\\') i += 1;
    else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end > 0 && end < stop) i = end;
    } else if (c === '[') depth += 1;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

/** `(url "title")` right after a `]`: the destination, title and where it ends. */
function destination(src: string, from: number): { url: string; title: string; end: number } | null {
  if (src[from] !== '(') return null;
  const m = at(DESTINATION, src, from);
  if (!m) return null;
  let url = m[1];
  if (url.startsWith('<')) url = url.slice(1, -1);
  return { url: url.replace(/\\(.)/g, '$1'), title: m[2] ? m[2].slice(1, -1) : '', end: from + m[0].length };
}

/** Nested emphasis and link text past this depth stay text: bounds recursion on hostile input. */
const MAX_NESTING = 16;

export function parseInline(src: string, depth = 0): Inline[] {
  const out = new Out();
  // Where a search for each delimiter's closer last failed: any later opener fails too.
  const noCloserFrom: Record<string, number> = {};
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && i + 1 < src.length) {
      if (src[i + 1] === '\n') {
        out.node({ t: 'br' });
        i += 2;
        continue;
      }
      if (ESCAPABLE.test(src[i + 1])) {
        out.text(src[i + 1]);
        i += 2;
        continue;
      }
    }
    if (c === '`') {
      const ticks = at(TICKS, src, i)![0];
      const end = i >= (noCloserFrom[ticks] ?? Infinity) ? -1 : src.indexOf(ticks, i + ticks.length);
      if (end < 0) noCloserFrom[ticks] = i;
      if (end >= 0) {
        let code = src.slice(i + ticks.length, end).replace(/\n/g, ' ');
        if (/^ .* $/.test(code) && code.trim()) code = code.slice(1, -1);
        out.node({ t: 'code', text: code });
        i = end + ticks.length;
        continue;
      }
      out.text(ticks);
      i += ticks.length;
      continue;
    }
    if (c === '\n') {
      const last = out.pieces[out.pieces.length - 1];
      if (last !== undefined && last.endsWith('  ')) {
        out.pieces[out.pieces.length - 1] = last.trimEnd();
        out.node({ t: 'br' });
      } else out.text('\n');
      i += 1;
      continue;
    }
    const auto = c === '<' ? at(AUTOLINK, src, i) : null;
    if (auto) {
      out.node({
        t: 'link',
        href: auto[1],
        title: '',
        children: [{ t: 'text', text: auto[1].replace(/^mailto:/i, '') }],
      });
      i += auto[0].length;
      continue;
    }
    if ((c === 'h' || c === 'H') && (i === 0 || /[\s(*_~]/.test(src[i - 1]))) {
      const bare = at(BARE_URL, src, i);
      if (bare) {
        out.node({ t: 'link', href: bare[0], title: '', children: [{ t: 'text', text: bare[0] }] });
        i += bare[0].length;
        continue;
      }
    }
    const isImage = c === '!' && src[i + 1] === '[';
    if ((c === '[' || isImage) && depth < MAX_NESTING) {
      const open = i + (isImage ? 2 : 1);
      const close = closingBracket(src, open);
      const dest = close >= 0 ? destination(src, close + 1) : null;
      if (dest) {
        const label = src.slice(open, close);
        if (isImage)
          out.node({ t: 'image', src: dest.url, alt: plainText(parseInline(label, depth + 1)), title: dest.title });
        else out.node({ t: 'link', href: dest.url, title: dest.title, children: parseInline(label, depth + 1) });
        i = dest.end;
        continue;
      }
    }
    const two = src.slice(i, i + 2);
    const delim = two === '**' || two === '__' || two === '~~' ? two : c === '*' || c === '_' ? c : null;
    if (delim && depth < MAX_NESTING) {
      const span = i >= (noCloserFrom[delim] ?? Infinity) ? null : emphasis(src, i, delim);
      if (span === undefined) noCloserFrom[delim] = i;
      if (span) {
        out.node({ t: DELIMS[delim], children: parseInline(span.inner, depth + 1) });
        i = span.end;
        continue;
      }
      out.text(delim);
      i += delim.length;
      continue;
    }
    SPECIAL.lastIndex = i + 1;
    const next = SPECIAL.exec(src);
    const stop = next ? next.index : src.length;
    out.text(src.slice(i, stop));
    i = stop;
  }
  return out.done();
}

/**
 * A delimited run `*x*`, `**x**`, `~~x~~` opening at `open`: its inside and
 * end; null if this opener cannot open; undefined if no closer follows at all.
 */
function emphasis(src: string, open: number, delim: string): { inner: string; end: number } | null | undefined {
  const start = open + delim.length;
  if (start >= src.length || /\s/.test(src[start])) return null;
  // Intraword underscores (snake_case) are not emphasis.
  if (delim[0] === '_' && open > 0 && /[A-Za-z0-9]/.test(src[open - 1])) return null;
  let search = start;
  while (search < src.length) {
    const end = src.indexOf(delim, search);
    if (end < 0) return undefined;
    const after = src[end + delim.length];
    const closes = !/\s/.test(src[end - 1]) && end > start;
    const single = delim.length === 1 && (after === delim || src[end - 1] === delim);
    const wordAfter = delim[0] === '_' && after !== undefined && /[A-Za-z0-9]/.test(after);
    if (closes && !single && !wordAfter) return { inner: src.slice(start, end), end: end + delim.length };
    search = end + delim.length;
  }
  return undefined;
}

/** The text of inline nodes, for alt text and heading anchors. */
export function plainText(nodes: Inline[]): string {
  return nodes
    .map((n) =>
      n.t === 'text' || n.t === 'code'
        ? n.text
        : n.t === 'image'
          ? n.alt
          : n.t === 'br'
            ? ' '
            : 'children' in n
              ? plainText(n.children)
              : '',
    )
    .join('');
}
