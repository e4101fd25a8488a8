// A small, fast run of the benchmark harness (bench/run.ts) so it keeps working: the reference
// broadcaster and the app's real route handlers (lib/sse.ts, the bus, the store on SQLite) behind
// node:http, 50 streams, 3 changes, a short ingest burst. The full run is `npm run bench`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, runBench } from '@/bench/run';
import { renderMarkdown, renderTable, type BenchResults } from '@/bench/report';
import { findServerPid, readRssKb } from '@/bench/processes';
import { broadcastFrame, busStats, subscribe } from '@/lib/status/bus';
import { resetAppGlobals } from './support/database';
import { defined } from './support/defined';
import { freePort } from './support/server.js';
import { waitUntil } from './support/wait.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nowline-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('benchmark harness (smoke run)', () => {
  let results: BenchResults;

  it('runs fan-out, ingest and polling end to end', { timeout: 150_000 }, async () => {
    results = await runBench({
      ...DEFAULT_OPTIONS,
      build: false,
      appKind: 'handlers',
      only: ['sse', 'ingest', 'polling'],
      levels: [50],
      changes: 3,
      idleSeconds: 1.2,
      heartbeatSeconds: 0.5,
      ingestSeconds: 1.5,
      ingestConcurrency: 4,
      ingestStreams: 50,
      postgres: false,
      reconnect: { lifetimeSeconds: 2, heartbeatSeconds: 0.5, seconds: 8 },
      appPortBase: await freePort(),
      referencePort: await freePort(),
      jsonPath: path.join(dir, 'latest.json'),
      markdownPath: null,
      logDir: path.join(dir, 'logs'),
      quiet: true,
    });
    expect(results.fanout).toHaveLength(1);
  });

  it('held every stream and delivered every change to each, on both servers', () => {
    const [fanout] = results.fanout;
    if (!fanout) throw new Error('no fan-out results');
    for (const level of [fanout.nowline, fanout.reference]) {
      expect(level.open).toBe(50);
      expect(level.failed).toBe(0);
      expect(level.closedEarly).toBe(0);
      expect(level.deliveredToAll).toBe(3);
      expect(level.latency.count).toBe(150);
      // Measured, not judged: how fast is the full benchmark's business.
      expect(level.latency.p50).toBeGreaterThan(0);
      expect(level.latency.p99).toBeGreaterThanOrEqual(level.latency.p50);
      expect(level.toAll.count).toBe(3);
      // Heartbeats every 0.5 s reached every stream while idle; a change frame holds the snapshot.
      expect(level.pings).toBeGreaterThanOrEqual(1);
      expect(level.changeWireBytes).toBeGreaterThan(40);
      // Read after a forced GC on both servers: a heap that grew by the streams' objects.
      expect(Number.isFinite(level.memPerStreamKb)).toBe(true);
      expect(level.heapAfterMb).toBeGreaterThan(level.heapBeforeMb);
      expect(level.rssBeforeMb).toBeGreaterThan(10);
      expect(level.idleCpuPercent).toBeGreaterThanOrEqual(0);
    }
    // The app's frames carry the full snapshot, so they are larger than the reference's.
    expect(fanout.nowline.changeWireBytes!).toBeGreaterThan(fanout.reference.changeWireBytes!);
  });

  it('measured ingest, and a burst coalesced without losing the last change', () => {
    const ingest = defined(results.ingest[0], 'ingest results');
    expect(ingest.database).toBe('SQLite');
    expect(ingest.idle.requests).toBeGreaterThan(5);
    expect(Object.keys(ingest.idle.statuses)).toEqual(['200']);
    expect(ingest.withStreams.errors).toBe(0);
    expect(ingest.streams).toBe(50);
    expect(ingest.framesMax).toBeLessThanOrEqual(ingest.framesAllowed);
    expect(ingest.framesMin).toBeGreaterThan(0);
    expect(ingest.finalMarkerOk).toBe(true);
  });

  it('counted the bytes of an SSE visitor-hour against polling', () => {
    const polling = results.polling!;
    expect(polling.sse.requestsPerHour).toBe(1);
    expect(polling.polling.requestsPerHour).toBe(720);
    expect(polling.sse.parts.responseHeaders).toBeGreaterThan(50);
    // Conditional polls: 60 full bodies, the other polls a 304 without one.
    expect(polling.pollingUnconditional.parts.bodies).toBeGreaterThan(720 * 50);
    const { bodies: fullBodies = 0 } = polling.pollingUnconditional.parts;
    expect(polling.polling.parts.bodies).toBe(fullBodies / 12);
    expect(polling.polling.bytesPerHour).toBeLessThan(polling.pollingUnconditional.bytesPerHour);
    expect(polling.ratio).toBeGreaterThan(1);
  });

  it('counted real reconnects of streams that end, and what each costs', () => {
    const { reconnect, capped, sse } = results.polling!;
    // Streams end after 2 s at a 0.5 s heartbeat (1.5–2 s), then `retry` (2 s): at least two
    // connections in 8 s, however late a busy machine runs the timers. Never before the lifetime;
    // the upper bound only says the stream ended by itself.
    expect(reconnect.connections).toBeGreaterThanOrEqual(2);
    for (const lifetime of reconnect.lifetimes) {
      expect(lifetime).toBeGreaterThan(1.4);
      expect(lifetime).toBeLessThan(6);
    }
    expect(reconnect.retryMs).toBe(2000);
    expect(reconnect.handshake.request).toBeGreaterThan(Buffer.byteLength('GET /api/status/stream HTTP/1.1\r\n'));
    expect(reconnect.handshake.initial).toBeGreaterThan(100); // the snapshot is resent on every reconnect
    expect(reconnect.handshake.end).toBeGreaterThanOrEqual(0);
    expect(capped.connectionsPerHour).toBeGreaterThan(12);
    expect(capped.bytesPerHour).toBeGreaterThan(sse.bytesPerHour);
  });

  it('reports each figure with its reference, target and verdict', () => {
    const rows = results.rows!;
    const toAll = rows.find((r) => r.figure.startsWith('p99 time until all'))!;
    expect(toAll.reference).toBe(defined(results.fanout[0], 'fan-out results').reference.toAll.p99);
    expect(toAll.ratio).toBeCloseTo(toAll.value! / toAll.reference!, 5);
    expect(rows.find((r) => r.figure === 'streams held open')!.pass).toBe(true);
    expect(rows.find((r) => r.figure === 'streams whose last frame has the last change')!.pass).toBe(true);
    expect(renderTable(rows)).toContain('server RSS per idle stream after GC (KB)');
    const markdown = renderMarkdown(results, '## Notes\n\nhand-written');
    expect(markdown).toContain(`${results.machine.cores} cores`);
    expect(markdown).toContain('| figure | Nowline | reference | ratio | target | result |');
    expect(markdown).toContain('hand-written');
  });
});

describe('memory readings', () => {
  it('fail loudly instead of reading 0 KB from a process that is not there', () => {
    expect(readRssKb(process.pid)).toBeGreaterThan(1000);
    expect(() => readRssKb(2 ** 30)).toThrow(/cannot read \/proc/);
    // This test process is not a server: no process named nowline-server below it.
    expect(() => findServerPid(process.pid)).toThrow(/no process named nowline-server/);
  });
});

describe('fan-out pacing (what keeps ingest alive with thousands of streams)', () => {
  afterAll(() => resetAppGlobals());
  /** A frame goes out in the turn of the event loop it was published in, once its promise jobs have run. */
  const sameTurn = () => new Promise((resolve) => process.nextTick(resolve));

  it('sends at once, holds frames during a slow fan-out, then sends only the newest', async () => {
    resetAppGlobals();
    const got: string[][] = [[], [], []];
    const offs = got.map((list) =>
      subscribe({
        openedAt: Date.now(),
        send(chunk) {
          const until = performance.now() + 4;
          while (performance.now() < until); // a slow stream write
          list.push(new TextDecoder().decode(chunk));
          return true;
        },
        close() {},
      }),
    );
    const frame = (s: string) => new TextEncoder().encode(s);
    broadcastFrame(frame('a'));
    broadcastFrame(frame('b'));
    await sameTurn();
    broadcastFrame(frame('c'));
    expect(got.map((l) => l.join())).toEqual(['a', 'a', 'a']);
    // b was replaced by c while a was still going out: c follows (after a pause), b never does.
    await waitUntil(() => got.every((l) => l.length >= 2));
    expect(got.map((l) => l.join())).toEqual(['a,c', 'a,c', 'a,c']);
    expect(busStats().lastFanOutMs).toBeGreaterThanOrEqual(10);
    for (const off of offs) off();
  });

  it('does not pause after a quick fan-out', async () => {
    resetAppGlobals();
    const got: string[] = [];
    const off = subscribe({
      openedAt: Date.now(),
      send: (c) => (got.push(new TextDecoder().decode(c)), true),
      close() {},
    });
    broadcastFrame(new TextEncoder().encode('x'));
    await sameTurn();
    await new Promise((r) => setImmediate(r)); // the fan-out is over
    broadcastFrame(new TextEncoder().encode('y'));
    await sameTurn();
    expect(got).toEqual(['x', 'y']);
    off();
  });
});
