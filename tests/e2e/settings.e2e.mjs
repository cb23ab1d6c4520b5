// Your own settings in the SPA: change your name and email, then your
// password. Another web session is signed out, an access token keeps working,
// and only the new password signs in. A fresh user, so the admin's password
// (which the other scripts sign in with) stays as it is.
import { BASE, expect, graphql, launch, run, sessionFor, sidewaysOverflow, signIn } from './browser.mjs';

const stamp = Date.now().toString(36);
const login = `settings-${stamp}`;
const password = `first-password-${stamp}`;
const newPassword = `second-password-${stamp}`;
const email = `${login}@example.org`;
const VIEWER = '{ viewer { login name email } }';
let otherSession = '';
let accessToken = '';
let watcherSession = '';
const watcher = `watcher-${stamp}`;

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(10000);
const hostile = '<img src=x onerror="window.__pwned=1">';
// Allowed in a name, and still text: an entity shown as HTML would read '<b>'.
const named = '"Lovelace" & Zoë &lt;b&gt;';

await run('settings', page, [
  ['a new user, signed in twice, with a token', async () => {
    const admin = await sessionFor();
    const { body } = await graphql(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { user { login } } }',
      { i: { login, email: `${login}@example.com`, password } },
      admin,
    );
    expect(body.data?.createUser?.user?.login === login, `createUser: ${JSON.stringify(body)}`);
    otherSession = await sessionFor(login, password);
    const minted = await graphql(
      'mutation { createAccessToken(input: {name: "ci", scopes: ["repo:read"]}) { token } }',
      {},
      otherSession,
    );
    accessToken = minted.body.data.createAccessToken.token;
    const second = await graphql(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { user { login } } }',
      { i: { login: watcher, email: `${watcher}@example.com`, password } },
      admin,
    );
    expect(second.body.data?.createUser?.user?.login === watcher, `createUser: ${JSON.stringify(second.body)}`);
    watcherSession = await sessionFor(watcher, password);
    await signIn(page, login, password);
  }],
  ['the header leads to your settings', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Profile and password' }).waitFor();
    expect(page.url().endsWith('/settings/profile'), `unexpected URL ${page.url()}`);
    expect((await page.getByLabel('Email', { exact: true }).inputValue()) === `${login}@example.com`, 'the email is not filled in');
    const current = page.getByRole('navigation', { name: 'Settings' }).locator('[aria-current="page"]');
    expect((await current.textContent()) === 'Profile and password', 'the settings tab is not marked current');
  }],
  ['an address another user has is refused', async () => {
    await page.getByLabel('Email', { exact: true }).fill('admin@ingot.localhost');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('alert').getByText('Another account uses this email address.').waitFor();
    expect((await page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')) === 'true', 'the email is not marked invalid');
  }],
  ['a name git would refuse is refused, and shown as text', async () => {
    await page.getByLabel('Display name').fill(`Ada ${hostile}`);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('alert').getByText("A name contains '<'.").waitFor();
    const { body } = await graphql(VIEWER, {}, otherSession);
    expect(body.data.viewer.name !== `Ada ${hostile}`, `saved ${JSON.stringify(body)}`);
    expect((await page.evaluate(() => window.__pwned)) === undefined, 'a hostile name ran');
  }],
  ['change the name and email', async () => {
    await page.getByLabel('Display name').fill(`Ada ${named}`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').getByText('Profile saved.').waitFor();
    const { body } = await graphql(VIEWER, {}, otherSession);
    expect(body.data.viewer.name === `Ada ${named}` && body.data.viewer.email === email, `saved ${JSON.stringify(body)}`);
    await page.reload();
    await page.getByRole('heading', { name: 'Profile and password' }).waitFor();
    expect((await page.getByLabel('Display name').inputValue()) === `Ada ${named}`, 'the name did not stick');
    await page.goto(`${BASE}/${login}`);
    await page.getByText(`Ada ${named}`).first().waitFor();
    expect((await page.evaluate(() => window.__pwned)) === undefined, 'a name ran');
    expect((await page.locator('img[src=x]').count()) === 0, 'a name became an element');
  }],
  ['keep the email private: another signed-in user no longer sees it', async () => {
    const USER = 'query($l: String!) { user(login: $l) { email } }';
    const before = await graphql(USER, { l: login }, watcherSession);
    expect(before.body.data?.user?.email === email, `before: ${JSON.stringify(before.body)}`);
    await page.goto(`${BASE}/settings/profile`);
    const box = page.getByLabel('Keep my email address private');
    expect(!(await box.isChecked()), 'a new account starts private');
    await box.check();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').getByText('Profile saved.').waitFor();
    const after = await graphql(USER, { l: login }, watcherSession);
    expect(after.body.data?.user?.email === '', `after: ${JSON.stringify(after.body)}`);
    const own = await graphql(VIEWER, {}, otherSession);
    expect(own.body.data.viewer.email === email, `own view: ${JSON.stringify(own.body)}`);
    await page.reload();
    await page.getByLabel('Keep my email address private').waitFor();
    expect(await page.getByLabel('Keep my email address private').isChecked(), 'the choice did not stick');
  }],
  ['a wrong current password is refused', async () => {
    await page.goto(`${BASE}/settings`);
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel(/^New password/).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').getByText('The current password is incorrect.').waitFor();
    expect((await page.getByLabel('Current password').getAttribute('aria-invalid')) === 'true', 'not marked invalid');
    const { status } = await graphql(VIEWER, {}, otherSession);
    expect(status === 200, 'a refused change ended another session');
  }],
  ['mismatched new passwords are caught before sending', async () => {
    await page.getByLabel('Current password').fill(password);
    await page.getByLabel('Confirm new password').fill(`${newPassword}-typo`);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').getByText('The new passwords do not match.').waitFor();
  }],
  ['change the password', async () => {
    await page.getByLabel('Confirm new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').getByText('Password changed. 1 other session was signed out.').waitFor();
    expect((await page.getByLabel('Current password').inputValue()) === '', 'the form kept the password');
  }],
  ['the other session ended, the token and this session live on', async () => {
    const other = await graphql(VIEWER, {}, otherSession);
    expect(other.status === 401, `the other session answers ${other.status}`);
    const token = await graphql(VIEWER, {}, accessToken);
    expect(token.body.data?.viewer?.login === login, `the access token: ${JSON.stringify(token.body)}`);
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: login }).waitFor();
  }],
  ['only the new password signs in', async () => {
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Ingot' }).waitFor();
    await page.getByLabel('Login').fill(login);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your repositories' }).waitFor();
  }],
  ['a token made with the pr scope works pull requests and nothing else', async () => {
    await page.goto(`${BASE}/settings/tokens`);
    await page.getByRole('heading', { name: 'Access tokens', level: 1 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('reviews');
    await page.getByRole('checkbox', { name: /^pr\b/ }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.getByLabel('New access token').inputValue();
    const mine = await graphql('{ viewer { login accessTokens { name scopes } } }', {}, await sessionFor(login, newPassword));
    const made = mine.body.data.viewer.accessTokens.find((t) => t.name === 'reviews');
    expect(
      JSON.stringify(made?.scopes) === JSON.stringify(['repo:read', 'pull_request:write']),
      `the pr token holds ${JSON.stringify(made)}`,
    );
    const viewer = await graphql('{ viewer { login } }', {}, token);
    expect(viewer.body.data?.viewer?.login === login, `the pr token does not work: ${JSON.stringify(viewer.body)}`);
    const refused = await graphql(
      'mutation { createRepository(input: {name: "not-with-pr", visibility: PUBLIC}) { repository { id } } }',
      {},
      token,
    );
    expect(refused.body.errors?.[0]?.extensions?.code === 'FORBIDDEN', `pr created a repository: ${JSON.stringify(refused.body)}`);
    await page.getByRole('button', { name: 'Done' }).click();
  }],
  ['settings fit a phone and work from the keyboard', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ['/settings/profile', '/settings/tokens']) {
      await page.goto(`${BASE}${path}`);
      await page.getByRole('navigation', { name: 'Settings' }).waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await sidewaysOverflow(page);
      expect(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
    }
    await page.goto(`${BASE}/settings/profile`);
    await page.getByLabel('Display name').waitFor();
    await page.waitForLoadState('networkidle');
    const wanted = ['Access tokens', 'Save profile', 'Change password'];
    const reached = new Set();
    for (let i = 0; i < 40 && !wanted.every((name) => reached.has(name)); i += 1) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.textContent?.trim()));
    }
    for (const name of wanted) expect(reached.has(name), `Tab never reaches "${name}"`);
  }],
]);

await browser.close();
