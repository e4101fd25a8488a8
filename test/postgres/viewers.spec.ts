// "Who is here now" between instances on PostgreSQL: this instance announces its open streams on
// nowline_viewers, adds another instance's announced count (sent here by a second connection), and
// stops counting that instance once it has been silent for 30 s.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type pg from 'pg';
import { connectTo, createScratchDatabase, isPostgresReachable, waitUntil, type ScratchDatabase } from './helpers/postgres';
import { resetAppGlobals } from '../support/database';
import { siteSettingsInput } from '../support/site-settings';
import type { SseClient } from '@/lib/sse';

const reachable = await isPostgresReachable('postgres viewers');

describe.skipIf(!reachable)('viewers across instances on PostgreSQL', () => {
  let database: ScratchDatabase;
  let observer: pg.Client;
  const announced: { i: string; c: number }[] = [];

  beforeAll(async () => {
    database = await createScratchDatabase('nowline_viewers');
    process.env.DATABASE_URL = database.url;
    observer = await connectTo(database.url);
    observer.on('notification', (n) => announced.push(JSON.parse(n.payload ?? '{}')));
    await observer.query('LISTEN nowline_viewers');
  });

  afterAll(async () => {
    vi.useRealTimers();
    const { setViewersEnabled } = await import('@/lib/status/viewers');
    setViewersEnabled(false);
    const { stopPgListener } = await import('@/lib/status/pg-notify');
    await stopPgListener();
    const g = globalThis as { __nowlineDb?: { db: { $disconnect(): Promise<void> } } };
    await g.__nowlineDb?.db.$disconnect();
    resetAppGlobals();
    await observer?.end();
    await database?.drop();
  });

  it('announces its count, adds the other instance’s, and drops it once silent', async () => {
    const { saveSiteSettings } = await import('@/lib/status/store');
    const { siteSettingsInputSchema } = await import('@/lib/site/settings-schema');
    const { subscribe } = await import('@/lib/status/bus');
    const { pgListenerStatus } = await import('@/lib/status/pg-notify');
    const counts: number[] = [];
    const page: SseClient = {
      openedAt: Date.now(),
      send(chunk) {
        const match = /^event: viewers\ndata: (.*)\n\n$/.exec(new TextDecoder().decode(chunk));
        if (match) counts.push((JSON.parse(match[1]!) as { count: number }).count);
        return true;
      },
      close() {},
    };
    const unsubscribe = subscribe(page);
    await saveSiteSettings(siteSettingsInputSchema.parse(siteSettingsInput({ showViewers: true })));
    const me = pgListenerStatus().instance;

    await waitUntil(() => announced.some((n) => n.i === me && n.c === 1));
    await waitUntil(() => counts.at(-1) === 1);

    await observer.query(`SELECT pg_notify('nowline_viewers', $1)`, [JSON.stringify({ i: 'other-instance', c: 3, at: Date.now() })]);
    await waitUntil(() => counts.at(-1) === 4);

    // 31 s later by this instance's clock, the other instance has said nothing more.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31_000);
    await waitUntil(() => counts.at(-1) === 1);
    expect(counts).toEqual([1, 4, 1]);
    unsubscribe();
  });
});
