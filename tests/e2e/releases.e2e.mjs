// Releases in the SPA against a live Ingot: publish one, attach a file, download it.
import { BASE, LOGIN, PASSWORD, expect, launch, run } from './browser.mjs';

const REPO = process.env.INGOT_RELEASES_REPO;
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
page.setDefaultTimeout(10000);
const content = `release notes ${Date.now()}\n`;

await run('releases', page, [
  ['sign in', async () => {
    await page.goto(`${BASE}/login`);
    await page.getByLabel('Login').fill(LOGIN);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your repositories' }).waitFor();
  }],
  ['publish a release', async () => {
    await page.goto(`${BASE}/${REPO}`);
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Releases' }).click();
    await page.getByText('No releases yet.').waitFor();
    await page.getByRole('link', { name: 'New release' }).click();
    await page.getByLabel('Tag').fill('v1.0');
    await page.getByLabel(/^Release title/).fill('First <b>release</b>');
    await page.getByRole('button', { name: 'Publish release' }).click();
    await page.getByRole('list', { name: 'Releases' }).getByRole('heading', { name: 'First <b>release</b>' }).waitFor();
  }],
  ['attach a file', async () => {
    await page.getByLabel('File for v1.0').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(content) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('list', { name: 'Assets of v1.0' }).getByRole('link', { name: 'notes.txt' }).waitFor();
  }],
  ['download it', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('list', { name: 'Assets of v1.0' }).getByRole('link', { name: 'notes.txt' }).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const got = await readFile(path, 'utf8');
    expect(got === content, `downloaded ${JSON.stringify(got)}`);
  }],
  ['fits a phone', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of [`/${REPO}/releases`, `/${REPO}/releases/new`]) {
      await page.goto(`${BASE}${path}`);
      await page.locator('.repo-header h1').waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
    }
  }],
]);

await browser.close();
