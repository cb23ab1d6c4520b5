// Browsing code in the SPA against a live Ingot: a repository seeded by the
// test (test_browser.py) with a hostile README, two branches, a tag and history.
import { BASE, expect, launch, run, sidewaysOverflow, signIn } from './browser.mjs';

const REPO = process.env.INGOT_CODE_REPO;
const PRIVATE = process.env.INGOT_PRIVATE_REPO;
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
page.setDefaultTimeout(10000);
let dialogs = 0;
page.on('dialog', (dialog) => {
  dialogs += 1;
  dialog.dismiss();
});

const pwned = () => page.evaluate(() => window.__pwned);

await run('code', page, [
  ['sign in', () => signIn(page)],
  ['the home shows the tree and renders the README', async () => {
    await page.goto(`${BASE}/${REPO}`);
    const files = page.getByRole('list', { name: 'Files' });
    await files.getByRole('link', { name: 'src/' }).waitFor();
    await files.getByRole('link', { name: 'README.md' }).waitFor();
    const readme = page.locator('.readme .markdown');
    await readme.getByRole('heading', { name: 'Project' }).waitFor();
    await readme.locator('strong', { hasText: 'bold' }).waitFor();
    await readme.locator('pre code.language-python').waitFor();
  }],
  ['a hostile README does not execute', async () => {
    const readme = page.locator('.readme .markdown');
    // The server's sanitizer drops scripts with their content; the rest is shown as HTML.
    await readme.getByText('click me').first().waitFor();
    expect(!(await readme.innerText()).includes('window.__pwned = 1'), 'a script survived as text or element');
    expect((await readme.locator('script, iframe, svg, [onerror], [onload]').count()) === 0, 'hostile markup became elements');
    const hrefs = await readme.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.every((h) => !/^\s*(javascript|data|vbscript):/i.test(h)), `unsafe hrefs: ${hrefs.join(' ')}`);
    await readme.getByText('click me').click();
    await page.waitForTimeout(300);
    expect((await pwned()) === undefined && dialogs === 0, 'hostile README ran script');
    expect((await readme.locator('img[src^="http"]').count()) === 0, 'a remote image is loaded');
  }],
  ['open a directory and a file with highlighted lines', async () => {
    await page.getByRole('list', { name: 'Files' }).getByRole('link', { name: 'src/' }).click();
    await page.getByRole('list', { name: 'Files' }).getByRole('link', { name: 'app.py' }).click();
    const code = page.getByRole('region', { name: 'Contents of app.py' });
    await code.locator('.hl-kw', { hasText: 'def' }).first().waitFor();
    expect(page.url().endsWith(`/${REPO}/blob/main/src/app.py`), `unexpected URL ${page.url()}`);
  }],
  ['line links select a line', async () => {
    await page.getByRole('link', { name: 'Line 3', exact: true }).click();
    expect(page.url().endsWith('#L3'), `no line anchor in ${page.url()}`);
    await page.locator('tr#L3.selected').waitFor();
    await page.goto(`${BASE}/${REPO}/blob/main/src/app.py#L2`);
    await page.locator('tr#L2.selected').waitFor();
  }],
  ['the raw link serves the file', async () => {
    const href = await page.getByRole('link', { name: 'Raw' }).getAttribute('href');
    expect(href === `/${REPO}/raw/main/src/app.py`, `unexpected raw link ${href}`);
    const text = await fetch(`${BASE}${href}`).then((r) => r.text());
    expect(text.startsWith('def greet'), `raw gave ${text.slice(0, 40)}`);
  }],
  ['switch to a branch with a slash in its name', async () => {
    await page.getByText(/^ref:/).click();
    await page.getByRole('list', { name: 'Branches' }).getByRole('link', { name: 'feature/x' }).click();
    // The switcher keeps the file in view, at the other branch.
    await page.waitForURL(/\/tree\/feature\/x\/src\/app\.py$/);
    await page.getByRole('region', { name: 'Contents of app.py' }).waitFor();
    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'code-e2e' }).click();
    await page.getByRole('list', { name: 'Files' }).getByRole('link', { name: 'feature.txt' }).click();
    await page.getByRole('region', { name: 'Contents of feature.txt' }).getByText('only on the branch').waitFor();
    expect(page.url().endsWith(`/${REPO}/blob/feature/x/feature.txt`), `unexpected URL ${page.url()}`);
  }],
  ['a tag shows the tree as it was', async () => {
    await page.goto(`${BASE}/${REPO}/tree/v1.0`);
    await page.getByRole('list', { name: 'Files' }).getByRole('link', { name: 'README.md' }).waitFor();
    expect((await page.getByRole('list', { name: 'Files' }).getByRole('link', { name: 'src/' }).count()) === 0, 'v1.0 has src/');
  }],
  ['history lists commits and a commit shows its diff', async () => {
    await page.goto(`${BASE}/${REPO}`);
    await page.getByRole('link', { name: 'History' }).click();
    const commits = page.getByRole('list', { name: 'Commits' });
    await commits.getByRole('link', { name: 'Add the app' }).waitFor();
    await commits.getByRole('link', { name: 'Initial commit' }).waitFor();
    await commits.getByRole('link', { name: 'Add the app' }).click();
    await page.getByRole('heading', { name: 'Add the app' }).waitFor();
    const file = page.getByRole('region', { name: 'src/app.py' });
    await file.locator('tr.add', { hasText: 'def greet' }).waitFor();
  }],
  ['code pages fit a phone', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of [`/${REPO}`, `/${REPO}/blob/main/src/app.py`, `/${REPO}/commits/main`]) {
      await page.goto(`${BASE}${path}`);
      await page.locator('.repo-header h1').waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await sidewaysOverflow(page);
      expect(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
    }
    expect((await pwned()) === undefined && dialogs === 0, 'script ran somewhere');
  }],
  ['a private repository: no image prompts for a password, files download with the token', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${BASE}/${PRIVATE}`);
    const readme = page.locator('.readme .markdown');
    await readme.getByRole('heading', { name: 'Secret' }).waitFor();
    await readme.getByText('[logo]').waitFor();
    expect((await readme.locator('img').count()) === 0, 'a private image is requested without the token');
    const [archive] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download ZIP' }).click()]);
    const zip = await (await import('node:fs/promises')).readFile(await archive.path());
    expect(zip.subarray(0, 2).toString() === 'PK', 'the private archive is not a zip');
    expect(archive.suggestedFilename().endsWith('-main.zip'), `archive named ${archive.suggestedFilename()}`);
    await page.getByRole('list', { name: 'Files' }).getByRole('link', { name: 'notes.txt' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download', exact: true }).click()]);
    const { readFile } = await import('node:fs/promises');
    const got = await readFile(await download.path(), 'utf8');
    expect(got === 'private notes\n', `downloaded ${JSON.stringify(got)}`);
  }],
]);

await browser.close();
