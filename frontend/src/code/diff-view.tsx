import { useMemo } from 'preact/hooks';
import { graphql } from '../gql';
import type { DiffFieldsFragment } from '../gql/graphql';
import { parsePatch } from './diff';
import { highlight, languageOf } from './highlight';
import { plural } from '../format';

export type DiffFileData = {
  path: string;
  oldPath: string;
  status: string;
  additions: number;
  deletions: number;
  isBinary: boolean;
  isTruncated: boolean;
  patch?: string | null;
};

/** A diff as a commit page and a pull request's files tab show it. */
export const DiffFields = graphql(`
  fragment DiffFields on Diff {
    additions
    deletions
    changedFiles
    isTruncated
    files {
      path
      oldPath
      status
      additions
      deletions
      isBinary
      isTruncated
      patch
    }
  }
`);

const STATUS: Record<string, string> = {
  ADDED: 'added',
  MODIFIED: 'modified',
  DELETED: 'deleted',
  RENAMED: 'renamed',
  COPIED: 'copied',
  TYPE_CHANGED: 'type changed',
};

/** Each line highlighted on its own: a diff has no whole-file context to carry state across lines. */
function Line({ text, language }: { text: string; language: string | null }) {
  const tokens = highlight(text, language)[0] ?? [];
  return <>{tokens.map((t) => (t.c ? <span class={`hl-${t.c}`}>{t.t}</span> : t.t))}</>;
}

export function DiffFile({ file, index }: { file: DiffFileData; index: number }) {
  const rows = useMemo(() => (file.patch ? parsePatch(file.patch) : []), [file.patch]);
  const language = languageOf(file.path);
  const title = file.oldPath && file.oldPath !== file.path ? `${file.oldPath} → ${file.path}` : file.path;
  return (
    <section class="diff-file" id={`diff-${index}`} aria-label={title}>
      <header class="diff-head">
        <span class="diff-path">{title}</span>
        <span class="small">
          <span class="badge">{STATUS[file.status] ?? file.status.toLowerCase()}</span>{' '}
          <span class="add">+{file.additions}</span> <span class="del">−{file.deletions}</span>
        </span>
      </header>
      {file.isBinary ? (
        <p class="muted small pad">Binary file not shown.</p>
      ) : file.isTruncated || !file.patch ? (
        <p class="muted small pad">{file.isTruncated ? 'This diff is too large to show.' : 'No changes to show.'}</p>
      ) : (
        <div class="code-view">
          <table class="diff">
            <tbody>
              {rows.map((row, k) =>
                row.kind === 'hunk' || row.kind === 'note' ? (
                  <tr key={k} class={row.kind}>
                    <td colSpan={3}>{row.text}</td>
                  </tr>
                ) : (
                  <tr key={k} class={row.kind}>
                    <td class="ln">{row.old ?? ''}</td>
                    <td class="ln">{row.new ?? ''}</td>
                    <td class="lc">
                      <span class="sign" aria-hidden="true">
                        {row.kind === 'add' ? '+' : row.kind === 'del' ? '-' : ' '}
                      </span>
                      <span class="sr-only">
                        {row.kind === 'add' ? 'added: ' : row.kind === 'del' ? 'removed: ' : ''}
                      </span>
                      <Line text={row.text} language={language} />
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The totals, then every file. */
export function DiffView({ diff }: { diff: DiffFieldsFragment }) {
  return (
    <>
      <p class="small">
        {plural(diff.changedFiles, 'changed file')} with <span class="add">{plural(diff.additions, 'addition')}</span>{' '}
        and <span class="del">{plural(diff.deletions, 'deletion')}</span>
        {diff.isTruncated ? ' (not all files are shown)' : ''}
      </p>
      {diff.files.map((file, index) => (
        <DiffFile key={`${file.oldPath}:${file.path}`} file={file} index={index} />
      ))}
    </>
  );
}
