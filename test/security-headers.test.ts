// The pages' proxy (proxy.ts) and the HSTS decision: a fresh nonce in every page's policy, and
// Strict-Transport-Security only for requests that came over HTTPS, as far as we can know it.
import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it } from 'vitest';
import { PEER_ADDRESS_HEADER } from '@/lib/client-address.js';
import { isHttpsRequest, pageContentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from '@/lib/security-headers.js';
import { proxy } from '@/proxy';

const saved = { proxy: process.env.NOWLINE_TRUSTED_PROXY, vercel: process.env.VERCEL };
afterEach(() => {
  for (const [name, value] of [['NOWLINE_TRUSTED_PROXY', saved.proxy], ['VERCEL', saved.vercel]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const page = (headers: Record<string, string>) => proxy(new NextRequest('http://localhost/', { headers }));

describe('page policy', () => {
  it('allows what the pages need and nothing that frames, embeds or rebases them', () => {
    const policy = pageContentSecurityPolicy('abc');
    for (const part of ["script-src 'self' 'nonce-abc' 'strict-dynamic'", "img-src 'self' https: data:", "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"]) {
      expect(policy).toContain(part);
    }
    expect(policy).not.toContain('unsafe-eval');
    expect(pageContentSecurityPolicy('abc', { dev: true })).toContain("'unsafe-eval'");
  });

  it('gives each page request its own nonce, on the response and to Next through the request', () => {
    const one = page({});
    const two = page({});
    const nonce = (policy: string | null) => /'nonce-([^']+)'/.exec(policy ?? '')?.[1];
    expect(nonce(one.headers.get('content-security-policy'))).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonce(one.headers.get('content-security-policy'))).not.toBe(nonce(two.headers.get('content-security-policy')));
    // NextResponse.next({ request: { headers } }) hands the overridden request headers on this way.
    expect(one.headers.get('x-middleware-request-content-security-policy')).toBe(one.headers.get('content-security-policy'));
  });
});

describe('HSTS', () => {
  it('is absent over plain HTTP and for X-Forwarded-Proto from an untrusted peer', () => {
    delete process.env.NOWLINE_TRUSTED_PROXY;
    delete process.env.VERCEL;
    expect(page({ [PEER_ADDRESS_HEADER]: '127.0.0.1' }).headers.get('strict-transport-security')).toBeNull();
    expect(page({ [PEER_ADDRESS_HEADER]: '127.0.0.1', 'x-forwarded-proto': 'https' }).headers.get('strict-transport-security')).toBeNull();
    process.env.NOWLINE_TRUSTED_PROXY = '10.0.0.0/8';
    expect(page({ [PEER_ADDRESS_HEADER]: '203.0.113.9', 'x-forwarded-proto': 'https' }).headers.get('strict-transport-security')).toBeNull();
  });

  it('is present when a trusted proxy says https, or on Vercel, or on a TLS socket', () => {
    process.env.NOWLINE_TRUSTED_PROXY = '10.0.0.0/8';
    expect(page({ [PEER_ADDRESS_HEADER]: '10.1.2.3', 'x-forwarded-proto': 'https' }).headers.get('strict-transport-security')).toBe(STRICT_TRANSPORT_SECURITY);
    expect(page({ [PEER_ADDRESS_HEADER]: '10.1.2.3', 'x-forwarded-proto': 'http' }).headers.get('strict-transport-security')).toBeNull();
    expect(isHttpsRequest({ peer: '::ffff:10.1.2.3', forwardedProto: 'https, http' })).toBe(true);
    delete process.env.NOWLINE_TRUSTED_PROXY;
    process.env.VERCEL = '1';
    expect(page({ 'x-forwarded-proto': 'https' }).headers.get('strict-transport-security')).toBe(STRICT_TRANSPORT_SECURITY);
    delete process.env.VERCEL;
    expect(isHttpsRequest({ encrypted: true })).toBe(true);
    expect(STRICT_TRANSPORT_SECURITY).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });
});
