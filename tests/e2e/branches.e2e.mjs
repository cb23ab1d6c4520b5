// Branches, tags and compare: the repository home's summary, the branches page (ahead and
// behind, protection, delete), a branch made from the ref picker, the tags page, a
// compare with its commits and diff, Gitea's URLs, and a title per page.
import { BASE, LOGIN, expect, graphql, launch, run, sessionFor, signIn } from './browser.mjs';
import { Git } from './git.mjs';

const stamp = Date.now().toString(36);
const name = `branches-${stamp}`;
const repo = `${LOGIN}/${name}`;
const git = new Git();

const browser = await launch();
const page = await browser.newPage();
page.setDefaultTimeout(10000);
let pushOutput = '';

await run('branches', page, [
  ['a repository with two branches and a tag, pushed with git', async () => {
    const admin = await sessionFor();
    const created = await graphql(
      'mutation($i: CreateRepositoryInput!) { createRepository(input: $i) { repository { id } } }',
      { i: { name, visibility: 'PUBLIC' } },
      admin,
    );
    const id = created.body.data?.createRepository?.repository?.id;
    expect(id, `createRepository: ${JSON.stringify(created.body)}`);
    await graphql(
      'mutation($i: CreateBranchProtectionRuleInput!) { createBranchProtectionRule(input: $i) { branchProtectionRule { id } } }',
      { i: { repositoryId: id, pattern: 'release/*' } },
      admin,
    );
    const minted = await graphql('mutation { createAccessToken(input: {name: "branches", scopes: ["repo:write"]}) { token } }', {}, admin);
    const token = minted.body.data.createAccessToken.token;
    const work = git.init('work');
    git.commit(work, { 'README.md': '# Branches\n' }, 'Start');
    git.run(['tag', 'v1.0'], { cwd: work });
    git.run(['push', `${BASE}/${repo}.git`, 'main', 'v1.0', 'main:release/1'], { cwd: work, token });
    git.run(['checkout', '-q', '-b', 'feature'], { cwd: work });
    git.commit(work, { 'feature.txt': 'one\n' }, 'Add the feature');
    git.commit(work, { 'feature.txt': 'one\ntwo\n' }, 'Grow the feature');
    pushOutput = git.run(['push', `${BASE}/${repo}.git`, 'feature'], { cwd: work, token }).stderr;
    git.run(['checkout', '-q', 'main'], { cwd: work });
    git.commit(work, { 'README.md': '# Branches\n\nMore.\n' }, 'Say more');
    git.run(['push', `${BASE}/${repo}.git`, 'main'], { cwd: work, token });
    await signIn(page);
  }],
  ['the push printed where to open a pull request', async () => {
    expect(pushOutput.includes(`remote:      ${BASE}/${repo}/pulls/new?head=feature`), `push said:\n${pushOutput}`);
  }],
  ['the home shows the latest commit, the counts, the clone box first and its own title', async () => {
    await page.goto(`${BASE}/${repo}`);
    const latest = page.getByRole('region', { name: 'Latest commit' }).or(page.locator('[aria-label="Latest commit"]'));
    await latest.getByRole('link', { name: 'Say more' }).waitFor();
    await latest.getByText(/Tester|Ingot|e2e/i).first().waitFor().catch(() => {});
    const counts = page.getByRole('navigation', { name: 'Repository counts' });
    await counts.getByRole('link', { name: '2 commits' }).waitFor();
    await counts.getByRole('link', { name: '3 branches' }).waitFor();
    await counts.getByRole('link', { name: '1 tag' }).waitFor();
    const order = await page.evaluate(() => {
      const clone = document.querySelector('details.clone-box');
      const files = document.querySelector('[aria-label="Files"]');
      return Boolean(clone && files && clone.compareDocumentPosition(files) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(order, 'the clone box is not above the files');
    expect((await page.title()) === `${LOGIN} / ${name} · Ingot`, `home title: ${await page.title()}`);
    await page.goto(`${BASE}/${repo}/issues`);
    await page.getByRole('heading', { name: `${LOGIN} / ${name}` }).waitFor();
    await page.waitForFunction((t) => document.title === t, `Issues · ${repo} · Ingot`);
  }],
  ['the branches page: ahead and behind, protection, default, delete', async () => {
    await page.getByRole('navigation', { name: 'Repository counts' }).waitFor({ state: 'detached' }).catch(() => {});
    await page.goto(`${BASE}/${repo}`);
    await page.getByRole('navigation', { name: 'Repository counts' }).getByRole('link', { name: '3 branches' }).click();
    const list = page.getByRole('list', { name: 'Branches' });
    const feature = list.getByRole('listitem').filter({ hasText: /^feature/ });
    await feature.getByLabel('2 ahead, 1 behind main').waitFor();
    await feature.getByRole('link', { name: 'Grow the feature' }).waitFor();
    const release = list.getByRole('listitem').filter({ hasText: 'release/1' });
    await release.getByText('Protected').waitFor();
    expect((await release.getByRole('button', { name: /Delete/ }).count()) === 0, 'a protected branch offers Delete');
    const main = list.getByRole('listitem').filter({ hasText: 'Default' });
    expect((await main.getByRole('button', { name: /Delete/ }).count()) === 0, 'the default branch offers Delete');
    await page.waitForFunction((t) => document.title === t, `Branches · ${repo} · Ingot`);
  }],
  ['create a branch from the ref picker, then delete it', async () => {
    await page.goto(`${BASE}/${repo}/tree/feature`);
    await page.getByLabel('Switch branch or tag (current: feature)').click();
    await page.getByPlaceholder('Filter branches and tags').fill('topic/new');
    await page.getByRole('button', { name: /^Create branch topic\/new from feature/ }).click();
    await page.getByLabel('Switch branch or tag (current: topic/new)').waitFor();
    const made = await graphql(
      'query($o: String!, $n: String!) { repository(owner: $o, name: $n) { ref(qualifiedName: "refs/heads/topic/new") { target { oid } } feature: ref(qualifiedName: "feature") { target { oid } } } }',
      { o: LOGIN, n: name },
      await sessionFor(),
    );
    const r = made.body.data.repository;
    expect(r.ref && r.ref.target.oid === r.feature.target.oid, `topic/new: ${JSON.stringify(made.body)}`);
    await page.goto(`${BASE}/${repo}/branches`);
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Delete branch topic/new' }).click();
    await page.getByRole('button', { name: 'Delete branch topic/new' }).waitFor({ state: 'detached' });
  }],
  ['the tags page lists the tag with its commit and downloads', async () => {
    await page.goto(`${BASE}/${repo}/tags`);
    const tag = page.getByRole('list', { name: 'Tags' }).getByRole('listitem').filter({ hasText: 'v1.0' });
    await tag.getByText(/Start/).waitFor();
    await tag.getByRole('link', { name: 'zip' }).waitFor();
    await page.waitForFunction((t) => document.title === t, `Tags · ${repo} · Ingot`);
  }],
  ['compare main...feature: the commits and the diff, and a pull request from there', async () => {
    await page.goto(`${BASE}/${repo}/compare/main...feature`);
    await page.getByRole('status').filter({ hasText: 'feature is 2 commits ahead of and 1 behind main' }).waitFor();
    const commits = page.getByRole('list', { name: 'Commits' });
    await commits.getByRole('link', { name: 'Grow the feature' }).waitFor();
    await commits.getByRole('link', { name: 'Add the feature' }).waitFor();
    await page.getByText('1 changed file with').waitFor();
    await page.getByText('feature.txt').first().waitFor();
    await page.getByRole('link', { name: 'Create pull request' }).click();
    await page.waitForURL(/\/pulls\/new\?base=main&head=feature$/);
  }],
  ["Gitea's URLs land on our pages", async () => {
    await page.goto(`${BASE}/${repo}/src/branch/feature/feature.txt`);
    await page.waitForURL(`${BASE}/${repo}/tree/feature/feature.txt`);
    await page.getByText('two').first().waitFor();
  }],
]);
await browser.close();
git.cleanup();
