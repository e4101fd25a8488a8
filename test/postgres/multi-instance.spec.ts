// Two instances of the built app on two ports, sharing one PostgreSQL database: a change made
// through one reaches the streams of the other, expiry stays local, one instance going
// away leaves the other serving, and a cut listening connection catches up when it is back.
// The build lives in .next-multi (`npm run test:postgres` builds it first).
import { existsSync } from 'node:fs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenWithCli, startServer, type RunningServer } from '../support/app-server';
import { openStream, type SseConnection, type SseEvent } from '../support/sse.js';
import { buildInto } from '../../scripts/build-into.js';
import { connectTo, createScratchDatabase, isPostgresReachable, terminateListeners, waitUntil, type ScratchDatabase } from './helpers/postgres';
import type { Snapshot } from '@/lib/status/schema';

const DIST_DIR = '.next-multi';
// How fast a change crosses instances is measured by the benchmark; here only that it does.
const WAIT_MS = 20_000;

const reachable = await isPostgresReachable('multi-instance');

const snapshotOf = (e: SseEvent) => JSON.parse(e.data) as Snapshot;
const headlineText = (e: SseEvent) => (snapshotOf(e).headline as { text?: string } | null)?.text;

describe.skipIf(!reachable)('two instances on one PostgreSQL database', () => {
  let database: ScratchDatabase;
  let observer: pg.Client;
  const notices: string[] = [];
  let token: string;
  let portA: number;
  let a: RunningServer | undefined;
  let b: RunningServer | undefined;
  const streams: SseConnection[] = [];

  const start = (name: string, port?: number) =>
    startServer(name, {
      port,
      extraEnv: { NOWLINE_DIST_DIR: DIST_DIR, DATABASE_URL: database.url, NOWLINE_HEARTBEAT_SECONDS: '5' },
    });

  async function post(server: RunningServer, body: unknown) {
    const res = await fetch(`${server.baseUrl}/api/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Snapshot;
  }

  async function stream(server: RunningServer) {
    const conn = await openStream(`${server.baseUrl}/api/status/stream`);
    streams.push(conn);
    await conn.waitFor((e) => e.event === 'status');
    return conn;
  }

  async function health(server: RunningServer) {
    return (await (await fetch(`${server.baseUrl}/api/health`)).json()) as {
      ok: boolean;
      database: string;
      listener: { connected: boolean; instance: string; reconnects: number } | null;
    };
  }

  beforeAll(async () => {
    if (process.env.NOWLINE_MULTI_PREBUILT !== '1' || !existsSync(`${DIST_DIR}/BUILD_ID`)) {
      buildInto(DIST_DIR, { quiet: true });
    }
    database = await createScratchDatabase('nowline_multi');
    observer = await connectTo(database.url);
    observer.on('notification', (n) => notices.push(n.payload ?? ''));
    await observer.query('LISTEN nowline_status');
    token = createTokenWithCli(database.url, 'multi-instance');
    a = await start('multi-a');
    portA = a.port;
    b = await start('multi-b');
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    await a?.stop();
    await b?.stop();
    await observer?.end();
    await database?.drop();
  });

  it('both instances run on PostgreSQL with a connected listener', async () => {
    const [ha, hb] = [await health(a!), await health(b!)];
    expect(ha).toMatchObject({ ok: true, database: 'postgresql', listener: { connected: true } });
    expect(hb).toMatchObject({ ok: true, database: 'postgresql', listener: { connected: true } });
    expect(ha.listener!.instance).not.toBe(hb.listener!.instance);
  });

  it('every change made through A reaches a stream on B, with its version as id', async () => {
    const onB = await stream(b!);
    for (let i = 1; i <= 10; i++) {
      const text = `Fan-out ${i}`;
      const snapshot = await post(a!, { kind: 'manual', text });
      const event = await onB.waitFor((e) => headlineText(e) === text, WAIT_MS);
      expect(event.id).toBe(String(snapshot.version));
    }
  });

  it('an expiry is published once by each instance, with no write and no notification', async () => {
    const onA = await stream(a!);
    const onB = await stream(b!);
    const events = await observer.query('SELECT count(*)::int AS n FROM "StatusEvent"');
    notices.length = 0;
    const text = 'Back in a second';
    const fromA = onA.events.length;
    const fromB = onB.events.length;
    await post(a!, { kind: 'manual', text, until: new Date(Date.now() + 1500).toISOString() });
    await onB.waitFor((e) => headlineText(e) === text, WAIT_MS);
    await onA.waitFor((e) => !snapshotOf(e).online, WAIT_MS);
    await onB.waitFor((e) => !snapshotOf(e).online, WAIT_MS);
    // A later change closes the window instead of a sleep: an echo of the expiry would come before it.
    const marker = 'After the expiry';
    await post(a!, { kind: 'manual', text: marker });
    await onA.waitFor((e) => headlineText(e) === marker, WAIT_MS);
    await onB.waitFor((e) => headlineText(e) === marker, WAIT_MS);
    for (const newEvents of [onA.events.slice(fromA), onB.events.slice(fromB)]) {
      // One event for the change, one for its expiry, one for the marker: no echo, no storm.
      expect(newEvents.map((e) => (headlineText(e) === marker ? 'marker' : snapshotOf(e).online ? 'live' : 'expired'))).toEqual(['live', 'expired', 'marker']);
    }
    const after = await observer.query('SELECT count(*)::int AS n FROM "StatusEvent"');
    expect(after.rows[0].n).toBe(events.rows[0].n + 2);
    expect(notices).toHaveLength(2);
  });

  it('stopping A leaves B serving, and B still takes changes', async () => {
    const onB = await stream(b!);
    await a!.stop();
    a = undefined;
    const hb = await health(b!);
    expect(hb.ok).toBe(true);
    const page = await fetch(`${b!.baseUrl}/`);
    expect(page.status).toBe(200);
    await post(b!, { kind: 'manual', text: 'A is gone' });
    await onB.waitFor((e) => headlineText(e) === 'A is gone', WAIT_MS);
  });

  it('B catches up on a change made while its listening connection was cut', async () => {
    a = await start('multi-a', portA);
    const onB = await stream(b!);
    const before = await health(b!);
    expect(before.listener).toMatchObject({ connected: true });
    // Only B's listener (found by its application_name), as a network cut would.
    expect(await terminateListeners(database.name, before.listener!.instance)).toBe(1);
    const cutAt = performance.now();
    await waitUntil(async () => !(await health(b!)).listener!.connected, 400, 10).catch(() => undefined);
    await post(a!, { kind: 'manual', text: 'Sent while B was deaf' });
    const caughtUp = await onB.waitFor((e) => headlineText(e) === 'Sent while B was deaf', WAIT_MS);
    // It came with the re-read after reconnecting (first retry 0.5 s), not with the notification.
    expect(caughtUp.receivedAt - cutAt).toBeGreaterThanOrEqual(400);
    const after = await health(b!);
    expect(after.listener).toMatchObject({ connected: true, instance: before.listener!.instance, reconnects: before.listener!.reconnects + 1 });
    // And live again: the next change arrives through NOTIFY, with no further reconnect.
    await post(a!, { kind: 'manual', text: 'Heard again' });
    await onB.waitFor((e) => headlineText(e) === 'Heard again', WAIT_MS);
    expect((await health(b!)).listener).toMatchObject({ connected: true, reconnects: before.listener!.reconnects + 1 });
  });
});
