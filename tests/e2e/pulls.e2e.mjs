// Pull requests in the SPA against a live Ingot: a repository seeded by the
// test (test_browser.py) with a `topic` branch one commit ahead of `main`.
import { BASE, expect, launch, run, sidewaysOverflow, signIn } from './browser.mjs';

const REPO = process.env.INGOT_PULLS_REPO;
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(10000);
const hostile = '<img src=x onerror="window.__pwned=1">';

await run('pulls', page, [
  ['sign in', () => signIn(page)],
  ['no pull requests yet', async () => {
    await page.goto(`${BASE}/${REPO}`);
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Pull requests' }).click();
    await page.getByText('No open pull requests.').waitFor();
  }],
  ['open a pull request', async () => {
    await page.getByRole('link', { name: 'New pull request' }).click();
    expect((await page.getByLabel('Base branch').inputValue()) === 'main', 'base is not the default branch');
    await page.getByLabel('Head branch').fill('topic');
    await page.getByLabel('Title').fill(`Add greeting ${hostile}`);
    await page.getByLabel('Description').fill(`Please merge.\n${hostile}`);
    await page.getByRole('button', { name: 'Create pull request' }).click();
    await page.getByRole('heading', { name: /Add greeting/ }).waitFor();
    expect(/\/pull\/\d+$/.test(page.url()), `unexpected URL ${page.url()}`);
  }],
  ['see its commits and its diff', async () => {
    await page.getByRole('link', { name: 'Commits' }).click();
    await page.getByRole('list', { name: 'Commits' }).getByText('Greet people').waitFor();
    await page.getByRole('link', { name: /Files changed/ }).click();
    await page.getByRole('region', { name: 'greeting.txt' }).locator('tr.add', { hasText: 'hello' }).waitFor();
  }],
  ['comment on it', async () => {
    await page.getByRole('link', { name: /Conversation/ }).click();
    await page.getByLabel('Add a comment').fill('Looks good.');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.getByRole('list', { name: 'Comments' }).getByText('Looks good.').waitFor();
  }],
  ['merge it', async () => {
    const merge = page.getByRole('region', { name: 'Merge' });
    await merge.getByRole('status').waitFor();
    await merge.getByRole('button', { name: 'Merge pull request' }).click();
    await page.locator('.badge', { hasText: 'Merged' }).first().waitFor();
    await merge.getByText(/^Merged/).waitFor();
  }],
  ['the lists follow the merge; hostile text stayed text', async () => {
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Pull requests' }).click();
    await page.getByText('No open pull requests.').waitFor();
    await page.getByRole('link', { name: 'Merged', exact: true }).click();
    await page.getByRole('list', { name: 'Merged pull requests' }).getByText(/Add greeting/).waitFor();
    expect((await page.evaluate(() => window.__pwned)) === undefined, 'injected markup ran');
    expect((await page.locator('img[src=x]').count()) === 0, 'injected markup became an element');
  }],
  ['fits a phone', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of [`/${REPO}/pulls?state=merged`, `/${REPO}/pull/1`, `/${REPO}/pull/1?tab=files`, `/${REPO}/pulls/new`]) {
      await page.goto(`${BASE}${path}`);
      await page.locator('.repo-header h1').waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await sidewaysOverflow(page);
      expect(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
    }
  }],
]);

await browser.close();
