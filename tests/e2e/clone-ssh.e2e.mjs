// The clone box on a server that runs SSH: HTTPS first, a switch to the SSH
// URL (Repository.sshUrl) with a pointer to your SSH keys, and back.
// Run against its own server (INGOT_SSH_PORT set; test_browser.py).
import { BASE, expect, graphql, launch, run, sessionFor, signIn } from './browser.mjs';

const SSH_PORT = process.env.INGOT_SSH_PORT;
const host = new URL(BASE).hostname;
let repo = '';

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(10000);

await run('clone-ssh', page, [
  ['sign in, with a repository', async () => {
    const { body } = await graphql(
      'mutation { createRepository(input: {name: "clone-ssh", visibility: PUBLIC}) { repository { nameWithOwner } } }',
      {},
      await sessionFor(),
    );
    repo = body.data.createRepository.repository.nameWithOwner;
    await signIn(page);
  }],
  ['the clone box starts on HTTPS', async () => {
    await page.goto(`${BASE}/${repo}`);
    const https = await page.getByLabel('HTTPS clone URL').inputValue();
    expect(https === `${BASE}/${repo}.git`, `HTTPS URL ${https}`);
    const group = page.getByRole('group', { name: 'Clone over' });
    expect((await group.getByRole('button', { name: 'HTTPS' }).getAttribute('aria-pressed')) === 'true', 'HTTPS not pressed');
  }],
  ['switch to SSH and back', async () => {
    const group = page.getByRole('group', { name: 'Clone over' });
    await group.getByRole('button', { name: 'SSH' }).click();
    const ssh = await page.getByLabel('SSH clone URL').inputValue();
    expect(ssh === `ssh://git@${host}:${SSH_PORT}/${repo}.git`, `SSH URL ${ssh}`);
    await page.getByText(`git clone ${ssh}`).waitFor();
    await page.getByRole('link', { name: 'SSH keys' }).waitFor();
    await group.getByRole('button', { name: 'HTTPS' }).click();
    await page.getByLabel('HTTPS clone URL').waitFor();
  }],
]);

await browser.close();
