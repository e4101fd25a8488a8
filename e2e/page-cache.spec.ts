// The homepage served from the production server's page cache (lib/page-cache/): the cached page
// runs under its policy with a fresh nonce and hydrates, a change is in the very next HTML of /, and
// Chinese and English visitors each get their own page.
import type { APIRequestContext, Page } from '@playwright/test';
import { PAGE_CACHE_HEADER } from '../lib/page-cache/cached-pages';
import { clearAllActivities, expect, test, PHONE } from './fixtures';

test.beforeEach(async ({ request, reporterToken }) => {
  await clearAllActivities(request, reporterToken);
});

async function postStatus(request: APIRequestContext, token: string, text: string) {
  const res = await request.post('/api/status', { headers: { authorization: `Bearer ${token}` }, data: { kind: 'manual', text } });
  expect(res.status(), await res.text()).toBe(200);
}

/** Errors, CSP violations and hydration mismatches the page reports. */
async function watchProblems(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /content security policy|refused to|hydrat/i.test(m.text())) problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return problems;
}

const nonceOf = (policy: string | undefined) => /'nonce-([^']+)'/.exec(policy ?? '')?.[1];

test('a page from the cache runs under a fresh nonce with no violation and goes live', PHONE, async ({ page, request, reporterToken }) => {
  await postStatus(request, reporterToken, 'Served from memory');
  const problems = await watchProblems(page);
  const seen = new Set<string>();
  for (let visit = 0; visit < 3; visit++) {
    const response = (await page.goto('/'))!;
    const headers = response.headers();
    const nonce = nonceOf(headers['content-security-policy']);
    expect(nonce).toBeTruthy();
    seen.add(nonce!);
    if (visit > 0) {
      expect(headers[PAGE_CACHE_HEADER.toLowerCase()]).toBe('hit');
      expect(headers['content-encoding'], 'the page from memory, gzipped piece by piece').toBe('gzip');
    }
    const html = await response.text();
    const scriptNonces = new Set([...html.matchAll(/<script[^>]* nonce="([^"]+)"/g)].map((m) => m[1]));
    expect([...scriptNonces]).toEqual([nonce]);
    await expect(page.getByTestId('status-text')).toHaveText('Served from memory');
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  }
  expect(seen.size).toBe(3);
  // The live stream still works on a page from the cache.
  await postStatus(request, reporterToken, 'Live on a cached page');
  await expect(page.getByTestId('status-text')).toHaveText('Live on a cached page');
  expect(problems).toEqual([]);
});

test('a change is in the very next HTML of /', async ({ request, reporterToken }) => {
  for (const text of ['First state', 'Second state', 'Third state']) {
    await postStatus(request, reporterToken, text);
    const fresh = await request.get('/');
    expect(await fresh.text()).toContain(text);
    const again = await request.get('/');
    expect(again.headers()[PAGE_CACHE_HEADER.toLowerCase()]).toBe('hit');
    expect(await again.text()).toContain(text);
  }
});

test('Chinese and English visitors each get their own page from the cache', async ({ browser, request }) => {
  const zh = { 'accept-language': 'zh-CN,zh;q=0.9' };
  const en = { 'accept-language': 'en-GB,en;q=0.9' };
  for (let round = 0; round < 2; round++) {
    const chinese = await request.get('/', { headers: zh });
    expect(await chinese.text()).toMatch(/<html lang="zh-CN"/);
    const english = await request.get('/', { headers: en });
    const html = await english.text();
    expect(html).toMatch(/<html lang="en"/);
    expect(html).not.toContain('此刻');
    if (round > 0) for (const r of [chinese, english]) expect(r.headers()[PAGE_CACHE_HEADER.toLowerCase()]).toBe('hit');
  }
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { name: '此刻' })).toBeVisible();
  await context.close();
});
