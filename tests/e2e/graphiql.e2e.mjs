// GraphiQL from our own bundle: renders offline, and runs a query with a
// token pasted into the headers editor.
import { BASE, LOGIN, PASSWORD, expect, launch, run } from './browser.mjs';

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.setDefaultTimeout(15000);
const signIn = await fetch(`${BASE}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    query: 'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
    variables: { input: { login: LOGIN, password: PASSWORD } },
  }),
}).then((r) => r.json());
const token = signIn.data.signIn.token;

await run('graphiql', page, [
  ['GET /graphql in a browser renders GraphiQL', async () => {
    await page.goto(`${BASE}/graphql`);
    await page.locator('.graphiql-execute-button').waitFor();
  }],
  ['the schema is known (documentation explorer)', async () => {
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.getByText('Query', { exact: true }).first().waitFor();
  }],
  ['a pasted token runs { viewer { login } }', async () => {
    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    const headers = page.locator('.graphiql-editor-tool .graphiql-editor').last();
    // On a loaded machine the editor may take the click before it takes keys: type until it shows them.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await headers.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));
      if ((await headers.textContent()).includes(token)) break;
      await page.waitForTimeout(500);
    }
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(
      (login) => document.querySelector('.result-window')?.textContent?.includes(`"${login}"`),
      LOGIN,
    );
    const text = await page.locator('.result-window').textContent();
    expect(text.includes('"viewer"'), `unexpected result ${text}`);
  }],
  ['headers are not persisted to localStorage', async () => {
    const keys = await page.evaluate(
      (secret) => Object.keys(localStorage).filter((key) => localStorage.getItem(key).includes(secret)),
      token,
    );
    expect(keys.length === 0, `the token was written to localStorage: ${keys.join(', ')}`);
  }],
]);

await browser.close();
