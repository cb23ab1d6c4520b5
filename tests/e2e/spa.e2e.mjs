// The SPA against a live Ingot: sign in, create a repository, open an issue,
// comment, label and close it, profile and organization pages, repository
// settings (rename, visibility, delete), mint and revoke a token, sign out;
// on a phone too.
import { BASE, LOGIN, PASSWORD, expect, launch, run, sidewaysOverflow } from './browser.mjs';

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(10000);
const stamp = Date.now().toString(36);
let repo = `e2e-${stamp}`;
const org = `org-${stamp}`;
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
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: /^Issues/ }).click();
    await page.getByText('No open issues.').waitFor();
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
  ['create a label', async () => {
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Labels' }).click();
    await page.getByText('No labels yet.').waitFor();
    await page.getByLabel('Label name').fill(`bug ${hostile}`);
    await page.getByRole('button', { name: 'Create label' }).click();
    await page.getByRole('list', { name: 'Labels' }).getByText(/^bug /).waitFor();
  }],
  ['put the label on the issue and take it off', async () => {
    await page.goto(`${BASE}/${LOGIN}/${repo}/issues/1`);
    await page.getByText('Edit labels').click();
    await page.getByRole('checkbox', { name: /^bug / }).check();
    const chips = page.locator('.issue-labels > .labels .label');
    await chips.filter({ hasText: /^bug / }).waitFor();
    await page.getByRole('checkbox', { name: /^bug / }).uncheck();
    await chips.first().waitFor({ state: 'detached' });
    await page.getByRole('checkbox', { name: /^bug / }).check();
    await chips.filter({ hasText: /^bug / }).waitFor();
    expect((await page.evaluate(() => window.__pwned)) === undefined, 'a hostile label ran');
    expect((await page.locator('img[src=x]').count()) === 0, 'a hostile label became an element');
  }],
  ['the issue lists follow the close and show labels', async () => {
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: /^Issues/ }).click();
    await page.getByText('No open issues.').waitFor();
    await page.getByRole('link', { name: 'Closed' }).click();
    const closed = page.getByRole('list', { name: 'Closed issues' });
    await closed.getByText(/Broken build/).waitFor();
    await closed.locator('.label', { hasText: /^bug / }).waitFor();
  }],
  ['filter issues by search, label and author', async () => {
    const search = page.getByRole('searchbox', { name: 'Search issues' });
    await search.fill('no-such-words');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No issues match these filters.').waitFor();
    expect(page.url().includes('q=no-such-words') && page.url().includes('state=closed'), `filters not in ${page.url()}`);
    await search.fill('Broken');
    await page.getByLabel('Label').selectOption({ label: `bug ${hostile}` });
    await page.getByLabel('Author').fill(LOGIN);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('list', { name: 'Closed issues' }).getByText(/Broken build/).waitFor();
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.waitForURL(/\/issues\?state=closed$/);
  }],
  ['profile lists repositories with their visibility', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: LOGIN, exact: true }).click();
    const item = page.getByRole('list', { name: 'Repositories', exact: true }).getByRole('listitem').filter({ hasText: repo });
    await item.getByText('Public', { exact: true }).waitFor();
  }],
  ['create an organization with a private repository', async () => {
    await page.goto(`${BASE}/`);
    await page.getByRole('link', { name: 'New organization' }).click();
    await page.getByLabel('Organization login').fill(org);
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: org }).waitFor();
    const members = page.getByRole('list', { name: 'Members' });
    await members.getByRole('listitem').filter({ hasText: LOGIN }).getByText('Owner').waitFor();
    await page.getByRole('link', { name: 'New repository' }).last().click();
    await page.getByLabel('Owner').locator('option:checked', { hasText: org }).waitFor({ state: 'attached' });
    await page.getByLabel('Name').fill('secret');
    await page.getByLabel(/^Private/).check();
    await page.getByRole('button', { name: 'Create repository' }).click();
    await page.getByRole('heading', { name: `${org} / secret` }).waitFor();
    await page.goto(`${BASE}/${org}`);
    const item = page.getByRole('list', { name: 'Repositories', exact: true }).getByRole('listitem').filter({ hasText: `${org}/secret` });
    await item.getByText('Private', { exact: true }).waitFor();
  }],
  ['dashboard shows organizations and recent repositories', async () => {
    await page.getByRole('link', { name: 'Ingot', exact: true }).click();
    await page.getByRole('list', { name: 'Organizations' }).getByRole('link', { name: org }).waitFor();
    await page.getByRole('list', { name: 'Recent repositories' }).getByRole('link', { name: `${org}/secret` }).waitFor();
  }],
  ['delete a repository only after typing its name', async () => {
    await page.goto(`${BASE}/${org}/secret/settings`);
    const remove = page.getByRole('button', { name: 'Delete this repository' });
    expect(await remove.isDisabled(), 'delete is enabled before confirming');
    await page.getByLabel(/to confirm/).fill('secret');
    expect(await remove.isDisabled(), 'delete is enabled with the wrong name');
    await page.getByLabel(/to confirm/).fill(`${org}/secret`);
    await remove.click();
    await page.getByRole('heading', { name: 'Your repositories' }).waitFor();
    await page.getByRole('list', { name: 'Repositories', exact: true }).getByRole('link', { name: `${LOGIN}/${repo}` }).waitFor();
    expect((await page.getByRole('link', { name: `${org}/secret` }).count()) === 0, 'the deleted repository is still listed');
    await page.goto(`${BASE}/${org}/secret`);
    await page.getByRole('heading', { name: 'Repository not found' }).waitFor();
  }],
  ['rename a repository and make it private', async () => {
    await page.goto(`${BASE}/${LOGIN}/${repo}`);
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByLabel('Repository name').fill(`${repo}-renamed`);
    await page.getByLabel(/^Private/).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    repo = `${repo}-renamed`;
    expect(page.url().endsWith(`/${LOGIN}/${repo}/settings`), `unexpected URL ${page.url()}`);
    await page.getByRole('heading', { name: `${LOGIN} / ${repo}` }).waitFor();
    await page.locator('.repo-header .badge', { hasText: 'Private' }).waitFor();
  }],
  ['dashboard lists the repository', async () => {
    await page.getByRole('link', { name: 'Ingot', exact: true }).click();
    await page.getByRole('list', { name: 'Repositories', exact: true }).getByRole('link', { name: `${LOGIN}/${repo}` }).waitFor();
  }],
  ['create a token, shown once', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Access tokens' }).click();
    await page.getByRole('heading', { name: 'Access tokens', level: 1 }).waitFor();
    await page.getByLabel('Name').fill(tokenName);
    const create = page.getByRole('button', { name: 'Create token' });
    expect(await create.isDisabled(), 'a token without scopes (all of them) can be created');
    // A forge's scope name ticks the canonical scopes it stands for, and unticks them.
    const isurusRead = page.getByRole('checkbox', { name: /^read \(Isurus\)/ });
    await isurusRead.check();
    const workflowRead = page.getByRole('checkbox', { name: /^workflow:read\b/ });
    expect(await workflowRead.isChecked(), 'Isurus read does not tick workflow:read');
    await isurusRead.uncheck();
    expect(!(await workflowRead.isChecked()), 'unticking Isurus read leaves workflow:read');
    await page.getByRole('checkbox', { name: /^repo:read\b/ }).check();
    await page.getByRole('checkbox', { name: /^webhook:read\b/ }).check();
    await create.click();
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
    const pages = [
      [`/${LOGIN}/${repo}/issues/1`, /Broken build/],
      ['/', 'Your repositories'],
      [`/${LOGIN}`, /Repositories/],
      [`/${org}`, /Members/],
      [`/${LOGIN}/${repo}/labels`, /Labels \(/],
      [`/${LOGIN}/${repo}/settings`, 'Settings'],
    ];
    for (const [path, heading] of pages) {
      await page.goto(`${BASE}${path}`);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      const overflow = await sidewaysOverflow(page);
      expect(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }],
  ['keyboard reaches the main actions', async () => {
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { name: 'Your repositories' }).waitFor();
    await page.waitForLoadState('networkidle');
    // Focus starts on <main> after navigation, so Tab runs through the page and wraps to the header.
    const wanted = ['Skip to content', 'New repository', 'Sign out'];
    const reached = new Set();
    for (let i = 0; i < 80 && !wanted.every((name) => reached.has(name)); i += 1) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.textContent?.trim()));
    }
    for (const name of wanted) {
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
