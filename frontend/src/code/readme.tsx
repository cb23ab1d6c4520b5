import { highlight, languageOf } from './highlight';
import { Markdown, type MarkdownOptions } from '../markdown/render';
import { blobUrl, rawUrl, resolveRelative } from './paths';

/**
 * Markdown from a repository: relative links open files at the same ref,
 * relative images load raw. Not in a private repository: an <img> cannot send
 * the token, and the server's answer would make the browser ask for a password.
 */
export function repoMarkdownOptions(repo: string, rev: string, dir: string, isPrivate = false): MarkdownOptions {
  return {
    link: (href) => {
      const { path, suffix } = resolveRelative(dir, href);
      return path ? `${blobUrl(repo, rev, path)}${suffix}` : suffix || '#';
    },
    image: (src) => {
      const { path } = resolveRelative(dir, src);
      return path && !isPrivate ? rawUrl(repo, rev, path) : null;
    },
    code: (text, lang) =>
      highlight(text, languageOf(lang)).map((tokens, k) => (
        <>
          {k > 0 ? '\n' : null}
          {tokens.map((t) => (t.c ? <span class={`hl-${t.c}`}>{t.t}</span> : t.t))}
        </>
      )),
  };
}

export function isMarkdown(name: string): boolean {
  return /\.(md|markdown|mdown|mkd)$/i.test(name);
}

export function RepoMarkdown(props: { text: string; repo: string; rev: string; dir: string; isPrivate?: boolean }) {
  return (
    <Markdown source={props.text} options={repoMarkdownOptions(props.repo, props.rev, props.dir, props.isPrivate)} />
  );
}
