// The feeds on the built app: two manual statuses come out of /feed.atom and /feed.json newest
// first, a repeated request with the ETag gets a 304, and the homepage's head links both feeds.
import { expect, testOnOwnServer as test } from './fixtures';

test('the feeds list the manual statuses newest first, answer 304 to a known ETag, and the homepage links them', async ({
  page,
  request,
  reporterToken,
  baseURL,
}) => {
  const setStatus = async (data: unknown) => {
    const res = await request.post('/api/status', { headers: { authorization: `Bearer ${reporterToken}` }, data });
    expect(res.status()).toBe(200);
  };
  await setStatus({ kind: 'manual', emoji: '🐟', text: 'Fish & <chips>' });
  await setStatus({ kind: 'manual', emoji: '📚', text: 'Reading' });

  const atom = await request.get('/feed.atom');
  expect(atom.status()).toBe(200);
  expect(atom.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
  expect(atom.headers()['content-security-policy']).toContain("default-src 'none'");
  const xml = await atom.text();
  // Escaped once: the browser's own XML parser reads the titles back as written.
  await page.goto('about:blank');
  const titles = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.querySelector('parsererror')) return ['not well-formed'];
    return [...doc.querySelectorAll('entry > title')].map((title) => title.textContent);
  }, xml);
  expect(titles).toEqual(['📚 Reading', '🐟 Fish & <chips>']);

  const etag = atom.headers()['etag']!;
  const again = await request.get('/feed.atom', { headers: { 'if-none-match': etag } });
  expect(again.status()).toBe(304);
  expect(await again.body()).toHaveLength(0);

  const json = await request.get('/feed.json');
  expect(json.headers()['content-type']).toBe('application/feed+json; charset=utf-8');
  expect(json.headers()['access-control-allow-origin']).toBe('*');
  const feed = await json.json();
  expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
  expect(feed.items.map((item: { title: string }) => item.title)).toEqual(['📚 Reading', '🐟 Fish & <chips>']);
  const jsonAgain = await request.get('/feed.json', { headers: { 'if-none-match': json.headers()['etag']! } });
  expect(jsonAgain.status()).toBe(304);

  await page.goto('/');
  const atomLink = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
  const jsonLink = page.locator('head link[rel="alternate"][type="application/feed+json"]');
  await expect(atomLink).toHaveAttribute('href', `${baseURL}/feed.atom`);
  await expect(atomLink).toHaveAttribute('title', 'Status updates (Atom)');
  await expect(jsonLink).toHaveAttribute('href', `${baseURL}/feed.json`);
  await expect(jsonLink).toHaveAttribute('title', 'Status updates (JSON Feed)');
});
