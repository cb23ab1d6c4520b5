import { useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { CodeView } from '../code/code-view';
import { archiveUrl, blobUrl, commitsUrl, commitUrl, rawUrl, splitRevPath, treeUrl } from '../code/paths';
import { isMarkdown } from '../code/readme';
import { RefSwitcher, useRefNames } from '../code/refs';
import { PipelineLink, useBranchPipeline } from '../components/pipeline-status';
import { RepoHeader, RepoNotFound } from '../components/repo-header';
import { CloneInstructions, Empty, ErrorNote, Loading } from '../components/ui';
import { formatSize, plural, timeAgo } from '../format';
import { graphql } from '../gql';
import type { RepoHeaderFieldsFragment } from '../gql/graphql';
import { errorMessage } from '../graphql/client';
import { MarkdownHTML } from '../markdown/html';
import { getToken } from '../session';
import { useViewer } from '../viewer';

const TreeQuery = graphql(`
  query RepositoryTree(
    $owner: String!
    $name: String!
    $expression: String!
    $readme: String!
    $withReadme: Boolean!
    $home: Boolean!
  ) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      description
      cloneUrl
      sshUrl
      isEmpty
      defaultBranchRef {
        name
      }
      # The home page's summary: the latest commit and the counts.
      latest: object(expression: "HEAD") @include(if: $home) {
        __typename
        oid
        ... on Commit {
          abbreviatedOid
          messageHeadline
          authoredDate
          author {
            name
          }
          history(first: 0) {
            totalCount
          }
        }
      }
      branchCount: refs(refPrefix: "refs/heads/", first: 0) @include(if: $home) {
        totalCount
      }
      tagCount: refs(refPrefix: "refs/tags/", first: 0) @include(if: $home) {
        totalCount
      }
      object(expression: $expression) {
        __typename
        oid
        ... on Tree {
          entries {
            name
            path
            type
            size
            oid
          }
        }
        ... on Blob {
          byteSize
          isBinary
          isTruncated
          text
          html
        }
      }
      # The usual README in the same round trip; others are fetched after the listing.
      readme: object(expression: $readme) @include(if: $withReadme) {
        __typename
        oid
        ... on Blob {
          text
          html
        }
      }
    }
  }
`);

const README = /^readme(\.(md|markdown|mdown|txt|rst))?$/i;

type Props = { owner: string; repo: string; tail?: string };

/** `/:owner/:repo` (the default branch), `/tree/:rev/:path` and `/blob/:rev/:path`. */
export function CodePage({ owner, repo, tail, mode }: Props & { mode: 'home' | 'tree' | 'blob' }) {
  const { viewer } = useViewer();
  const refs = useRefNames(owner, repo);
  const split = mode === 'home' ? { rev: 'HEAD', path: '' } : splitRevPath(tail ?? '', refs.all);
  const waitForRefs = mode !== 'home' && !refs.ready && (tail ?? '').includes('/');
  const [{ data, fetching, error }] = useQuery({
    query: TreeQuery,
    variables: {
      owner,
      name: repo,
      expression: `${split.rev}:${split.path}`,
      readme: `${split.rev}:${split.path ? `${split.path}/` : ''}README.md`,
      withReadme: mode !== 'blob',
      home: mode === 'home',
    },
    pause: waitForRefs || !split.rev,
  });
  const repository = data?.repository;
  if ((!data && fetching) || waitForRefs) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const nwo = repository.nameWithOwner;
  const rev = mode === 'home' ? (repository.defaultBranchRef?.name ?? 'HEAD') : split.rev;
  if (repository.isEmpty) {
    return (
      <section>
        <RepoHeader repository={repository} active="code" />
        {repository.description ? <p>{repository.description}</p> : null}
        <CloneInstructions cloneUrl={repository.cloneUrl} sshUrl={repository.sshUrl} login={viewer?.login ?? null} />
      </section>
    );
  }
  const object = repository.object;
  const body =
    object?.__typename === 'Tree' ? (
      <TreeBody
        repo={nwo}
        owner={owner}
        name={repo}
        rev={rev}
        path={split.path}
        entries={object.entries}
        readme={repository.readme?.__typename === 'Blob' ? repository.readme : null}
        isPrivate={repository.isPrivate}
      />
    ) : object?.__typename === 'Blob' ? (
      <BlobBody repo={nwo} rev={rev} path={split.path} blob={object} isPrivate={repository.isPrivate} />
    ) : (
      <Empty>
        <p>
          Nothing at <code>{split.path || '/'}</code> on <code>{rev}</code>.
        </p>
      </Empty>
    );
  return (
    <section>
      <RepoHeader
        repository={repository}
        active="code"
        title={mode === 'home' ? undefined : `${split.path || repository.name} at ${rev}`}
      />
      {mode === 'home' && repository.description ? <p>{repository.description}</p> : null}
      {mode === 'home' ? (
        <details class="clone-box">
          <summary>Clone</summary>
          <CloneInstructions cloneUrl={repository.cloneUrl} sshUrl={repository.sshUrl} login={viewer?.login ?? null} />
        </details>
      ) : null}
      {mode === 'home' && repository.latest?.__typename === 'Commit' ? (
        <div class="card row small latest-commit" aria-label="Latest commit">
          <span>
            <strong>{repository.latest.author.name}</strong>{' '}
            <a href={commitUrl(nwo, repository.latest.oid)}>{repository.latest.messageHeadline || '(no message)'}</a>{' '}
            <code class="muted">{repository.latest.abbreviatedOid}</code> · {timeAgo(repository.latest.authoredDate)}
          </span>
          <nav class="row" aria-label="Repository counts">
            <a href={commitsUrl(nwo, rev)}>{plural(repository.latest.history.totalCount, 'commit')}</a>
            <a href={`/${nwo}/branches`}>{plural(repository.branchCount?.totalCount ?? 0, 'branch', 'branches')}</a>
            <a href={`/${nwo}/tags`}>{plural(repository.tagCount?.totalCount ?? 0, 'tag')}</a>
          </nav>
        </div>
      ) : null}
      <Toolbar repository={repository} owner={owner} name={repo} rev={rev} path={split.path} />
      {body}
    </section>
  );
}

function Toolbar(props: {
  repository: RepoHeaderFieldsFragment;
  owner: string;
  name: string;
  rev: string;
  path: string;
}) {
  const { repository, rev, path } = props;
  const nwo = repository.nameWithOwner;
  const parts = path.split('/').filter(Boolean);
  const pipeline = useBranchPipeline(props.owner, props.name, rev);
  return (
    <div class="toolbar">
      <RefSwitcher owner={props.owner} name={props.name} current={rev} path={path} />
      <PipelineLink repo={nwo} mark={pipeline} />
      <nav aria-label="Breadcrumbs" class="crumbs">
        <a href={treeUrl(nwo, rev)}>{repository.name}</a>
        {parts.map((part, k) => (
          <span key={k}>
            {' / '}
            {k === parts.length - 1 ? (
              <span aria-current="page">{part}</span>
            ) : (
              <a href={treeUrl(nwo, rev, parts.slice(0, k + 1).join('/'))}>{part}</a>
            )}
          </span>
        ))}
      </nav>
      <a class="small" href={commitsUrl(nwo, rev, path)}>
        History
      </a>
      {path ? null : <ArchiveLinks repo={nwo} name={repository.name} rev={rev} isPrivate={repository.isPrivate} />}
    </div>
  );
}

const FORMATS = [
  ['zip', 'ZIP'],
  ['tar.gz', 'TAR.GZ'],
] as const;

/** Downloads of the whole tree at `rev`; a private repository's go through the token. */
export function ArchiveLinks(props: { repo: string; name: string; rev: string; isPrivate: boolean }) {
  const { repo, rev } = props;
  // What the server names the file (app/git/archive.py `label`).
  const base = `${props.name}-${rev}`.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^[-.]+|[-.]+$/g, '');
  return (
    <span class="row small" aria-label="Download the source">
      {FORMATS.map(([format, label]) =>
        props.isPrivate ? (
          <PrivateDownload
            key={format}
            url={archiveUrl(repo, rev, format)}
            name={`${base}.${format}`}
            label={`Download ${label}`}
          />
        ) : (
          <a key={format} href={archiveUrl(repo, rev, format)} download>
            Download {label}
          </a>
        ),
      )}
    </span>
  );
}

type Entry = { name: string; path: string; type: string; size?: number | null; oid: string };

function TreeBody(props: {
  repo: string;
  owner: string;
  name: string;
  rev: string;
  path: string;
  entries: readonly Entry[];
  readme: ReadmeBlob | null;
  isPrivate: boolean;
}) {
  const { repo, rev, path, entries } = props;
  const readme = entries
    .filter((e) => e.type === 'blob' && README.test(e.name))
    .sort((a, b) => Number(isMarkdown(b.name)) - Number(isMarkdown(a.name)))[0];
  const parent = path.split('/').filter(Boolean).slice(0, -1).join('/');
  return (
    <>
      <ul class="list tree" aria-label="Files">
        {path ? (
          <li>
            <a href={treeUrl(repo, rev, parent)} aria-label="Parent directory">
              ..
            </a>
          </li>
        ) : null}
        {entries.map((entry) => (
          <li key={entry.path}>
            <span class="icon" aria-hidden="true">
              {entry.type === 'tree' ? '▸' : entry.type === 'commit' ? '↗' : '·'}
            </span>
            {entry.type === 'tree' ? (
              <a href={treeUrl(repo, rev, entry.path)}>{entry.name}/</a>
            ) : entry.type === 'blob' ? (
              <a href={blobUrl(repo, rev, entry.path)}>{entry.name}</a>
            ) : (
              <span title="Submodule">
                {entry.name} @ {entry.oid.slice(0, 7)}
              </span>
            )}
            {entry.size != null ? <span class="muted small size">{formatSize(entry.size)}</span> : null}
          </li>
        ))}
      </ul>
      {entries.length === 0 ? <Empty>This directory is empty.</Empty> : null}
      {readme ? (
        <Readme
          repo={repo}
          owner={props.owner}
          name={props.name}
          rev={rev}
          entry={readme}
          dir={path}
          prefetched={readme.name === 'README.md' ? props.readme : null}
          isPrivate={props.isPrivate}
        />
      ) : null}
    </>
  );
}

const BlobQuery = graphql(`
  query RepositoryBlob($owner: String!, $name: String!, $expression: String!) {
    repository(owner: $owner, name: $name) {
      id
      object(expression: $expression) {
        __typename
        oid
        ... on Blob {
          byteSize
          isBinary
          isTruncated
          text
          html
        }
      }
    }
  }
`);

/** A README's text and, for Markdown, the server's rendering of it. */
type ReadmeBlob = { text?: string | null; html?: string | null };

function Readme(props: {
  repo: string;
  owner: string;
  name: string;
  rev: string;
  entry: Entry;
  dir: string;
  prefetched: ReadmeBlob | null;
  isPrivate: boolean;
}) {
  const [{ data, error }] = useQuery({
    query: BlobQuery,
    variables: { owner: props.owner, name: props.name, expression: `${props.rev}:${props.entry.path}` },
    pause: props.prefetched !== null,
  });
  const fetched = data?.repository?.object;
  const blob = props.prefetched !== null ? { __typename: 'Blob' as const, ...props.prefetched } : fetched;
  return (
    <section class="card readme" aria-labelledby="readme-heading">
      <h2 id="readme-heading" class="small">
        <a href={blobUrl(props.repo, props.rev, props.entry.path)}>{props.entry.name}</a>
      </h2>
      <ErrorNote message={errorMessage(error)} />
      {blob?.__typename === 'Blob' && blob.text != null ? (
        blob.html != null ? (
          <MarkdownHTML html={blob.html} />
        ) : (
          <pre class="body">{blob.text}</pre>
        )
      ) : !error ? (
        <Loading />
      ) : null}
    </section>
  );
}

type BlobData = {
  oid: string;
  byteSize: number;
  isBinary: boolean;
  isTruncated: boolean;
  text?: string | null;
  html?: string | null;
};

const IMAGE = /\.(png|jpe?g|gif|webp|avif|bmp|ico)$/i;

function BlobBody(props: { repo: string; rev: string; path: string; blob: BlobData; isPrivate: boolean }) {
  const { repo, rev, path, blob, isPrivate } = props;
  const { query, url } = useLocation();
  const hash = useHash();
  const name = path.split('/').pop() ?? path;
  const rendered = blob.html != null && query.plain !== '1';
  const lines = blob.text ? blob.text.split('\n').length - (blob.text.endsWith('\n') ? 1 : 0) : 0;
  const base = url.split('?')[0];
  return (
    <section class="blob" aria-label={name}>
      <div class="blob-head row">
        <span class="muted small">
          {blob.text != null ? `${lines} lines · ` : ''}
          {formatSize(blob.byteSize)}
        </span>
        <span class="row">
          {isMarkdown(name) ? rendered ? <a href={`${base}?plain=1`}>Source</a> : <a href={base}>Preview</a> : null}
          {isPrivate ? (
            <PrivateDownload url={rawUrl(repo, rev, path)} name={name} />
          ) : (
            <a class="button" href={rawUrl(repo, rev, path)} target="_blank" rel="noopener">
              Raw
            </a>
          )}
        </span>
      </div>
      {blob.isTruncated ? <p class="muted small">This file is large: only its first megabyte is shown.</p> : null}
      {blob.isBinary || blob.text == null ? (
        IMAGE.test(name) && !isPrivate ? (
          <p class="image-view">
            <img src={rawUrl(repo, rev, path)} alt={name} />
          </p>
        ) : (
          <Empty>
            <p>Binary file, not shown.</p>
          </Empty>
        )
      ) : rendered && blob.html != null ? (
        <div class="card">
          <MarkdownHTML html={blob.html} />
        </div>
      ) : (
        <CodeView text={blob.text} name={name} hash={hash} />
      )}
    </section>
  );
}

/**
 * A private file needs the token, which a link cannot send: fetch it with the
 * header and save it. Always as a download with an opaque type, never shown
 * from a blob: URL, which would run an HTML file in this origin.
 */
function PrivateDownload({ url, name, label = 'Download' }: { url: string; name: string; label?: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  const download = async () => {
    const token = getToken();
    const response = await fetch(url, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      credentials: 'omit',
    });
    if (!response.ok) {
      setFailed(`Download failed (${response.status}).`);
      return;
    }
    const data = new Blob([await response.arrayBuffer()], { type: 'application/octet-stream' });
    const href = URL.createObjectURL(data);
    const a = document.createElement('a');
    a.href = href;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  };
  return (
    <>
      <button type="button" onClick={download}>
        {label}
      </button>
      <ErrorNote message={failed} />
    </>
  );
}

/** The location's hash, following in-page `#L10` links (which do not change the route). */
function useHash(): string {
  const { url } = useLocation();
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => setHash(window.location.hash), [url]);
  useEffect(() => {
    const update = () => setHash(window.location.hash);
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return hash;
}

export const RepositoryHome = ({ owner, repo }: Props) => <CodePage owner={owner} repo={repo} mode="home" />;
export const TreePage = ({ owner, repo, tail }: Props) => (
  <CodePage owner={owner} repo={repo} tail={tail} mode="tree" />
);
export const BlobPage = ({ owner, repo, tail }: Props) => (
  <CodePage owner={owner} repo={repo} tail={tail} mode="blob" />
);
