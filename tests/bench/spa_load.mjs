// Times a repository page in headless Chromium; prints one JSON report (see spa_load.py).
import { launch } from '../e2e/browser.mjs';

const BASE = process.env.INGOT_URL;
const TOKEN = process.env.INGOT_TOKEN;
const REPO = process.env.INGOT_REPO;
const RUNS = Number(process.env.RUNS ?? 7);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(context) {
  const page = await context.newPage();
  await page.goto(`${BASE}/-/assets/`).catch(() => {});
  await page.evaluate((token) => sessionStorage.setItem('ingot.session', token), TOKEN);
  await page.goto(`${BASE}/${REPO}`, { waitUntil: 'commit' });
  // Rendered: the repository header and either the README or the clone help are on screen.
  await page.waitForFunction(() => document.querySelector('.repo-header h1') && (document.querySelector('.readme .markdown') || document.querySelector('.copy-field')), null, { timeout: 30000 });
  const timing = await page.evaluate(() => {
    const rendered = performance.now();
    const resources = performance.getEntriesByType('resource');
    const graphql = resources.filter((r) => r.name.endsWith('/graphql'));
    const scripts = resources.filter((r) => r.name.endsWith('.js'));
    return {
      rendered,
      scripts: Math.max(0, ...scripts.map((r) => r.responseEnd)),
      graphqlCount: graphql.length,
      graphqlTotal: graphql.reduce((sum, r) => sum + r.duration, 0),
      graphqlEnd: Math.max(0, ...graphql.map((r) => r.responseEnd)),
    };
  });
  await page.close();
  return timing;
}

function summarize(samples) {
  const out = {};
  for (const key of Object.keys(samples[0])) out[key] = median(samples.map((s) => s[key]));
  return out;
}

const browser = await launch();
const cold = [];
const warm = [];
for (let i = 0; i < RUNS; i += 1) {
  const context = await browser.newContext();
  cold.push(await measure(context)); // a fresh context: nothing cached
  warm.push(await measure(context)); // same context: assets from the HTTP cache
  await context.close();
}
await browser.close();
console.log(JSON.stringify({ runs: RUNS, cold: summarize(cold), warm: summarize(warm) }));
