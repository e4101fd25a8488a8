// Security headers. Next adds the common ones through next.config.ts and the page policy (with a
// per-request nonce) and HSTS through proxy.ts; the production server's fast lane (lib/fast-lane.ts,
// lib/status/stream.ts) adds SECURITY_HEADERS itself. Plain JavaScript: next.config.ts and
// scripts/server.js load it outside the bundle.
import { isTrustedProxy, PEER_ADDRESS_HEADER } from './client-address.js';

export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
  'browsing-topics=()',
].join(', ');

/** Every response, page or data. */
export const COMMON_SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': PERMISSIONS_POLICY,
};

/** For responses that are data (JSON, the stream, images): nothing in them may load or run. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The embeddable SVG card (/api/card.svg): its own styles and data: images (the cover), nothing else. */
export const SVG_CARD_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/** What the API routes carry, on the fast lane and through Next (next.config.ts). */
export const SECURITY_HEADERS = {
  ...COMMON_SECURITY_HEADERS,
  'Content-Security-Policy': API_CONTENT_SECURITY_POLICY,
};

/**
 * A fresh CSP nonce for one page response: 16 random bytes in base64 (24 characters). proxy.ts makes
 * one per rendered page; the page cache (lib/page-cache/) one per answer from a cached page.
 */
export function createNonce() {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

/**
 * The pages' policy. Next's App Router writes inline scripts (the RSC payload, bootstrap); it stamps
 * them with the nonce it finds in the request's Content-Security-Policy (proxy.ts sets it), and
 * 'strict-dynamic' extends the trust to the chunks they load. Styles keep 'unsafe-inline': React
 * writes style attributes (the progress bar), which a nonce cannot cover. Images: the site's own,
 * avatars and covers on https, and small data: icons. Fonts: the site's own, and the emoji icons'
 * subset, which app/emoji-font.css inlines as a data: URL so it is there at the first paint.
 * @param {string} nonce
 * @param {{ dev?: boolean }} [options] dev: next dev's React needs eval for its debugging aids
 */
export function pageContentSecurityPolicy(nonce, { dev = false } = {}) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' https: data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Two years, subdomains included: sent only on responses that went out over HTTPS. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

/**
 * Whether the visitor reached us over HTTPS: a TLS socket; or X-Forwarded-Proto, believed only from
 * a proxy named in NOWLINE_TRUSTED_PROXY (any client can write it) or on Vercel (which sets it).
 * @param {{ encrypted?: boolean, peer?: string | null, forwardedProto?: string | null }} parts
 */
export function isHttpsRequest({ encrypted, peer, forwardedProto }) {
  if (encrypted) return true;
  if (!forwardedProto) return false;
  if (!process.env.VERCEL && !(peer && isTrustedProxy(peer))) return false;
  // A chain of proxies lists one protocol each; the first is the one the visitor used.
  return forwardedProto.split(',')[0].trim().toLowerCase() === 'https';
}

/** For a web Request or Next's headers (proxy.ts): the HSTS value, or null on plain HTTP. */
export function strictTransportSecurityOfHeaders(headers) {
  const https = isHttpsRequest({ peer: headers.get(PEER_ADDRESS_HEADER), forwardedProto: headers.get('x-forwarded-proto') });
  return https ? STRICT_TRANSPORT_SECURITY : null;
}

/** For a node:http request (the fast lane): the HSTS value, or null on plain HTTP. */
export function strictTransportSecurityOfNodeRequest(req) {
  const proto = req.headers['x-forwarded-proto'];
  const https = isHttpsRequest({
    encrypted: Boolean(req.socket && 'encrypted' in req.socket && req.socket.encrypted),
    peer: req.socket?.remoteAddress ?? null,
    forwardedProto: Array.isArray(proto) ? proto.join(',') : (proto ?? null),
  });
  return https ? STRICT_TRANSPORT_SECURITY : null;
}
