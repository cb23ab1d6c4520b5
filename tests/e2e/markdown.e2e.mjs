// Markdown rendered once, on the server: an issue body with GFM, references to a
// visible issue (a link) and to a private repository's (plain text), hostile HTML
// that does nothing, and the Write/Preview tabs of the comment box. The reader is a
// plain user (INGOT_MARKDOWN_USER, "login:password"), who cannot see the private
// repository the admin makes here.
import { BASE, LOGIN, expect, graphql, launch, run, sessionFor, signIn } from './browser.mjs';

const [reader, readerPassword] = (process.env.INGOT_MARKDOWN_USER ?? ':').split(':');
const stamp = Date.now().toString(36);
const publicName = `md-${stamp}`;
const privateName = `md-secret-${stamp}`;
const browser = await launch();
const page = await browser.newPage();
page.setDefaultTimeout(10000);
let issueNumber = 0;

async function created(query, variables, token, path) {
  const { body } = await graphql(query, variables, token);
  const found = path.reduce((value, key) => value?.[key], body.data);
  expect(found != null, `${path.join('.')}: ${JSON.stringify(body)}`);
  return found;
}

const CREATE_REPO = 'mutation($i: CreateRepositoryInput!) { createRepository(input: $i) { repository { id } } }';
const CREATE_ISSUE = 'mutation($i: CreateIssueInput!) { createIssue(input: $i) { issue { number } } }';

await run('markdown', page, [
  ['an issue body that refers to a public and a private issue', async () => {
    const admin = await sessionFor();
    const pub = await created(CREATE_REPO, { i: { name: publicName, visibility: 'PUBLIC' } }, admin, ['createRepository', 'repository', 'id']);
    const priv = await created(CREATE_REPO, { i: { name: privateName, visibility: 'PRIVATE' } }, admin, ['createRepository', 'repository', 'id']);
    await created(CREATE_ISSUE, { i: { repositoryId: pub, title: 'Visible target' } }, admin, ['createIssue', 'issue', 'number']);
    await created(CREATE_ISSUE, { i: { repositoryId: priv, title: 'Secret target' } }, admin, ['createIssue', 'issue', 'number']);
    const body = [
      '| tool | state |',
      '| --- | :-: |',
      '| ingot | ~~old~~ new |',
      '',
      '- [x] rendered on the server',
      '- [ ] nothing else',
      '',
      '```python',
      'print("#1")',
      '```',
      '',
      `See #1 and ${LOGIN}/${privateName}#1.`,
      '',
      '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">',
      '<a href="javascript:window.__pwned=3">click</a>',
    ].join('\n');
    issueNumber = await created(CREATE_ISSUE, { i: { repositoryId: pub, title: 'Markdown', body } }, admin, ['createIssue', 'issue', 'number']);
  }],
  ['the reader sees tables, task lists, code and a link to what they may see', async () => {
    await signIn(page, reader, readerPassword);
    await page.goto(`${BASE}/${LOGIN}/${publicName}/issues/${issueNumber}`);
    const body = page.locator('.issue-body .markdown');
    await body.locator('table').waitFor();
    expect((await body.locator('td').nth(1).innerText()).includes('new'), 'table cell');
    expect((await body.locator('td s').innerText()) === 'old', 'strikethrough');
    const boxes = body.locator('li.task-list-item input[type=checkbox]');
    expect((await boxes.count()) === 2, 'two task list boxes');
    expect(await boxes.first().isChecked(), 'the first box is checked');
    expect(await boxes.first().isDisabled(), 'task list boxes are disabled');
    expect((await body.locator('pre code.language-python').innerText()).includes('print("#1")'), 'fenced code');
    const link = body.locator('a.issue-link');
    expect((await link.count()) === 1, 'one reference link');
    expect((await link.getAttribute('href')).endsWith(`/${LOGIN}/${publicName}/issues/1`), 'link to #1');
    expect((await link.getAttribute('title')) === 'Visible target', 'title of #1');
    const text = await body.innerText();
    expect(text.includes(`${LOGIN}/${privateName}#1`), 'the private reference stays as text');
    expect(!(await page.content()).includes('Secret target'), 'the private title never reaches the page');
    expect((await page.evaluate(() => window.__pwned)) === undefined, 'no script ran');
    expect((await body.locator('[onerror], script, a[href^="javascript"]').count()) === 0, 'no hostile markup');
  }],
  ['the comment box previews through the server, then posts', async () => {
    const box = page.getByLabel('Add a comment');
    await box.fill('**previewed** #1');
    await page.getByRole('tab', { name: 'Preview' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Preview' });
    await panel.locator('strong').waitFor();
    expect((await panel.locator('strong').innerText()) === 'previewed', 'bold in the preview');
    expect((await panel.locator('a.issue-link').count()) === 1, '#1 linked in the preview');
    await page.getByRole('tab', { name: 'Write' }).click();
    expect((await page.getByLabel('Add a comment').inputValue()) === '**previewed** #1', 'the draft is kept');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    const comment = page.locator('.comments .markdown strong', { hasText: 'previewed' });
    await comment.waitFor();
  }],
]);

await browser.close();
