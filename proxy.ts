// Per-request headers for the pages: a Content-Security-Policy with a fresh nonce (Next stamps it on
// the inline scripts it writes; every page renders per request, see app/layout.tsx) and HSTS when the
// request came over HTTPS. The API routes, the link-preview card, the feeds, sitemap.xml and robots.txt are not
// matched: their fixed policy comes from next.config.ts or the route, and the stream and ingest skip
// this step on the production server anyway.
//
// It also chooses the visitor's language (their cookie, else Accept-Language) and hands it to the
// page in a request header; the page falls back to the owner's default (lib/i18n/server.ts). A
// header rather than a rewrite to a hidden /[lang] segment: the URLs and the app/ tree stay as they
// are, and a later per-language cache can key on this one header (or rewrite here instead).
import { NextResponse, type NextRequest } from 'next/server';
import { LANGUAGE_COOKIE, LANGUAGE_HEADER, visitorLanguage } from './lib/i18n/languages';
import { createNonce, pageContentSecurityPolicy, strictTransportSecurityOfHeaders } from './lib/security-headers.js';

export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const policy = pageContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', policy);
  const language = visitorLanguage({ cookie: request.cookies.get(LANGUAGE_COOKIE)?.value, acceptLanguage: request.headers.get('accept-language') });
  // Never the client's own value for this header: only what was chosen here reaches the page.
  if (language) requestHeaders.set(LANGUAGE_HEADER, language);
  else requestHeaders.delete(LANGUAGE_HEADER);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  const hsts = strictTransportSecurityOfHeaders(request.headers);
  if (hsts) response.headers.set('Strict-Transport-Security', hsts);
  return response;
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|og.png|feed.atom|feed.json|sitemap.xml|robots.txt).*)'],
};
