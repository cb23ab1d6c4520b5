// A long anonymous browse (run by tests/ratelimit/test_browsing.py on a server whose
// script budget is tiny): hundreds of the SPA's own GraphQL requests, none refused.
import { BASE, expect, launch, run, signIn } from './browser.mjs';

const repo = process.env.INGOT_BROWSE_REPO;
const views = Number(process.env.INGOT_BROWSE_VIEWS ?? '150');
const paths = [
  `/${repo}`,
  `/${repo}/issues`,
  `/${repo}/commits/main`,
  `/${repo}/blob/main/README.md`,
  `/${repo}/pulls`,
  `/${repo}/releases`,
  `/${repo.split('/')[0]}`,
];

const browser = await launch();
const page = await browser.newPage();
page.setDefaultTimeout(10000);
const statuses = [];
page.on('response', (response) => {
  if (new URL(response.url()).pathname === '/graphql') statuses.push(response.status());
});

await run('browse', page, [
  [`${views} page views signed out`, async () => {
    for (let view = 0; view < views; view += 1) {
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/graphql');
      await page.goto(`${BASE}${paths[view % paths.length]}`, { waitUntil: 'domcontentloaded' });
      await answered;
    }
    await page.waitForLoadState('networkidle');
    const refused = statuses.filter((status) => status !== 200);
    expect(statuses.length >= views, `only ${statuses.length} GraphQL requests`);
    expect(refused.length === 0, `refused: ${refused.join(', ')} of ${statuses.length}`);
    const text = await page.textContent('body');
    expect(!/rate limit/i.test(text), 'the page says the rate limit was exceeded');
    console.log(`graphql requests: ${statuses.length}`);
  }],
  ['signing in still works', async () => {
    await signIn(page);
  }],
]);
await browser.close();
