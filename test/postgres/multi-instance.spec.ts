// Two instances of the built app on two ports, sharing one PostgreSQL database: a change made
// through one reaches the streams of the other (measured), expiry stays local, one instance going
// away leaves the other serving, and a cut listening connection catches up when it is back.
// The build lives in .next-multi (`npm run test:postgres` builds it first).
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenWithCli, startServer, type RunningServer } from '../../e2e/helpers/server';
import { openStream, type SseConnection, type SseEvent } from '../../e2e/helpers/sse';
import { buildInto } from '../../scripts/build-into.js';
import { connectTo, createScratchDatabase, isPostgresReachable, terminateListeners, waitUntil, type ScratchDatabase } from './helpers/postgres';
import type { Snapshot } from '@/lib/status/schema';

const DIST_DIR = '.next-multi';
const MAX_FANOUT_MS = 500;

const reachable = await isPostgresReachable('multi-instance');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const snapshotOf = (e: SseEvent) => JSON.parse(e.data) as Snapshot;
const headlineText = (e: SseEvent) => (snapshotOf(e).headline as { text?: string } | null)?.text;

describe.skipIf(!reachable)('two instances on one PostgreSQL database', () => {
  let database: ScratchDatabase;
  let observer: pg.Client;
  const notices: string[] = [];
  let token: string;
  let portA: number;
  let portB: number;
  let a: RunningServer | undefined;
  let b: RunningServer | undefined;
  const streams: SseConnection[] = [];

  const start = (port: number, name: string) =>
    startServer(port, name, {
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
    [portA, portB] = [await freePort(), await freePort()];
    a = await start(portA, 'multi-a');
    b = await start(portB, 'multi-b');
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

  it(`a change made through A reaches a stream on B within ${MAX_FANOUT_MS} ms`, async () => {
    const onB = await stream(b!);
    const latencies: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const text = `Fan-out ${i}`;
      const sentAt = performance.now();
      const snapshot = await post(a!, { kind: 'manual', text });
      const event = await onB.waitFor((e) => headlineText(e) === text, 2000);
      latencies.push(event.receivedAt - sentAt);
      expect(event.id).toBe(String(snapshot.version));
    }
    console.log(`[multi-instance] POST on A → SSE event on B, ms: ${latencies.map((l) => l.toFixed(1)).join(', ')} (max ${Math.max(...latencies).toFixed(1)})`);
    expect(Math.max(...latencies)).toBeLessThan(MAX_FANOUT_MS);
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
    await onB.waitFor((e) => headlineText(e) === text, 2000);
    await onA.waitFor((e) => !snapshotOf(e).online, 4000);
    await onB.waitFor((e) => !snapshotOf(e).online, 4000);
    await new Promise((r) => setTimeout(r, 700));
    for (const newEvents of [onA.events.slice(fromA), onB.events.slice(fromB)]) {
      // One event for the change, one for its expiry: no echo, no storm.
      expect(newEvents.map((e) => (snapshotOf(e).online ? 'live' : 'expired'))).toEqual(['live', 'expired']);
    }
    const after = await observer.query('SELECT count(*)::int AS n FROM "StatusEvent"');
    expect(after.rows[0].n).toBe(events.rows[0].n + 1);
    expect(notices).toHaveLength(1);
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
    await onB.waitFor((e) => headlineText(e) === 'A is gone', 2000);
  });

  it('B catches up on a change made while its listening connection was cut', async () => {
    a = await start(portA, 'multi-a');
    const onB = await stream(b!);
    const before = await health(b!);
    expect(before.listener).toMatchObject({ connected: true });
    // Only B's listener (found by its application_name), as a network cut would.
    expect(await terminateListeners(database.name, before.listener!.instance)).toBe(1);
    const cutAt = performance.now();
    await waitUntil(async () => !(await health(b!)).listener!.connected, 400, 10).catch(() => undefined);
    await post(a!, { kind: 'manual', text: 'Sent while B was deaf' });
    const caughtUp = await onB.waitFor((e) => headlineText(e) === 'Sent while B was deaf', 5000);
    // It came with the re-read after reconnecting (first retry 0.5 s), not with the notification.
    expect(caughtUp.receivedAt - cutAt).toBeGreaterThanOrEqual(400);
    const after = await health(b!);
    expect(after.listener).toMatchObject({ connected: true, instance: before.listener!.instance, reconnects: before.listener!.reconnects + 1 });
    // And live again: the next change arrives through NOTIFY.
    const sentAt = performance.now();
    await post(a!, { kind: 'manual', text: 'Heard again' });
    const live = await onB.waitFor((e) => headlineText(e) === 'Heard again', 2000);
    expect(live.receivedAt - sentAt).toBeLessThan(MAX_FANOUT_MS);
  });
});
