import { useMutation, useQuery } from '@urql/preact';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { canWrite, RepoHeader, RepoNotFound } from '../components/repo-header';
import { ConfirmButton, Empty, ErrorNote, Loading } from '../components/ui';
import { formatDay, fromDateInput, toDateInput } from '../format';
import { graphql } from '../gql';
import type { MilestoneFieldsFragment as Milestone, MilestoneState } from '../gql/graphql';
import { errorMessage } from '../graphql/client';
import { MarkdownEditor, MarkdownHTML } from '../markdown/html';
import { useViewer } from '../viewer';

const MilestonesQuery = graphql(`
  query RepositoryMilestones($owner: String!, $name: String!, $states: [MilestoneState!]) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      milestones(first: 100, states: $states) {
        totalCount
        nodes {
          ...MilestoneFields
        }
      }
    }
  }
`);

export const MilestoneFields = graphql(`
  fragment MilestoneFields on Milestone {
    id
    number
    title
    description
    descriptionHTML
    dueOn
    state
    closed
    closedAt
    openIssueCount
    closedIssueCount
    progressPercentage
  }
`);

const CreateMilestoneMutation = graphql(`
  mutation CreateMilestone($input: CreateMilestoneInput!) {
    createMilestone(input: $input) {
      milestone {
        ...MilestoneFields
      }
    }
  }
`);

const UpdateMilestoneMutation = graphql(`
  mutation UpdateMilestone($input: UpdateMilestoneInput!) {
    updateMilestone(input: $input) {
      milestone {
        ...MilestoneFields
      }
    }
  }
`);

const CloseMilestoneMutation = graphql(`
  mutation CloseMilestone($input: MilestoneIdInput!) {
    closeMilestone(input: $input) {
      milestone {
        ...MilestoneFields
      }
    }
  }
`);

const ReopenMilestoneMutation = graphql(`
  mutation ReopenMilestone($input: MilestoneIdInput!) {
    reopenMilestone(input: $input) {
      milestone {
        ...MilestoneFields
      }
    }
  }
`);

const DeleteMilestoneMutation = graphql(`
  mutation DeleteMilestone($input: MilestoneIdInput!) {
    deleteMilestone(input: $input) {
      deletedMilestoneId
    }
  }
`);

const OPEN: MilestoneState[] = ['OPEN'];
const CLOSED: MilestoneState[] = ['CLOSED'];

/** "Due 5 Dec 2026", "Overdue since …", or "Closed 5 Dec 2026"; `now` is injectable for tests. */
export function milestoneDate(
  milestone: { dueOn?: string | null; closed: boolean; closedAt?: string | null },
  now: Date = new Date(),
): string {
  if (milestone.closed) return milestone.closedAt ? `Closed ${formatDay(milestone.closedAt)}` : 'Closed';
  if (!milestone.dueOn) return 'No due date';
  const overdue = new Date(milestone.dueOn).getTime() + 24 * 3600 * 1000 <= now.getTime();
  return `${overdue ? 'Overdue since' : 'Due'} ${formatDay(milestone.dueOn)}`;
}

export function MilestonesPage({ owner, repo }: { owner: string; repo: string }) {
  const { viewer } = useViewer();
  const { query } = useLocation();
  const showClosed = query.state === 'closed';
  const [{ data, fetching, error }] = useQuery({
    query: MilestonesQuery,
    variables: { owner, name: repo, states: showClosed ? CLOSED : OPEN },
  });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const base = `/${repository.nameWithOwner}`;
  const writer = canWrite(repository);
  const milestones = repository.milestones.nodes;
  return (
    <section>
      <RepoHeader repository={repository} active="milestones" />
      <h2>Milestones</h2>
      {writer ? <NewMilestoneForm repositoryId={repository.id} /> : null}
      <nav class="tabs" aria-label="Milestone state">
        <a href={`${base}/milestones`} aria-current={showClosed ? undefined : 'page'}>
          Open
        </a>
        <a href={`${base}/milestones?state=closed`} aria-current={showClosed ? 'page' : undefined}>
          Closed
        </a>
      </nav>
      {milestones.length === 0 ? (
        <Empty>
          <p>{showClosed ? 'No closed milestones.' : 'No open milestones.'}</p>
        </Empty>
      ) : (
        <ul class="list" aria-label={showClosed ? 'Closed milestones' : 'Open milestones'}>
          {milestones.map((milestone) => (
            <MilestoneItem key={milestone.id} milestone={milestone} issuesHref={`${base}/issues`} writer={writer} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MilestoneItem({
  milestone,
  issuesHref,
  writer,
}: {
  milestone: Milestone;
  issuesHref: string;
  writer: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [closeResult, close] = useMutation(CloseMilestoneMutation);
  const [reopenResult, reopen] = useMutation(ReopenMilestoneMutation);
  const [deleteResult, remove] = useMutation(DeleteMilestoneMutation);
  const total = milestone.openIssueCount + milestone.closedIssueCount;
  const percent = Math.round(milestone.progressPercentage);
  const input = { input: { id: milestone.id } };
  if (editing) {
    return (
      <li aria-label={milestone.title}>
        <MilestoneForm milestone={milestone} onDone={() => setEditing(false)} />
      </li>
    );
  }
  return (
    <li aria-label={milestone.title} class="milestone">
      <div class="row">
        <a class="title" href={`${issuesHref}?milestone=${milestone.number}`}>
          {milestone.title}
        </a>
        <span class="muted small">{milestoneDate(milestone)}</span>
      </div>
      <label class="progress">
        <span class="sr-only">Progress of {milestone.title}</span>
        <progress max={100} value={percent} />
      </label>
      <p class="muted small">
        {percent}% complete · {milestone.openIssueCount} open · {milestone.closedIssueCount} closed
        {total === 0 ? ' · no issues yet' : ''}
      </p>
      {milestone.description ? <MarkdownHTML html={milestone.descriptionHTML} /> : null}
      {writer ? (
        <div class="row actions">
          <button type="button" onClick={() => setEditing(true)}>
            Edit {milestone.title}
          </button>
          {milestone.closed ? (
            <button type="button" disabled={reopenResult.fetching} onClick={() => reopen(input)}>
              Reopen {milestone.title}
            </button>
          ) : (
            <button type="button" disabled={closeResult.fetching} onClick={() => close(input)}>
              Close {milestone.title}
            </button>
          )}
          <ConfirmButton
            label={`Delete ${milestone.title}`}
            question={`Delete ${milestone.title}? Its issues stay, without a milestone.`}
            confirmLabel="Yes, delete the milestone"
            busy={deleteResult.fetching}
            onConfirm={() => remove(input)}
          />
        </div>
      ) : null}
      <ErrorNote message={errorMessage(closeResult.error ?? reopenResult.error ?? deleteResult.error)} />
    </li>
  );
}

function NewMilestoneForm({ repositoryId }: { repositoryId: string }) {
  return (
    <details class="card">
      <summary>New milestone</summary>
      <MilestoneForm repositoryId={repositoryId} />
    </details>
  );
}

/** Creates a milestone (given `repositoryId`) or edits one (given `milestone`). */
function MilestoneForm({
  repositoryId,
  milestone,
  onDone,
}: {
  repositoryId?: string;
  milestone?: Milestone;
  onDone?: () => void;
}) {
  const [title, setTitle] = useState(milestone?.title ?? '');
  const [description, setDescription] = useState(milestone?.description ?? '');
  const [due, setDue] = useState(toDateInput(milestone?.dueOn));
  const [createResult, create] = useMutation(CreateMilestoneMutation);
  const [updateResult, update] = useMutation(UpdateMilestoneMutation);
  const result = milestone ? updateResult : createResult;
  const submit = async (event: Event) => {
    event.preventDefault();
    const fields = { title: title.trim(), description, dueOn: fromDateInput(due) };
    const { data } = milestone
      ? await update({ input: { id: milestone.id, ...fields } })
      : await create({ input: { repositoryId: repositoryId!, ...fields } });
    if (!data) return;
    if (!milestone) {
      setTitle('');
      setDescription('');
      setDue('');
    }
    onDone?.();
  };
  const what = milestone ? `Edit ${milestone.title}` : 'New milestone';
  return (
    <form class="stack" onSubmit={submit} aria-label={what}>
      <div class="fields">
        <label>
          Milestone title
          <input name="title" required maxLength={100} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <label>
          Due date <span class="muted">(optional)</span>
          <input type="date" name="dueOn" value={due} onInput={(e) => setDue(e.currentTarget.value)} />
        </label>
      </div>
      <MarkdownEditor
        label={
          <>
            Milestone description <span class="muted">(optional, Markdown)</span>
          </>
        }
        name="description"
        rows={3}
        value={description}
        onInput={setDescription}
      />
      <ErrorNote message={errorMessage(result.error)} />
      <div class="row actions">
        <button type="submit" class="primary" disabled={result.fetching}>
          {result.fetching ? 'Saving…' : milestone ? 'Save milestone' : 'Create milestone'}
        </button>
        {onDone ? (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
