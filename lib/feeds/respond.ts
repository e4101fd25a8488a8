// The HTTP side of the feeds: one handler for both formats, with an ETag of the body (a reader that
// polls gets a 304 while nothing changed), CORS open and the data routes' strict policy.
import 'server-only';
import { createHash } from 'node:crypto';
import { ApiError } from '@/lib/errors';
import { CORS_HEADERS, errorResponse } from '@/lib/http';
import { getSiteUrl } from '@/lib/seo/metadata';
import { API_CONTENT_SECURITY_POLICY } from '@/lib/security-headers.js';
import { renderAtom } from './atom';
import { renderJsonFeed } from './json-feed';
import { loadFeed } from './load';
import { FEED_FORMATS, type FeedFormat } from './model';

export const FEED_CACHE_CONTROL = 'public, max-age=300';

const RENDER: Record<FeedFormat, (feed: Awaited<ReturnType<typeof loadFeed>>) => string> = {
  atom: renderAtom,
  json: renderJsonFeed,
};

/** Whether If-None-Match names this ETag (a list, weak forms and `*` included). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === etag);
}

/** `?daily=1` (or `true`) adds the days' summaries; anything else there is a 400 rather than ignored. */
function dailyOption(url: URL): boolean {
  const value = url.searchParams.get('daily');
  if (value === null || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  const message = 'must be 1 or 0';
  throw new ApiError(400, 'invalid_request', `Invalid request — daily: ${message}`, [{ field: 'daily', message }]);
}

export async function feedResponse(request: Request, format: FeedFormat): Promise<Response> {
  const headers = { ...CORS_HEADERS, 'Content-Security-Policy': API_CONTENT_SECURITY_POLICY };
  try {
    const daily = dailyOption(new URL(request.url));
    const body = RENDER[format](await loadFeed({ format, siteUrl: await getSiteUrl(), daily }));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const cache = { ...headers, ETag: etag, 'Cache-Control': FEED_CACHE_CONTROL };
    if (matchesEtag(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers: cache });
    return new Response(body, { headers: { ...cache, 'Content-Type': `${FEED_FORMATS[format].type}; charset=utf-8` } });
  } catch (error) {
    return errorResponse(error, headers);
  }
}

export function feedOptions(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}
