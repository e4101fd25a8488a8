// Link previews and search engines, against the built app: the first HTML of / carries og:*,
// twitter:* and the canonical link, the card they point at is a 1200×630 PNG that follows the
// status (and never shows a project a privacy rule hides), with sitemap.xml and robots.txt beside.
import { test as base, type APIRequestContext } from '@playwright/test';
import { createTokenWithCli, startServer, type RunningServer } from '../test/support/app-server';
import { clearAllActivities, expect, logIn, test, PHONE } from './fixtures';

const SITE_URL = 'https://ada.example';

async function postStatus(request: APIRequestContext, token: string, data: unknown) {
  const res = await request.post('/api/status', { headers: { authorization: `Bearer ${token}` }, data });
  expect(res.status(), await res.text()).toBe(200);
}

const decodeEntities = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The head as a crawler reads it: the first HTML, no JavaScript. */
async function readHead(request: APIRequestContext) {
  const res = await request.get('/');
  expect(res.status()).toBe(200);
  const html = await res.text();
  const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  const tags = html.match(/<(?:meta|link)\b[^>]*>/g) ?? [];
  const find = (key: string, value: string, read: string) => {
    const tag = tags.find((t) => attribute(t, key) === value);
    const found = tag && attribute(tag, read);
    return found === undefined ? undefined : decodeEntities(found);
  };
  const jsonLd = /<script type="application\/ld\+json"( nonce="([^"]*)")?>([\s\S]*?)<\/script>/.exec(html);
  return {
    html,
    policy: res.headers()['content-security-policy'] ?? '',
    meta: (property: string) => find('property', property, 'content') ?? find('name', property, 'content'),
    canonical: find('rel', 'canonical', 'href'),
    jsonLd: jsonLd ? { nonce: jsonLd[2], data: JSON.parse(jsonLd[3] ?? '') } : null,
  };
}

/** The card at og:image, asked of this server (og:image may name the public address). */
async function fetchCard(request: APIRequestContext, ogImage: string) {
  const url = new URL(ogImage);
  const res = await request.get(url.pathname + url.search);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('image/png');
  const maxAge = Number(/max-age=(\d+)/.exec(res.headers()['cache-control'] ?? '')?.[1]);
  expect(maxAge).toBeGreaterThan(0);
  expect(maxAge).toBeLessThanOrEqual(60);
  const png = await res.body();
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual({ width: 1200, height: 630 });
  return png;
}

test('the first HTML of / carries the preview tags, a card that follows the status, and the Person', PHONE, async ({ page, request, reporterToken, baseURL }) => {
  await clearAllActivities(request, reporterToken);
  await postStatus(request, reporterToken, { kind: 'gaming', name: 'Celeste', platform: 'Switch' });
  const head = await readHead(request);
  // No NOWLINE_SITE_URL on this server: the address is the request's.
  expect(head.canonical).toBe(`${baseURL}/`);
  expect(head.meta('og:url')).toBe(`${baseURL}/`);
  expect(head.meta('og:title')).toBe('Ada Example — now');
  expect(head.meta('og:description')).toBe('Ada is playing Celeste.');
  expect(head.meta('twitter:card')).toBe('summary_large_image');
  expect(head.meta('twitter:description')).toBe('Ada is playing Celeste.');
  const ogImage = head.meta('og:image') ?? '';
  expect(ogImage).toMatch(new RegExp(`^${baseURL}/og\\.png\\?v=\\d+-[0-9a-f]+$`));
  expect(head.meta('twitter:image')).toBe(ogImage);
  const playing = await fetchCard(request, ogImage);

  expect(head.jsonLd?.data).toMatchObject({ '@context': 'https://schema.org', '@type': 'Person', name: 'Ada Example', url: `${baseURL}/` });
  expect(head.jsonLd?.data.image).toBe(`${baseURL}/avatar.svg`);
  expect(head.jsonLd?.data.sameAs).toEqual(['https://github.com/', 'https://mastodon.social/']);
  expect(head.jsonLd?.nonce).toBeTruthy();
  expect(head.policy).toContain(`'nonce-${head.jsonLd?.nonce}'`);

  // In a browser the Person script is there, under the page's policy, with no error.
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  expect(JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '')).toMatchObject({ name: 'Ada Example' });
  expect(problems).toEqual([]);

  // A new status: a new card address (chat apps keep previews by URL) and a new picture.
  await postStatus(request, reporterToken, { kind: 'manual', emoji: '📦', text: 'Shipping 写代码' });
  const next = await readHead(request);
  expect(next.meta('og:description')).toBe('Ada: 📦 Shipping 写代码');
  expect(next.meta('og:image')).not.toBe(ogImage);
  expect((await fetchCard(request, next.meta('og:image') ?? '')).equals(playing)).toBe(false);
});

test('sitemap.xml and robots.txt name the site by the request', async ({ request, baseURL }) => {
  const sitemap = await request.get('/sitemap.xml');
  expect(sitemap.status()).toBe(200);
  expect(sitemap.headers()['content-type']).toContain('application/xml');
  const locs = [...(await sitemap.text()).matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
  expect(locs).toEqual([`${baseURL}/`, `${baseURL}/now`, `${baseURL}/history`]);

  const robots = await request.get('/robots.txt');
  expect(robots.status()).toBe(200);
  expect(robots.headers()['content-type']).toContain('text/plain');
  const lines = (await robots.text()).split('\n').map((l) => l.trim());
  expect(lines).toEqual(expect.arrayContaining(['User-Agent: *', 'Allow: /', 'Disallow: /admin', 'Disallow: /api/', `Sitemap: ${baseURL}/sitemap.xml`]));
});

// A server of its own: its privacy rules and NOWLINE_SITE_URL touch no other test.
const withSiteUrl = base.extend<{ ownServer: RunningServer; reporterToken: string }>({
  ownServer: async ({}, provide, testInfo) => {
    const server = await startServer(`og-${testInfo.workerIndex}`, { extraEnv: { NOWLINE_SITE_URL: `${SITE_URL}/` } });
    await provide(server);
    await server.stop();
  },
  baseURL: async ({ ownServer }, provide) => provide(ownServer.baseUrl),
  reporterToken: async ({ ownServer }, provide) => provide(createTokenWithCli(ownServer.databaseUrl, 'e2e-og')),
});

withSiteUrl('NOWLINE_SITE_URL names the site; a project hidden by a privacy rule is in neither the tags nor the card', async ({
  page,
  request,
  reporterToken,
}) => {
  await postStatus(request, reporterToken, { kind: 'coding', project: 'secret-client', language: 'Go' });
  const shown = await readHead(request);
  expect(shown.canonical).toBe(`${SITE_URL}/`);
  expect(shown.meta('og:url')).toBe(`${SITE_URL}/`);
  expect(shown.meta('og:image')).toMatch(/^https:\/\/ada\.example\/og\.png\?v=/);
  expect(shown.jsonLd?.data.url).toBe(`${SITE_URL}/`);
  expect(shown.meta('og:description')).toBe('Ada is coding secret-client.');
  const named = await fetchCard(request, shown.meta('og:image') ?? '');

  await logIn(page);
  await page.getByRole('button', { name: 'Add project rule' }).click();
  await page.getByRole('group', { name: 'Project rule 1', exact: true }).getByLabel('Name', { exact: true }).fill('secret-client');
  await page.getByRole('button', { name: 'Save privacy rules' }).click();
  await expect(page.getByTestId('privacy-save-status')).toContainText('Saved');

  const hidden = await readHead(request);
  expect(hidden.html).not.toContain('secret-client');
  expect(hidden.meta('og:description')).toBe('Ada is coding in Go.');
  expect(hidden.meta('og:image')).not.toBe(shown.meta('og:image'));
  const hiddenCard = await fetchCard(request, hidden.meta('og:image') ?? '');
  expect(hiddenCard.equals(named)).toBe(false);

  // The hidden card is exactly the card of the same activity reported without a project.
  await postStatus(request, reporterToken, { kind: 'coding', language: 'Go' });
  const withoutProject = await readHead(request);
  expect(withoutProject.meta('og:description')).toBe('Ada is coding in Go.');
  expect((await fetchCard(request, withoutProject.meta('og:image') ?? '')).equals(hiddenCard)).toBe(true);

  const sitemap = await (await request.get('/sitemap.xml')).text();
  expect(sitemap).toContain(`<loc>${SITE_URL}/</loc>`);
  expect(await (await request.get('/robots.txt')).text()).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`);
});
