// The owner's privacy rules on /admin: the preview follows the draft before anything is saved,
// saving changes what visitors and the API see, and bad input saves nothing. Each test has a server
// of its own: it starts with no rules and no activity, whatever else ran.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, logIn, testOnOwnServer as test } from './fixtures';

async function postStatus(request: APIRequestContext, token: string, data: unknown) {
  const res = await request.post('/api/status', { headers: { authorization: `Bearer ${token}` }, data });
  expect(res.status(), await res.text()).toBe(200);
}

async function publicStatus(request: APIRequestContext) {
  const res = await request.get('/api/status');
  expect(res.status()).toBe(200);
  return { json: await res.json(), text: JSON.stringify(await res.json()) };
}

const rule = (page: Page, name: string) => page.getByRole('group', { name, exact: true });

test('privacy rules: live preview, save, public page and API follow; an invalid regex saves nothing', async ({
  page,
  browser,
  request,
  reporterToken,
}) => {
  await postStatus(request, reporterToken, {
    activities: [
      { kind: 'app', name: 'Slack', title: 'DM with Bob — /Users/alice/Documents/plan.txt' },
      { kind: 'coding', project: 'client-acme', file: '/Users/alice/client-acme/src/index.ts', language: 'TypeScript', editor: 'VS Code' },
    ],
  });
  const before = await publicStatus(request);
  expect(before.json.activities.map((a: { kind: string }) => a.kind)).toEqual(['coding', 'app']);
  // Never public by default: the window title, the file, the path.
  expect(before.text).not.toContain('/Users/alice');
  expect(before.text).not.toContain('DM with Bob');
  expect(before.text).not.toContain('index.ts');

  await logIn(page);

  // The recent reports panel shows what came in, raw fields behind a disclosure.
  const report = page.getByTestId('report').first();
  await expect(report).toContainText('e2e-worker');
  await expect(report).toContainText('api');
  await expect(report).toHaveAttribute('data-outcome', 'published');
  const raw = report.getByText('Raw fields');
  await expect(report.locator('pre').first()).toBeHidden();
  await raw.click();
  await expect(report.locator('pre').first()).toContainText('/Users/alice/client-acme/src/index.ts');

  const preview = page.getByTestId('privacy-preview');
  await expect(preview).toContainText('client-acme');
  await expect(preview).toContainText('Using Slack');

  // Rename a project: the preview changes while the public API does not.
  await page.getByRole('button', { name: 'Add project rule' }).click();
  const projectRule = rule(page, 'Project rule 1');
  await expect(projectRule.getByLabel('Name', { exact: true })).toBeFocused();
  await projectRule.getByLabel('Name', { exact: true }).fill('CLIENT-ACME');
  await projectRule.getByLabel('Action').selectOption('rename');
  await projectRule.getByLabel('New name').fill('Client work');
  await expect(preview).toContainText('Client work');
  await expect(preview).not.toContainText('client-acme');
  await expect(page.getByTestId('privacy-preview-json')).toContainText('"project": "Client work"');

  // Hide an app.
  await page.getByRole('button', { name: 'Add app rule' }).click();
  await rule(page, 'App rule 1').getByLabel('Name', { exact: true }).fill('slack');
  await expect(preview).not.toContainText('Slack');
  await expect(page.getByTestId('privacy-preview-summary')).toContainText('1 hidden');
  await expect(page.getByTestId('privacy-save-status')).toContainText('Unsaved changes');
  expect((await publicStatus(request)).json.activities).toEqual(before.json.activities);

  // Save, then a visitor in another browser context sees the rules applied.
  await page.getByRole('button', { name: 'Save privacy rules' }).click();
  await expect(page.getByTestId('privacy-save-status')).toContainText('Saved');

  const after = await publicStatus(request);
  expect(after.json.activities).toHaveLength(1);
  expect(after.json.activities[0]).toMatchObject({ kind: 'coding', project: 'Client work', language: 'TypeScript' });
  expect(after.text).not.toContain('Slack');
  expect(after.text).not.toContain('client-acme');
  expect(after.text).not.toContain('/Users/alice');

  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto('/');
  await expect(visitor.getByTestId('status-headline')).toContainText('Client work');
  await expect(visitor.locator('body')).not.toContainText('Slack');
  await expect(visitor.locator('body')).not.toContainText('client-acme');

  // An invalid regular expression: the error sits next to the field and nothing is saved.
  await page.getByRole('button', { name: 'Add app rule' }).click();
  const badRule = rule(page, 'App rule 2');
  await badRule.getByLabel('Regular expression').check();
  await badRule.getByLabel('Pattern').fill('(unclosed');
  await expect(badRule.getByText('Not a valid regular expression')).toBeVisible();
  await expect(badRule.getByLabel('Pattern')).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Save privacy rules' }).click();
  await expect(page.getByTestId('privacy-errors')).toContainText('Nothing was saved');
  await expect(badRule.getByLabel('Pattern')).toBeFocused();

  await page.reload();
  await expect(rule(page, 'App rule 1').getByLabel('Name', { exact: true })).toHaveValue('slack');
  await expect(rule(page, 'App rule 2')).toHaveCount(0);
  const unchanged = await publicStatus(request);
  expect(unchanged.json.activities).toEqual(after.json.activities);

  // The open visitor page follows live when the rules are removed again.
  await rule(page, 'App rule 1').getByRole('button', { name: 'Remove app rule 1' }).click();
  await expect(page.getByRole('button', { name: 'Add app rule' })).toBeFocused();
  await rule(page, 'Project rule 1').getByRole('button', { name: 'Remove project rule 1' }).click();
  await page.getByRole('button', { name: 'Save privacy rules' }).click();
  await expect(page.getByTestId('privacy-save-status')).toContainText('Saved');
  await expect(visitor.getByTestId('status-headline')).toContainText('client-acme');
  await expect(visitor.locator('body')).toContainText('Slack');
  await visitorContext.close();
});

test('rule patterns: the preview and the server match with the same linear-time engine; machine names hidden by default', async ({
  page,
  request,
  reporterToken,
}) => {
  // Sixty spaces: `(.|\s)*x` would backtrack for ages in the browser's own engine.
  const room = `Chat${' '.repeat(60)}room`;
  await postStatus(request, reporterToken, {
    activities: [
      { kind: 'app', name: room },
      { kind: 'coding', project: 'nowline', language: 'Go', machine: 'CORP-JPVANDIJK-LT7' },
    ],
  });
  expect((await publicStatus(request)).text).not.toContain('CORP-JPVANDIJK-LT7');

  await logIn(page);
  const json = page.getByTestId('privacy-preview-json');
  await expect(json).toContainText('"language": "Go"');
  await expect(json).not.toContainText('CORP-JPVANDIJK-LT7');
  await page.getByLabel('Show machine name').check();
  await expect(json).toContainText('"machine": "CORP-JPVANDIJK-LT7"');
  await page.getByLabel('Show machine name').uncheck();

  await page.getByRole('button', { name: 'Add app rule' }).click();
  const appRule = page.getByRole('group', { name: /^App rule \d+$/ }).last();
  await appRule.getByLabel('Regular expression').check();
  await appRule.getByLabel('Pattern').fill('(.|\\s)*x');
  await expect(page.getByTestId('privacy-preview-summary')).not.toContainText('hidden');
  await appRule.getByLabel('Pattern').fill('(.|\\s)*ROOM$');
  await expect(page.getByTestId('privacy-preview-summary')).toContainText('1 hidden');

  // Syntax RE2 lacks is named next to the field, in the browser as on the server.
  await appRule.getByLabel('Pattern').fill('^(?!Code)Chat');
  await expect(appRule.getByText('Lookahead (?= …) and (?! …) is not supported')).toBeVisible();
  await appRule.getByLabel('Pattern').fill('(.|\\s)*ROOM$');

  await page.getByRole('button', { name: 'Save privacy rules' }).click();
  await expect(page.getByTestId('privacy-save-status')).toContainText('Saved');
  const saved = await publicStatus(request);
  expect(saved.json.activities.map((a: { kind: string }) => a.kind)).toEqual(['coding']);
  expect(saved.text).not.toContain('CORP-JPVANDIJK-LT7');

  // The engine travels with the admin page only: the homepage's scripts do not carry it.
  const home = await page.context().newPage();
  const scripts: string[] = [];
  home.on('response', (res) => {
    if (res.url().endsWith('.js')) scripts.push(res.url());
  });
  await home.goto('/');
  await expect(home.getByTestId('status-headline')).toBeVisible();
  expect(scripts.length).toBeGreaterThan(0);
  for (const url of scripts) expect(await (await request.get(url)).text(), url).not.toContain('invalid nested repetition operator');
  await home.close();
});
