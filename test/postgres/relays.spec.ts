// The relay outbox on PostgreSQL with two workers (two instances sharing the database): each message
// reaches the upstream exactly once, in order, whichever worker sends it. A relay saved on /admin by
// one instance is picked up by another on its worker's poll.
import { describe, expect, it } from 'vitest';
import { isPostgresReachable } from './helpers/postgres';
import { withTwoInstances } from './helpers/two-instances';
import { FakeUpstream } from '../support/fake-upstream';
import { freePort } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

const reachable = await isPostgresReachable('postgres relays');

describe.skipIf(!reachable)('relay outbox on PostgreSQL', () => {
  const otherInstance = withTwoInstances('nowline_relays');

  it('sends each message once, in order, with two workers polling the same outbox', async () => {
    const { getDb } = await import('@/lib/db');
    const { startRelayWorker } = await import('@/lib/relays/worker');
    type Db = ReturnType<typeof getDb>;
    const upstream = new FakeUpstream(await freePort(), 'listenbrainz');
    await upstream.listen();
    const target = { host: `127.0.0.1:${upstream.port}`, request: () => ({ url: `http://127.0.0.1:${upstream.port}/1/submit-listens`, headers: {} }) };
    const now = new Date();
    const bodies = Array.from({ length: 40 }, (_, n) => JSON.stringify({ listen_type: 'single', n }));
    await getDb().relayMessage.createMany({ data: bodies.map((body) => ({ relay: 'listenbrainz', body, headers: '{}', createdAt: now, nextAttemptAt: now })) });
    // Every fifth request fails once, so retries and claims interleave between the two workers.
    for (let i = 0; i < 8; i++) upstream.failNext({ answer: 'status', status: 503 });

    const options = { pollMs: 5, baseDelayMs: 5, maxDelayMs: 20, upstream: (relay: string) => (relay === 'listenbrainz' ? target : null) };
    const workers = [startRelayWorker({ ...options, db: getDb }), startRelayWorker({ ...options, db: () => otherInstance() as unknown as Db })];
    try {
      await waitUntil(async () => (await getDb().relayMessage.count()) === 0, { timeoutMs: 25_000, message: 'outbox emptied' });
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await upstream.close();
    }
    expect(upstream.accepted.map((r) => r.body)).toEqual(bodies);
  });

  it('picks up a relay another instance saved, on the worker’s poll', async () => {
    const { getDb } = await import('@/lib/db');
    const { saveRelay } = await import('@/lib/relays/settings');
    const { upstream } = await import('@/lib/relays/upstreams');
    const { startRelayWorker } = await import('@/lib/relays/worker');
    type Db = ReturnType<typeof getDb>;
    await saveRelay('listenbrainz', { url: 'https://lb.example', secret: 'saved-token' }, getDb());
    // This process now stands for the other instance: nothing in its memory yet.
    delete (globalThis as { __nowlineRelaySettings?: unknown }).__nowlineRelaySettings;
    expect(upstream('listenbrainz')).toBeNull();
    const worker = startRelayWorker({ pollMs: 10, settingsMaxAgeMs: 20, db: () => otherInstance() as unknown as Db });
    try {
      await waitUntil(() => upstream('listenbrainz')?.host === 'lb.example', { timeoutMs: 5000, message: 'saved relay read' });
      // Removed by the first instance: only the row changes here.
      await getDb().setting.update({ where: { key: 'relays' }, data: { value: '{}' } });
      expect(upstream('listenbrainz')).not.toBeNull();
      await waitUntil(() => upstream('listenbrainz') === null, { timeoutMs: 5000, message: 'removal read' });
    } finally {
      await worker.stop();
    }
  });
});
