// The production server's fast lane (lib/fast-lane.ts) over real HTTP on a real SQLite database:
// native ingest answers as its route handler does, with the headers Next would add, and refuses
// oversized bodies without reading them whole.
import { afterEach, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '@/lib/security-headers.js';
import { getSnapshot } from '@/lib/status/store';
import { withFastLaneAndToken } from './support/fast-lane-server';

const ctx = withFastLaneAndToken();

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${ctx.lane.baseUrl}/api/status`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json', ...headers },
    body,
  });

describe('fast lane: POST /api/status', () => {
  it('applies a report and replies with the snapshot, CORS and security headers', async () => {
    const res = await post(JSON.stringify({ kind: 'manual', text: 'Fast lane' }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.headline).toMatchObject({ kind: 'manual', text: 'Fast lane' });
    expect((await getSnapshot()).version).toBe(body.version);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name)).toBe(value);
  });

  it('gives bad input the route handler’s 4xx JSON and changes nothing', async () => {
    const before = (await getSnapshot()).version;
    const bad = await post('{"kind":');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_json');
    const unauthorized = await post('{"kind":"app","name":"x"}', { authorization: 'Bearer wrong' });
    expect(unauthorized.status).toBe(401);
    expect((await getSnapshot()).version).toBe(before);
  });

  it('refuses a body over 1 MB with 413 and closes the connection', async () => {
    const res = await post(JSON.stringify({ kind: 'app', name: 'x'.repeat(2 << 20) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect(res.headers.get('connection')).toBe('close');
    expect((await getSnapshot()).version).toBe(0);
  });
});

describe('fast lane: HSTS', () => {
  const saved = process.env.NOWLINE_TRUSTED_PROXY;
  afterEach(() => {
    if (saved === undefined) delete process.env.NOWLINE_TRUSTED_PROXY;
    else process.env.NOWLINE_TRUSTED_PROXY = saved;
  });

  it('is absent over plain HTTP and for a forged X-Forwarded-Proto', async () => {
    delete process.env.NOWLINE_TRUSTED_PROXY;
    for (const headers of [{}, { 'x-forwarded-proto': 'https' }] as Record<string, string>[]) {
      const res = await post(JSON.stringify({ kind: 'manual', text: 'plain' }), headers);
      expect(res.status).toBe(200);
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('is present on the stream and ingest when a trusted proxy says https', async () => {
    process.env.NOWLINE_TRUSTED_PROXY = '127.0.0.1';
    const res = await post(JSON.stringify({ kind: 'manual', text: 'secure' }), { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+; includeSubDomains$/);
    const abort = new AbortController();
    const stream = await fetch(`${ctx.lane.baseUrl}/api/status/stream`, { headers: { 'x-forwarded-proto': 'https' }, signal: abort.signal });
    expect(stream.headers.get('strict-transport-security')).toMatch(/^max-age=\d+; includeSubDomains$/);
    expect(stream.headers.get('content-security-policy')).toContain("default-src 'none'");
    abort.abort();
  });
});
