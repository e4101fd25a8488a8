// Per-request headers for the pages: a Content-Security-Policy with a fresh nonce (Next stamps it on
// the inline scripts it writes; every page renders per request, see app/layout.tsx) and HSTS when the
// request came over HTTPS. The API routes, the link-preview card, sitemap.xml and robots.txt are not
// matched: their fixed policy comes from next.config.ts or the route, and the stream and ingest skip
// this step on the production server anyway.
import { NextResponse, type NextRequest } from 'next/server';
import { pageContentSecurityPolicy, strictTransportSecurityOfHeaders } from './lib/security-headers.js';

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = pageContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  const hsts = strictTransportSecurityOfHeaders(request.headers);
  if (hsts) response.headers.set('Strict-Transport-Security', hsts);
  return response;
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|og.png|sitemap.xml|robots.txt).*)'],
};
