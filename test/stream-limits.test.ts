// Stream caps over real HTTP: the production server's fast lane (node:http) and the route handler
// (next dev, Vercel) both refuse a stream past the per-client or total cap with a JSON 429, and give
// every slot back whichever way its stream ends.
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GET as streamRoute } from '@/app/api/status/stream/route';
import { PEER_ADDRESS_HEADER } from '@/lib/client-address.js';
import { encodeEvent } from '@/lib/sse';
import { broadcastFrame, busStats, closeAllStreams } from '@/lib/status/bus';
import { openStreamCount } from '@/lib/status/stream';
import { useTempSqlite } from './support/database';
import { startFastLaneServer, type FastLaneServer } from './support/fast-lane-server';
import { nonReadingClient } from './support/sse-client';
import { sleep, waitUntil } from './support/wait.js';

process.env.NOWLINE_MAX_STREAMS_PER_CLIENT = '2';
process.env.NOWLINE_MAX_STREAMS = '3';
process.env.NOWLINE_STREAM_STALL_SECONDS = '0.3';

let db: ReturnType<typeof useTempSqlite>;
let lane: FastLaneServer;
let port: number;

beforeEach(async () => {
  db = useTempSqlite();
  lane = await startFastLaneServer();
  port = lane.port;
});
afterEach(async () => {
  closeAllStreams();
  await lane.close();
  await db.cleanup();
});

interface Opened {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  close(): void;
}

/** GET the stream from a given loopback address; resolves once the head (and for 200 the first frame) is in. */
function openFrom(localAddress: string): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/status/stream', localAddress, agent: false }, (res) => {
      let body = '';
      const done = () => resolve({ status: res.statusCode!, headers: res.headers, body, close: () => req.destroy() });
      res.on('data', (chunk) => {
        body += chunk;
        if (res.statusCode === 200 && body.includes('event: status')) done();
      });
      res.on('end', done);
    });
    req.on('error', reject);
  });
}

const until = (condition: () => boolean) => waitUntil(condition, { message: 'stream slots not as expected' });

describe('stream caps on the fast lane', () => {
  it('refuses a client past its cap with a JSON 429 and Retry-After, while another address gets a stream', async () => {
    const mine = [await openFrom('127.0.0.1'), await openFrom('127.0.0.1')];
    expect(mine.map((s) => s.status)).toEqual([200, 200]);
    const refused = await openFrom('127.0.0.1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['content-type']).toContain('application/json');
    expect(refused.headers['access-control-allow-origin']).toBe('*');
    expect(JSON.parse(refused.body).error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('your address') });
    const other = await openFrom('127.0.0.2');
    expect(other.status).toBe(200);
    expect(openStreamCount()).toBe(3);
    // The total is reached: a third address is refused too.
    const third = await openFrom('127.0.0.3');
    expect(third.status).toBe(429);
    expect(JSON.parse(third.body).error.code).toBe('rate_limited');
    for (const s of [...mine, other]) s.close();
    await until(() => openStreamCount() === 0 && busStats().subscribers === 0);
    expect((await openFrom('127.0.0.1')).status).toBe(200);
  });

  it('gives the slot back when a client stops reading and its stream stalls', async () => {
    const socket = await nonReadingClient(port, '/api/status/stream');
    await until(() => openStreamCount() === 1);
    const big = encodeEvent({ event: 'status', data: 'x'.repeat(256 * 1024) });
    for (let i = 0; i < 60 && openStreamCount() > 0; i++) {
      broadcastFrame(big);
      await sleep(5);
    }
    await until(() => openStreamCount() === 0);
    expect(busStats().subscribers).toBe(0);
    socket.destroy();
  });

  it('gives every slot back on shutdown', async () => {
    const streams = await Promise.all(['127.0.0.1', '127.0.0.1', '127.0.0.2'].map(openFrom));
    expect(openStreamCount()).toBe(3);
    closeAllStreams();
    await until(() => openStreamCount() === 0);
    for (const s of streams) s.close();
  });
});

describe('stream caps on the route handler', () => {
  const request = (address: string, signal?: AbortSignal) =>
    new Request('http://localhost/api/status/stream', { headers: { [PEER_ADDRESS_HEADER]: address }, signal });

  it('keys on the address the server stamped, refuses with a JSON 429 and releases on abort', async () => {
    const controllers = [new AbortController(), new AbortController()];
    const open = await Promise.all(controllers.map((c) => streamRoute(request('203.0.113.7', c.signal))));
    expect(open.map((r) => r.status)).toEqual([200, 200]);
    const refused = await streamRoute(request('203.0.113.7'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await refused.json()).error.code).toBe('rate_limited');
    const other = await streamRoute(request('203.0.113.8'));
    expect(other.status).toBe(200);
    expect(openStreamCount()).toBe(3);
    for (const c of controllers) c.abort();
    await other.body!.cancel();
    expect(openStreamCount()).toBe(0);
  });

  it('applies only the total when the request carries no address (next start without scripts/server.js)', async () => {
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const open = await Promise.all(
      controllers.map((c) => streamRoute(new Request('http://localhost/api/status/stream', { signal: c.signal }))),
    );
    expect(open.map((r) => r.status)).toEqual([200, 200, 200]);
    const refused = await streamRoute(new Request('http://localhost/api/status/stream'));
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.message).toContain('as many live streams as it can');
    for (const c of controllers) c.abort();
    expect(openStreamCount()).toBe(0);
  });
});
