// Pages served from memory by the production server (scripts/server.js → lib/fast-lane.ts).
//
// Why here and not Next's own cache: every page carries a CSP nonce that must be new for each
// response (proxy.ts; Next stamps it on its inline scripts only while rendering), so Next can neither
// prerender nor reuse a page's HTML ("use cache" and cacheComponents cache what the page computes,
// but the HTML is still rendered per request, and the request still crosses Next's chain: routing,
// the proxy, per-request rendering state, ~5 ms of CPU here). Instead the first request for a key
// goes through Next as before; its HTML is kept, cut at its nonce, and later requests for the same
// key get it back at once, joined around a fresh nonce with the matching policy header: more than
// ten times the throughput of rendering each view (bench/notes.md, docs/benchmarks.md).
//
// Key: the page, the visitor's language (chosen the way proxy.ts chooses it), the site address the
// page would link to, and the kind of client (Next writes metadata differently for some bots). What
// the page shows is checked against getPageVersion() on every request: a change, an expiry, a
// privacy save or another instance's NOTIFY makes the next request render again; nothing lags.
// The rendering request is trimmed to what the key holds (no cookies, the chosen language in
// Accept-Language), so no visitor's session or other cookie can shape a page that others get; and
// asks for no compression: the kept page is gzipped piece by piece (gzip-pieces.ts).
// Under `next dev`, `next start` and on Vercel there is no fast lane: every view renders.
import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getBotType } from 'next/dist/shared/lib/router/utils/is-bot';
import { env } from '../env';
import { LANGUAGE_COOKIE, visitorLanguage } from '../i18n/languages';
import { createNonce } from '../security-headers.js';
import { resolveSiteUrl } from '../seo/site-url';
import { pathForLog } from '../server-timeouts.js';
import { CACHED_PAGES, PAGE_CACHE_HEADER } from './cached-pages';
import { acceptsGzip, deflatePieces, gzipAroundNonce } from './gzip-pieces';
import { captureResponse, type CapturedResponse } from './capture-response';
import { nonceOfPolicy, splitOnNonce, splitTextOnNonce, stampNonce, stampTextNonce } from './nonce';
import { PageStore, type CachedPage, type PageVersion } from './page-store';
import { getPageVersion } from './page-version';

/** Pages bigger than this are not kept. */
const MAX_PAGE_BYTES = 2 << 20;

/** Headers that belong to one response, or that the cache sets itself. */
const PER_RESPONSE_HEADERS = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'content-security-policy', 'strict-transport-security', 'etag']);

/**
 * How long a request waits for another request's render of its page. A render's copy is kept once
 * its response has gone out, so a client reading it slowly could make others wait: past this,
 * they render for themselves.
 */
const RENDER_WAIT_MS = 2000;

type NextHandler = () => unknown;

/** Settles when `task` does (a failure is its own request's to report) or after `ms`, whichever is first. */
function waitAtMost(task: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([task.then(() => undefined, () => undefined), timeout]).finally(() => clearTimeout(timer));
}

interface PageCacheState {
  store: PageStore;
  /** Renders under way, by key: a request arriving meanwhile waits for it rather than render again. */
  rendering: Map<string, Promise<void>>;
}

const globalForPages = globalThis as unknown as { __nowlinePageCache?: PageCacheState };

function pageCache(): PageCacheState {
  return (globalForPages.__nowlinePageCache ??= {
    store: new PageStore({ maxEntries: env().NOWLINE_PAGE_CACHE_ENTRIES, maxAgeMs: env().NOWLINE_PAGE_CACHE_MAX_AGE_SECONDS * 1000 }),
    rendering: new Map(),
  });
}

/** Whether this request is for a cached page: a plain GET or HEAD of one, not Next's client navigation. */
export function isCachedPageRequest(req: IncomingMessage): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url || !env().NOWLINE_PAGE_CACHE) return false;
  // A query string or Next's router headers (RSC payload, prefetch, server action) ask for something else.
  if (!CACHED_PAGES.includes(req.url)) return false;
  return !['rsc', 'next-router-prefetch', 'next-router-state-tree', 'next-router-segment-prefetch', 'next-action'].some((h) => h in req.headers);
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at !== -1 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return null;
}

const firstHeader = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? null;

/** The visitor's language as proxy.ts would choose it (null: the owner's default). */
function languageOf(req: IncomingMessage) {
  return visitorLanguage({ cookie: cookieValue(req.headers.cookie, LANGUAGE_COOKIE), acceptLanguage: firstHeader(req.headers['accept-language']) });
}

export function pageKeyOf(req: IncomingMessage): string {
  const origin = resolveSiteUrl(env().NOWLINE_SITE_URL, { get: (name) => firstHeader(req.headers[name]) });
  const client = getBotType(firstHeader(req.headers['user-agent']) ?? '') ?? 'browser';
  return [pathForLog(req.url ?? '/'), languageOf(req) ?? 'default', origin, client].join(' ');
}

export async function serveCachedPage(req: IncomingMessage, res: ServerResponse, next?: NextHandler): Promise<void> {
  if (!next) throw new Error('serveCachedPage needs Next behind it');
  const { store, rendering } = pageCache();
  const key = pageKeyOf(req);
  const pending = rendering.get(key);
  if (pending) await waitAtMost(pending, RENDER_WAIT_MS);
  const version = await getPageVersion();
  const page = store.get(key, version, Date.now());
  if (page) return sendCachedPage(req, res, page);
  // A HEAD has no body to keep; a render that began meanwhile will be kept by its own request.
  if (req.method === 'HEAD' || rendering.has(key)) return void next();
  const done = renderAndKeep(req, res, next, key, version).finally(() => rendering.delete(key));
  rendering.set(key, done);
  await done;
}

async function renderAndKeep(req: IncomingMessage, res: ServerResponse, next: NextHandler, key: string, version: PageVersion) {
  // Only what the key holds may reach the render.
  const language = languageOf(req);
  delete req.headers.cookie;
  delete req.headers['accept-encoding'];
  if (language) req.headers['accept-language'] = language;
  else delete req.headers['accept-language'];
  const captured = captureResponse(res, MAX_PAGE_BYTES);
  res.setHeader(PAGE_CACHE_HEADER, 'miss');
  res.setHeader('Vary', 'Cookie, Accept-Language'); // Next appends its own
  next();
  const page = cachedPageOf(await captured, version);
  // A render that began before a change shows the old page: it is not kept.
  if (page && (await getPageVersion()).key === version.key) pageCache().store.set(key, page);
}

/** The page to keep from Next's answer, or null when it is not one to give to others. */
export function cachedPageOf(response: CapturedResponse | null, version: PageVersion, now = Date.now()): CachedPage | null {
  if (!response || response.statusCode !== 200) return null;
  const { headers } = response;
  const policy = firstHeader(headers['content-security-policy']);
  const nonce = nonceOfPolicy(policy);
  const html = String(headers['content-type'] ?? '').startsWith('text/html');
  if (!nonce || !policy || !html || headers['set-cookie'] || headers['content-encoding']) return null;
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (!PER_RESPONSE_HEADERS.has(name)) kept[name] = value;
  kept.vary = varyWithLanguage(kept.vary);
  const body = splitOnNonce(response.body, nonce);
  return {
    version: version.key,
    validUntil: version.validUntil,
    renderedAt: now,
    body,
    deflated: deflatePieces(body),
    policy: splitTextOnNonce(policy, nonce),
    headers: kept,
  };
}

/** The page differs by language, which comes from the cookie or Accept-Language. */
function varyWithLanguage(vary: string | string[] | undefined): string {
  const names = (Array.isArray(vary) ? vary.join(',') : (vary ?? '')).split(',').map((v) => v.trim()).filter(Boolean);
  for (const name of ['Cookie', 'Accept-Language']) if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  return names.join(', ');
}

function sendCachedPage(req: IncomingMessage, res: ServerResponse, page: CachedPage) {
  const nonce = createNonce();
  const plain = stampNonce(page.body, nonce);
  const gzip = acceptsGzip(firstHeader(req.headers['accept-encoding']) ?? undefined);
  const body = gzip ? gzipAroundNonce(page.deflated, nonce, plain) : plain;
  for (const [name, value] of Object.entries(page.headers)) res.setHeader(name, value);
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Content-Security-Policy', stampTextNonce(page.policy, nonce));
  res.setHeader('Content-Length', body.length);
  res.setHeader(PAGE_CACHE_HEADER, 'hit');
  res.writeHead(200);
  res.end(req.method === 'HEAD' ? undefined : body);
}
