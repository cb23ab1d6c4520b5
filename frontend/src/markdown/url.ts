/**
 * URL policy for rendered Markdown: only http(s) and mailto links, relative
 * links and in-page anchors. Anything with another scheme (javascript:,
 * data:, vbscript:, ...) is refused, including schemes disguised with
 * whitespace or control characters that browsers strip before parsing.
 */
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);

export function schemeOf(href: string): string | null {
  // Browsers drop ASCII tab/newline anywhere and trim C0 controls and spaces.
  const squeezed = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(squeezed);
  return match ? match[1].toLowerCase() : null;
}

/** The href to use, or null when the link must not be a link. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (!trimmed) return null;
  const scheme = schemeOf(trimmed);
  if (scheme !== null) return ALLOWED_SCHEMES.has(scheme) ? trimmed : null;
  // A backslash can turn "/\evil.example" into another origin; "//" always is one.
  if (/^[/\\]{2}/.test(trimmed.replace(/[\u0000-\u0020]/g, '')))
    return trimmed.startsWith('//') ? `https:${trimmed}` : null;
  if (trimmed.includes('\\')) return null;
  return trimmed;
}

/** Whether a (safe) href points somewhere in this document or this site. */
export function isRelative(href: string): boolean {
  return schemeOf(href) === null && !href.startsWith('//');
}
