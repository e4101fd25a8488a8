// The site's public address: canonical links, og:url, the sitemap. NOWLINE_SITE_URL when set
// (required on Vercel, checked in lib/env.ts); else taken from the request, believing the proxy's
// X-Forwarded-Host and X-Forwarded-Proto only from a proxy named in NOWLINE_TRUSTED_PROXY (any
// client can send them). No server imports: lib/env.ts uses the check at start.
import { z } from 'zod';
import { isTrustedProxy, PEER_ADDRESS_HEADER } from '../client-address.js';

export const SITE_URL_MESSAGE =
  "must be the site's public address: http:// or https://, a host, and nothing after it (such as https://ada.example)";

/** The origin ("https://ada.example") of a setting, or null when it is not a bare http(s) address. */
export function parseSiteUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  return /^https?:$/.test(url.protocol) && bare && url.hostname ? url.origin : null;
}

/** NOWLINE_SITE_URL in lib/env.ts: checked, then kept as its origin (no trailing slash). */
export const siteUrlSchema = z.string().transform((value, ctx) => {
  const origin = parseSiteUrl(value);
  if (origin === null) {
    ctx.addIssue({ code: 'custom', message: SITE_URL_MESSAGE });
    return z.NEVER;
  }
  return origin;
});

interface HeaderReader {
  get(name: string): string | null;
}

// A host name, IPv4 or [IPv6] address, and an optional port: nothing a client could use to inject.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

const firstOf = (value: string | null) => value?.split(',')[0]?.trim() || null;

/**
 * The site's origin: the setting when there is one, else the request's Host over http, or the
 * trusted proxy's X-Forwarded-Host and X-Forwarded-Proto.
 */
export function resolveSiteUrl(setting: string | undefined, headers: HeaderReader, trusted: (peer: string | null) => boolean = isTrustedProxy): string {
  if (setting) return setting;
  const viaProxy = trusted(headers.get(PEER_ADDRESS_HEADER));
  const forwardedHost = viaProxy ? firstOf(headers.get('x-forwarded-host')) : null;
  const host = [forwardedHost, headers.get('host')].find((h): h is string => Boolean(h && HOST.test(h))) ?? 'localhost';
  const proto = viaProxy ? firstOf(headers.get('x-forwarded-proto'))?.toLowerCase() : null;
  return `${proto === 'https' ? 'https' : 'http'}://${host.toLowerCase()}`;
}
