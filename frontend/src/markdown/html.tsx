/**
 * Markdown is rendered once, on the server (bodyHTML, readmeHTML, Blob.html,
 * renderMarkdown), by one renderer whose output a sanitizer has already reduced
 * to inert HTML: no scripts, no event handlers, no style attributes, only
 * http(s), mailto and relative URLs. `MarkdownHTML` is the one place the SPA
 * inserts HTML; nothing else may use dangerouslySetInnerHTML.
 */
import type { ComponentChildren } from 'preact';
import { useClient } from '@urql/preact';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';

/** Sanitized HTML from the server (a GraphQL `HTML` value), shown as it is. */
export function MarkdownHTML({ html, class: extra }: { html: string; class?: string }) {
  return <div class={extra ? `markdown ${extra}` : 'markdown'} dangerouslySetInnerHTML={{ __html: html }} />;
}

const RenderMarkdownQuery = graphql(`
  query RenderMarkdown($text: String!, $repositoryId: ID) {
    renderMarkdown(text: $text, repositoryId: $repositoryId)
  }
`);

type Preview = { text: string; html: string } | { text: string; error: string };

/**
 * A Markdown textarea with Write and Preview tabs; Preview asks the server to
 * render the draft exactly as the saved text will be (references resolved in
 * `repositoryId` for this viewer).
 */
export function MarkdownEditor(props: {
  label: ComponentChildren;
  value: string;
  onInput: (value: string) => void;
  name?: string;
  rows?: number;
  required?: boolean;
  repositoryId?: string | null;
}) {
  const client = useClient();
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [preview, setPreview] = useState<Preview | null>(null);
  const showPreview = async () => {
    setTab('preview');
    const text = props.value;
    if (preview?.text === text) return;
    setPreview(null);
    const result = await client
      .query(RenderMarkdownQuery, { text, repositoryId: props.repositoryId ?? null }, { requestPolicy: 'network-only' })
      .toPromise();
    const html = result.data?.renderMarkdown;
    setPreview(html != null ? { text, html } : { text, error: errorMessage(result.error) ?? 'Preview failed.' });
  };
  return (
    <div class="markdown-editor stack">
      <div class="editor-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'write'} onClick={() => setTab('write')}>
          Write
        </button>
        <button type="button" role="tab" aria-selected={tab === 'preview'} onClick={() => void showPreview()}>
          Preview
        </button>
      </div>
      {tab === 'write' ? (
        <label>
          {props.label}
          <textarea
            name={props.name}
            rows={props.rows ?? 5}
            required={props.required}
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        </label>
      ) : (
        <div role="tabpanel" aria-label="Preview" class="card preview">
          {preview === null ? (
            <p class="muted">Rendering…</p>
          ) : 'error' in preview ? (
            <p class="error">{preview.error}</p>
          ) : preview.text.trim() === '' ? (
            <p class="muted">Nothing to preview.</p>
          ) : (
            <MarkdownHTML html={preview.html} />
          )}
        </div>
      )}
    </div>
  );
}
