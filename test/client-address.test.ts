import { afterEach, describe, expect, it } from 'vitest';
import { clientAddressOfHeaders, parseTrustedProxies, PEER_ADDRESS_HEADER, resolveClientAddress } from '../lib/client-address.js';

const saved = { proxy: process.env.NOWLINE_TRUSTED_PROXY, vercel: process.env.VERCEL };
afterEach(() => {
  for (const [name, value] of [['NOWLINE_TRUSTED_PROXY', saved.proxy], ['VERCEL', saved.vercel]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('client address', () => {
  it('ignores X-Forwarded-For when no proxy is trusted: any client can write it', () => {
    delete process.env.NOWLINE_TRUSTED_PROXY;
    expect(resolveClientAddress({ peer: '203.0.113.9', forwardedFor: '198.51.100.1' })).toBe('203.0.113.9');
  });

  it('normalises IPv4-mapped IPv6 so one client has one key', () => {
    expect(resolveClientAddress({ peer: '::ffff:127.0.0.5' })).toBe('127.0.0.5');
  });

  it('believes X-Forwarded-For only from a trusted proxy, and only up to the first untrusted hop', () => {
    process.env.NOWLINE_TRUSTED_PROXY = '10.0.0.0/8, 127.0.0.1';
    // Spoofed left part ("1.2.3.4") is ignored: the proxy appended the real client last.
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: '1.2.3.4, 198.51.100.7, 10.1.2.3' })).toBe('198.51.100.7');
    // A connection that does not come from the proxy is keyed on its socket.
    expect(resolveClientAddress({ peer: '203.0.113.9', forwardedFor: '1.2.3.4' })).toBe('203.0.113.9');
    // Garbage in the header falls back to the socket.
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: 'not-an-ip' })).toBe('127.0.0.1');
  });

  it("uses Vercel's own header on Vercel", () => {
    process.env.VERCEL = '1';
    expect(resolveClientAddress({ peer: null, forwardedFor: '1.2.3.4', vercelForwardedFor: '198.51.100.3' })).toBe('198.51.100.3');
  });

  it('reads the peer address the production server stamps into the request', () => {
    delete process.env.NOWLINE_TRUSTED_PROXY;
    const headers = new Headers({ [PEER_ADDRESS_HEADER]: '::ffff:192.0.2.4', 'x-forwarded-for': '1.1.1.1' });
    expect(clientAddressOfHeaders(headers)).toBe('192.0.2.4');
  });

  it('answers unknown unless the peer (or the Vercel header) is an IP address', () => {
    expect(resolveClientAddress({ peer: '*' })).toBe('unknown');
    expect(resolveClientAddress({ peer: 'localhost' })).toBe('unknown');
    expect(resolveClientAddress({ peer: null })).toBe('unknown');
    expect(clientAddressOfHeaders(new Headers({ [PEER_ADDRESS_HEADER]: '*' }))).toBe('unknown');
    process.env.VERCEL = '1';
    expect(resolveClientAddress({ peer: '203.0.113.9', vercelForwardedFor: '*' })).toBe('unknown');
  });

  it('refuses a malformed trusted-proxy setting, naming the entry', () => {
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseTrustedProxies('proxy.local')).toThrow(/proxy\.local/);
    expect(parseTrustedProxies('')).toBeNull();
  });
});
