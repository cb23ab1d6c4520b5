import { useMutation, useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { canWrite, RepoHeader, RepoNotFound } from '../components/repo-header';
import { ConfirmButton, Empty, ErrorNote, Loading } from '../components/ui';
import { formatSize, timeAgo } from '../format';
import { graphql } from '../gql';
import type { RepositoryReleasesQuery as ReleasesQueryResult } from '../gql/graphql';
import { errorMessage } from '../graphql/client';
import { MarkdownEditor, MarkdownHTML } from '../markdown/html';
import { getToken } from '../session';
import { useViewer } from '../viewer';

const ReleasesQuery = graphql(`
  query RepositoryReleases($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      releases(first: 30) {
        totalCount
        nodes {
          id
          tagName
          name
          description
          descriptionHTML
          isDraft
          isPrerelease
          publishedAt
          createdAt
          author {
            id
            login
          }
          releaseAssets(first: 50) {
            nodes {
              id
              name
              size
              downloadCount
              downloadUrl
            }
          }
        }
      }
    }
  }
`);

const PublishReleaseMutation = graphql(`
  mutation PublishRelease($input: UpdateReleaseInput!) {
    updateRelease(input: $input) {
      release {
        id
        isDraft
        publishedAt
      }
    }
  }
`);

const DeleteReleaseMutation = graphql(`
  mutation DeleteRelease($input: DeleteReleaseInput!) {
    deleteRelease(input: $input) {
      deletedReleaseId
    }
  }
`);

const DeleteReleaseAssetMutation = graphql(`
  mutation DeleteReleaseAsset($input: DeleteReleaseAssetInput!) {
    deleteReleaseAsset(input: $input) {
      deletedReleaseAssetId
    }
  }
`);

const UPLOAD = `mutation UploadReleaseAsset($input: UploadReleaseAssetInput!) {
  uploadReleaseAsset(input: $input) { releaseAsset { id name } }
}`;

export function ReleasesPage({ owner, repo }: { owner: string; repo: string }) {
  const { viewer } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReleasesQuery, variables: { owner, name: repo } });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const base = `/${repository.nameWithOwner}`;
  const writer = canWrite(repository);
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  return (
    <section>
      <RepoHeader repository={repository} active="releases" />
      <div class="row">
        <h2>Releases ({repository.releases.totalCount})</h2>
        {writer ? (
          <a class="button primary" href={`${base}/releases/new`}>
            New release
          </a>
        ) : null}
      </div>
      {repository.releases.nodes.length === 0 ? (
        <Empty>
          <p>No releases yet.</p>
        </Empty>
      ) : (
        <ol class="comments" aria-label="Releases">
          {repository.releases.nodes.map((release) => (
            <ReleaseCard
              key={release.id}
              release={release}
              isPrivate={repository.isPrivate}
              writer={writer}
              onChange={refresh}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

type ReleaseNode = NonNullable<ReleasesQueryResult['repository']>['releases']['nodes'][number];

function ReleaseCard({
  release,
  isPrivate,
  writer,
  onChange,
}: {
  release: ReleaseNode;
  isPrivate: boolean;
  writer: boolean;
  onChange: () => void;
}) {
  const [publishResult, publish] = useMutation(PublishReleaseMutation);
  const [deleteResult, remove] = useMutation(DeleteReleaseMutation);
  const [assetResult, removeAsset] = useMutation(DeleteReleaseAssetMutation);
  const title = release.name || release.tagName;
  return (
    <li class="card">
      <div class="row">
        <h3>{title}</h3>
        <span>
          {release.isDraft ? <span class="badge">Draft</span> : null}{' '}
          {release.isPrerelease ? <span class="badge">Pre-release</span> : null}
        </span>
      </div>
      <p class="muted small">
        <code>{release.tagName}</code>
        {release.author ? ` · ${release.author.login}` : ''} · {timeAgo(release.publishedAt ?? release.createdAt)}
      </p>
      {release.description ? <MarkdownHTML html={release.descriptionHTML} /> : null}
      <h4 class="small">Assets</h4>
      {release.releaseAssets.nodes.length === 0 ? (
        <p class="muted small">No files.</p>
      ) : (
        <ul class="plain" aria-label={`Assets of ${release.tagName}`}>
          {release.releaseAssets.nodes.map((asset) => (
            <li key={asset.id} class="asset">
              <AssetLink name={asset.name} url={asset.downloadUrl} isPrivate={isPrivate} />{' '}
              <span class="muted small">
                {formatSize(asset.size)} · {asset.downloadCount} {asset.downloadCount === 1 ? 'download' : 'downloads'}
              </span>
              {writer ? (
                <ConfirmButton
                  label={`Delete ${asset.name}`}
                  text="Delete"
                  question={`Delete ${asset.name}?`}
                  confirmLabel="Yes, delete the file"
                  busy={assetResult.fetching}
                  onConfirm={() => removeAsset({ input: { releaseAssetId: asset.id } })}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {writer ? (
        <>
          <UploadForm releaseId={release.id} tag={release.tagName} onDone={onChange} />
          <div class="row actions">
            {release.isDraft ? (
              <button
                type="button"
                disabled={publishResult.fetching}
                onClick={() => publish({ input: { releaseId: release.id, isDraft: false } })}
              >
                {publishResult.fetching ? 'Publishing…' : `Publish ${release.tagName}`}
              </button>
            ) : null}
            <ConfirmButton
              label={`Delete release ${release.tagName}`}
              question={`Delete ${title} and its files? The tag stays.`}
              confirmLabel="Yes, delete the release"
              busy={deleteResult.fetching}
              onConfirm={() => remove({ input: { releaseId: release.id } })}
            />
          </div>
          <ErrorNote message={errorMessage(publishResult.error ?? deleteResult.error ?? assetResult.error)} />
        </>
      ) : null}
    </li>
  );
}

/**
 * A public asset is a plain download link. A private one needs the token, which
 * a navigation cannot carry: fetch it with the header and hand the bytes over.
 */
function AssetLink({ name, url, isPrivate }: { name: string; url: string; isPrivate: boolean }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (!isPrivate) {
    return (
      <a href={url} download={name}>
        {name}
      </a>
    );
  }
  const download = async (event: Event) => {
    event.preventDefault();
    const token = getToken();
    const response = await fetch(url, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      credentials: 'omit',
    });
    if (!response.ok) {
      setFailed(`Download failed (${response.status}).`);
      return;
    }
    const href = URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = href;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  };
  return (
    <>
      <a href={url} download={name} onClick={download}>
        {name}
      </a>
      <ErrorNote message={failed} />
    </>
  );
}

/** Sends the file as a GraphQL multipart request (the spec urql does not speak). The
 * GraphQL-Preflight header is what the server's CSRF rule asks of a multipart request. */
export async function uploadAsset(releaseId: string, file: File): Promise<string | null> {
  const body = new FormData();
  body.append('operations', JSON.stringify({ query: UPLOAD, variables: { input: { releaseId, file: null } } }));
  body.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  body.append('0', file, file.name);
  const token = getToken();
  const response = await fetch('/graphql', {
    method: 'POST',
    body,
    headers: { 'GraphQL-Preflight': '1', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    credentials: 'omit',
  });
  const json = (await response.json().catch(() => null)) as { errors?: { message: string }[] } | null;
  if (!response.ok || !json || json.errors?.length) {
    return json?.errors?.map((e) => e.message).join(' ') ?? `Upload failed (${response.status}).`;
  }
  return null;
}

function UploadForm({ releaseId, tag, onDone }: { releaseId: string; tag: string; onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    const problem = await uploadAsset(releaseId, file);
    setBusy(false);
    setFailure(problem);
    if (!problem) {
      (event.target as HTMLFormElement).reset();
      setFile(null);
      onDone();
    }
  };
  return (
    <form class="row upload" onSubmit={submit} aria-label={`Upload a file to ${tag}`}>
      <label>
        <span class="sr-only">File for {tag}</span>
        <input
          type="file"
          aria-label={`File for ${tag}`}
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
      </label>
      <button type="submit" disabled={!file || busy}>
        {busy ? 'Uploading…' : 'Upload'}
      </button>
      <ErrorNote message={failure} />
    </form>
  );
}

const NewReleaseQuery = graphql(`
  query NewRelease($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      defaultBranch
    }
  }
`);

const CreateReleaseMutation = graphql(`
  mutation CreateRelease($input: CreateReleaseInput!) {
    createRelease(input: $input) {
      release {
        id
        tagName
      }
    }
  }
`);

export function NewReleasePage({ owner, repo }: { owner: string; repo: string }) {
  const { viewer } = useViewer();
  const { route } = useLocation();
  const [{ data, fetching, error }] = useQuery({ query: NewReleaseQuery, variables: { owner, name: repo } });
  const [tagName, setTagName] = useState('');
  const [target, setTarget] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [isDraft, setDraft] = useState(false);
  const [isPrerelease, setPrerelease] = useState(false);
  const [result, create] = useMutation(CreateReleaseMutation);
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const targetCommitish = target ?? repository.defaultBranch;
  const submit = async (event: Event) => {
    event.preventDefault();
    const input = {
      repositoryId: repository.id,
      tagName: tagName.trim(),
      targetCommitish,
      name,
      description,
      isDraft,
      isPrerelease,
    };
    const { data: created } = await create({ input });
    if (created) route(`/${repository.nameWithOwner}/releases`);
  };
  return (
    <section>
      <RepoHeader repository={repository} active="releases" />
      <h2>New release</h2>
      <form class="stack" onSubmit={submit}>
        <div class="fields">
          <label>
            Tag
            <input name="tag" required value={tagName} onInput={(e) => setTagName(e.currentTarget.value)} />
          </label>
          <label>
            Target branch or commit
            <input name="target" value={targetCommitish} onInput={(e) => setTarget(e.currentTarget.value)} />
          </label>
        </div>
        <label>
          Release title <span class="muted">(optional)</span>
          <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <MarkdownEditor
          label={
            <>
              Release notes <span class="muted">(optional, Markdown)</span>
            </>
          }
          name="description"
          rows={6}
          value={description}
          onInput={setDescription}
          repositoryId={repository.id}
        />
        <label class="inline">
          <input type="checkbox" checked={isDraft} onChange={(e) => setDraft(e.currentTarget.checked)} /> Draft
        </label>
        <label class="inline">
          <input type="checkbox" checked={isPrerelease} onChange={(e) => setPrerelease(e.currentTarget.checked)} />{' '}
          Pre-release
        </label>
        <ErrorNote message={errorMessage(result.error)} />
        <button type="submit" class="primary" disabled={result.fetching}>
          {result.fetching ? 'Publishing…' : 'Publish release'}
        </button>
      </form>
    </section>
  );
}
