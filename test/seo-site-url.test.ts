// The site's address for canonical links, link previews and the sitemap: NOWLINE_SITE_URL wins;
// otherwise the request's Host, and a proxy's X-Forwarded-* only from a proxy the owner trusts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseEnv } from '@/lib/env';
import { parseSiteUrl, resolveSiteUrl } from '@/lib/seo/site-url';
import { PEER_ADDRESS_HEADER } from '@/lib/client-address.js';
import { startExpectingExit } from './support/server-start';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.resetModules();
});

const request = (headers: Record<string, string>) => new Headers(headers);

describe('NOWLINE_SITE_URL', () => {
  it('keeps the origin of a bare http(s) address', () => {
    expect(parseSiteUrl('https://Ada.Example/')).toBe('https://ada.example');
    expect(parseSiteUrl('http://localhost:3000')).toBe('http://localhost:3000');
    expect(parseEnv({ NOWLINE_SITE_URL: 'https://ada.example/' }).NOWLINE_SITE_URL).toBe('https://ada.example');
  });

  it.each(['ada.example', 'ftp://ada.example', 'https://ada.example/blog', 'https://ada.example/?a=1', 'https://user:pw@ada.example', 'javascript:alert(1)'])(
    'refuses %s with a message naming the variable',
    (value) => {
      expect(parseSiteUrl(value)).toBeNull();
      expect(() => parseEnv({ NOWLINE_SITE_URL: value })).toThrow(/NOWLINE_SITE_URL: must be the site's public address/);
    },
  );

  it('never echoes a refused value (it might hold a password)', () => {
    expect(() => parseEnv({ NOWLINE_SITE_URL: 'https://me:hunter2@ada.example' })).toThrow(/^(?![\s\S]*hunter2)/);
  });

  it('is required on Vercel, and optional elsewhere', () => {
    expect(() => parseEnv({ VERCEL: '1' })).toThrow(/NOWLINE_SITE_URL: required on Vercel/);
    expect(parseEnv({ VERCEL: '1', NOWLINE_SITE_URL: 'https://ada.example' }).NOWLINE_SITE_URL).toBe('https://ada.example');
    expect(parseEnv({}).NOWLINE_SITE_URL).toBeUndefined();
  });

  it('stops the server at start on Vercel when missing', async () => {
    vi.stubEnv('VERCEL', '1');
    vi.stubEnv('NOWLINE_SITE_URL', '');
    expect(await startExpectingExit()).toMatch(/NOWLINE_SITE_URL: required on Vercel/);
  });
});

describe('the site address of a request', () => {
  const forwarded = { host: 'internal:3000', 'x-forwarded-host': 'ada.example', 'x-forwarded-proto': 'https', [PEER_ADDRESS_HEADER]: '10.0.0.5' };

  it('is the setting when there is one, whatever the request says', () => {
    expect(resolveSiteUrl('https://ada.example', request({ host: 'evil.example' }))).toBe('https://ada.example');
  });

  it("is the Host over http without a trusted proxy; a client's X-Forwarded-* is ignored", () => {
    vi.stubEnv('NOWLINE_TRUSTED_PROXY', '');
    expect(resolveSiteUrl(undefined, request(forwarded))).toBe('http://internal:3000');
  });

  it('is what a trusted proxy forwards', () => {
    vi.stubEnv('NOWLINE_TRUSTED_PROXY', '10.0.0.0/8');
    expect(resolveSiteUrl(undefined, request(forwarded))).toBe('https://ada.example');
    // The first of a chain of proxies is the one the visitor reached.
    expect(resolveSiteUrl(undefined, request({ ...forwarded, 'x-forwarded-host': 'ada.example, lb.internal', 'x-forwarded-proto': 'https,http' }))).toBe(
      'https://ada.example',
    );
  });

  it('is not what a proxy outside the trusted list forwards', () => {
    vi.stubEnv('NOWLINE_TRUSTED_PROXY', '192.168.0.0/16');
    expect(resolveSiteUrl(undefined, request(forwarded))).toBe('http://internal:3000');
  });

  it('refuses a host that is not a host name', () => {
    vi.stubEnv('NOWLINE_TRUSTED_PROXY', '10.0.0.0/8');
    expect(resolveSiteUrl(undefined, request({ ...forwarded, 'x-forwarded-host': 'a.example/"><script>' }))).toBe('https://internal:3000');
    expect(resolveSiteUrl(undefined, request({ host: 'x y' }))).toBe('http://localhost');
    expect(resolveSiteUrl(undefined, request({ host: '[::1]:3000' }))).toBe('http://[::1]:3000');
  });
});
