// Releases in the SPA against a live Ingot: publish one with Markdown notes,
// attach a file and download the same bytes (public and private repository),
// a draft pre-release published later, deleting a file and the releases; on a phone too.
import { readFile } from 'node:fs/promises';
import { BASE, LOGIN, PASSWORD, expect, launch, run } from './browser.mjs';

const REPO = process.env.INGOT_RELEASES_REPO;
const PRIVATE = process.env.INGOT_PRIVATE_RELEASES_REPO;
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
page.setDefaultTimeout(10000);
// Bytes that are not text: a download that re-encoded anything would differ.
const content = Buffer.from([...Array(2048).keys()].map((i) => (i * 131 + 7) % 256));
const notes = 'Notes with **bold** and `code`.\n\n<script>window.__pwned = 1</script>\n\n[bad](javascript:window.__pwned=2)\n';
const releases = () => page.getByRole('list', { name: 'Releases' });
const card = (name) => releases().getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });

/** Click the asset link and return the downloaded bytes. */
async function download(tag, name) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('list', { name: `Assets of ${tag}` }).getByRole('link', { name }).click(),
  ]);
  expect(file.suggestedFilename() === name, `saved as ${file.suggestedFilename()}`);
  return readFile(await file.path());
}

async function publish(tag, title, { body = '', draft = false, prerelease = false } = {}) {
  await page.getByRole('link', { name: 'New release' }).click();
  await page.getByLabel('Tag').fill(tag);
  await page.getByLabel(/^Release title/).fill(title);
  if (body) await page.getByLabel(/^Release notes/).fill(body);
  if (draft) await page.getByLabel('Draft').check();
  if (prerelease) await page.getByLabel('Pre-release').check();
  await page.getByRole('button', { name: 'Publish release' }).click();
  await card(title).waitFor();
}

async function attach(tag, name, bytes) {
  await page.getByLabel(`File for ${tag}`).setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
  await page.getByRole('form', { name: `Upload a file to ${tag}` }).getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('list', { name: `Assets of ${tag}` }).getByRole('link', { name }).waitFor();
}

await run('releases', page, [
  ['sign in', async () => {
    await page.goto(`${BASE}/login`);
    await page.getByLabel('Login').fill(LOGIN);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your repositories' }).waitFor();
  }],
  ['publish a release with Markdown notes', async () => {
    await page.goto(`${BASE}/${REPO}`);
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Releases' }).click();
    await page.getByText('No releases yet.').waitFor();
    await publish('v1.0', 'First <b>release</b>', { body: notes });
    const release = card('First <b>release</b>');
    await release.locator('.markdown strong', { hasText: 'bold' }).waitFor();
    await release.locator('.markdown code', { hasText: 'code' }).waitFor();
    expect((await release.locator('b, script').count()) === 0, 'markup in the title or notes became elements');
    // The server's sanitizer drops the script with its content.
    expect(!(await release.innerText()).includes('window.__pwned = 1'), 'a script survived in the notes');
    expect((await release.locator('a[href^="javascript"]').count()) === 0, 'a javascript: link was rendered');
    expect((await page.evaluate(() => window.__pwned)) === undefined, 'release notes ran script');
  }],
  ['attach a file', async () => {
    await attach('v1.0', 'engine.bin', content);
    await page.getByText('2.0 KB · 0 downloads').waitFor();
  }],
  ['download the same bytes', async () => {
    const got = await download('v1.0', 'engine.bin');
    expect(Buffer.compare(got, content) === 0, `downloaded ${got.length} bytes that differ from the ${content.length} uploaded`);
    await page.reload();
    await page.getByText('2.0 KB · 1 download', { exact: true }).waitFor();
  }],
  ['a draft pre-release shows as such and can be published', async () => {
    await publish('v2.0-rc1', 'Second', { draft: true, prerelease: true });
    const release = card('Second');
    await release.getByText('Draft', { exact: true }).waitFor();
    await release.getByText('Pre-release', { exact: true }).waitFor();
    await release.getByRole('button', { name: 'Publish v2.0-rc1' }).click();
    await release.getByText('Draft', { exact: true }).waitFor({ state: 'detached' });
    await release.getByText('Pre-release', { exact: true }).waitFor();
  }],
  ['delete a file', async () => {
    const release = card('First <b>release</b>');
    await release.getByRole('button', { name: 'Delete engine.bin' }).click();
    await release.getByRole('group', { name: 'Delete engine.bin?' }).getByRole('button', { name: 'Cancel' }).click();
    await release.getByRole('link', { name: 'engine.bin' }).waitFor();
    await release.getByRole('button', { name: 'Delete engine.bin' }).click();
    await release.getByRole('button', { name: 'Yes, delete the file' }).click();
    await release.getByText('No files.').waitFor();
  }],
  ['delete the releases', async () => {
    for (const [title, tag] of [['Second', 'v2.0-rc1'], ['First <b>release</b>', 'v1.0']]) {
      await card(title).getByRole('button', { name: `Delete release ${tag}` }).click();
      await card(title).getByRole('button', { name: 'Yes, delete the release' }).click();
      await card(title).waitFor({ state: 'detached' });
    }
    await page.getByText('No releases yet.').waitFor();
    await page.getByRole('heading', { name: 'Releases (0)' }).waitFor();
  }],
  ['a private repository\'s file downloads with the token', async () => {
    await page.goto(`${BASE}/${PRIVATE}/releases`);
    await page.getByText('No releases yet.').waitFor();
    await publish('v0.1', 'Secret');
    const secret = Buffer.from('private bytes \u00e9\n', 'utf8');
    await attach('v0.1', 'secret.txt', secret);
    const got = await download('v0.1', 'secret.txt');
    expect(Buffer.compare(got, secret) === 0, `downloaded ${JSON.stringify(got.toString())}`);
    const anonymous = await fetch(`${BASE}/${PRIVATE}/releases/download/v0.1/secret.txt`);
    expect(anonymous.status === 404 || anonymous.status === 401, `anonymous download answered ${anonymous.status}`);
  }],
  ['fits a phone', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of [`/${PRIVATE}/releases`, `/${REPO}/releases/new`]) {
      await page.goto(`${BASE}${path}`);
      await page.locator('.repo-header h1').waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
    }
  }],
]);

await browser.close();
