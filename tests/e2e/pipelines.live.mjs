// CI in the SPA against a live Ingot with a real `ingot runner`: the pipelines list,
// a pipeline page whose log shows a line while its step still runs (the step waits
// for a file this script writes), Re-run, Cancel of a sleeping step, the status icons
// beside the branch and on commits, and Settings → Secrets (a value never shown again).
// Run by tests/e2e/test_pipelines_browser.py, which pushes the workflows first.
import { writeFileSync } from 'node:fs';
import { BASE, LOGIN, PASSWORD, expect, launch, run } from './browser.mjs';

const REPO = process.env.INGOT_PIPELINES_REPO;
const GO = process.env.INGOT_PIPELINES_GO;
const SLOW = process.env.INGOT_SLOW_PIPELINE;
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(30000);
const log = (step) => page.getByLabel(`Log of step ${step}`);
const badge = () => page.locator('.pipeline-head').getByRole('status');

await run('pipelines', page, [
  ['sign in', async () => {
    await page.goto(`${BASE}/login`);
    await page.getByLabel('Login').fill(LOGIN);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your repositories' }).waitFor();
  }],
  ['the Pipelines tab lists the pushed pipelines', async () => {
    await page.goto(`${BASE}/${REPO}`);
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Pipelines' }).click();
    const list = page.getByRole('list', { name: 'Pipelines' });
    await list.getByRole('link', { name: '#1', exact: true }).waitFor();
    await list.getByRole('link', { name: `#${SLOW}`, exact: true }).waitFor();
    await list.getByRole('listitem').filter({ hasText: '#1' }).getByRole('link', { name: 'main' }).waitFor();
  }],
  ['a line appears while the step still runs', async () => {
    await page.getByRole('list', { name: 'Pipelines' }).getByRole('link', { name: '#1', exact: true }).click();
    await page.getByRole('heading', { name: /Pipeline #1/ }).waitFor();
    await log('wait').getByText('first line').waitFor();
    // The step is waiting for GO: what we see came live, and the rest has not come yet.
    expect((await log('wait').textContent()).includes('second line') === false, 'the step ended early');
    await badge().getByText('running').waitFor();
    writeFileSync(GO, 'go');
    await log('wait').getByText('second line').waitFor();
    await log('after').getByText('after the wait').waitFor();
    await badge().getByText('success').waitFor();
    expect((await page.getByRole('button', { name: 'Cancel' }).count()) === 0, 'a finished pipeline can be cancelled');
  }],
  ['Re-run makes a new pipeline on the same commit', async () => {
    await page.getByRole('button', { name: 'Re-run' }).click();
    await page.waitForURL(/\/pipelines\/(?!1$)\d+$/);
    await page.getByText(/^rerun of/).waitFor();
    await log('wait').getByText('second line').waitFor();
    await badge().getByText('success').waitFor();
  }],
  ['Cancel stops a sleeping step', async () => {
    await page.goto(`${BASE}/${REPO}/pipelines/${SLOW}`);
    await log('sleep').getByText('sleeping').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await badge().getByText('cancelled').waitFor();
    const step = page.getByRole('list', { name: 'Steps' }).getByRole('listitem').filter({ hasText: 'sleep' });
    await step.getByText('cancelled').first().waitFor();
  }],
  ['status icons beside the branch and on commits', async () => {
    await page.goto(`${BASE}/${REPO}`);
    await page.locator('.toolbar').getByRole('img', { name: /^Pipeline #\d+: success$/ }).waitFor();
    await page.getByRole('link', { name: 'History' }).click();
    const commits = page.getByRole('list', { name: 'Commits' });
    await commits.getByRole('img', { name: /^Pipeline #\d+: success$/ }).first().waitFor();
    await commits.getByRole('link', { name: /^Pipeline #\d+/ }).first().click();
    await page.getByRole('heading', { name: /Pipeline #\d+/ }).waitFor();
  }],
  ['Settings → Secrets: set (value never shown again) and delete', async () => {
    await page.goto(`${BASE}/${REPO}/settings`);
    const secrets = page.getByRole('region', { name: 'Secrets' });
    await secrets.getByText('No secrets yet.').waitFor();
    const form = page.getByRole('form', { name: 'Set a secret' });
    await form.getByLabel('Name').fill('DEPLOY_KEY');
    await form.getByLabel('Value').fill('value-that-stays-secret');
    await form.getByRole('button', { name: 'Set secret' }).click();
    await page.getByRole('status').getByText('Saved DEPLOY_KEY.', { exact: false }).waitFor();
    const list = page.getByRole('list', { name: 'Secrets' });
    await list.getByText('DEPLOY_KEY').waitFor();
    expect((await form.getByLabel('Value').inputValue()) === '', 'the value stays in the form');
    await page.reload();
    await list.getByText('DEPLOY_KEY').waitFor();
    expect(!(await page.content()).includes('value-that-stays-secret'), 'the value is shown again');
    await list.getByRole('button', { name: 'Delete secret DEPLOY_KEY' }).click();
    await list.getByRole('button', { name: 'Yes, delete' }).click();
    await secrets.getByText('No secrets yet.').waitFor();
  }],
]);
await browser.close();
