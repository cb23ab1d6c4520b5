// Repository settings → Webhooks in the SPA: add a webhook pointing at the test's
// receiver, raise an issue event, see the delivery with its request and response,
// redeliver it, switch the webhook off and delete it. Run by test_webhooks_browser.py
// (its server may deliver to loopback), not by test_browser.py.
import { BASE, expect, graphql, launch, run, sessionFor, signIn } from './browser.mjs';

const repo = process.env.INGOT_HOOK_REPO;
const receiver = process.env.INGOT_HOOK_RECEIVER;
const secret = 'e2e-webhook-secret';
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(15000);
const hook = () => page.getByRole('listitem', { name: `Webhook ${receiver}` });

await run('webhooks', page, [
  ['the settings page leads to the webhooks', async () => {
    await signIn(page);
    await page.goto(`${BASE}/${repo}/settings`);
    await page.getByRole('navigation', { name: 'Repository settings' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    await page.getByText('No webhooks yet.').waitFor();
  }],
  ['add a webhook for issues', async () => {
    const form = page.getByRole('form', { name: 'Add a webhook' });
    await form.getByLabel('Payload URL').fill(receiver);
    await form.getByLabel('Secret').fill(secret);
    await form.getByLabel('Issues', { exact: true }).check();
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await hook().waitFor();
    const text = await hook().textContent();
    expect(text.includes('push, issues') && text.includes('signed'), `unexpected webhook: ${text}`);
    expect(!(await page.content()).includes(secret), 'the secret is shown');
  }],
  ['an issue is delivered and shown with its request and response', async () => {
    const token = await sessionFor();
    const { body } = await graphql(
      'query($o: String!, $n: String!) { repository(owner: $o, name: $n) { id } }',
      { o: repo.split('/')[0], n: repo.split('/')[1] },
      token,
    );
    const created = await graphql(
      'mutation($i: CreateIssueInput!) { createIssue(input: $i) { issue { number } } }',
      { i: { repositoryId: body.data.repository.id, title: 'Delivered from the browser test' } },
      token,
    );
    expect(created.body.data?.createIssue, `createIssue: ${JSON.stringify(created.body)}`);
    await hook().getByRole('button', { name: 'Deliveries' }).click();
    const deliveries = hook().getByRole('region', { name: 'Deliveries' });
    for (let tries = 0; tries < 30; tries++) {
      if ((await deliveries.getByText('SUCCESS').count()) > 0) break;
      await page.waitForTimeout(500);
      await deliveries.getByRole('button', { name: 'Refresh' }).click();
    }
    const item = deliveries.locator('li.delivery').first();
    await item.locator('summary').click();
    await item.getByText('SUCCESS').waitFor();
    const details = await item.textContent();
    expect(details.includes('issues (opened)'), `no issues event: ${details}`);
    expect(details.includes('X-Gogs-Event: issues'), `request headers missing: ${details}`);
    expect(details.includes('X-Gogs-Signature: '), `no signature header: ${details}`);
    expect(details.includes('Delivered from the browser test'), `request body missing: ${details}`);
    expect(details.includes('received'), `response body missing: ${details}`);
    expect(details.includes('attempts 1/4'), `attempts missing: ${details}`);
  }],
  ['redeliver it', async () => {
    const deliveries = hook().getByRole('region', { name: 'Deliveries' });
    await deliveries.locator('li.delivery').first().getByRole('button', { name: 'Redeliver' }).click();
    for (let tries = 0; tries < 30; tries++) {
      if ((await deliveries.locator('li.delivery').count()) >= 2) break;
      await page.waitForTimeout(500);
      await deliveries.getByRole('button', { name: 'Refresh' }).click();
    }
    expect((await deliveries.locator('li.delivery').count()) >= 2, 'the redelivery is not listed');
  }],
  ['send a test delivery', async () => {
    await hook().getByRole('button', { name: 'Test delivery' }).click();
    await hook().getByRole('status').getByText('Test delivery queued.').waitFor();
  }],
  ['deactivate, edit and delete it', async () => {
    await hook().getByRole('button', { name: 'Deactivate' }).click();
    await hook().getByText('Inactive').waitFor();
    await hook().getByRole('button', { name: 'Edit' }).click();
    const form = hook().getByRole('form', { name: `Edit webhook ${receiver}` });
    await form.getByLabel('Releases').check();
    await form.getByRole('button', { name: 'Save webhook' }).click();
    await hook().getByText('push, issues, release').waitFor();
    await hook().getByRole('button', { name: `Delete webhook ${receiver}` }).click();
    await hook().getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('No webhooks yet.').waitFor();
  }],
]);
await browser.close();
