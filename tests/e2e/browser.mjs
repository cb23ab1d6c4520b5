// Shared set-up for the browser tests: Debian's chromium driven by playwright-core.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(new URL('../../frontend/package.json', import.meta.url));
const { chromium } = require('playwright-core');

export const BASE = process.env.INGOT_URL ?? 'http://127.0.0.1:3000';
export const LOGIN = process.env.INGOT_LOGIN ?? 'admin';
export const PASSWORD = process.env.INGOT_PASSWORD ?? '';
const ARTIFACTS = process.env.INGOT_E2E_ARTIFACTS ?? 'test-artifacts/e2e';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Run the named steps in order; on the first failure keep a screenshot and exit 1. */
export async function run(name, page, steps) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(BASE) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.push(`request leaves the server: ${url}`);
    }
  });
  for (const [label, step] of steps) {
    try {
      await step();
      if (problems.length) throw new Error(problems.join('\n'));
      console.log(`ok   ${name}: ${label}`);
    } catch (error) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, `${name}-${label.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.error(`FAIL ${name}: ${label}\n${error.stack ?? error}\nscreenshot: ${file}`);
      process.exitCode = 1;
      return false;
    }
  }
  return true;
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Sign in through the login form and wait for the dashboard. */
export async function signIn(page, login = LOGIN, password = PASSWORD) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your repositories' }).waitFor();
}

/** How many pixels the page scrolls sideways (0 or less: it fits). */
export function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** POST a GraphQL operation from the test (set-up and checks outside the browser). */
export async function graphql(query, variables = {}, token = null) {
  const response = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

/** A session token for login and password, as the SPA's sign-in gets one. */
export async function sessionFor(login = LOGIN, password = PASSWORD) {
  const { body } = await graphql(
    'mutation($i: SignInInput!) { signIn(input: $i) { token } }',
    { i: { login, password } },
  );
  if (!body.data) throw new Error(`sign-in failed: ${JSON.stringify(body)}`);
  return body.data.signIn.token;
}
