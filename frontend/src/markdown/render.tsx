/**
 * Markdown to Preact nodes. Every piece of the source ends up as a text node
 * or as an attribute of an element from a fixed list; there is no path from
 * the source to innerHTML, raw HTML is shown as text, and link and image URLs
 * go through `safeHref`.
 */
import type { ComponentChildren, JSX } from 'preact';
import { parseBlocks, type Block } from './block';
import { plainText, type Inline } from './inline';
import { isRelative, safeHref } from './url';

export type MarkdownOptions = {
  /** Rewrites a relative link (e.g. to a path in the repository). */
  link?: (href: string) => string;
  /** The URL to load a relative image from; null leaves it as a link-less alt text. */
  image?: (src: string) => string | null;
  /** Highlighted code for a fenced block; plain text when absent. */
  code?: (text: string, lang: string) => ComponentChildren;
};

/** GitHub's anchors: lower case, punctuation dropped, spaces to dashes. */
export function slug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Ids come from user text: prefix them so they cannot clobber the page's own. */
export const ANCHOR_PREFIX = 'user-content-';

function linkTarget(href: string, options: MarkdownOptions): string | null {
  const safe = safeHref(href);
  if (safe === null) return null;
  if (safe.startsWith('#')) return `#${ANCHOR_PREFIX}${safe.slice(1)}`;
  if (isRelative(safe) && options.link) return options.link(safe);
  return safe;
}

function inlines(nodes: Inline[], options: MarkdownOptions): ComponentChildren[] {
  return nodes.map((node) => {
    switch (node.t) {
      case 'text':
        return node.text;
      case 'code':
        return <code>{node.text}</code>;
      case 'br':
        return <br />;
      case 'em':
        return <em>{inlines(node.children, options)}</em>;
      case 'strong':
        return <strong>{inlines(node.children, options)}</strong>;
      case 'del':
        return <del>{inlines(node.children, options)}</del>;
      case 'link': {
        const href = linkTarget(node.href, options);
        const children = inlines(node.children, options);
        if (href === null) return <span class="md-unsafe-link">{children}</span>;
        const external = !isRelative(href);
        return (
          <a href={href} title={node.title || undefined} rel={external ? 'nofollow noopener noreferrer' : undefined}>
            {children}
          </a>
        );
      }
      case 'image': {
        const safe = safeHref(node.src);
        const src = safe !== null && isRelative(safe) && options.image ? options.image(safe) : null;
        // Images from elsewhere are not fetched: that would leak the reader to a third party.
        if (src === null) return <span class="md-image-alt">{node.alt ? `[${node.alt}]` : '[image]'}</span>;
        return <img src={src} alt={node.alt} title={node.title || undefined} loading="lazy" />;
      }
    }
  });
}

function blocks(nodes: Block[], options: MarkdownOptions, seen: Map<string, number>): JSX.Element[] {
  return nodes.map((block) => {
    switch (block.t) {
      case 'heading': {
        const base = slug(plainText(block.children));
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        const id = `${ANCHOR_PREFIX}${count ? `${base}-${count}` : base}`;
        const Tag = `h${block.level}` as 'h1';
        return <Tag id={id}>{inlines(block.children, options)}</Tag>;
      }
      case 'paragraph':
        return <p>{inlines(block.children, options)}</p>;
      case 'code':
        return (
          <pre>
            <code class={block.lang ? `language-${block.lang.replace(/[^a-z0-9+#-]/g, '')}` : undefined}>
              {options.code ? options.code(block.text, block.lang) : block.text}
            </code>
          </pre>
        );
      case 'html':
        return <pre class="md-html">{block.text}</pre>;
      case 'quote':
        return <blockquote>{blocks(block.children, options, seen)}</blockquote>;
      case 'hr':
        return <hr />;
      case 'list': {
        const items = block.items.map((item) => {
          const only = item.children.length === 1 && item.children[0].t === 'paragraph' ? item.children[0] : null;
          const body = only ? inlines(only.children, options) : blocks(item.children, options, seen);
          return (
            <li class={item.task === null ? undefined : 'task'}>
              {item.task === null ? null : (
                <input type="checkbox" checked={item.task} disabled aria-label={item.task ? 'done' : 'to do'} />
              )}
              {body}
            </li>
          );
        });
        return block.ordered ? <ol start={block.start === 1 ? undefined : block.start}>{items}</ol> : <ul>{items}</ul>;
      }
      case 'table':
        return (
          <div class="md-table">
            <table>
              <thead>
                <tr>
                  {block.head.map((cell, k) => (
                    <th style={block.align[k] ? { textAlign: block.align[k]! } : undefined}>
                      {inlines(cell, options)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {block.rows.map((row) => (
                  <tr>
                    {row.map((cell, k) => (
                      <td style={block.align[k] ? { textAlign: block.align[k]! } : undefined}>
                        {inlines(cell, options)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
    }
  });
}

export function Markdown({ source, options = {} }: { source: string; options?: MarkdownOptions }) {
  return <div class="markdown">{blocks(parseBlocks(source), options, new Map())}</div>;
}
