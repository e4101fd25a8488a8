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

/** Sends once against the stand-in's answer; returns how long until the next attempt, in seconds. */
async function waitAfter(status: number, headers: Record<string, string>, limits = settings): Promise<number> {
  upstream.failNext({ answer: 'status', status, headers });
  const before = Date.now();
  expect(await deliverNext('listenbrainz', target, getDb(), limits)).toBe('retry');
  const row = defined(await getDb().relayMessage.findFirst(), 'the message, still queued');
  return (row.nextAttemptAt.getTime() - before) / 1000;
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
    const wait = await waitAfter(429, { 'retry-after': '120' });
    expect(wait).toBeGreaterThanOrEqual(119);
    expect(wait).toBeLessThanOrEqual(121);
    const row = defined(await getDb().relayMessage.findFirst(), 'the message');
    expect(row.lastError).toMatch(/HTTP 429 .*retry after 120 s/);
    // Not due: the worker leaves it alone.
    expect(await deliverNext('listenbrainz', target, getDb(), settings)).toBe('waiting');
    expect(upstream.refused).toHaveLength(1);
  });

  it('waits until the HTTP date a 503 names', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 300_000);
    const wait = await waitAfter(503, { 'retry-after': at.toUTCString() });
    expect(wait).toBeGreaterThanOrEqual(298);
    expect(wait).toBeLessThanOrEqual(301);
  });

  it('caps the wait at the longest backoff', async () => {
    const wait = await waitAfter(429, { 'retry-after': '86400' }, { ...settings, maxDelayMs: 30_000 });
    expect(wait).toBeGreaterThanOrEqual(29);
    expect(wait).toBeLessThanOrEqual(31);
  });

  it('keeps the plain backoff without the header, and for a 500 that sends one', async () => {
    expect(await waitAfter(429, {})).toBeLessThanOrEqual(2);
    await getDb().relayMessage.updateMany({ data: { nextAttemptAt: new Date() } });
    // The second failure: 2 s of backoff; a 500's Retry-After is not read.
    expect(await waitAfter(500, { 'retry-after': '120' })).toBeLessThanOrEqual(3);
  });
});
