import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { RepoHeader, RepoNotFound } from '../components/repo-header';
import { ConfirmButton, Empty, ErrorNote, Loading } from '../components/ui';
import { timeAgo } from '../format';
import { graphql } from '../gql';
import { errorMessage } from '../graphql/client';
import { useViewer } from '../viewer';

export const WebhookFields = graphql(`
  fragment WebhookFields on Webhook {
    id
    url
    events
    active
    contentType
    type
    hasSecret
    payloadQuery
    createdAt
    updatedAt
  }
`);

const WebhooksQuery = graphql(`
  query RepositoryWebhooks($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      ...RepoHeaderFields
      webhooks(first: 100) {
        nodes {
          ...WebhookFields
        }
      }
    }
  }
`);

const DeliveriesQuery = graphql(`
  query WebhookDeliveries($id: ID!) {
    node(id: $id) {
      ... on Webhook {
        id
        deliveries(first: 30) {
          nodes {
            id
            event
            action
            status
            attempts
            maxAttempts
            responseStatus
            durationMs
            createdAt
            deliveredAt
            lastError
            requestHeaders {
              name
              value
            }
            requestBody
            responseBody
          }
        }
      }
    }
  }
`);

const CreateWebhookMutation = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      webhook {
        ...WebhookFields
      }
    }
  }
`);

const UpdateWebhookMutation = graphql(`
  mutation UpdateWebhook($input: UpdateWebhookInput!) {
    updateWebhook(input: $input) {
      webhook {
        ...WebhookFields
      }
    }
  }
`);

const DeleteWebhookMutation = graphql(`
  mutation DeleteWebhook($input: WebhookIdInput!) {
    deleteWebhook(input: $input) {
      __typename
    }
  }
`);

const TestWebhookMutation = graphql(`
  mutation TestWebhook($input: WebhookIdInput!) {
    testWebhook(input: $input) {
      __typename
    }
  }
`);

const RedeliverMutation = graphql(`
  mutation RedeliverWebhookDelivery($input: WebhookIdInput!) {
    redeliverWebhookDelivery(input: $input) {
      __typename
    }
  }
`);

/** The events a webhook may subscribe to, as the forge raises them. */
const EVENTS: { value: string; label: string }[] = [
  { value: 'push', label: 'Push' },
  { value: 'create', label: 'Branch or tag created' },
  { value: 'delete', label: 'Branch or tag deleted' },
  { value: 'issues', label: 'Issues' },
  { value: 'issue_comment', label: 'Issue comments' },
  { value: 'pull_request', label: 'Pull requests' },
  { value: 'release', label: 'Releases' },
];

/** Each type's payload: whose format the receiver expects. */
const TYPES: { value: string; label: string }[] = [
  { value: 'gogs', label: 'Gogs (JSON payloads Jenkins, Drone and most receivers read)' },
  { value: 'gitea', label: 'Gitea' },
  { value: 'slack', label: 'Slack' },
  { value: 'discord', label: 'Discord' },
  { value: 'kod', label: 'Kod' },
  { value: 'isurus', label: 'Isurus' },
];

type Hook = {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  contentType: string;
  type: string;
  hasSecret: boolean;
  payloadQuery: string | null;
  createdAt: string;
  updatedAt: string;
};

/** Repository settings → Webhooks: create, edit, switch on and off, delete, and each one's deliveries. */
export function WebhooksPage({ owner, repo }: { owner: string; repo: string }) {
  const { viewer } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebhooksQuery, variables: { owner, name: repo } });
  const repository = data?.repository;
  if (!data && fetching) return <Loading />;
  if (error && !data) return <ErrorNote message={errorMessage(error)} />;
  if (!repository) return <RepoNotFound owner={owner} repo={repo} signedIn={viewer !== null} />;
  const hooks = (repository.webhooks?.nodes ?? []) as Hook[];
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <section>
      <RepoHeader repository={repository} active="settings" />
      <p>
        <a href={`/${repository.nameWithOwner}/settings`}>Settings</a> / Webhooks
      </p>
      <h2>Webhooks</h2>
      <p class="muted small">
        Ingot sends a signed POST to each URL when the chosen events happen. Every delivery is kept with its request and
        response; failed ones are retried after 30 s, 5 min and 30 min.
      </p>
      {hooks.length === 0 ? (
        <Empty>
          <p>No webhooks yet.</p>
        </Empty>
      ) : (
        <ul class="list" aria-label="Webhooks">
          {hooks.map((hook) => (
            <WebhookItem key={hook.id} hook={hook} onChange={reload} />
          ))}
        </ul>
      )}
      <section class="card stack" aria-labelledby="new-webhook-heading">
        <h3 id="new-webhook-heading">Add a webhook</h3>
        <WebhookForm repositoryId={repository.id} onSaved={reload} />
      </section>
    </section>
  );
}

function WebhookForm({ repositoryId, hook, onSaved }: { repositoryId?: string; hook?: Hook; onSaved: () => void }) {
  const [url, setUrl] = useState(hook?.url ?? '');
  const [type, setType] = useState(hook?.type ?? 'gogs');
  const [contentType, setContentType] = useState(hook?.contentType ?? 'json');
  const [secret, setSecret] = useState('');
  const [events, setEvents] = useState<string[]>(hook?.events ?? ['push']);
  const [active, setActive] = useState(hook?.active ?? true);
  const [payloadQuery, setPayloadQuery] = useState(hook?.payloadQuery ?? '');
  const [createResult, create] = useMutation(CreateWebhookMutation);
  const [updateResult, update] = useMutation(UpdateWebhookMutation);
  const busy = createResult.fetching || updateResult.fetching;
  const toggle = (value: string, on: boolean) =>
    setEvents((now) => (on ? [...now, value] : now.filter((each) => each !== value)));

  const submit = async (event: Event) => {
    event.preventDefault();
    const fields = {
      url: url.trim(),
      events,
      active,
      contentType,
      payloadQuery: payloadQuery.trim() || null,
    };
    if (hook) {
      // An empty secret field keeps the stored secret.
      const input = { id: hook.id, ...fields, ...(secret ? { secret } : {}) };
      const { data } = await update({ input });
      if (data) {
        setSecret('');
        onSaved();
      }
      return;
    }
    const input = { repositoryId: repositoryId as string, type, secret: secret || null, ...fields };
    const { data } = await create({ input });
    if (data) {
      setUrl('');
      setSecret('');
      setPayloadQuery('');
      onSaved();
    }
  };

  const prefix = hook ? `edit-${hook.id}` : 'new';
  return (
    <form class="stack" onSubmit={submit} aria-label={hook ? `Edit webhook ${hook.url}` : 'Add a webhook'}>
      <label>
        Payload URL
        <input
          name="url"
          type="url"
          required
          placeholder="https://example.com/hook"
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
      </label>
      <div class="fields">
        {hook ? null : (
          <label>
            Type
            <select name="type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
              {TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Content type
          <select name="contentType" value={contentType} onChange={(e) => setContentType(e.currentTarget.value)}>
            <option value="json">application/json</option>
            <option value="form">application/x-www-form-urlencoded</option>
          </select>
        </label>
      </div>
      <label>
        Secret
        <input
          name="secret"
          type="password"
          autoComplete="new-password"
          placeholder={hook?.hasSecret ? 'Set — leave empty to keep it' : 'Optional: signs every delivery'}
          value={secret}
          onInput={(e) => setSecret(e.currentTarget.value)}
        />
      </label>
      <fieldset>
        <legend>Events</legend>
        {EVENTS.map((each) => (
          <label class="inline" key={each.value}>
            <input
              type="checkbox"
              name="events"
              value={each.value}
              id={`${prefix}-event-${each.value}`}
              checked={events.includes(each.value)}
              onChange={(e) => toggle(each.value, e.currentTarget.checked)}
            />
            {each.label}
          </label>
        ))}
      </fieldset>
      <label class="inline">
        <input type="checkbox" name="active" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        Active
      </label>
      <details>
        <summary>Payload query (optional)</summary>
        <p class="muted small">
          A GraphQL query with one variable, <code>$id: ID!</code> (the issue, pull request, push or release). Its{' '}
          <code>data</code> becomes the body, read with your permissions at delivery time.
        </p>
        <textarea
          name="payloadQuery"
          rows={5}
          aria-label="Payload query"
          value={payloadQuery}
          onInput={(e) => setPayloadQuery(e.currentTarget.value)}
        />
      </details>
      <ErrorNote message={errorMessage(createResult.error ?? updateResult.error)} />
      <button type="submit" class="primary" disabled={busy || !url.trim()}>
        {busy ? 'Saving…' : hook ? 'Save webhook' : 'Add webhook'}
      </button>
    </form>
  );
}

function WebhookItem({ hook, onChange }: { hook: Hook; onChange: () => void }) {
  const [editing, setEditing] = useState(false);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const [updateResult, update] = useMutation(UpdateWebhookMutation);
  const [deleteResult, remove] = useMutation(DeleteWebhookMutation);
  const [testResult, test] = useMutation(TestWebhookMutation);
  const [tested, setTested] = useState(false);
  const toggleActive = async () => {
    const { data } = await update({ input: { id: hook.id, active: !hook.active } });
    if (data) onChange();
  };
  const sendTest = async () => {
    const { data } = await test({ input: { id: hook.id } });
    if (data) {
      setTested(true);
      setShowDeliveries(true);
    }
  };
  return (
    <li class="card stack webhook" aria-label={`Webhook ${hook.url}`}>
      <div class="row">
        <code class="webhook-url">{hook.url}</code>
        <span class="badge">{hook.type}</span>
        <span class="badge">{hook.active ? 'Active' : 'Inactive'}</span>
      </div>
      <p class="muted small">
        {hook.events.join(', ') || 'no events'} · {hook.contentType} · {hook.hasSecret ? 'signed' : 'not signed'} ·
        added {timeAgo(hook.createdAt)}
      </p>
      <div class="actions row">
        <button type="button" onClick={() => setEditing(!editing)} aria-expanded={editing}>
          {editing ? 'Close' : 'Edit'}
        </button>
        <button type="button" onClick={toggleActive} disabled={updateResult.fetching}>
          {hook.active ? 'Deactivate' : 'Activate'}
        </button>
        <button type="button" onClick={sendTest} disabled={testResult.fetching}>
          {testResult.fetching ? 'Sending…' : 'Test delivery'}
        </button>
        <button type="button" onClick={() => setShowDeliveries(!showDeliveries)} aria-expanded={showDeliveries}>
          {showDeliveries ? 'Hide deliveries' : 'Deliveries'}
        </button>
        <ConfirmButton
          label={`Delete webhook ${hook.url}`}
          text="Delete"
          question="Delete this webhook and its deliveries?"
          confirmLabel="Yes, delete"
          busy={deleteResult.fetching}
          onConfirm={async () => {
            const { data } = await remove({ input: { id: hook.id } });
            if (data) onChange();
          }}
        />
      </div>
      {tested ? (
        <p role="status" class="ok">
          Test delivery queued.
        </p>
      ) : null}
      <ErrorNote message={errorMessage(updateResult.error ?? deleteResult.error ?? testResult.error)} />
      {editing ? (
        <WebhookForm
          hook={hook}
          onSaved={() => {
            setEditing(false);
            onChange();
          }}
        />
      ) : null}
      {showDeliveries ? <Deliveries webhookId={hook.id} /> : null}
    </li>
  );
}

function Deliveries({ webhookId }: { webhookId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: DeliveriesQuery,
    variables: { id: webhookId },
    requestPolicy: 'network-only',
  });
  const [redeliverResult, redeliver] = useMutation(RedeliverMutation);
  const node = data?.node;
  const deliveries = node && 'deliveries' in node ? node.deliveries.nodes : [];
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <section class="stack" aria-label="Deliveries">
      <div class="row">
        <h4>Recent deliveries</h4>
        <button type="button" onClick={reload} disabled={fetching}>
          Refresh
        </button>
      </div>
      {!data && fetching ? <Loading label="Loading deliveries…" /> : null}
      {error && !data ? <ErrorNote message={errorMessage(error)} /> : null}
      {data && deliveries.length === 0 ? <p class="muted small">No deliveries yet.</p> : null}
      <ErrorNote message={errorMessage(redeliverResult.error)} />
      <ul class="list deliveries">
        {deliveries.map((delivery) => (
          <li key={delivery.id} class="delivery">
            <details>
              <summary>
                <span class={`badge status-${delivery.status.toLowerCase()}`}>{delivery.status}</span>{' '}
                <strong>
                  {delivery.event}
                  {delivery.action ? ` (${delivery.action})` : ''}
                </strong>{' '}
                <span class="muted small">
                  {delivery.responseStatus ?? 'no response'} · attempts {delivery.attempts}/{delivery.maxAttempts}
                  {delivery.durationMs != null ? ` · ${delivery.durationMs} ms` : ''} · {timeAgo(delivery.createdAt)}
                </span>
              </summary>
              <div class="stack">
                {delivery.lastError ? <p class="error">{delivery.lastError}</p> : null}
                <h5>Request headers</h5>
                <pre class="plain">{formatHeaders(delivery.requestHeaders)}</pre>
                <h5>Request body</h5>
                <pre class="plain">{formatBody(delivery.requestBody)}</pre>
                <h5>Response{delivery.responseStatus != null ? ` (${delivery.responseStatus})` : ''}</h5>
                <pre class="plain">{formatBody(delivery.responseBody)}</pre>
                <div class="row">
                  <button
                    type="button"
                    disabled={redeliverResult.fetching}
                    onClick={async () => {
                      const { data: done } = await redeliver({ input: { id: delivery.id } });
                      if (done) reload();
                    }}
                  >
                    Redeliver
                  </button>
                </div>
              </div>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Headers as `Name: value` lines, as they were sent. */
export function formatHeaders(headers: readonly { name: string; value: string }[] | null | undefined): string {
  return (headers ?? []).map((header) => `${header.name}: ${header.value}`).join('\n');
}

/** A JSON body indented for reading; anything else (a form, plain text) as it was sent. */
export function formatBody(body: string | null | undefined): string {
  if (!body) return '';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
