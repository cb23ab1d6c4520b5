import { useMutation, useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { commitUrl, treeUrl } from '../code/paths';
import { formatDuration, StatusIcon, type PipelineState } from '../components/pipeline-status';
import { canWrite, RepoHeader, RepoNotFound } from '../components/repo-header';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { timeAgo } from '../format';
import { graphql } from '../gql';
import type { PipelineStatus } from '../gql/graphql';
import { errorMessage } from '../graphql/client';
import { subscribe } from '../graphql/live';
import { getToken } from '../session';
import { useViewer } from '../viewer';

const PAGE = 20;
const STATUSES: PipelineStatus[] = ['PENDING', 'RUNNING', 'SUCCESS', 'FAILURE', 'CANCELLED', 'ERROR'];
const FINISHED = new Set(['SUCCESS', 'FAILURE', 'CANCELLED', 'ERROR']);

const PipelinesQuery = graphql(`
  query Pipelines($owner: String!, $name: String!, $first: Int!, $after: String, $status: PipelineStatus) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      pipelines(first: $first, after: $after, status: $status) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          number
          status
          event
          branch
          commitOid
          createdAt
          startedAt
          duration
          triggeredBy {
            id
            login
          }
        }
      }
    }
  }
`);

/** `/:owner/:repo/pipelines`: newest first, `?status=` filters, `?after=` for the next page. */
export function PipelinesPage({ owner, repo }: { owner: string; repo: string }) {
  const { viewer } = useViewer();
  const { query, url, route } = useLocation();
  const status = STATUSES.includes(query.status as PipelineStatus) ? (query.status as PipelineStatus) : null;
  const [{ data, fetching, error }] = useQuery({
    query: PipelinesQuery,
    variables: { owner, name: repo, first: PAGE, after: query.after ?? null, status },
  });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const nwo = repository.nameWithOwner;
  const base = url.split('?')[0];
  const pipelines = repository.pipelines;
  const filtered = (value: string) => (value ? `${base}?status=${value}` : base);
  return (
    <section>
      <RepoHeader repository={repository} active="pipelines" />
      <div class="toolbar">
        <h2 class="small">Pipelines ({pipelines.totalCount})</h2>
        <label>
          <span class="sr-only">Status</span>
          <select value={status ?? ''} onChange={(e) => route(filtered(e.currentTarget.value))}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option value={s} key={s}>
                {s.charAt(0) + s.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </label>
      </div>
      {pipelines.nodes.length === 0 ? (
        <Empty>
          <p>
            No pipelines{status ? ` ${status.toLowerCase()}` : ''}. Push a workflow file under{' '}
            <code>.kod/workflows/</code> (for example <code>.kod/workflows/build.toml</code>) to run one.
          </p>
        </Empty>
      ) : (
        <ol class="list pipelines" aria-label="Pipelines">
          {pipelines.nodes.map((p) => (
            <li key={p.id}>
              <StatusIcon status={p.status as PipelineState} />
              <a class="title" href={`/${nwo}/pipelines/${p.number}`}>
                #{p.number}
              </a>
              <span class="meta muted small">
                <a href={treeUrl(nwo, p.branch, '')}>{p.branch}</a> ·{' '}
                <a href={commitUrl(nwo, p.commitOid)}>
                  <code>{p.commitOid.slice(0, 7)}</code>
                </a>{' '}
                · {p.status.toLowerCase()}
                {p.duration !== null && p.duration !== undefined ? ` in ${formatDuration(p.duration)}` : ''} ·{' '}
                {p.event.toLowerCase()} by {p.triggeredBy ? p.triggeredBy.login : 'someone'} {timeAgo(p.createdAt)}
              </span>
            </li>
          ))}
        </ol>
      )}
      <nav class="row pager" aria-label="Pages">
        {query.after ? <a href={status ? filtered(status) : base}>Newest</a> : <span />}
        {pipelines.pageInfo.hasNextPage && pipelines.pageInfo.endCursor ? (
          <a
            class="button"
            href={`${base}?${status ? `status=${status}&` : ''}after=${encodeURIComponent(pipelines.pageInfo.endCursor)}`}
          >
            Older
          </a>
        ) : null}
      </nav>
    </section>
  );
}

const PipelineQuery = graphql(`
  query Pipeline($owner: String!, $name: String!, $number: Int!) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      pipeline(number: $number) {
        ...PipelineFields
      }
    }
  }
`);

export const PipelineFields = graphql(`
  fragment PipelineFields on Pipeline {
    id
    number
    status
    event
    branch
    commitOid
    createdAt
    startedAt
    finishedAt
    duration
    errorMessage
    cancelRequested
    triggeredBy {
      id
      login
    }
    steps(first: 200) {
      nodes {
        number
        name
        status
        exitCode
        duration
      }
    }
  }
`);

const PipelineStatusSubscription = `subscription PipelineStatus($id: ID!) {
  pipelineStatus(pipelineId: $id) {
    id number status event branch commitOid createdAt startedAt finishedAt duration errorMessage
    cancelRequested triggeredBy { id login }
    steps(first: 200) { nodes { number name status exitCode duration } }
  }
}`;

const PipelineLogSubscription = `subscription PipelineLog($id: ID!) {
  pipelineLog(pipelineId: $id) { stepNumber text }
}`;

const CancelMutation = graphql(`
  mutation CancelPipeline($input: PipelineIdInput!) {
    cancelPipeline(input: $input) {
      pipeline {
        id
        status
        cancelRequested
      }
    }
  }
`);

const RerunMutation = graphql(`
  mutation RerunPipeline($input: PipelineIdInput!) {
    rerunPipeline(input: $input) {
      pipeline {
        id
        number
      }
    }
  }
`);

type Step = { number: number; name: string; status: string; exitCode?: number | null; duration?: number | null };
type Shown = {
  id: string;
  number: number;
  status: string;
  event: string;
  branch: string;
  commitOid: string;
  createdAt: string;
  duration?: number | null;
  errorMessage: string;
  cancelRequested: boolean;
  triggeredBy?: { login: string } | null;
  steps: { nodes: Step[] };
};

/**
 * The pipeline's log by step, as the live subscription brings it (stored text first).
 * Text that arrives between two frames is shown in one update, so a fast step's
 * output costs one render a frame, not one a message.
 */
function useLiveLog(pipelineId: string | undefined) {
  const [logs, setLogs] = useState<Record<number, string>>({});
  const [state, setState] = useState<'live' | 'done' | 'failed'>('live');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!pipelineId) return undefined;
    setLogs({});
    setState('live');
    let waiting: [number, string][] = [];
    let frame: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      frame = null;
      const batch = waiting;
      waiting = [];
      setLogs((old) => {
        const next = { ...old };
        for (const [step, text] of batch) next[step] = (next[step] ?? '') + text;
        return next;
      });
    };
    const stop = subscribe<{ pipelineLog: { stepNumber: number; text: string } }>(
      PipelineLogSubscription,
      { id: pipelineId },
      {
        next: ({ pipelineLog }) => {
          waiting.push([pipelineLog.stepNumber, pipelineLog.text]);
          frame ??= setTimeout(flush, 16);
        },
        error: (message) => {
          setProblem(message);
          setState('failed');
        },
        complete: () => {
          if (frame) clearTimeout(frame);
          flush();
          setState('done');
        },
        // A reconnection starts again from the stored log.
        onRestart: () => {
          waiting = [];
          setLogs({});
        },
      },
      { token: getToken() },
    );
    return () => {
      if (frame) clearTimeout(frame);
      stop();
    };
  }, [pipelineId]);
  return { logs, state, problem };
}

/** The pipeline itself as the status subscription brings it (each change in full). */
function useLiveStatus(pipelineId: string | undefined, finished: boolean) {
  const [live, setLive] = useState<Shown | null>(null);
  useEffect(() => {
    setLive(null);
    if (!pipelineId || finished) return undefined;
    return subscribe<{ pipelineStatus: Shown }>(
      PipelineStatusSubscription,
      { id: pipelineId },
      { next: ({ pipelineStatus }) => setLive(pipelineStatus), error: () => undefined, complete: () => undefined },
      { token: getToken() },
    );
  }, [pipelineId, finished]);
  return live;
}

/** A step's log that follows new text while the reader is at its end. */
function LogView({ text, label }: { text: string; label: string }) {
  const ref = useRef<HTMLPreElement>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    const pre = ref.current;
    if (pre && atEnd.current) pre.scrollTop = pre.scrollHeight;
  }, [text]);
  const onScroll = () => {
    const pre = ref.current;
    if (pre) atEnd.current = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
  };
  return (
    <pre class="log" ref={ref} onScroll={onScroll} tabIndex={0} aria-label={label}>
      <code>{text}</code>
    </pre>
  );
}

/** `/:owner/:repo/pipelines/:number`: the steps, their live log, Cancel and Re-run. */
export function PipelinePage({ owner, repo, number }: { owner: string; repo: string; number: string }) {
  const { viewer } = useViewer();
  const { route } = useLocation();
  const [{ data, fetching, error }] = useQuery({
    query: PipelineQuery,
    variables: { owner, name: repo, number: Number.parseInt(number, 10) || 0 },
  });
  const [cancelResult, cancel] = useMutation(CancelMutation);
  const [rerunResult, rerun] = useMutation(RerunMutation);
  const stored = data?.repository?.pipeline as Shown | null | undefined;
  const live = useLiveStatus(stored?.id, stored ? FINISHED.has(stored.status) : true);
  const { logs, state, problem } = useLiveLog(stored?.id);
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const nwo = repository.nameWithOwner;
  if (!stored) {
    return (
      <section>
        <RepoHeader repository={repository} active="pipelines" />
        <h2>Pipeline not found</h2>
        <p>
          There is no pipeline #{number} in <a href={`/${nwo}/pipelines`}>this repository's pipelines</a>.
        </p>
      </section>
    );
  }
  const pipeline: Shown = live ?? stored;
  const finished = FINISHED.has(pipeline.status);
  const writer = canWrite(repository);
  const onRerun = async () => {
    const result = await rerun({ input: { pipelineId: pipeline.id } });
    const next = result.data?.rerunPipeline.pipeline.number;
    if (next) route(`/${nwo}/pipelines/${next}`);
  };
  return (
    <section>
      <RepoHeader repository={repository} active="pipelines" />
      <div class="row pipeline-head">
        <h2>
          <StatusIcon status={pipeline.status as PipelineState} /> Pipeline #{pipeline.number}
        </h2>
        <span class="badge" role="status">
          {pipeline.cancelRequested && !finished ? 'cancelling' : pipeline.status.toLowerCase()}
        </span>
        {writer ? (
          <span class="row actions">
            {!finished ? (
              <button
                type="button"
                class="danger"
                disabled={cancelResult.fetching || pipeline.cancelRequested}
                onClick={() => cancel({ input: { pipelineId: pipeline.id } })}
              >
                {pipeline.cancelRequested ? 'Cancelling…' : 'Cancel'}
              </button>
            ) : null}
            <button type="button" disabled={rerunResult.fetching} onClick={onRerun}>
              Re-run
            </button>
          </span>
        ) : null}
      </div>
      <p class="muted small">
        {pipeline.event.toLowerCase()} of <a href={treeUrl(nwo, pipeline.branch, '')}>{pipeline.branch}</a> at{' '}
        <a href={commitUrl(nwo, pipeline.commitOid)}>
          <code>{pipeline.commitOid.slice(0, 7)}</code>
        </a>{' '}
        by {pipeline.triggeredBy?.login ?? 'someone'} {timeAgo(pipeline.createdAt)}
        {pipeline.duration !== null && pipeline.duration !== undefined
          ? ` · took ${formatDuration(pipeline.duration)}`
          : ''}
      </p>
      <ErrorNote message={errorMessage(cancelResult.error) ?? errorMessage(rerunResult.error)} />
      {pipeline.errorMessage ? <pre class="error">{pipeline.errorMessage}</pre> : null}
      {state === 'failed' ? <ErrorNote message={`The live log could not be followed: ${problem}`} /> : null}
      <ol class="steps" aria-label="Steps">
        {pipeline.steps.nodes.map((step) => (
          <li key={step.number} class="step">
            <h3 class="small">
              <StatusIcon status={step.status as PipelineState} /> {step.name}{' '}
              <span class="muted">
                {step.status.toLowerCase()}
                {step.exitCode !== null && step.exitCode !== undefined ? ` · exit ${step.exitCode}` : ''}
                {step.duration !== null && step.duration !== undefined ? ` · ${formatDuration(step.duration)}` : ''}
              </span>
            </h3>
            {logs[step.number] ? <LogView text={logs[step.number]} label={`Log of step ${step.name}`} /> : null}
          </li>
        ))}
      </ol>
      <p class="muted small" role="status">
        {state === 'live' ? (finished ? 'Loading the log…' : 'Following the log live.') : null}
      </p>
    </section>
  );
}
