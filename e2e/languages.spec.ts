// English and Simplified Chinese: chosen from Accept-Language, switched on the page (with or
// without JavaScript), remembered in a cookie that wins over the browser's header.
import type { APIRequestContext, Browser } from '@playwright/test';
import { clearAllActivities, expect, test } from './fixtures';
import { E2E_ADMIN_PASSWORD, startServer } from '../test/support/app-server';

async function postStatus(request: APIRequestContext, token: string, data: unknown) {
  const res = await request.post('/api/status', { headers: { authorization: `Bearer ${token}` }, data });
  expect(res.status(), await res.text()).toBe(200);
}

/** A browser whose Accept-Language asks for Simplified Chinese first. */
const chineseBrowser = (browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) =>
  browser.newContext({ locale: 'zh-CN', ...options });

test('Accept-Language zh-CN gets the page in Chinese with <html lang="zh-CN">; no header gets English', async ({
  baseURL,
  browser,
}) => {
  // A plain HTTP request, as curl would send it.
  const chinese = await (
    await fetch(`${baseURL}/`, { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } })
  ).text();
  expect(chinese).toMatch(/<html lang="zh-CN"/);
  expect(chinese).toContain('此刻');
  expect(chinese).toContain('实时更新');
  const english = await (await fetch(`${baseURL}/`)).text();
  expect(english).toMatch(/<html lang="en"/);
  expect(english).toContain('Right now');
  // Traditional Chinese is not Simplified: the owner's default (English here).
  expect(await (await fetch(`${baseURL}/`, { headers: { 'accept-language': 'zh-TW' } })).text()).toMatch(
    /<html lang="en"/,
  );

  const context = await chineseBrowser(browser);
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { name: '此刻' })).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveText('实时');
  await context.close();
});

test("NOWLINE_DEFAULT_LANGUAGE=zh-CN: the owner's default for a browser that names no language the site has", async () => {
  const server = await startServer('default-language', { extraEnv: { NOWLINE_DEFAULT_LANGUAGE: 'zh-CN' } });
  try {
    const page = async (headers: Record<string, string>) => (await fetch(`${server.baseUrl}/`, { headers })).text();
    expect(await page({})).toMatch(/<html lang="zh-CN"/);
    expect(await page({ 'accept-language': 'fr-FR, de;q=0.8' })).toMatch(/<html lang="zh-CN"/);
    expect(await page({ 'accept-language': 'fr-FR, en;q=0.5' })).toMatch(/<html lang="en"/);
    expect(await page({ 'accept-language': 'zh-CN', cookie: 'nowline-lang=en' })).toMatch(/<html lang="en"/);
  } finally {
    await server.stop();
  }
});

test('the switch changes the language; the choice sticks across a reload and wins over Accept-Language', async ({
  browser,
}) => {
  const context = await chineseBrowser(browser);
  const page = await context.newPage();
  await page.goto('/');
  const switcher = page.getByRole('form', { name: '语言' });
  await expect(switcher.getByRole('button', { name: '中文' })).toHaveAttribute('aria-pressed', 'true');

  await switcher.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Right now' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/');
  const cookie = (await context.cookies()).find((c) => c.name === 'nowline-lang');
  expect(cookie).toMatchObject({ value: 'en', sameSite: 'Lax', path: '/' });
  expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(360 * 86_400_000);

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('form', { name: 'Language' }).getByRole('button', { name: 'English' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '此刻' })).toBeVisible();
  await context.close();
});

test('the switch works with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/admin');
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  expect(new URL(page.url()).pathname).toBe('/admin');
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await context.close();
});

test('/admin in Chinese: login, a refusal and a form error', async ({ browser }) => {
  const context = await chineseBrowser(browser);
  const page = await context.newPage();
  await page.goto('/admin');
  await expect(page.getByRole('heading', { name: 'Nowline 管理' })).toBeVisible();
  await expect(page).toHaveTitle(/^管理 · /);
  await page.getByLabel('密码').fill('not the password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '密码' })).toHaveText('密码错误。');

  await page.getByLabel('密码').fill(E2E_ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: '手动状态' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '上报令牌' })).toBeVisible();
  await page.getByRole('button', { name: '设置状态' }).click();
  await expect(page.getByText('请填写文字或选择表情。')).toBeVisible();
  await context.close();
});

test.describe('with a status shown', () => {
  test.beforeEach(async ({ request, reporterToken }) => {
    await clearAllActivities(request, reporterToken);
  });

  test("times carry the owner's zone abbreviation only when the visitor's zone differs", async ({
    browser,
    request,
    reporterToken,
  }) => {
    await postStatus(request, reporterToken, {
      kind: 'manual',
      text: 'Deep work',
      until: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const farAway = await browser.newContext({ timezoneId: 'America/New_York' });
    const visitor = await farAway.newPage();
    await visitor.goto('/');
    // The abbreviation is always in the markup (its space reserved); only a visitor elsewhere sees it.
    await expect(visitor.getByTestId('status-headline')).toContainText(/until \d\d:\d\d CES?T/);
    await expect(visitor.getByTestId('zone')).toBeVisible();

    const nearby = await browser.newContext({ timezoneId: 'Europe/Paris' });
    const neighbour = await nearby.newPage();
    await neighbour.goto('/');
    await expect(neighbour.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await expect(neighbour.getByTestId('status-headline')).toContainText(/until \d\d:\d\d$/, { useInnerText: true });
    await expect(neighbour.getByTestId('zone')).toBeHidden();
    await farAway.close();
    await nearby.close();
  });

  test('the Chinese page hydrates without errors or warnings: server and browser format alike', async ({
    browser,
    request,
    reporterToken,
  }) => {
    await postStatus(request, reporterToken, {
      activities: [
        { kind: 'manual', emoji: '🎧', text: '专注工作', until: new Date(Date.now() + 30 * 3_600_000).toISOString() },
        { kind: 'coding', project: 'nowline', language: 'TypeScript', editor: 'VS Code' },
        { kind: 'music', title: 'Vantablack', artist: 'Dool', durationMs: 301_000, positionMs: 1000 },
      ],
    });
    const context = await chineseBrowser(browser, { timezoneId: 'Europe/Berlin' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto('/');
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    const headline = page.getByTestId('status-headline');
    // Same zone as the owner: the abbreviation stays hidden (it is in the markup, reserving its space).
    await expect(headline).toContainText(/直到 \d+月\d+日周. \d\d:\d\d$/, { useInnerText: true });
    await expect(page.getByTestId('zone')).toBeHidden();
    await expect(page.getByTestId('status-coding')).toContainText('正在写 nowline（TypeScript）');
    await expect(page.getByRole('progressbar', { name: '播放进度' })).toBeVisible();
    await postStatus(request, reporterToken, { kind: 'manual', text: '已更新' });
    await expect(headline).toContainText('已更新');
    expect(problems).toEqual([]);
    await context.close();
  });
});

test('on a phone in dark mode the switch is visible, named and usable by keyboard', async ({ browser }, testInfo) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    colorScheme: 'dark',
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  await page.goto('/');
  const switcher = page.getByRole('form', { name: 'Language' });
  await switcher.scrollIntoViewIfNeeded();
  await expect(switcher).toBeVisible();
  const chinese = switcher.getByRole('button', { name: '中文' });
  await expect(chinese).toBeInViewport({ ratio: 1 });
  const box = await chinese.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(36);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  // The chosen language stands out from the other in dark mode too.
  const background = (name: string) =>
    switcher.getByRole('button', { name }).evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await background('English')).not.toBe(await background('中文'));
  await page.screenshot({ path: testInfo.outputPath('language-switch-phone-dark.png') });

  await chinese.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('form', { name: '语言' }).getByRole('button', { name: '中文' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await context.close();
});
