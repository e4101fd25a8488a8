// Serverless limits: every SSE stream ends itself, cleanly, before NOWLINE_STREAM_MAX_SECONDS
// (the platform would otherwise cut it mid-write at maxDuration); the browser then reconnects.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTempSqlite } from './support/database';

process.env.NOWLINE_HEARTBEAT_SECONDS = '0.2';
process.env.NOWLINE_STREAM_MAX_SECONDS = '1';

let db: ReturnType<typeof useTempSqlite>;
beforeAll(() => {
  db = useTempSqlite();
});
afterAll(async () => {
  await db.cleanup();
});

describe('stream lifetime', () => {
  it('ends a stream before its lifetime, after heartbeats, and forgets it', async () => {
    const { GET } = await import('@/app/api/status/stream/route');
    const { busStats } = await import('@/lib/status/bus');
    const { getSnapshot } = await import('@/lib/status/store');
    await getSnapshot(); // warm, so only the stream's own life is timed
    const response = await GET(new Request('http://localhost/api/status/stream'));
    const started = performance.now();
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text(); // resolves only when the server ends the stream
    const lasted = performance.now() - started;
    expect(text).toMatch(/^retry: \d+\n\nid: 0\nevent: status\ndata: \{/);
    expect(text.match(/^: ping$/gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
    // Closed at the first heartbeat tick within the last interval before 1 s (+ timer lateness on a busy machine).
    expect(lasted).toBeGreaterThanOrEqual(750);
    expect(lasted).toBeLessThan(1100);
    expect(busStats().subscribers).toBe(0);
  });

  it('gives the route more time than a stream may live on Vercel', async () => {
    const { maxDuration } = await import('@/app/api/status/stream/route');
    vi.resetModules();
    const saved = { ...process.env };
    try {
      delete process.env.NOWLINE_STREAM_MAX_SECONDS;
      process.env.VERCEL = '1';
      const { env } = await import('@/lib/env');
      expect(env().NOWLINE_STREAM_MAX_SECONDS).toBe(280);
      expect(maxDuration).toBeGreaterThan(env().NOWLINE_STREAM_MAX_SECONDS);
      vi.resetModules();
      delete process.env.VERCEL;
      const local = await import('@/lib/env');
      expect(local.env().NOWLINE_STREAM_MAX_SECONDS).toBe(0); // self-hosted: unlimited
    } finally {
      process.env = saved;
    }
  });
});
