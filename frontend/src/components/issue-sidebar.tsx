import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { ErrorNote } from './ui';

/** What an issue page and an issue list show beside the title: labels, assignees, milestone. */
export const IssueMetaFields = graphql(`
  fragment IssueMetaFields on Issue {
    labels(first: 100) {
      nodes {
        id
        name
        color
        description
      }
    }
    assignees(first: 100) {
      nodes {
        id
        login
      }
    }
    milestone {
      id
      number
      title
    }
  }
`);

const AddAssigneesMutation = graphql(`
  mutation AddAssignees($input: AssignableInput!) {
    addAssigneesToAssignable(input: $input) {
      assignable {
        id
        assignees(first: 100) {
          nodes {
            id
            login
          }
        }
      }
    }
  }
`);

const RemoveAssigneesMutation = graphql(`
  mutation RemoveAssignees($input: AssignableInput!) {
    removeAssigneesFromAssignable(input: $input) {
      assignable {
        id
        assignees(first: 100) {
          nodes {
            id
            login
          }
        }
      }
    }
  }
`);

const SetMilestoneMutation = graphql(`
  mutation SetIssueMilestone($input: UpdateIssueInput!) {
    updateIssue(input: $input) {
      issue {
        id
        milestone {
          id
          number
          title
        }
      }
    }
  }
`);

const AssignableUsersQuery = graphql(`
  query AssignableUsers($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      id
      collaborators(first: 100) {
        nodes {
          id
          login
        }
      }
    }
  }
`);

type Person = { id: string; login: string };
type MilestoneLike = { id: string; number: number; title: string };

/** Who an issue is assigned to; writers add people by login and remove them. */
export function Assignees({
  issueId,
  assignees,
  editable,
  viewerLogin,
  repository,
}: {
  issueId: string;
  assignees: readonly Person[];
  editable: boolean;
  viewerLogin: string | null;
  /** Where to look up suggestions (the collaborators), once the field is focused. */
  repository?: { owner: string; name: string };
}) {
  const [login, setLogin] = useState('');
  const [suggest, setSuggest] = useState(false);
  const [{ data: people }] = useQuery({
    query: AssignableUsersQuery,
    variables: { owner: repository?.owner ?? '', name: repository?.name ?? '' },
    pause: !suggest || !repository,
  });
  const taken = new Set(assignees.map((a) => a.login));
  const suggestions = [viewerLogin, ...(people?.repository?.collaborators.nodes.map((u) => u.login) ?? [])].filter(
    (name, k, all): name is string => !!name && !taken.has(name) && all.indexOf(name) === k,
  );
  const listId = `assignable-${issueId}`;
  const [addResult, add] = useMutation(AddAssigneesMutation);
  const [removeResult, remove] = useMutation(RemoveAssigneesMutation);
  const assign = async (who: string) => {
    const { data } = await add({ input: { assignableId: issueId, assigneeLogins: [who] } });
    if (data) setLogin('');
  };
  const submit = (event: Event) => {
    event.preventDefault();
    if (login.trim()) assign(login.trim());
  };
  const selfAssigned = assignees.some((a) => a.login === viewerLogin);
  return (
    <section class="side-block" aria-labelledby="assignees-heading">
      <h3 id="assignees-heading" class="small">
        Assignees
      </h3>
      {assignees.length === 0 ? (
        <p class="muted small">No one is assigned.</p>
      ) : (
        <ul class="plain" aria-label="Assignees">
          {assignees.map((person) => (
            <li key={person.id} class="row">
              <a href={`/${person.login}`}>{person.login}</a>
              {editable ? (
                <button
                  type="button"
                  class="small-button"
                  disabled={removeResult.fetching}
                  onClick={() => remove({ input: { assignableId: issueId, assigneeLogins: [person.login] } })}
                >
                  Unassign {person.login}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editable ? (
        <>
          <form class="inline-form" onSubmit={submit} aria-label="Assign someone">
            <label>
              <span class="sr-only">Assign by login</span>
              <input
                placeholder="Login"
                aria-label="Assign by login"
                autoComplete="off"
                list={listId}
                value={login}
                onFocus={() => setSuggest(true)}
                onInput={(e) => setLogin(e.currentTarget.value)}
              />
              <datalist id={listId}>
                {suggestions.map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
            </label>
            <button type="submit" disabled={addResult.fetching || !login.trim()}>
              Assign
            </button>
          </form>
          {viewerLogin && !selfAssigned ? (
            <button
              type="button"
              class="link-button small"
              disabled={addResult.fetching}
              onClick={() => assign(viewerLogin)}
            >
              Assign yourself
            </button>
          ) : null}
        </>
      ) : null}
      <ErrorNote message={errorMessage(addResult.error ?? removeResult.error)} />
    </section>
  );
}

/** The issue's milestone; writers pick one of the open milestones, or none. */
export function MilestonePicker({
  issueId,
  milestone,
  available,
  editable,
  issuesHref,
  milestonesHref,
}: {
  issueId: string;
  milestone: MilestoneLike | null | undefined;
  available: readonly MilestoneLike[];
  editable: boolean;
  issuesHref: string;
  milestonesHref: string;
}) {
  const [result, setMilestone] = useMutation(SetMilestoneMutation);
  // A closed milestone is not offered, but the one the issue has stays selectable.
  const options = milestone && !available.some((m) => m.id === milestone.id) ? [milestone, ...available] : available;
  return (
    <section class="side-block" aria-labelledby="milestone-heading">
      <h3 id="milestone-heading" class="small">
        Milestone
      </h3>
      {editable ? (
        <label>
          <span class="sr-only">Milestone</span>
          <select
            aria-label="Milestone"
            value={milestone?.id ?? ''}
            disabled={result.fetching}
            onChange={(e) => setMilestone({ input: { id: issueId, milestoneId: e.currentTarget.value || null } })}
          >
            <option value="">No milestone</option>
            {options.map((m) => (
              <option key={m.id} value={m.id}>
                {m.title}
              </option>
            ))}
          </select>
        </label>
      ) : milestone ? null : (
        <p class="muted small">None.</p>
      )}
      {milestone ? (
        <p class="small">
          <a href={`${issuesHref}?milestone=${milestone.number}`}>Issues in {milestone.title}</a>
        </p>
      ) : null}
      {editable && available.length === 0 && !milestone ? (
        <p class="muted small">
          No open milestones. <a href={milestonesHref}>Create one</a>
        </p>
      ) : null}
      <ErrorNote message={errorMessage(result.error)} />
    </section>
  );
}
