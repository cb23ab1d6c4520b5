import { useQuery } from '@urql/preact';
import { graphql } from '../gql';

export type PipelineState = 'PENDING' | 'RUNNING' | 'SUCCESS' | 'FAILURE' | 'CANCELLED' | 'ERROR' | 'SKIPPED';

const SYMBOLS: Record<PipelineState, string> = {
  PENDING: '○',
  RUNNING: '●',
  SUCCESS: '✓',
  FAILURE: '✗',
  CANCELLED: '⊘',
  ERROR: '!',
  SKIPPED: '–',
};

/** A pipeline's or a step's status as a small icon (with its name for screen readers). */
export function StatusIcon({ status, label }: { status: PipelineState; label?: string }) {
  const text = label ?? status.toLowerCase();
  return (
    <span class={`ci-status ci-${status.toLowerCase()}`} title={text} role="img" aria-label={text}>
      {SYMBOLS[status]}
    </span>
  );
}

/** "1 min 5 s", "12 s"; empty for an unknown duration. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '';
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${whole % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const LatestPipelinesQuery = graphql(`
  query LatestPipelines($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      id
      pipelines(first: 50) {
        nodes {
          id
          number
          status
          branch
          commitOid
        }
      }
    }
  }
`);

export type PipelineMark = { number: number; status: PipelineState };

/**
 * The latest pipeline of each branch and each commit among the repository's 50 most
 * recent ones (newest first), for the small icons beside branches and commits. A
 * viewer who may not read pipelines (a token without workflow:read) sees no icons.
 */
export function useLatestPipelines(owner: string, name: string) {
  const [{ data }] = useQuery({ query: LatestPipelinesQuery, variables: { owner, name } });
  const byBranch = new Map<string, PipelineMark>();
  const byCommit = new Map<string, PipelineMark>();
  for (const p of data?.repository?.pipelines.nodes ?? []) {
    const mark = { number: p.number, status: p.status as PipelineState };
    if (!byBranch.has(p.branch)) byBranch.set(p.branch, mark);
    if (!byCommit.has(p.commitOid)) byCommit.set(p.commitOid, mark);
  }
  return { byBranch, byCommit };
}

/** The icon of a pipeline, linking to its page. */
export function PipelineLink({ repo, mark }: { repo: string; mark: PipelineMark | undefined }) {
  if (!mark) return null;
  return (
    <a class="ci-link" href={`/${repo}/pipelines/${mark.number}`}>
      <StatusIcon status={mark.status} label={`Pipeline #${mark.number}: ${mark.status.toLowerCase()}`} />
    </a>
  );
}
