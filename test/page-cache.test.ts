// The page cache (lib/page-cache/) over real HTTP on a real SQLite store, with a stand-in for Next
// that renders as proxy.ts and app/page.tsx do: a fresh nonce in the policy and on every script, the
// visitor's language, the current headline. Keying, invalidation (a change, an expiry), nonces,
// language separation and what never reaches a cached page.
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LANGUAGE_COOKIE, visitorLanguage } from '@/lib/i18n/languages';
import { PAGE_CACHE_HEADER } from '@/lib/page-cache/cached-pages';
import { createNonce, pageContentSecurityPolicy } from '@/lib/security-headers.js';
import { getSnapshot, reportActivities } from '@/lib/status/store';
import { useTempSqlite } from './support/database';
import { startFastLaneServer, type FastLaneServer } from './support/fast-lane-server';

let lane: FastLaneServer;
let cleanup: () => Promise<void>;
const renders: { cookie?: string; language: string }[] = [];
let nextStatus = 200;
/** A render waits for this (to hold one open while other requests arrive). */
let renderGate: Promise<void> = Promise.resolve();

async function renderLikeNext(req: http.IncomingMessage, res: http.ServerResponse) {
  const cookie = req.headers.cookie;
  const chosen = /(?:^|;\s*)nowline-lang=([^;]+)/.exec(cookie ?? '')?.[1];
  const language = visitorLanguage({ cookie: chosen, acceptLanguage: req.headers['accept-language'] as string | undefined }) ?? 'en';
  renders.push({ cookie, language });
  await renderGate;
  const nonce = createNonce();
  const snapshot = await getSnapshot();
  const headline = (snapshot.headline as { text?: string } | null)?.text ?? 'offline';
  res.statusCode = nextStatus;
  res.setHeader('Content-Security-Policy', pageContentSecurityPolicy(nonce));
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'private, no-cache, no-store, max-age=0, must-revalidate');
  res.appendHeader('Vary', 'RSC, Accept-Encoding'); // as Next does
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.write(`<html lang="${language}"><head><script nonce="${nonce}">self.__next_f=[]</script></head>`);
  res.end(`<body><p id="status">${headline}</p><p id="cookie">${cookie ?? ''}</p><script nonce="${nonce}" src="/a.js"></script></body></html>`);
}

beforeEach(async () => {
  const db = useTempSqlite();
  cleanup = db.cleanup;
  renders.length = 0;
  nextStatus = 200;
  renderGate = Promise.resolve();
  lane = await startFastLaneServer(renderLikeNext);
});

afterEach(async () => {
  vi.useRealTimers();
  await lane.close();
  await cleanup();
});

// fetch asks for gzip and unpacks it unless told otherwise: the plain page unless a test asks.
const get = (path = '/', headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${lane.baseUrl}${path}`, { method, headers: { 'accept-encoding': 'identity', ...headers } });
/** node:http, for what fetch will not send (another Host) or would unpack (gzip). */
const rawGet = (headers: Record<string, string>) =>
  new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) =>
    http.get(`${lane.baseUrl}/`, { headers }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ headers: r.headers, body: Buffer.concat(chunks) })).on('error', reject);
    }),
  );
const text = async (res: Response) => ({ res, html: await res.text() });
const statusOf = (html: string) => /<p id="status">([^<]*)</.exec(html)?.[1];
const nonceOfHeaders = (headers: http.IncomingHttpHeaders) => /'nonce-([^']+)'/.exec(String(headers['content-security-policy'] ?? ''))?.[1];
const nonceInPolicy = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];

describe('page cache', () => {
  it('renders a page once, then serves it from memory', async () => {
    const first = await get();
    expect(first.headers.get(PAGE_CACHE_HEADER)).toBe('miss');
    const firstHtml = await first.text();
    const second = await text(await get());
    expect(second.res.headers.get(PAGE_CACHE_HEADER)).toBe('hit');
    expect(renders).toHaveLength(1);
    expect(second.html.replaceAll(nonceInPolicy(second.res)!, 'N')).toBe(firstHtml.replaceAll(nonceInPolicy(first)!, 'N'));
    expect(second.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(second.res.headers.get('cache-control')).toBe('private, no-cache, no-store, max-age=0, must-revalidate');
    for (const res of [first, second.res]) expect(res.headers.get('vary')).toBe('Cookie, Accept-Language, RSC, Accept-Encoding');
  });

  it('stamps a fresh nonce on every answer, the same in the policy and every script, the render’s nowhere', async () => {
    const miss = await text(await get());
    const renderNonce = nonceInPolicy(miss.res)!;
    const answers = [await text(await get()), await text(await get()), await text(await get())];
    const nonces = answers.map(({ res }) => nonceInPolicy(res)!);
    expect(new Set([renderNonce, ...nonces]).size).toBe(4);
    for (const [i, { res, html }] of answers.entries()) {
      expect(nonces[i]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect([...html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1])).toEqual([nonces[i], nonces[i]]);
      expect(html).not.toContain(renderNonce);
      expect(res.headers.get('content-security-policy')).not.toContain(renderNonce);
      expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(html));
    }
  });

  it('keeps one page per language: visitors never get another language’s page', async () => {
    const zh = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' };
    const en = { 'accept-language': 'en-GB,en;q=0.9' };
    const zhCookie = { cookie: `${LANGUAGE_COOKIE}=zh-CN`, 'accept-language': 'en' };
    for (let round = 0; round < 2; round++) {
      expect(await (await get('/', zh)).text()).toContain('lang="zh-CN"');
      expect(await (await get('/', en)).text()).toContain('lang="en"');
      expect(await (await get('/', zhCookie)).text()).toContain('lang="zh-CN"');
    }
    // zh by header and zh by cookie share one page; en has its own.
    expect(renders.map((r) => r.language)).toEqual(['zh-CN', 'en']);
  });

  it('keeps one page per site address and per kind of client', async () => {
    const browser = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36';
    const bot = 'Mozilla/5.0 (compatible; Twitterbot/1.0)';
    for (let round = 0; round < 2; round++) {
      await rawGet({ host: 'ada.example', 'user-agent': browser });
      await rawGet({ host: 'ada.example', 'user-agent': bot });
      await rawGet({ host: 'other.example', 'user-agent': browser });
    }
    expect(renders).toHaveLength(3);
  });

  it('never keeps the HSTS header of an HTTPS visitor for the others', async () => {
    const saved = process.env.NOWLINE_TRUSTED_PROXY;
    process.env.NOWLINE_TRUSTED_PROXY = '127.0.0.1';
    try {
      const https = await get('/', { 'x-forwarded-proto': 'https' });
      expect(https.headers.get('strict-transport-security')).toContain('max-age=');
      const plain = await get();
      expect(plain.headers.get(PAGE_CACHE_HEADER)).toBe('hit');
      expect(plain.headers.get('strict-transport-security')).toBeNull();
      expect((await get('/', { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).toContain('max-age=');
    } finally {
      if (saved === undefined) delete process.env.NOWLINE_TRUSTED_PROXY;
      else process.env.NOWLINE_TRUSTED_PROXY = saved;
    }
  });

  it('renders again after a change, and the very next page shows it', async () => {
    await reportActivities([{ kind: 'manual', text: 'Before' }], 'test');
    expect(statusOf(await (await get()).text())).toBe('Before');
    expect(statusOf(await (await get()).text())).toBe('Before');
    await reportActivities([{ kind: 'manual', text: 'After' }], 'test');
    const after = await get();
    expect(after.headers.get(PAGE_CACHE_HEADER)).toBe('miss');
    expect(statusOf(await after.text())).toBe('After');
    expect(renders).toHaveLength(2);
  });

  it('renders again once an activity in the page has expired, timer or not', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-28T12:00:00Z'));
    await reportActivities([{ kind: 'manual', text: 'Short', until: '2026-11-28T12:00:30.000Z' }], 'test');
    expect(statusOf(await (await get()).text())).toBe('Short');
    vi.setSystemTime(new Date('2026-11-28T12:00:29Z'));
    expect(statusOf(await (await get()).text())).toBe('Short');
    vi.setSystemTime(new Date('2026-11-28T12:00:31Z'));
    expect(statusOf(await (await get()).text())).toBe('offline');
  });

  it('renders again after NOWLINE_PAGE_CACHE_MAX_AGE_SECONDS (60) with no change', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-28T12:00:00Z'));
    await get();
    vi.setSystemTime(new Date('2026-11-28T12:00:59Z'));
    expect((await get()).headers.get(PAGE_CACHE_HEADER)).toBe('hit');
    vi.setSystemTime(new Date('2026-11-28T12:01:01Z'));
    expect((await get()).headers.get(PAGE_CACHE_HEADER)).toBe('miss');
    expect(renders).toHaveLength(2);
  });

  it('renders without the visitor’s cookies, so nothing of one visitor reaches another', async () => {
    await get('/', { cookie: `nowline-session=secret-session; ${LANGUAGE_COOKIE}=zh-CN` });
    expect(renders[0]).toEqual({ cookie: undefined, language: 'zh-CN' });
    const other = await text(await get('/', { 'accept-language': 'zh-CN' }));
    expect(other.res.headers.get(PAGE_CACHE_HEADER)).toBe('hit');
    expect(other.html).not.toContain('secret-session');
    expect(other.res.headers.get('set-cookie')).toBeNull();
  });

  it('renders once for requests arriving while it renders', async () => {
    let open = () => {};
    renderGate = new Promise((resolve) => (open = resolve));
    let arrived = 0;
    lane.server.on('request', () => arrived++);
    const answers = Promise.all(Array.from({ length: 6 }, () => get()));
    await vi.waitFor(() => expect(arrived).toBe(6), { timeout: 10_000 });
    open();
    expect((await answers).map((r) => r.headers.get(PAGE_CACHE_HEADER)).sort()).toEqual(['hit', 'hit', 'hit', 'hit', 'hit', 'miss']);
    expect(renders).toHaveLength(1);
  });

  it('gzips a kept page for clients that take it, with the same fresh nonce inside', async () => {
    await get();
    const res = await get('/', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.headers.get(PAGE_CACHE_HEADER)).toBe('hit');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const raw = await rawGet({ 'accept-encoding': 'gzip' });
    expect(raw.headers['content-encoding']).toBe('gzip');
    const html = gunzipSync(raw.body).toString();
    expect(html).toContain('<p id="status">offline</p>');
    expect(await res.text()).toContain('<p id="status">offline</p>');
    const nonce = nonceOfHeaders(raw.headers);
    expect([...html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1])).toEqual([nonce, nonce]);
  });

  it('does not keep others waiting on a render that never finishes', async () => {
    let release = () => {};
    renderGate = new Promise((resolve) => (release = resolve));
    const stuck = get();
    await vi.waitFor(() => expect(renders).toHaveLength(1), { timeout: 10_000 });
    renderGate = Promise.resolve();
    // The second request gives up waiting for the first and renders for itself.
    const second = await get();
    expect(second.status).toBe(200);
    expect(renders).toHaveLength(2);
    release();
    expect((await stuck).status).toBe(200);
  });

  it('answers HEAD from the cache with the length and no body', async () => {
    const page = await text(await get());
    const head = await get('/', {}, 'HEAD');
    expect(head.headers.get(PAGE_CACHE_HEADER)).toBe('hit');
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(page.html));
    expect(await head.text()).toBe('');
  });

  it('keeps no error page, and leaves client navigation and query strings to Next', async () => {
    nextStatus = 500;
    await get();
    await get();
    expect(renders).toHaveLength(2);
    nextStatus = 200;
    await get('/', { rsc: '1' });
    await get('/?utm_source=x');
    await get('/', { rsc: '1' });
    expect(renders).toHaveLength(5);
    expect((await get('/?utm_source=x')).headers.get(PAGE_CACHE_HEADER)).toBeNull();
  });

  it('with NOWLINE_PAGE_CACHE=0 leaves every view to Next', async () => {
    await lane.close();
    process.env.NOWLINE_PAGE_CACHE = '0';
    vi.resetModules(); // lib/env.ts reads the environment once per module instance
    try {
      const fresh = await import('./support/fast-lane-server');
      lane = await fresh.startFastLaneServer(renderLikeNext);
      for (let i = 0; i < 2; i++) expect((await get()).headers.get(PAGE_CACHE_HEADER)).toBeNull();
      expect(renders).toHaveLength(2);
    } finally {
      delete process.env.NOWLINE_PAGE_CACHE;
    }
  });
});
