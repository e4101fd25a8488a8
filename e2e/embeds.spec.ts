// The card and badge other sites embed, and "who is here now", against the built app in Chromium:
// the card draws at README width in an <img> on another origin (light and dark differ), the badge is
// shields.io's endpoint format, and two open pages count each other once the owner turns it on.
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { clearAllActivities, expect, logIn, test, testOnOwnServer } from './fixtures';

async function postStatus(request: APIRequestContext, token: string, data: unknown) {
  const res = await request.post('/api/status', { headers: { authorization: `Bearer ${token}` }, data });
  expect(res.status(), await res.text()).toBe(200);
}

/**
 * Loads the card in an <img> on a blank page 495 px wide (another origin, as a README is) and
 * reads its pixels through a canvas (allowed: the card is CORS-open).
 */
async function drawCard(page: Page, url: string) {
  await page.setViewportSize({ width: 495, height: 300 });
  await page.setContent('<body style="margin:0"></body>');
  return page.evaluate(async (src) => {
    const img = document.createElement('img');
    img.crossOrigin = 'anonymous';
    img.src = src;
    document.body.append(img);
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    let light = 0;
    for (let i = 0; i < data.length; i += 4) {
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      light += (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
    }
    return { width: img.naturalWidth, height: img.naturalHeight, colours: colours.size, meanLightness: light / (data.length / 4) };
  }, url);
}

test('the card renders at README width, light or dark, and the badge is a shields endpoint', async ({ page, request, reporterToken, baseURL }) => {
  await clearAllActivities(request, reporterToken);
  await postStatus(request, reporterToken, { kind: 'gaming', name: 'Celeste' });

  const light = await drawCard(page, `${baseURL}/api/card.svg?theme=light`);
  expect(light).toMatchObject({ width: 495, height: 120 });
  // Text and a dot on the background: far more than one colour (a blank image has one).
  expect(light.colours).toBeGreaterThan(20);
  expect(light.meanLightness).toBeGreaterThan(200);
  const dark = await drawCard(page, `${baseURL}/api/card.svg?theme=dark`);
  expect(dark.colours).toBeGreaterThan(20);
  expect(dark.meanLightness).toBeLessThan(80);
  // theme=auto follows the reader's colour scheme, inside the image.
  await page.emulateMedia({ colorScheme: 'dark' });
  expect((await drawCard(page, `${baseURL}/api/card.svg?theme=auto`)).meanLightness).toBeLessThan(80);
  await page.emulateMedia({ colorScheme: 'light' });
  expect((await drawCard(page, `${baseURL}/api/card.svg?theme=auto`)).meanLightness).toBeGreaterThan(200);

  const svg = await request.get('/api/card.svg');
  expect(svg.headers()).toMatchObject({
    'content-type': 'image/svg+xml; charset=utf-8',
    'cache-control': 'public, max-age=30',
    'content-security-policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'",
  });

  const res = await request.get('/api/badge.json?hide=app');
  expect(res.headers()['access-control-allow-origin']).toBe('*');
  expect(JSON.parse(await res.text())).toEqual({ schemaVersion: 1, label: 'now', message: 'Playing Celeste', color: 'blueviolet' });
  const bad = await request.get('/api/card.svg?theme=neon');
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toContain('theme');
});

async function openHomepage(browser: Browser, baseURL: string, options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({ baseURL, ...options });
  const page = await context.newPage();
  await page.goto('/');
  return { page, context };
}

testOnOwnServer('with the setting on, open pages show how many are here, on a phone and in dark mode too', async ({ page, browser, baseURL }) => {
  // Off by default: no line on the page.
  await page.goto('/');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('viewers')).toHaveCount(0);

  await logIn(page);
  const form = page.getByRole('region', { name: 'Profile', exact: true });
  await form.getByLabel('Show who is here now').check();
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(form.getByRole('status')).toHaveText('Profile saved. Open pages update now.');
  await page.close();

  const phone = await openHomepage(browser, baseURL!, { viewport: { width: 390, height: 844 }, colorScheme: 'dark', isMobile: true });
  const desktop = await openHomepage(browser, baseURL!);
  // The line's space is there from the first HTML, before any count arrives.
  expect((await desktop.page.getByTestId('viewers').boundingBox())?.height).toBeGreaterThan(0);
  for (const { page: open } of [phone, desktop]) await expect(open.getByTestId('viewers')).toHaveText('2 here now', { timeout: 10_000 });
  await expect(phone.page.getByTestId('viewers')).toBeInViewport();

  await desktop.context.close();
  await expect(phone.page.getByTestId('viewers')).toHaveText('1 here now', { timeout: 15_000 });
  await phone.context.close();
});
