// SSH keys in the SPA: add one to your account (its fingerprint is what
// `ssh-keygen -l` prints), see a bad one refused, delete with confirmation;
// deploy keys in a repository's settings (read-only or not); the clone box
// has no HTTPS/SSH switch on a server that runs no SSH.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, expect, graphql, launch, run, sessionFor, sidewaysOverflow, signIn } from './browser.mjs';

const dir = mkdtempSync(join(tmpdir(), 'ingot-keys-'));
/** A new key pair made by the real ssh-keygen: its public line and fingerprint. */
function makeKey(name, type = 'ed25519', bits = null) {
  const path = join(dir, name);
  const args = ['-q', '-t', type, '-N', '', '-C', `${name}@e2e`, '-f', path];
  if (bits) args.push('-b', String(bits));
  execFileSync('ssh-keygen', args);
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${path}.pub`]).toString().split(' ')[1];
  return { text: readFileSync(`${path}.pub`, 'utf8').trim(), fingerprint };
}

const stamp = Date.now().toString(36);
const repoName = `keys-${stamp}`;
const laptop = makeKey('laptop');
const desktop = makeKey('desktop', 'rsa', 3072);
const ci = makeKey('ci');
const deployer = makeKey('deployer', 'ecdsa');
let repo = '';

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(10000);
const keys = () => page.getByRole('list', { name: 'SSH keys' });
const deployKeys = () => page.getByRole('list', { name: 'Deploy keys' });

await run('keys', page, [
  ['sign in, with a repository', async () => {
    const session = await sessionFor();
    const { body } = await graphql(
      'mutation($i: CreateRepositoryInput!) { createRepository(input: $i) { repository { nameWithOwner } } }',
      { i: { name: repoName, visibility: 'PUBLIC' } },
      session,
    );
    repo = body.data.createRepository.repository.nameWithOwner;
    await signIn(page);
  }],
  ['the settings lead to SSH keys', async () => {
    await page.goto(`${BASE}/settings/profile`);
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'SSH keys' }).click();
    await page.getByRole('heading', { name: 'SSH keys', level: 1 }).waitFor();
    expect(page.url().endsWith('/settings/keys'), `unexpected URL ${page.url()}`);
    await page.getByText('You have no SSH keys.').waitFor();
  }],
  ['add two keys: listed with their fingerprint, type and no use yet', async () => {
    for (const [title, key] of [['Laptop', laptop], ['Desktop', desktop]]) {
      await page.getByLabel('Title').fill(title);
      await page.getByLabel(/^Key/).fill(key.text);
      await page.getByRole('button', { name: 'Add key' }).click();
      await keys().getByText(key.fingerprint).waitFor();
    }
    const laptopRow = keys().getByRole('listitem').filter({ hasText: 'Laptop' });
    await laptopRow.getByText('ssh-ed25519').waitFor();
    await laptopRow.getByText('never used').waitFor();
    await keys().getByRole('listitem').filter({ hasText: 'Desktop' }).getByText('ssh-rsa').waitFor();
    expect((await page.getByLabel('Title').inputValue()) === '', 'the form kept the title');
  }],
  ['a bad key and a key already added are refused', async () => {
    await page.getByLabel('Title').fill('Broken');
    await page.getByLabel(/^Key/).fill('ssh-ed25519 not-a-key');
    await page.getByRole('button', { name: 'Add key' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel(/^Key/).fill(laptop.text);
    await page.getByRole('button', { name: 'Add key' }).click();
    await page.getByRole('alert').filter({ hasText: /already/i }).waitFor();
    expect((await keys().getByRole('listitem').count()) === 2, 'a refused key was listed');
  }],
  ['delete a key after confirming', async () => {
    const row = keys().getByRole('listitem').filter({ hasText: 'Desktop' });
    await row.getByRole('button', { name: 'Delete Desktop' }).click();
    await row.getByRole('button', { name: 'Cancel' }).click();
    expect((await keys().getByRole('listitem').count()) === 2, 'cancel deleted the key');
    await row.getByRole('button', { name: 'Delete Desktop' }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await keys().getByText(desktop.fingerprint).waitFor({ state: 'detached' });
    const { body } = await graphql('{ viewer { publicKeys { title fingerprint } } }', {}, await sessionFor());
    const titles = body.data.viewer.publicKeys.map((k) => k.title);
    expect(JSON.stringify(titles) === '["Laptop"]', `the server has ${JSON.stringify(titles)}`);
  }],
  ['deploy keys in the repository settings, read-only or not', async () => {
    await page.goto(`${BASE}/${repo}/settings`);
    await page.getByRole('heading', { name: 'Deploy keys' }).waitFor();
    await page.getByText('No deploy keys yet.').waitFor();
    const form = page.getByRole('form', { name: 'Add a deploy key' });
    expect(await form.getByLabel('Read-only').isChecked(), 'a new deploy key is not read-only by default');
    await form.getByLabel('Title').fill('CI');
    await form.getByLabel('Key', { exact: true }).fill(ci.text);
    await form.getByRole('button', { name: 'Add deploy key' }).click();
    await deployKeys().getByText(ci.fingerprint).waitFor();
    await form.getByLabel('Title').fill('Deployer');
    await form.getByLabel('Key', { exact: true }).fill(deployer.text);
    await form.getByLabel('Read-only').uncheck();
    await form.getByRole('button', { name: 'Add deploy key' }).click();
    await deployKeys().getByText(deployer.fingerprint).waitFor();
    await deployKeys().getByRole('listitem').filter({ hasText: 'CI' }).getByText('Read-only').waitFor();
    await deployKeys().getByRole('listitem').filter({ hasText: 'Deployer' }).getByText('Read and write').waitFor();
    const [owner, name] = repo.split('/');
    const { body } = await graphql(
      'query($o: String!, $n: String!) { repository(owner: $o, name: $n) { deployKeys { title readOnly } } }',
      { o: owner, n: name },
      await sessionFor(),
    );
    const got = JSON.stringify(body.data.repository.deployKeys);
    expect(got === '[{"title":"CI","readOnly":true},{"title":"Deployer","readOnly":false}]', `the server has ${got}`);
  }],
  ['an account key is not taken as a deploy key', async () => {
    const form = page.getByRole('form', { name: 'Add a deploy key' });
    await form.getByLabel('Title').fill('Reused');
    await form.getByLabel('Key', { exact: true }).fill(laptop.text);
    await form.getByRole('button', { name: 'Add deploy key' }).click();
    await page.getByRole('alert').filter({ hasText: /already/i }).waitFor();
  }],
  ['delete a deploy key after confirming', async () => {
    const row = deployKeys().getByRole('listitem').filter({ hasText: 'Deployer' });
    await row.getByRole('button', { name: 'Delete Deployer' }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await deployKeys().getByText(deployer.fingerprint).waitFor({ state: 'detached' });
    expect((await deployKeys().getByRole('listitem').count()) === 1, 'the other deploy key went too');
  }],
  ['without SSH the clone box has no HTTPS/SSH switch', async () => {
    await page.goto(`${BASE}/${repo}`);
    await page.getByLabel('HTTPS clone URL').waitFor();
    expect((await page.getByRole('group', { name: 'Clone over' }).count()) === 0, 'a switch to no SSH URL');
  }],
  ['the keys page fits a phone', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${BASE}/settings/keys`);
    await keys().waitFor();
    await page.waitForLoadState('networkidle');
    const overflow = await sidewaysOverflow(page);
    expect(overflow <= 0, `/settings/keys scrolls sideways by ${overflow}px`);
  }],
]);

await browser.close();
