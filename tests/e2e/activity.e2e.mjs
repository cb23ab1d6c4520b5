// Recent activity: a new user creates a private repository in the UI, pushes
// to it with git, opens an issue and comments; the dashboard and the profile
// show each step, newest first, with links, on a desktop and on a phone. An
// anonymous visitor of the profile sees none of it.
import { BASE, expect, graphql, launch, run, sessionFor, sidewaysOverflow, signIn } from './browser.mjs';
import { Git } from './git.mjs';

const [login, password] = (process.env.INGOT_ACTIVITY_USER ?? ':').split(':');
const repo = `activity-${Date.now().toString(36)}`;
const base = `/${login}/${repo}`;
const git = new Git();

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(10000);
const feed = () => page.getByRole('list', { name: 'Recent activity' });
const items = () => feed().locator('li.activity-item');

/** The feed's sentences, newest first, once it holds `count` of them. */
async function sentences(count) {
  await items().nth(count - 1).waitFor();
  const texts = await items().evaluateAll((lis) => lis.map((li) => li.querySelector('.activity-text').textContent));
  return texts.map((t) => t.replace(/\s+/g, ' ').trim());
}

await run('activity', page, [
  ['a new user sees an empty feed', async () => {
    expect(login && password, 'INGOT_ACTIVITY_USER is not set');
    await signIn(page, login, password);
    await feed().getByText('Nothing has happened in your repositories yet').waitFor();
  }],
  ['create a private repository in the UI', async () => {
    await page.getByRole('link', { name: 'New repository' }).first().click();
    await page.getByLabel('Name').fill(repo);
    await page.getByLabel(/^Private/).check();
    await page.getByRole('button', { name: 'Create repository' }).click();
    await page.getByRole('heading', { name: `${login} / ${repo}` }).waitFor();
  }],
  ['push two commits with git', async () => {
    const session = await sessionFor(login, password);
    const minted = await graphql(
      'mutation { createAccessToken(input: {name: "activity", scopes: ["repo:write"]}) { token } }',
      {},
      session,
    );
    const token = minted.body.data?.createAccessToken?.token;
    expect(token, `createAccessToken: ${JSON.stringify(minted.body)}`);
    const work = git.init('work');
    git.commit(work, { 'README.md': '# Activity\n' }, 'Start');
    git.commit(work, { 'NOTES.md': 'notes\n' }, 'Add notes');
    git.run(['push', `${BASE}${base}.git`, 'main'], { cwd: work, token });
  }],
  ['open an issue and comment in the UI', async () => {
    await page.goto(`${BASE}${base}/issues/new`);
    await page.getByLabel('Title').fill('Feed me');
    await page.getByRole('button', { name: 'Create issue' }).click();
    await page.getByRole('heading', { name: /Feed me/ }).waitFor();
    await page.getByLabel('Add a comment').fill('Fed.');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.getByRole('list', { name: 'Comments' }).getByText('Fed.').waitFor();
  }],
  ['the dashboard shows each step, newest first, with links', async () => {
    await page.getByRole('link', { name: 'Ingot' }).first().click();
    await page.getByRole('heading', { name: 'Recent activity' }).waitFor();
    const seen = await sentences(4);
    const expected = [
      `${login} commented on #1 Feed me in ${login}/${repo}`,
      `${login} opened issue #1 Feed me in ${login}/${repo}`,
      `${login} pushed 2 commits to main in ${login}/${repo}`,
      `${login} created repository ${login}/${repo}`,
    ];
    expect(seen.length === 4, `expected 4 entries, got ${JSON.stringify(seen)}`);
    seen.forEach((text, i) => expect(text.startsWith(expected[i]), `entry ${i}: ${text} is not ${expected[i]}…`));
    const first = items().first();
    expect((await first.getAttribute('data-kind')) === 'ISSUE_COMMENTED', 'the newest entry is not the comment');
    expect((await first.getByRole('link', { name: '#1 Feed me' }).getAttribute('href')) === `${base}/issues/1`, 'issue link');
    const time = first.locator('time');
    expect(/ago|just now/.test(await time.textContent()), 'no relative time');
    expect(/\d{4}/.test((await time.getAttribute('title')) ?? ''), 'no full time in the title');
    const push = items().nth(2);
    expect((await push.getByRole('link', { name: 'main' }).getAttribute('href')) === `${base}/commits/main`, 'branch link');
    await push.getByRole('link', { name: /^[0-9a-f]{7}$/ }).click();
    await page.getByText('Add notes').first().waitFor();
    expect(/\/commit\/[0-9a-f]{40}$/.test(page.url()), `the commit link led to ${page.url()}`);
  }],
  ['the feed fits a phone', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${BASE}/`);
    await sentences(4);
    await page.waitForLoadState('networkidle');
    const overflow = await sidewaysOverflow(page);
    expect(overflow <= 0, `the dashboard scrolls sideways by ${overflow}px`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }],
  ['the profile shows the same activity', async () => {
    await page.goto(`${BASE}/${login}`);
    await page.getByRole('heading', { name: 'Recent activity' }).waitFor();
    const seen = await sentences(4);
    expect(seen[0].startsWith(`${login} commented on #1 Feed me`), `profile: ${JSON.stringify(seen)}`);
  }],
  ['an anonymous visitor sees none of the private activity', async () => {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto(`${BASE}/${login}`);
    await visitor.getByText(`No activity by ${login} that you can see.`).waitFor();
    expect((await visitor.locator('li.activity-item').count()) === 0, 'private activity leaked');
    await context.close();
  }],
]);
await browser.close();
git.cleanup();
