// History as visitors see it: the homepage's Today line and day strip, /history's day timeline
// (privacy rules applied after the fact), the 7-day charts with their text equivalents, bad queries,
// and the Chinese pages. Each test has a server of its own, so "today" holds only its sessions.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, logIn, PHONE, testOnOwnServer as test } from './fixtures';

async function report(request: APIRequestContext, token: string, data: unknown) {
  const res = await request.post('/api/status', { headers: { authorization: `Bearer ${token}` }, data });
  expect(res.status(), await res.text()).toBe(200);
}

/** Two reports of the same project a moment apart: a session with some coding time in it. */
async function codeOn(page: Page, request: APIRequestContext, token: string, project: string) {
  await report(request, token, { kind: 'coding', project, language: 'TypeScript' });
  await page.waitForTimeout(1_200);
  await report(request, token, { kind: 'coding', project, language: 'TypeScript' });
}

test(
  'after coding, the homepage shows Today with coding time and a day strip; /history lists the session, and a hidden project disappears',
  PHONE,
  async ({ page, request, reporterToken }) => {
    await page.goto('/');
    await expect(page.getByTestId('today-line')).toHaveText('Today: Nothing yet today.');

    await codeOn(page, request, reporterToken, 'nowline');
    await page.goto('/');
    const line = page.getByTestId('today-line');
    await expect(line).toContainText(/^Today: .+ coding$/);
    const strip = page.getByTestId('day-strip');
    await expect(strip.locator('[data-kind="coding"]')).toHaveCount(1);
    await expect(strip.locator('[data-kind="coding"]')).toBeVisible();
    await expect(page.getByTestId('day-strip-text')).toContainText(/Coding \d\d:\d\d–ongoing: nowline · TypeScript/);
    await page.getByRole('link', { name: 'History →' }).click();

    await expect(page).toHaveURL(/\/history$/);
    await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeVisible();
    const timeline = page.getByTestId('timeline');
    await expect(timeline.getByRole('listitem')).toHaveCount(1);
    await expect(timeline).toContainText('Coding · nowline · TypeScript');
    await expect(page.getByRole('link', { name: 'Next day →' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: '← Previous day' })).toBeVisible();

    await codeOn(page, request, reporterToken, 'secret-client');
    await page.reload();
    await expect(timeline).toContainText('secret-client');

    await logIn(page);
    await page.getByRole('button', { name: 'Add project rule' }).click();
    await page
      .getByRole('group', { name: 'Project rule 1', exact: true })
      .getByLabel('Name', { exact: true })
      .fill('secret-client');
    await page.getByRole('button', { name: 'Save privacy rules' }).click();
    await expect(page.getByTestId('privacy-save-status')).toContainText('Saved');

    await page.goto('/history');
    // The session stays (its time counts) without its project.
    await expect(timeline.getByRole('listitem')).toHaveCount(2);
    await expect(timeline).not.toContainText('secret-client');
    await expect(page.locator('main')).not.toContainText('secret-client');
  },
);

test(
  'the 7-day view draws coding per day, languages, projects and music, each with text a screen reader reads',
  PHONE,
  async ({ page, request, reporterToken }) => {
    await codeOn(page, request, reporterToken, 'nowline');
    await report(request, reporterToken, { kind: 'music', title: 'VCR', artist: 'The xx' });

    await page.goto('/history?range=7d');
    await expect(page.getByRole('link', { name: '7 days' })).toHaveAttribute('aria-current', 'page');
    const chart = page.getByTestId('coding-chart');
    await expect(chart.locator('svg')).toBeVisible();
    await expect(chart.locator('rect')).toHaveCount(1);
    // The table is hidden from sight, not from screen readers: 7 days, today's with some time.
    const table = chart.getByRole('table', { name: 'Coding time per day' });
    await expect(table.getByRole('row')).toHaveCount(8);
    await expect(table.getByRole('row').last()).toContainText(/less than a minute|min/);
    await expect(page.getByTestId('by-language')).toContainText('TypeScript');
    await expect(page.getByTestId('by-project')).toContainText('nowline');
    await expect(page.getByTestId('top-artists')).toContainText('The xx');
    await expect(page.getByTestId('top-tracks')).toContainText('VCR by The xx');

    // Phones get the whole chart inside the page, no sideways scrolling.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  },
);

test('bad days and views show today with a note (200); the future has no page of its own', async ({ page }) => {
  for (const [query, note] of [
    ['?day=2026-02-30', 'That is not a date we can show'],
    ['?day=3000-01-01', 'That day has not happened yet'],
    ['?range=1y', 'Views are 7d or 30d'],
  ]) {
    const res = await page.goto(`/history${query}`);
    expect(res?.status(), query).toBe(200);
    await expect(page.getByTestId('history-problem'), query).toContainText(note!);
  }
  await page.goto('/history?day=2026-01-05');
  await expect(page.getByTestId('history-problem')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(/^Monday,? 5 January 2026$/);
  await expect(page.getByRole('link', { name: 'Next day →' })).toHaveAttribute('href', '/history?day=2026-01-06');
});

test(
  'in Chinese: the Today line and /history have Chinese labels',
  PHONE,
  async ({ browser, baseURL, request, reporterToken }) => {
    const context = await browser.newContext({ baseURL, locale: 'zh-CN' });
    const page = await context.newPage();
    await codeOn(page, request, reporterToken, 'nowline');
    await page.goto('/');
    await expect(page.getByTestId('today-line')).toContainText(/^今天： 写代码/);
    await page.getByRole('link', { name: '历史 →' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '历史' })).toBeVisible();
    await expect(page.getByTestId('timeline')).toContainText('写代码 · nowline · TypeScript');
    await page.getByRole('link', { name: '7 天' }).click();
    await expect(page.getByRole('heading', { level: 2, name: '最近 7 天' })).toBeVisible();
    await expect(page.getByTestId('coding-chart')).toContainText('每天写代码的时间');
    await context.close();
  },
);
