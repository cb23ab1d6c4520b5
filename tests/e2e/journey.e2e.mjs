// Issue 6's journey, as one user in a browser plus the real git client:
// sign in, create a repository and a token in the UI, push with git, browse
// the code, open an issue, push a branch, open and merge a pull request in the
// UI, see the merge with git fetch, revoke the token and watch git fail.
// The README pushed with git is hostile and must stay inert.
import { BASE, LOGIN, expect, launch, run, signIn } from './browser.mjs';
import { Git } from './git.mjs';

const stamp = Date.now().toString(36);
const repo = `journey-${stamp}`;
const tokenName = `git-${stamp}`;
const remote = `${BASE}/${LOGIN}/${repo}.git`;
const git = new Git();
let work = '';
let token = '';
let topic = '';
let pull = '';

const README = `# Journey

Pushed with **git** from the journey test.

<script>window.__pwned = 1</script>

<img src=x onerror="window.__pwned = 2">

[click me](javascript:window.__pwned=3) <a href="javascript:window.__pwned=4">raw link</a>

<svg onload="window.__pwned = 5"><script>window.__pwned = 6</script></svg>

![badge](badge.svg)
`;
const BADGE = `<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned = 7; alert(7)">
<script>window.__pwned = 8; alert(8)</script><text y="12">badge</text></svg>
`;
const APP = "def greet(name):\n    return f'hello {name}'\n\n\nprint(greet('ada'))\n";

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(10000);
// Any dialog is the README's doing, except the one confirmation we expect.
let dialogs = 0;
let confirming = false;
page.on('dialog', (dialog) => {
  if (confirming && dialog.type() === 'confirm') {
    confirming = false;
    return dialog.accept();
  }
  dialogs += 1;
  return dialog.dismiss();
});
const pwned = () => page.evaluate(() => window.__pwned);

await run('journey', page, [
  ['sign in', () => signIn(page)],
  ['create a repository', async () => {
    await page.getByRole('link', { name: 'New repository' }).first().click();
    await page.getByLabel('Name').fill(repo);
    await page.getByLabel('Description').fill('Pushed with the real git client');
    await page.getByRole('button', { name: 'Create repository' }).click();
    await page.getByRole('heading', { name: `${LOGIN} / ${repo}` }).waitFor();
    const url = await page.getByLabel('HTTPS clone URL').inputValue();
    expect(url === remote, `clone URL ${url} is not ${remote}`);
  }],
  ['create a token for git, shown once', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Access tokens' }).click();
    await page.getByRole('heading', { name: 'Access tokens', level: 1 }).waitFor();
    await page.getByLabel('Name').fill(tokenName);
    await page.getByRole('checkbox', { name: /^repo:write\b/ }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    token = await page.getByLabel('New access token').inputValue();
    expect(token.startsWith('ingot_'), 'no token shown');
    await page.getByRole('button', { name: 'Done' }).click();
    expect((await page.getByLabel('New access token').count()) === 0, 'the token is still shown');
    await page.reload();
    const row = page.getByRole('list', { name: 'Access tokens' }).getByRole('listitem').filter({ hasText: tokenName });
    await row.getByText('repo:read, repo:write').waitFor();
    expect(!(await page.content()).includes(token), 'the token is shown again after a reload');
  }],
  ['push main with git', async () => {
    const anonymous = git.run(['ls-remote', remote], { check: false });
    expect(anonymous.status === 0, `an empty public repository refuses anonymous ls-remote: ${anonymous.stderr}`);
    work = git.init('work');
    git.commit(work, { 'README.md': README, 'badge.svg': BADGE, 'src/app.py': APP }, 'Start the journey');
    const refused = git.run(['push', remote, 'main'], { cwd: work, check: false });
    expect(refused.status !== 0, 'an anonymous push was accepted');
    git.run(['push', remote, 'main'], { cwd: work, token });
  }],
  ['the tree and the README show the push', async () => {
    await page.goto(`${BASE}/${LOGIN}/${repo}`);
    const files = page.getByRole('list', { name: 'Files' });
    await files.getByRole('link', { name: 'src/' }).waitFor();
    await files.getByRole('link', { name: 'README.md' }).waitFor();
    const readme = page.locator('.readme .markdown');
    await readme.getByRole('heading', { name: 'Journey' }).waitFor();
    await readme.locator('strong', { hasText: 'git' }).waitFor();
  }],
  ['the hostile README does not execute', async () => {
    const readme = page.locator('.readme .markdown');
    // The server's sanitizer drops scripts with their content; the rest is shown as HTML.
    await readme.getByText('click me').first().waitFor();
    expect(!(await readme.innerText()).includes('window.__pwned = 1'), 'a script survived as text or element');
    const live = await readme.locator('script, iframe, svg, object, embed, [onerror], [onload]').count();
    expect(live === 0, `${live} hostile elements rendered`);
    const hrefs = await readme.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.every((h) => !/^\s*(javascript|data|vbscript):/i.test(h)), `unsafe hrefs: ${hrefs.join(' ')}`);
    const images = await readme.locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src') ?? ''));
    // Raw HTML's <img src=x onerror=...> is dropped by the server; only raw files load.
    const loaded = images.filter((src) => src !== '');
    expect(loaded.every((src) => src.startsWith(`/${LOGIN}/${repo}/raw/`)), `unexpected images: ${images.join(' ')}`);
    await readme.getByText('click me').click();
    await page.waitForTimeout(300);
    expect((await pwned()) === undefined && dialogs === 0, 'the README ran script');
  }],
  ['the SVG opened raw stays inert', async () => {
    // A page of its own: the sandboxed document logs its blocked script as errors.
    const raw = await browser.newPage();
    let rawDialogs = 0;
    raw.on('dialog', (dialog) => {
      rawDialogs += 1;
      dialog.dismiss();
    });
    const response = await raw.goto(`${BASE}/${LOGIN}/${repo}/raw/main/badge.svg`);
    expect(response.ok(), `raw SVG answered ${response.status()}`);
    expect(/sandbox/.test(response.headers()['content-security-policy'] ?? ''), 'raw SVG without a sandbox CSP');
    await raw.waitForTimeout(300);
    expect((await raw.evaluate(() => window.__pwned)) === undefined && rawDialogs === 0, 'the raw SVG ran script');
    await raw.close();
  }],
  ['browse to a file: highlighting, line link, raw link', async () => {
    await page.getByRole('list', { name: 'Files' }).getByRole('link', { name: 'src/' }).click();
    await page.getByRole('list', { name: 'Files' }).getByRole('link', { name: 'app.py' }).click();
    const code = page.getByRole('region', { name: 'Contents of app.py' });
    await code.locator('.hl-kw', { hasText: 'def' }).first().waitFor();
    expect(page.url().endsWith(`/${LOGIN}/${repo}/blob/main/src/app.py`), `unexpected URL ${page.url()}`);
    await page.getByRole('link', { name: 'Line 2', exact: true }).click();
    expect(page.url().endsWith('#L2'), `no line anchor in ${page.url()}`);
    await page.locator('tr#L2.selected').waitFor();
    const href = await page.getByRole('link', { name: 'Raw' }).getAttribute('href');
    const text = await fetch(`${BASE}${href}`).then((r) => r.text());
    expect(text === APP, `the raw link gave ${JSON.stringify(text.slice(0, 40))}`);
  }],
  ['open an issue and comment', async () => {
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: /^Issues/ }).click();
    await page.getByRole('link', { name: 'New issue' }).click();
    await page.getByLabel('Title').fill('Greet everyone');
    await page.getByLabel('Description').fill('`greet` takes one name.');
    await page.getByRole('button', { name: 'Create issue' }).click();
    await page.getByRole('heading', { name: /Greet everyone/ }).waitFor();
    await page.getByLabel('Add a comment').fill('A branch is on its way.');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.getByRole('list', { name: 'Comments' }).getByText('A branch is on its way.').waitFor();
  }],
  ['push a second branch with git', async () => {
    git.run(['switch', '-q', '-c', 'topic'], { cwd: work });
    const more = APP.replace("greet('ada')", "greet('ada'), greet('grace')");
    topic = git.commit(work, { 'src/app.py': more, 'NOTES.md': 'Greets two people.\n' }, 'Greet Grace too');
    git.run(['push', remote, 'topic'], { cwd: work, token });
  }],
  ['open a pull request from it', async () => {
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Pull requests' }).click();
    await page.getByRole('link', { name: 'New pull request' }).click();
    expect((await page.getByLabel('Base branch').inputValue()) === 'main', 'base is not the default branch');
    await page.getByLabel('Head branch').fill('topic');
    await page.getByLabel('Title').fill('Greet Grace');
    await page.getByLabel('Description').fill('Closes the greeting gap.');
    await page.getByRole('button', { name: 'Create pull request' }).click();
    await page.getByRole('heading', { name: /Greet Grace/ }).waitFor();
    pull = page.url().match(/\/pull\/(\d+)$/)?.[1] ?? '';
    expect(pull, `unexpected URL ${page.url()}`);
  }],
  ['see its commits, diff and mergeability', async () => {
    await page.getByRole('link', { name: 'Commits' }).click();
    await page.getByRole('list', { name: 'Commits' }).getByText('Greet Grace too').waitFor();
    await page.getByRole('link', { name: /Files changed/ }).click();
    await page.getByRole('region', { name: 'src/app.py' }).locator('tr.add', { hasText: "greet('grace')" }).waitFor();
    await page.getByRole('region', { name: 'src/app.py' }).locator('tr.del', { hasText: "print(greet('ada'))" }).waitFor();
    await page.getByRole('region', { name: 'NOTES.md' }).locator('tr.add', { hasText: 'Greets two people.' }).waitFor();
    await page.getByRole('link', { name: /Conversation/ }).click();
    const merge = page.getByRole('region', { name: 'Merge' });
    await merge.getByRole('status').getByText('This branch has no conflicts with the base branch.').waitFor();
  }],
  ['merge it in the UI', async () => {
    const merge = page.getByRole('region', { name: 'Merge' });
    await merge.getByRole('button', { name: 'Merge pull request' }).click();
    await merge.getByText(/^Merged/).waitFor();
    await page.locator('.badge', { hasText: 'Merged' }).first().waitFor();
  }],
  ['git fetch sees the merge on main', async () => {
    git.run(['fetch', '-q', remote, 'main'], { cwd: work, token });
    const merged = git.rev(work, 'FETCH_HEAD');
    const ancestor = git.run(['merge-base', '--is-ancestor', topic, merged], { cwd: work, check: false });
    expect(ancestor.status === 0, `main (${merged}) does not contain the branch (${topic})`);
    const log = git.run(['log', '--format=%s', merged], { cwd: work }).stdout;
    expect(log.includes('Greet Grace too') && log.includes('Start the journey'), `main's log:\n${log}`);
    const file = git.run(['show', `${merged}:src/app.py`], { cwd: work }).stdout;
    expect(file.includes("greet('grace')"), 'the merged file lacks the change');
  }],
  ['the UI shows the merged code on main', async () => {
    await page.goto(`${BASE}/${LOGIN}/${repo}/blob/main/src/app.py`);
    await page.getByRole('region', { name: 'Contents of app.py' }).getByText("greet('grace')", { exact: false }).waitFor();
  }],
  ['revoke the token; git is refused with 401', async () => {
    await page.goto(`${BASE}/settings/tokens`);
    confirming = true;
    const row = page.getByRole('list', { name: 'Access tokens' }).getByRole('listitem').filter({ hasText: tokenName });
    await row.getByRole('button', { name: `Revoke ${tokenName}` }).click();
    await row.getByText('Revoked').waitFor();
    const fetched = git.run(['fetch', remote, 'main'], { cwd: work, token, check: false, env: { GIT_TRACE_CURL: '1', GIT_TRACE_CURL_NO_DATA: '1' } });
    expect(fetched.status !== 0, 'git fetch with a revoked token succeeded');
    expect(/Recv header: HTTP\/[\d.]+ 401/.test(fetched.stderr), `git did not get a 401:\n${fetched.stderr.slice(-2000)}`);
    const pushed = git.run(['push', remote, 'topic:other'], { cwd: work, token, check: false });
    expect(pushed.status !== 0, 'git push with a revoked token succeeded');
  }],
  ['nothing ran along the way', async () => {
    expect((await pwned()) === undefined && dialogs === 0, 'script ran somewhere');
  }],
]);

await browser.close();
git.cleanup();
