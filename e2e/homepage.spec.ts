// What visitors and the owner see, in a real browser against the built app.
import type { APIRequestContext } from '@playwright/test';
import { clearAllActivities, expect, logIn, test, testOnOwnServer, PHONE } from './fixtures';
import { E2E_ADMIN_PASSWORD } from '../test/support/app-server';

// What the page shows depends on every live activity: each test starts from none.
test.beforeEach(async ({ request, reporterToken }) => {
  await clearAllActivities(request, reporterToken);
});

async function postStatus(request: APIRequestContext, token: string, data: unknown) {
  const res = await request.post('/api/status', { headers: { authorization: `Bearer ${token}` }, data });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

test('the status is in the first HTML, readable with JavaScript off', async ({ browser, request, reporterToken }) => {
  await postStatus(request, reporterToken, { kind: 'manual', emoji: '📦', text: 'Shipping the first HTML' });
  const html = await (await request.get('/')).text();
  expect(html).toContain('Shipping the first HTML');

  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByTestId('status-headline')).toContainText('Shipping the first HTML');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await context.close();
});

test('a status set on /admin appears on an open homepage without a reload', async ({ browser }) => {
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto('/');
  await expect(visitor.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await visitor.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));

  const adminContext = await browser.newContext({ timezoneId: 'Europe/Berlin' });
  const admin = await adminContext.newPage();
  await logIn(admin);
  await admin.getByLabel('Emoji', { exact: true }).fill('🎧');
  await admin.getByLabel('What are you doing?').fill('Deep work');
  await admin.getByText('Custom', { exact: true }).click();
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await admin.getByLabel('Until').fill(`${tomorrow}T17:00`);
  await admin.getByRole('button', { name: 'Set status' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Status set.' })).toBeVisible();

  const headline = visitor.getByTestId('status-headline');
  await expect(headline).toContainText('Deep work');
  await expect(headline).toContainText('🎧');
  await expect(headline).toContainText('until');
  await expect(headline).toContainText('17:00');
  expect(await visitor.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);

  // Clearing goes out live too.
  await admin.getByRole('button', { name: 'Clear manual status' }).click();
  await expect(headline).toHaveAttribute('data-kind', 'offline');
  await expect(headline).toContainText('Last seen just now · 🎧 Deep work');
  await adminContext.close();
  await visitorContext.close();
});

test('a native ingest POST updates an open page', PHONE, async ({ page, request, reporterToken }) => {
  await page.goto('/');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await postStatus(request, reporterToken, {
    activities: [
      { kind: 'coding', language: 'TypeScript', project: 'nowline', editor: 'VS Code' },
      { kind: 'music', title: 'Vantablack', artist: 'Dool', durationMs: 301_000, positionMs: 10_000, playing: true },
    ],
  });
  await expect(page.getByText('Coding on nowline')).toBeVisible();
  await expect(page.getByText('Vantablack', { exact: true })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Track progress' })).toBeVisible();
});

test('text from reporters is shown as text, never as HTML', PHONE, async ({ page, request, reporterToken }) => {
  await page.goto('/');
  await postStatus(request, reporterToken, { kind: 'gaming', name: '<img src=x onerror="window.__pwned=1">Celeste' });
  await expect(page.getByTestId('status-headline').getByText('<img src=x onerror="window.__pwned=1">Celeste', { exact: false })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
});

test('the screen-reader summary follows the headline', PHONE, async ({ page, request, reporterToken }) => {
  await page.goto('/');
  await postStatus(request, reporterToken, { kind: 'manual', text: 'Reading a book' });
  await expect(page.locator('[aria-live="polite"]')).toContainText('Reading a book');
});

// On a server of its own: the waits it causes for this address must not reach other tests' logins.
testOnOwnServer('a wrong password is refused, repeated failures wait a few seconds, then the right one works', async ({ page }) => {
  await page.goto('/admin');
  // The message may repeat between attempts, so wait for each answer and the form's reset (a
  // refused attempt empties the field only once its answer is on the page).
  const attempt = async (password: string) => {
    await page.getByLabel('Password').fill(password);
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/admin'),
      page.getByRole('button', { name: 'Log in' }).click(),
    ]);
  };
  const refused = async (password: string) => {
    await attempt(password);
    await expect(page.getByLabel('Password')).toHaveValue('');
    await expect(page.getByLabel('Password')).toBeFocused();
    return (await page.locator('#login-error').textContent()) ?? '';
  };
  for (let i = 0; i < 4; i++) expect(await refused(`wrong-${i}`)).toBe('Wrong password.');
  expect(await refused('wrong-4')).toMatch(/^Wrong password\. Try again in \d+ s\.$/);
  // Refused unchecked within the wait (or checked and refused, if this machine took longer).
  const message = await refused('still-wrong');
  expect(message).toMatch(/^(Too many attempts|Wrong password)\. Try again in \d+ s\.$/);
  await expect(page.getByRole('heading', { name: 'Manual status' })).toHaveCount(0);
  // A wait of seconds, not a lockout: after as long as the form said (rounded up by the server),
  // the right password works.
  await page.waitForTimeout(Number(/in (\d+) s/.exec(message)?.[1]) * 1000);
  await attempt(E2E_ADMIN_PASSWORD);
  await expect(page.getByRole('heading', { name: 'Manual status' })).toBeVisible();
});

test('the admin creates a token (shown once), sees it listed, and revokes it', async ({ page, request }) => {
  await logIn(page);
  const name = `phone-${Date.now()}`;
  await page.getByLabel('New token name').fill(name);
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())!.trim();
  expect(token).toMatch(/^[0-9a-f-]{36}$/);
  const ok = await request.post('/api/status', { headers: { authorization: `Bearer ${token}` }, data: { kind: 'app', name: 'Terminal' } });
  expect(ok.status()).toBe(200);

  await page.reload();
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  const row = page.getByTestId('token-row').filter({ hasText: name });
  await expect(row).toContainText('last used');
  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  await expect(row).toContainText('revoked');
  // At once, on the instance that revoked it: the token was just verified, so it sat in the cache.
  const refused = await request.post('/api/status', { headers: { authorization: `Bearer ${token}` }, data: { kind: 'app', name: 'x' } });
  expect(refused.status()).toBe(401);
});

test('the admin form refuses a custom end time in the past and changes nothing', async ({ page, request }) => {
  await logIn(page);
  const before = await (await request.get('/api/status')).json();
  await page.getByLabel('What are you doing?').fill('Time travel');
  await page.getByText('Custom', { exact: true }).click();
  await page.getByLabel('Until').fill('2020-01-01T10:00');
  await page.getByRole('button', { name: 'Set status' }).click();
  await expect(page.getByText('The end time must be in the future.')).toBeVisible();
  expect((await (await request.get('/api/status')).json()).version).toBe(before.version);
});

test('looks right on a phone in dark mode', async ({ browser, request, reporterToken }, testInfo) => {
  await postStatus(request, reporterToken, { kind: 'manual', emoji: '🎧', text: 'Deep work' });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark', deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByTestId('status-headline')).toContainText('Deep work');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe('rgb(255, 255, 255)');
  await page.screenshot({ path: testInfo.outputPath('phone-dark.png') });
  await context.close();
});

test('the homepage hydrates without errors or warnings in the console', PHONE, async ({ page, request, reporterToken }) => {
  await postStatus(request, reporterToken, {
    activities: [
      { kind: 'manual', emoji: '🎧', text: 'Deep work', until: new Date(Date.now() + 3_600_000).toISOString() },
      { kind: 'music', title: 'Song', artist: 'Artist', durationMs: 200_000, positionMs: 1000 },
    ],
  });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  // A change rendered live: hydration and the first updates are over, with whatever they logged.
  await postStatus(request, reporterToken, { kind: 'manual', emoji: '🎧', text: 'Hydrated' });
  await expect(page.getByTestId('status-headline')).toContainText('Hydrated');
  expect(problems).toEqual([]);
});

test('the admin limits a token to CodeTime and coding: listed so, and refused the manual status', async ({ page, request }) => {
  await logIn(page);
  const name = `codetime-${Date.now()}`;
  await page.getByLabel('New token name').fill(name);
  await page.getByRole('group', { name: /May report through/ }).getByLabel('CodeTime').check();
  await page.getByRole('group', { name: /May set/ }).getByLabel('coding').check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())!.trim();
  await expect(page.getByTestId('token-row').filter({ hasText: name })).toContainText('May use: CodeTime · coding');

  const manual = await request.post('/api/status', { headers: { authorization: `Bearer ${token}` }, data: { kind: 'manual', text: 'Not me' } });
  expect(manual.status()).toBe(403);
  expect((await manual.json()).error.message).toMatch(/only through codetime/);
  const coding = await request.post('/api/codetime/eventLog', {
    headers: { token },
    data: { eventTime: Date.now(), project: 'nowline', language: 'typescript', editor: 'vscode' },
  });
  expect(coding.status()).toBe(200);
});
