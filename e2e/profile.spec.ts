// The owner's profile, edited on /admin: saving changes an already open homepage without a reload
// or a restart, hostile Markdown stays text, bad input saves nothing, and /now shows the now text.
// Each test has a server of its own: the profile is one shared setting per database.
import type { Locator, Page } from '@playwright/test';
import { PNG_1X1 } from '../test/support/site-settings';
import { accentColors } from '../lib/site/accent';
import { expect, logIn, testOnOwnServer as test, PHONE } from './fixtures';

const profileForm = (page: Page) => page.getByRole('region', { name: 'Profile', exact: true });

/** Fails the test if the page ever shows an alert (a script from the owner's text ran). */
function forbidDialogs(page: Page) {
  page.on('dialog', (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
}

async function save(form: Locator) {
  await form.getByRole('button', { name: 'Save profile' }).click();
}

async function addLink(form: Locator, label: string, href: string, icon?: string) {
  await form.getByRole('button', { name: 'Add link' }).click();
  const index = await form.getByLabel(/^Link \d+, Label$/).count();
  await form.getByLabel(`Link ${index}, Label`).fill(label);
  await form.getByLabel(`Link ${index}, URL`).fill(href);
  if (icon) await form.getByLabel(`Link ${index}, Icon`).selectOption(icon);
}

test('saving the profile updates an open homepage live; hostile Markdown stays text; /now shows the now text', PHONE, async ({
  page,
  browser,
  ownServer,
  request,
}) => {
  const visitor = await browser.newPage({ baseURL: ownServer.baseUrl });
  forbidDialogs(visitor);
  await visitor.goto('/');
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Ada Example');
  await expect(visitor.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  // Marks this document: a reload would lose it.
  await visitor.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  await logIn(page);
  forbidDialogs(page);
  const form = profileForm(page);
  await form.getByLabel('Name', { exact: true }).fill('Grace Hopper');
  await form.getByLabel('Tagline', { exact: true }).fill('Compilers, mostly.');
  await form
    .getByLabel('About', { exact: true })
    .fill(
      'I wrote *the first* compiler. <script>alert(1)</script>\n\n[x](javascript:alert(1)) and [my site](https://example.com/grace)',
    );
  await form.getByLabel('Now page text', { exact: true }).fill('Teaching **COBOL** this month.');
  // The preview follows the draft, Markdown rendered by the server.
  const preview = page.getByTestId('profile-preview');
  await expect(preview).toContainText('Grace Hopper');
  await expect(preview.locator('em')).toHaveText('the first');
  await save(form);
  await expect(form.getByRole('status')).toHaveText('Profile saved. Open pages update now.');

  // The open homepage follows without a reload.
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Grace Hopper', { timeout: 15_000 });
  await expect(visitor.getByText('Compilers, mostly.')).toBeVisible();
  expect(await visitor.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  const about = visitor.getByRole('region', { name: 'About' });
  await expect(about.locator('em')).toHaveText('the first');
  // Raw HTML is text; the javascript: link is not a link; an https link is, with rel.
  await expect(about).toContainText('<script>alert(1)</script>');
  await expect(about.locator('script')).toHaveCount(0);
  await expect(about).toContainText('[x](javascript:alert(1))');
  await expect(about.getByRole('link', { name: 'x', exact: true })).toHaveCount(0);
  await expect(about.getByRole('link', { name: 'my site' })).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(visitor.getByRole('link', { name: /now/i }).first()).toBeVisible();

  // A fresh request renders the same (no restart, no rebuild), and the API says which settings.
  const status = await (await request.get('/api/status')).json();
  expect(status.siteVersion).toBe(1);
  const now = await browser.newPage({ baseURL: ownServer.baseUrl });
  forbidDialogs(now);
  await now.goto('/now');
  await expect(now).toHaveTitle('Now · Grace Hopper');
  await expect(now.getByRole('heading', { level: 1 })).toHaveText('Now');
  await expect(now.locator('main strong')).toHaveText('COBOL');
  await expect(now.getByText(/^Last updated /)).toBeVisible();
  await expect(now.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await visitor.close();
  await now.close();
});

test('a bad colour or link shows a field error and saves nothing', async ({ page, request }) => {
  await logIn(page);
  const form = profileForm(page);
  await form.getByLabel('Name', { exact: true }).fill('Not Saved');
  await form.getByLabel('Accent colour', { exact: true }).fill('not-a-colour');
  await addLink(form, 'Evil', 'javascript:alert(1)');
  await save(form);

  const colour = form.getByLabel('Accent colour', { exact: true });
  await expect(colour).toHaveAttribute('aria-invalid', 'true');
  await expect(colour).toHaveAccessibleDescription(/Must be a colour such as #4f46e5/);
  const url = form.getByLabel('Link 4, URL');
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(url).toHaveAccessibleDescription(/Must be an https:, http: or mailto: link/);
  await expect(form.getByRole('alert')).toHaveText('Check the highlighted fields. Nothing was saved.');

  expect((await (await request.get('/api/status')).json()).siteVersion).toBe(0);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ada Example');
});

test('the profile renders on a phone in dark mode: icons, link cards, the accent readable', async ({
  page,
  browser,
  ownServer,
}) => {
  await logIn(page);
  const form = profileForm(page);
  await form.getByLabel('Accent colour', { exact: true }).fill('#1e3a8a');
  await addLink(form, 'Blog feed', 'https://example.com/feed.xml', 'rss');
  await form.getByRole('button', { name: 'Move link 4 up' }).click();
  await form.getByLabel('Upload an image').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG_1X1 });
  await expect(form.getByText('me.png will be uploaded when you save.')).toBeVisible();
  await form.getByRole('button', { name: 'Add section' }).click();
  await form.getByLabel('Section 1, Section title').fill('Projects');
  await form.getByRole('button', { name: 'Add card' }).click();
  await form.getByLabel('Section 1, card 1, Card title').fill('Nowline');
  await form.getByLabel('Section 1, card 1, URL').fill('https://example.com/nowline');
  await form.getByLabel('Section 1, card 1, One line').fill('A live now line for a homepage.');
  await save(form);
  await expect(form.getByRole('status')).toHaveText('Profile saved. Open pages update now.');

  const phone = await browser.newContext({
    baseURL: ownServer.baseUrl,
    viewport: { width: 390, height: 844 },
    colorScheme: 'dark',
    isMobile: true,
  });
  const visitor = await phone.newPage();
  await visitor.goto('/');
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Ada Example');
  await expect(visitor.getByRole('link', { name: 'Blog feed' }).locator('svg[data-icon="rss"]')).toBeVisible();
  await expect(visitor.getByRole('navigation', { name: 'Links' }).getByRole('link')).toHaveText(['GitHub', 'Mastodon', 'Blog feed', 'Email']);
  await expect(visitor.locator('header img')).toHaveAttribute('src', /^\/api\/images\/[0-9a-f]{64}\.png$/);
  const card = visitor.getByRole('region', { name: 'Projects' }).getByRole('link', { name: /Nowline/ });
  await expect(card).toContainText('A live now line for a homepage.');
  // Dark theme: the dark navy accent is lightened to stay readable on the dark cards.
  const expected = accentColors('#1e3a8a').dark;
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(expected.slice(i, i + 2), 16));
  await expect(card.locator('span').first()).toHaveCSS('color', `rgb(${r}, ${g}, ${b})`);
  expect(await visitor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await phone.close();
});
