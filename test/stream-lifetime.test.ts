// Serverless limits: every SSE stream ends itself, cleanly, before NOWLINE_STREAM_MAX_SECONDS
// (the platform would otherwise cut it mid-write at maxDuration); the browser then reconnects.
import { describe, expect, it, vi } from 'vitest';
import { withTempSqlite } from './support/database';

process.env.NOWLINE_HEARTBEAT_SECONDS = '0.2';
process.env.NOWLINE_STREAM_MAX_SECONDS = '1';

withTempSqlite({ perTest: false });

describe('stream lifetime', () => {
  it('ends a stream before its lifetime, after heartbeats, and forgets it', async () => {
    const { GET } = await import('@/app/api/status/stream/route');
    const { busStats } = await import('@/lib/status/bus');
    const { getSnapshot } = await import('@/lib/status/store');
    await getSnapshot(); // warm, so only the stream's own life is timed
    // The heartbeat timer and the clock are fake: the stream's life is counted exactly, however busy the machine.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const response = await GET(new Request('http://localhost/api/status/stream'));
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      let ended = false;
      const reading = response.text().finally(() => (ended = true)); // resolves only when the server ends the stream
      // Ticks every 200 ms; the one that falls within the last interval before 1 s (at 800 ms) closes it.
      await vi.advanceTimersByTimeAsync(799);
      expect(ended).toBe(false);
      expect(busStats().subscribers).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      const text = await reading;
      expect(text).toMatch(/^retry: \d+\n\nid: 0\nevent: status\ndata: \{/);
      expect(text.match(/^: ping$/gm)).toHaveLength(3);
      expect(busStats().subscribers).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives the route more time than a stream may live on Vercel', async () => {
    const { maxDuration } = await import('@/app/api/status/stream/route');
    vi.resetModules();
    const saved = { ...process.env };
    try {
      delete process.env.NOWLINE_STREAM_MAX_SECONDS;
      process.env.VERCEL = '1';
      process.env.NOWLINE_SITE_URL = 'https://ada.example'; // required on Vercel
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
