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

const BranchPipelineQuery = graphql(`
  query BranchPipeline($owner: String!, $name: String!, $expression: String!) {
    repository(owner: $owner, name: $name) {
      id
      object(expression: $expression) {
        oid
        ... on Commit {
          latestPipeline {
            id
            number
            status
          }
        }
      }
    }
  }
`);

export type PipelineMark = { number: number; status: PipelineState };

/** The newest pipeline of a branch's (or any revision's) tip commit, for the icon beside it. */
export function useBranchPipeline(owner: string, name: string, rev: string): PipelineMark | undefined {
  const [{ data }] = useQuery({ query: BranchPipelineQuery, variables: { owner, name, expression: rev } });
  const object = data?.repository?.object;
  const found = object && 'latestPipeline' in object ? object.latestPipeline : null;
  return found ? { number: found.number, status: found.status as PipelineState } : undefined;
}

/** The icon of a pipeline, linking to its page. */
export function PipelineLink({
  repo,
  mark,
}: {
  repo: string;
  mark: { number: number; status: string } | null | undefined;
}) {
  if (!mark) return null;
  return (
    <a class="ci-link" href={`/${repo}/pipelines/${mark.number}`}>
      <StatusIcon
        status={mark.status as PipelineState}
        label={`Pipeline #${mark.number}: ${mark.status.toLowerCase()}`}
      />
    </a>
  );
}
