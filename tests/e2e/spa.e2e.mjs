// The SPA against a live Ingot: sign in, create a repository, open an issue,
// comment and close it, mint and revoke a token, sign out; on a phone too.
import { BASE, LOGIN, PASSWORD, expect, launch, run } from './browser.mjs';

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(10000);
const stamp = Date.now().toString(36);
const repo = `e2e-${stamp}`;
const tokenName = `e2e-${stamp}`;
const hostile = '<img src=x onerror="window.__pwned=1">';
let token = '';

await run('spa', page, [
  ['anonymous home offers sign in', async () => {
    const response = await page.goto(`${BASE}/`);
    expect(response.headers()['content-security-policy']?.includes("script-src 'self'"), 'CSP header missing');
    await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  }],
  ['wrong password is refused', async () => {
    await page.getByLabel('Login').fill(LOGIN);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
  }],
  ['sign in', async () => {
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your repositories' }).waitFor();
    const stored = await page.evaluate(() => Object.keys(localStorage).length);
    expect(stored === 0, 'the SPA wrote to localStorage');
  }],
  ['create a repository', async () => {
    await page.getByRole('link', { name: 'New repository' }).first().click();
    await page.getByLabel('Name').fill(repo);
    await page.getByLabel('Description').fill('Made by the browser test');
    await page.getByRole('button', { name: 'Create repository' }).click();
    await page.getByRole('heading', { name: `${LOGIN} / ${repo}` }).waitFor();
  }],
  ['clone instructions show the HTTPS URL and the token hint', async () => {
    const url = await page.getByLabel('HTTPS clone URL').inputValue();
    expect(url.endsWith(`/${LOGIN}/${repo}.git`), `unexpected clone URL ${url}`);
    await page.getByText('as the password').waitFor();
  }],
  ['open an issue', async () => {
    await page.getByRole('link', { name: 'New issue' }).click();
    await page.getByLabel('Title').fill(`Broken build ${hostile}`);
    await page.getByLabel('Description').fill(`It fails.\n${hostile}`);
    await page.getByRole('button', { name: 'Create issue' }).click();
    await page.getByRole('heading', { name: /Broken build/ }).waitFor();
    expect(page.url().endsWith(`/${LOGIN}/${repo}/issues/1`), `unexpected URL ${page.url()}`);
  }],
  ['comment on it', async () => {
    await page.getByLabel('Add a comment').fill('Fixed in main.');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.getByRole('list', { name: 'Comments' }).getByText('Fixed in main.').waitFor();
    await page.getByRole('heading', { name: 'Comments (1)' }).waitFor();
  }],
  ['close it', async () => {
    await page.getByRole('button', { name: 'Close issue' }).click();
    await page.getByRole('button', { name: 'Reopen issue' }).waitFor();
  }],
  ['hostile text stays text', async () => {
    expect((await page.evaluate(() => window.__pwned)) === undefined, 'injected markup ran');
    expect((await page.locator('img[src=x]').count()) === 0, 'injected markup became an element');
  }],
  ['the issue lists follow the close', async () => {
    await page.getByRole('link', { name: `${LOGIN}/${repo}` }).click();
    await page.getByText('No open issues.').waitFor();
    await page.getByRole('link', { name: 'Closed' }).click();
    await page.getByRole('list', { name: 'Closed issues' }).getByText(/Broken build/).waitFor();
  }],
  ['dashboard lists the repository', async () => {
    await page.getByRole('link', { name: 'Ingot', exact: true }).click();
    await page.getByRole('list', { name: 'Repositories' }).getByRole('link', { name: `${LOGIN}/${repo}` }).waitFor();
  }],
  ['create a token, shown once', async () => {
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.getByLabel('Name').fill(tokenName);
    await page.getByRole('button', { name: 'Create token' }).click();
    token = await page.getByLabel('New access token').inputValue();
    expect(token.length > 20, 'no token shown');
    const viewer = await fetch(`${BASE}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { login } }' }),
    }).then((r) => r.json());
    expect(viewer.data?.viewer?.login === LOGIN, `the new token does not work: ${JSON.stringify(viewer)}`);
    await page.getByRole('button', { name: 'Done' }).click();
    expect((await page.getByLabel('New access token').count()) === 0, 'the token is still shown');
    await page.getByRole('button', { name: `Revoke ${tokenName}` }).waitFor();
  }],
  ['revoke it', async () => {
    page.once('dialog', (dialog) => dialog.accept());
    const row = page.getByRole('listitem').filter({ hasText: tokenName });
    await row.getByRole('button', { name: `Revoke ${tokenName}` }).click();
    await row.getByText('Revoked').waitFor();
    const response = await fetch(`${BASE}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { login } }' }),
    });
    expect(response.status === 401, `a revoked token still answers ${response.status}`);
  }],
  ['usable at phone width', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${BASE}/${LOGIN}/${repo}/issues/1`);
    await page.getByRole('heading', { name: /Broken build/ }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  }],
  ['keyboard reaches the main actions', async () => {
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { name: 'Your repositories' }).waitFor();
    const reached = new Set();
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.textContent?.trim()));
    }
    for (const name of ['Skip to content', 'New repository', 'Sign out']) {
      expect(reached.has(name), `Tab never reaches "${name}" (reached: ${[...reached].join(', ')})`);
    }
  }],
  ['sign out', async () => {
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Ingot' }).waitFor();
    await page.goto(`${BASE}/settings/tokens`);
    await page.getByRole('heading', { name: 'Sign in to Ingot' }).waitFor();
  }],
]);

await browser.close();
