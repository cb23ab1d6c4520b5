// Collaboration in the SPA against a live Ingot: collaborators in the settings
// (the added user then sees the private repository), milestones, assignees,
// Markdown issues and comments (hostile ones stay text), editing and deleting
// comments and labels, filters by assignee and milestone; on a phone too.
import { BASE, LOGIN, PASSWORD, expect, launch, run } from './browser.mjs';

const REPO = process.env.INGOT_COLLAB_REPO;
const [BOB, BOB_PASSWORD] = (process.env.INGOT_COLLAB_USER ?? ':').split(/:(.*)/s);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const bob = await (await browser.newContext()).newPage();
page.setDefaultTimeout(10000);
bob.setDefaultTimeout(10000);
const hostile = [
  'Steps: **bold** and _soft_.',
  '',
  '<img src=x onerror="window.__pwned = 1">',
  '',
  '<script>window.__pwned = 2</script>',
  '',
  '[click](javascript:window.__pwned=3) [spaced](java\tscript:alert(1)) ![pixel](https://tracker.example/p.png)',
].join('\n');

async function signIn(p, login, password) {
  await p.goto(`${BASE}/login`);
  await p.getByLabel('Login').fill(login);
  await p.getByLabel('Password').fill(password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { name: 'Your repositories' }).waitFor();
}

const collaborators = () => page.getByRole('list', { name: 'Collaborators' });
const side = () => page.getByRole('complementary', { name: 'Issue details' });
const milestone = (title) => page.getByRole('listitem', { name: title, exact: true });

async function noInjection() {
  expect((await page.evaluate(() => window.__pwned)) === undefined, 'injected markup ran');
  expect((await page.locator('main img').count()) === 0, 'an image was rendered from user text');
  expect((await page.locator('main script, main a[href^="javascript"], main a[href^="java"]').count()) === 0, 'a script or javascript: link was rendered');
}

await run('collaboration', page, [
  ['sign in', () => signIn(page, LOGIN, PASSWORD)],
  ['add a collaborator in the settings', async () => {
    await page.goto(`${BASE}/${REPO}`);
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByText('No collaborators yet.').waitFor();
    await page.getByLabel("Collaborator's login").fill(BOB);
    await page.getByLabel('Permission', { exact: true }).selectOption('READ');
    await page.getByRole('button', { name: 'Add collaborator' }).click();
    await collaborators().getByRole('link', { name: BOB }).waitFor();
    const permission = await collaborators().getByLabel(`Permission of ${BOB}`).inputValue();
    expect(permission === 'READ', `listed with ${permission}`);
    expect((await page.getByLabel("Collaborator's login").inputValue()) === '', 'the form kept the login');
  }],
  ['an unknown login is refused', async () => {
    await page.getByLabel("Collaborator's login").fill('nobody-by-that-name');
    await page.getByRole('button', { name: 'Add collaborator' }).click();
    await page.getByRole('alert').filter({ hasText: 'nobody-by-that-name' }).waitFor();
    await page.getByLabel("Collaborator's login").fill('');
  }],
  ['the collaborator sees the private repository, without its settings', async () => {
    await signIn(bob, BOB, BOB_PASSWORD);
    await bob.goto(`${BASE}/${REPO}`);
    await bob.getByRole('heading', { name: REPO.replace('/', ' / ') }).waitFor();
    await bob.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Labels' }).waitFor();
    const settings = await bob.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Settings' }).count();
    expect(settings === 0, 'a READ collaborator was offered the settings');
  }],
  ['change the permission', async () => {
    await collaborators().getByLabel(`Permission of ${BOB}`).selectOption('WRITE');
    await page.waitForLoadState('networkidle');
    await page.reload();
    await collaborators().getByLabel(`Permission of ${BOB}`).waitFor();
    const permission = await collaborators().getByLabel(`Permission of ${BOB}`).inputValue();
    expect(permission === 'WRITE', `after the change: ${permission}`);
  }],
  ['create and edit a milestone', async () => {
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Milestones' }).click();
    await page.getByText('No open milestones.').waitFor();
    await page.getByText('New milestone', { exact: true }).click();
    await page.getByLabel('Milestone title').fill('Beta');
    await page.getByLabel(/^Due date/).fill('2030-01-15');
    await page.getByLabel(/^Milestone description/).fill('Ship **it**');
    await page.getByRole('button', { name: 'Create milestone' }).click();
    await milestone('Beta').getByText('Due 15 Jan 2030').waitFor();
    await milestone('Beta').locator('strong', { hasText: 'it' }).waitFor();
    await milestone('Beta').getByRole('button', { name: 'Edit Beta' }).click();
    await milestone('Beta').getByLabel('Milestone title').fill('Beta 1');
    await milestone('Beta').getByLabel(/^Due date/).fill('');
    await milestone('Beta').getByRole('button', { name: 'Save milestone' }).click();
    await milestone('Beta 1').getByText('No due date').waitFor();
  }],
  ['open an issue with hostile Markdown: it renders, and stays text', async () => {
    await page.goto(`${BASE}/${REPO}/issues/new`);
    await page.getByLabel('Title').fill('Hostile <b>title</b>');
    await page.getByLabel('Description').fill(hostile);
    await page.getByRole('button', { name: 'Create issue' }).click();
    await page.getByRole('heading', { name: /Hostile <b>title<\/b>/ }).waitFor();
    const body = page.locator('.issue-body');
    await body.locator('strong', { hasText: 'bold' }).waitFor();
    await body.locator('em', { hasText: 'soft' }).waitFor();
    // The server's sanitizer drops the script with its content.
    expect(!(await body.innerText()).includes('window.__pwned = 2'), 'a script survived in the body');
    await body.getByText('[pixel]').waitFor();
    await noInjection();
  }],
  ['set the milestone and the assignees', async () => {
    await side().getByRole('combobox', { name: 'Milestone' }).selectOption({ label: 'Beta 1' });
    await side().getByRole('link', { name: 'Issues in Beta 1' }).waitFor();
    await side().getByRole('button', { name: 'Assign yourself' }).click();
    await side().getByRole('list', { name: 'Assignees' }).getByRole('link', { name: LOGIN }).waitFor();
    await side().getByLabel('Assign by login').focus();
    await side().locator(`datalist option[value="${BOB}"]`).waitFor({ state: 'attached' });
    await side().getByLabel('Assign by login').fill(BOB);
    await side().getByRole('button', { name: 'Assign', exact: true }).click();
    await side().getByRole('list', { name: 'Assignees' }).getByRole('link', { name: BOB }).waitFor();
    await side().getByRole('button', { name: `Unassign ${BOB}` }).click();
    await side().getByRole('list', { name: 'Assignees' }).getByRole('link', { name: BOB }).waitFor({ state: 'detached' });
    await page.reload();
    await side().getByRole('list', { name: 'Assignees' }).getByRole('link', { name: LOGIN }).waitFor();
    const chosen = await side().getByRole('combobox', { name: 'Milestone' }).locator('option:checked').textContent();
    expect(chosen === 'Beta 1', `milestone after reload: ${chosen}`);
  }],
  ['comment in Markdown, edit and delete it', async () => {
    await page.getByLabel('Add a comment').fill('Looks _fine_ <img src=x onerror="window.__pwned = 4">');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    const comments = page.getByRole('list', { name: 'Comments' });
    await comments.locator('em', { hasText: 'fine' }).waitFor();
    await page.getByRole('heading', { name: 'Comments (1)' }).waitFor();
    await noInjection();
    await comments.getByRole('button', { name: 'Edit comment' }).click();
    await comments.getByLabel('Edit comment').fill('Looks **great**');
    await comments.getByRole('button', { name: 'Save comment' }).click();
    await comments.locator('strong', { hasText: 'great' }).waitFor();
    await comments.getByText('· edited').waitFor();
    await comments.getByRole('button', { name: 'Delete comment' }).click();
    await comments.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.getByText('No comments yet.').waitFor();
    await page.getByRole('heading', { name: 'Comments (0)' }).waitFor();
  }],
  ['the issue list shows assignees and milestone, and filters by them', async () => {
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: /^Issues/ }).click();
    const open = page.getByRole('list', { name: 'Open issues' });
    await open.getByText(`assigned to ${LOGIN}`).waitFor();
    await open.getByRole('link', { name: 'Beta 1' }).waitFor();
    await page.getByLabel('Assignee').fill(BOB);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No issues match these filters.').waitFor();
    expect(page.url().includes(`assignee=${BOB}`), `filter not in ${page.url()}`);
    await page.getByLabel('Assignee').fill(LOGIN);
    await page.getByLabel('Milestone').selectOption({ label: 'Beta 1' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('list', { name: 'Open issues' }).getByRole('link', { name: /Hostile/ }).waitFor();
    expect(page.url().includes('milestone=1'), `milestone not in ${page.url()}`);
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.waitForURL(/\/issues$/);
    expect((await page.getByLabel('Assignee').inputValue()) === '', 'clearing kept the assignee in the form');
  }],
  ['close, reopen and delete the milestone', async () => {
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Milestones' }).click();
    await milestone('Beta 1').getByText('0% complete · 1 open · 0 closed').waitFor();
    await milestone('Beta 1').getByRole('button', { name: 'Close Beta 1' }).click();
    await page.getByText('No open milestones.').waitFor();
    await page.getByRole('navigation', { name: 'Milestone state' }).getByRole('link', { name: 'Closed' }).click();
    await milestone('Beta 1').getByText(/^Closed /).waitFor();
    await milestone('Beta 1').getByRole('button', { name: 'Reopen Beta 1' }).click();
    await page.getByText('No closed milestones.').waitFor();
    await page.getByRole('navigation', { name: 'Milestone state' }).getByRole('link', { name: 'Open' }).click();
    await milestone('Beta 1').getByRole('button', { name: 'Delete Beta 1' }).click();
    await milestone('Beta 1').getByRole('button', { name: 'Yes, delete the milestone' }).click();
    await page.getByText('No open milestones.').waitFor();
    await page.goto(`${BASE}/${REPO}/issues/1`);
    const chosen = await side().getByRole('combobox', { name: 'Milestone' }).locator('option:checked').textContent();
    expect(chosen === 'No milestone', `milestone after deleting it: ${chosen}`);
  }],
  ['edit a label, and delete it from the keyboard', async () => {
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Labels' }).click();
    await page.getByLabel('Label name').fill('wip');
    await page.getByRole('button', { name: 'Create label' }).click();
    const labels = page.getByRole('list', { name: 'Labels' });
    await labels.getByRole('button', { name: 'Edit label wip' }).click();
    const form = page.getByRole('form', { name: 'Edit label wip' });
    await form.getByLabel('Label name').fill('in progress');
    await form.getByLabel('Colour').fill('#00ff00');
    await form.getByLabel(/^Label description/).fill('Being worked on');
    await form.getByRole('button', { name: 'Save label' }).click();
    const chip = labels.locator('.label', { hasText: 'in progress' });
    await chip.waitFor();
    await labels.getByText('Being worked on').waitFor();
    const background = await chip.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background === 'rgb(0, 255, 0)', `label colour ${background}`);
    await labels.getByRole('button', { name: 'Delete label in progress' }).focus();
    await page.keyboard.press('Enter');
    // The question takes focus, so a second Enter confirms.
    await page.waitForFunction(() => document.activeElement?.textContent === 'Yes, delete the label');
    await page.keyboard.press('Enter');
    await page.getByText('No labels yet.').waitFor();
  }],
  ['remove the collaborator: the repository is gone for them', async () => {
    await page.goto(`${BASE}/${REPO}/settings`);
    await collaborators().getByRole('button', { name: `Remove ${BOB}` }).click();
    await collaborators().getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByText('No collaborators yet.').waitFor();
    await bob.goto(`${BASE}/${REPO}`);
    await bob.getByRole('heading', { name: 'Repository not found' }).waitFor();
  }],
  ['fits a phone', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of [`/${REPO}/settings`, `/${REPO}/milestones`, `/${REPO}/issues/1`, `/${REPO}/issues`, `/${REPO}/labels`]) {
      await page.goto(`${BASE}${path}`);
      await page.locator('.repo-header h1').waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
    }
  }],
]);

await browser.close();
