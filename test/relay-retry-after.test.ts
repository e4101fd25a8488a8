// Retry-After: an upstream that answers 429 or 503 with Retry-After (seconds or an HTTP date) is not
// asked again before then, whatever the backoff says; the wait is capped like the backoff.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/lib/db';
import { deliverNext, retryAfterMs } from '@/lib/relays/worker';
import type { Upstream } from '@/lib/relays/upstreams';
import { withTempSqlite } from './support/database';
import { defined } from './support/defined';
import { FakeUpstream } from './support/fake-upstream';
import { freePort } from './support/server.js';

withTempSqlite();

const upstream = new FakeUpstream(await freePort(), 'listenbrainz');
const target: Upstream = {
  host: `127.0.0.1:${upstream.port}`,
  request: () => ({ url: `http://127.0.0.1:${upstream.port}/1/submit-listens`, headers: {} }),
};
/** A one-second backoff: far below the waits the upstream asks for. */
const settings = { timeoutMs: 5000, baseDelayMs: 1000, maxDelayMs: 10 * 60_000 };

beforeEach(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  await upstream.listen();
  const now = new Date();
  await getDb().relayMessage.create({ data: { relay: 'listenbrainz', body: '{"listen_type":"single"}', headers: '{}', createdAt: now, nextAttemptAt: now } });
});
afterEach(() => upstream.close());

/**
 * Sends once against the stand-in's answer, then checks the next attempt is `seconds` after the
 * send (measured from both ends of it, so a slow machine does not fail the test).
 */
async function expectWait(status: number, headers: Record<string, string>, seconds: number, limits = settings) {
  upstream.failNext({ answer: 'status', status, headers });
  const before = Date.now();
  expect(await deliverNext('listenbrainz', target, getDb(), limits)).toBe('retry');
  const after = Date.now();
  const next = defined(await getDb().relayMessage.findFirst(), 'the message, still queued').nextAttemptAt.getTime();
  expect(next).toBeGreaterThanOrEqual(before + seconds * 1000);
  expect(next).toBeLessThanOrEqual(after + seconds * 1000);
}

describe('Retry-After', () => {
  it('reads whole seconds and HTTP dates, and ignores anything else', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Sat, 28 Nov 2026 12:05:00 GMT', now)).toBe(300_000);
    expect(retryAfterMs('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0);
    for (const junk of [null, '', 'soon', '-5', '1.5']) expect(retryAfterMs(junk, now)).toBeNull();
  });

  it('waits as long as a 429 asks, instead of the one-second backoff', async () => {
    await expectWait(429, { 'retry-after': '120' }, 120);
    const row = defined(await getDb().relayMessage.findFirst(), 'the message');
    expect(row.lastError).toMatch(/HTTP 429 .*retry after 120 s/);
    // Not due: the worker leaves it alone.
    expect(await deliverNext('listenbrainz', target, getDb(), settings)).toBe('waiting');
    expect(upstream.refused).toHaveLength(1);
  });

  it('waits until the HTTP date a 503 names', async () => {
    const at = Math.ceil(Date.now() / 1000) * 1000 + 300_000;
    upstream.failNext({ answer: 'status', status: 503, headers: { 'retry-after': new Date(at).toUTCString() } });
    const before = Date.now();
    expect(await deliverNext('listenbrainz', target, getDb(), settings)).toBe('retry');
    const next = defined(await getDb().relayMessage.findFirst(), 'the message').nextAttemptAt.getTime();
    expect(next).toBeGreaterThanOrEqual(at);
    expect(next).toBeLessThanOrEqual(at + (Date.now() - before));
  });

  it('caps the wait at the longest backoff', async () => {
    await expectWait(429, { 'retry-after': '86400' }, 30, { ...settings, maxDelayMs: 30_000 });
  });

  it('keeps the plain backoff without the header, and for a 500 that sends one', async () => {
    await expectWait(429, {}, 1);
    await getDb().relayMessage.updateMany({ data: { nextAttemptAt: new Date() } });
    // The second failure: 2 s of backoff; a 500's Retry-After is not read.
    await expectWait(500, { 'retry-after': '120' }, 2);
  });
});
