// States and reach: long names on a phone, not-found pages, a server out of
// reach, and the keyboard. The repository is made here with the real git
// client, with names long enough to break a careless layout.
import { BASE, LOGIN, PASSWORD, expect, graphql, launch, run, sessionFor, sidewaysOverflow, signIn } from './browser.mjs';
import { Git } from './git.mjs';

const stamp = Date.now().toString(36);
const name = `states-${'x'.repeat(60)}-${stamp}`;
const repo = `${LOGIN}/${name}`;
const longFile = `${'f'.repeat(90)}.txt`;
const branch = `feature/${'b'.repeat(80)}`;
const git = new Git();

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
page.setDefaultTimeout(10000);

/** Tab up to `limit` times; the accessible texts that took focus, and whether each showed a focus ring. */
async function tabThrough(target, wanted, limit = 60) {
  const reached = new Map();
  for (let i = 0; i < limit && !wanted.every((w) => reached.has(w)); i += 1) {
    await target.keyboard.press('Tab');
    const [text, ring] = await target.evaluate(() => {
      const el = document.activeElement;
      const style = el ? getComputedStyle(el) : null;
      const name = el?.getAttribute('aria-label') || el?.labels?.[0]?.textContent?.trim() || el?.textContent?.trim() || '';
      return [name, Boolean(style && style.outlineStyle !== 'none' && style.outlineWidth !== '0px')];
    });
    reached.set(text, ring);
  }
  for (const w of wanted) {
    expect(reached.has(w), `Tab never reaches "${w}" (reached: ${[...reached.keys()].join(' | ')})`);
    expect(reached.get(w), `"${w}" shows no focus ring`);
  }
}

await run('states', page, [
  ['a repository with long names, pushed with git', async () => {
    const admin = await sessionFor();
    const created = await graphql(
      'mutation($i: CreateRepositoryInput!) { createRepository(input: $i) { repository { id } } }',
      { i: { name, visibility: 'PUBLIC' } },
      admin,
    );
    const id = created.body.data?.createRepository?.repository?.id;
    expect(id, `createRepository: ${JSON.stringify(created.body)}`);
    const minted = await graphql('mutation { createAccessToken(input: {name: "states", scopes: ["repo:write"]}) { token } }', {}, admin);
    const token = minted.body.data.createAccessToken.token;
    const work = git.init('work');
    const readme = `# ${'h'.repeat(120)}\n\n${'w'.repeat(300)}\n\nSee \`${'c'.repeat(120)}\`.\n`;
    git.commit(work, { 'README.md': readme, [longFile]: `${'y'.repeat(400)}\n` }, `Start ${'m'.repeat(150)}`);
    git.run(['push', `${BASE}/${repo}.git`, 'main', `main:${branch}`], { cwd: work, token });
    const issue = await graphql(
      'mutation($i: CreateIssueInput!) { createIssue(input: $i) { issue { number } } }',
      { i: { repositoryId: id, title: `Title ${'t'.repeat(200)}`, body: `${'u'.repeat(500)}` } },
      admin,
    );
    expect(issue.body.data?.createIssue?.issue?.number === 1, `createIssue: ${JSON.stringify(issue.body)}`);
    await signIn(page);
  }],
  ['repository, file and issue pages fit a phone', async () => {
    const pages = [
      [`/${repo}`, page.getByRole('list', { name: 'Files' })],
      [`/${repo}/blob/main/${longFile}`, page.getByRole('region', { name: `Contents of ${longFile}` })],
      [`/${repo}/tree/${branch}`, page.getByRole('list', { name: 'Files' })],
      [`/${repo}/commits/main`, page.getByRole('list', { name: 'Commits' })],
      [`/${repo}/issues`, page.getByRole('list', { name: 'Open issues' })],
      [`/${repo}/issues/1`, page.getByRole('heading', { name: /^Title t+/ })],
      [`/${repo}/issues/new`, page.getByLabel('Title')],
      [`/${repo}/settings`, page.getByLabel(/to confirm/)],
      [`/${repo}/issues/99`, page.getByRole('heading', { name: 'Issue not found' })],
    ];
    for (const [path, ready] of pages) {
      await page.goto(`${BASE}${path}`);
      await ready.first().waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await sidewaysOverflow(page);
      expect(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
    }
  }],
  ['what does not exist says so', async () => {
    await page.goto(`${BASE}/${LOGIN}/no-such-repository-${stamp}`);
    await page.getByRole('heading', { name: 'Repository not found' }).waitFor();
    await page.waitForFunction(() => document.title === 'Repository not found · Ingot');
    await page.goto(`${BASE}/${LOGIN}/no-such-repository-${stamp}/issues`);
    await page.getByRole('heading', { name: 'Repository not found' }).waitFor();
    await page.goto(`${BASE}/no-such-user-${stamp}`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await page.goto(`${BASE}/a/b/c/d/e`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    await page.getByRole('heading', { name: 'Your repositories' }).waitFor();
    await page.waitForFunction(() => document.title === 'Your repositories · Ingot');
  }],
  ['a missing repository offers sign-in to a stranger', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const stranger = await context.newPage();
    await stranger.goto(`${BASE}/${LOGIN}/no-such-repository-${stamp}`);
    await stranger.getByRole('heading', { name: 'Repository not found' }).waitFor();
    await stranger.getByRole('main').getByRole('link', { name: 'Sign in' }).waitFor();
    expect((await sidewaysOverflow(stranger)) <= 0, 'the not-found page scrolls sideways');
    await context.close();
  }],
  ['a server out of reach shows an error, and recovers', async () => {
    // A tab of its own: the refused requests are logged as console errors.
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const offline = await context.newPage();
    offline.setDefaultTimeout(10000);
    await signIn(offline, LOGIN, PASSWORD);
    await offline.route('**/graphql', (route) => route.abort('internetdisconnected'));
    for (const path of ['/', `/${repo}`, `/${repo}/issues/1`, '/settings/profile']) {
      await offline.goto(`${BASE}${path}`);
      await offline.getByRole('alert').getByText('Ingot could not be reached.', { exact: false }).waitFor();
      expect(offline.url() === `${BASE}${path}`, `${path} went to ${offline.url()} instead of showing the error`);
    }
    await offline.unroute('**/graphql');
    await offline.getByRole('button', { name: 'Try again' }).click();
    await offline.getByRole('heading', { name: 'Profile and password' }).waitFor();
    await context.close();
  }],
  ['the keyboard reaches the main actions, with a visible focus', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${BASE}/${repo}`);
    await page.getByRole('list', { name: 'Files' }).waitFor();
    await page.waitForLoadState('networkidle');
    await tabThrough(page, ['Skip to content', 'Switch branch or tag (current: main)', 'Issues (1)', 'Pull requests', 'README.md', 'Clone']);
    await page.goto(`${BASE}/${repo}/blob/main/${longFile}`);
    await page.getByRole('region', { name: `Contents of ${longFile}` }).waitFor();
    await page.waitForLoadState('networkidle');
    await tabThrough(page, ['History', 'Raw', 'Line 1']);
    await page.goto(`${BASE}/${repo}/issues/1`);
    await page.getByLabel('Add a comment').waitFor();
    await page.waitForLoadState('networkidle');
    await tabThrough(page, ['Add a comment', 'Comment', 'Close issue']);
  }],
  ['the branch menu works from the keyboard', async () => {
    await page.goto(`${BASE}/${repo}`);
    const summary = page.getByLabel('Switch branch or tag (current: main)');
    await summary.focus();
    await page.keyboard.press('Enter');
    const filter = page.getByLabel('Filter branches and tags');
    await filter.focus();
    await page.keyboard.type('no-such-ref');
    await page.getByRole('status').getByText('No branch or tag matches.').waitFor();
    await page.keyboard.press('Escape');
    await filter.waitFor({ state: 'hidden' });
    expect(await summary.evaluate((el) => el === document.activeElement), 'Escape did not return focus to the menu');
  }],
  ['the skip link shows when focused and leads into the content', async () => {
    await page.goto(`${BASE}/${repo}/issues`);
    await page.getByRole('list', { name: 'Open issues' }).waitFor();
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await skip.focus();
    const box = await skip.boundingBox();
    expect(box && box.x >= 0 && box.y >= 0, `the focused skip link is off screen: ${JSON.stringify(box)}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const inMain = await page.evaluate(() => Boolean(document.activeElement?.closest('main')));
    expect(inMain, 'after the skip link, Tab is not in the content');
  }],
]);

await browser.close();
git.cleanup();
