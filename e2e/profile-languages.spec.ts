// The profile in Simplified Chinese: the editor on /admin (labels, buttons, a refusal's field
// errors) and what the homepage shows of the profile. A server of its own: the test saves a profile.
import { E2E_ADMIN_PASSWORD } from '../test/support/app-server';
import { expect, testOnOwnServer as test } from './fixtures';

test('a Chinese browser gets the profile editor in Chinese, field errors too; the homepage profile follows', async ({
  browser,
  ownServer,
}) => {
  const context = await browser.newContext({ locale: 'zh-CN', baseURL: ownServer.baseUrl });
  const page = await context.newPage();
  // A hydration mismatch (a text the browser would word differently from the server) is logged.
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/admin');
  await page.getByLabel('密码').fill(E2E_ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();

  const form = page.getByRole('region', { name: '个人资料', exact: true });
  await expect(form.getByRole('heading', { name: '个人资料' })).toBeVisible();
  for (const label of ['名字', '一句话简介', '关于', '时区', '语言'])
    await expect(form.getByLabel(label, { exact: true }), label).toBeVisible();
  const save = form.getByRole('button', { name: '保存资料' });
  await expect(save).toBeVisible();
  // Repeated rows are told apart by name, in Chinese too.
  await expect(form.getByLabel('链接 1, 网址')).toHaveValue(/github/i);
  await expect(form.getByRole('button', { name: '上移链接 2' })).toBeEnabled();
  await expect(form.getByRole('group', { name: '标题顺序' }).getByText('写代码')).toBeVisible();

  // Bad input: each field says what is wrong in Chinese, and nothing is saved.
  const colour = form.getByLabel('强调色', { exact: true });
  await colour.fill('not-a-colour');
  await form.getByRole('button', { name: '添加链接' }).click();
  await form.getByLabel('链接 4, 文字').fill('Evil');
  const url = form.getByLabel('链接 4, 网址');
  await url.fill('javascript:alert(1)');
  await save.click();
  await expect(colour).toHaveAttribute('aria-invalid', 'true');
  await expect(colour).toHaveAccessibleDescription(/必须是颜色值，例如 #4f46e5。/);
  await expect(url).toHaveAccessibleDescription(/必须是 https:、http: 或 mailto: 链接。/);
  await expect(form.getByRole('alert')).toHaveText('请检查标出的字段。没有保存任何内容。');
  expect((await (await context.request.get('/api/status')).json()).siteVersion).toBe(0);

  // Fixed, with an About text, a /now text and a section of cards: saved.
  await colour.fill('#1e3a8a');
  await form.getByRole('button', { name: '删除链接 4' }).click();
  await form.getByLabel('关于', { exact: true }).fill('我写了**第一个**编译器。');
  await form.getByLabel('“此刻”页面文字', { exact: true }).fill('这个月在教 COBOL。');
  await form.getByRole('button', { name: '添加分区' }).click();
  await form.getByLabel('分区 1, 分区标题').fill('项目');
  await form.getByRole('button', { name: '添加卡片' }).click();
  await form.getByLabel('分区 1 卡片 1, 卡片标题').fill('Nowline');
  await form.getByLabel('分区 1 卡片 1, 网址').fill('https://example.com/nowline');
  await save.click();
  await expect(form.getByRole('status')).toHaveText('资料已保存。打开的页面正在更新。');
  await expect(form.getByText(/^最后修改于 \d{4}年\d{1,2}月\d{1,2}日/)).toBeVisible();

  await page.goto('/');
  await expect(page.getByRole('navigation', { name: '链接' })).toBeVisible();
  await expect(page.getByRole('region', { name: '关于' }).locator('strong')).toHaveText('第一个');
  await expect(page.getByRole('region', { name: '项目' }).getByRole('link', { name: /Nowline/ })).toBeVisible();
  const nowLink = page.getByRole('link', { name: '看看我最近在忙什么 →' });
  await expect(nowLink).toHaveAttribute('href', '/now');
  await nowLink.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('此刻');
  await expect(page.getByText('这个月在教 COBOL。')).toBeVisible();
  expect(problems).toEqual([]);
  await context.close();
});
