import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSseResponse, encodeEvent, encodeRetry, PING_FRAME, serveSseOverNode, type SseClient } from '@/lib/sse';
import { broadcastFrame, busStats, closeAllStreams, configureBus, subscribe } from '@/lib/status/bus';
import { resetAppGlobals } from './support/database';
import { nonReadingClient } from './support/sse-client';
import { defined } from './support/defined';
import { sleep, waitUntil } from './support/wait.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

afterEach(() => resetAppGlobals());

describe('SSE frames', () => {
  it('formats an event with id, name and data, ending in a blank line', () => {
    expect(text(encodeEvent({ id: 42, event: 'status', data: '{"a":1}' }))).toBe('id: 42\nevent: status\ndata: {"a":1}\n\n');
  });

  it('splits multi-line data into several data lines', () => {
    expect(text(encodeEvent({ data: 'one\ntwo\r\nthree' }))).toBe('data: one\ndata: two\ndata: three\n\n');
  });

  it('formats retry and ping', () => {
    expect(text(encodeRetry(2000))).toBe('retry: 2000\n\n');
    expect(text(PING_FRAME)).toBe(': ping\n\n');
  });
});

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, predicate: (all: string) => boolean) {
  let all = '';
  while (!predicate(all)) {
    const { value, done } = await reader.read();
    if (done) break;
    all += text(value);
  }
  return all;
}

describe('createSseResponse', () => {
  it('sends retry first, then the current state at once, with SSE headers', async () => {
    const controller = new AbortController();
    const res = createSseResponse({
      signal: controller.signal,
      retryMs: 1500,
      initial: () => encodeEvent({ id: 1, event: 'status', data: '{}' }),
      subscribe,
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('no-transform');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const reader = res.body!.getReader();
    const got = await readUntil(reader, (all) => all.includes('data: {}'));
    expect(got.startsWith('retry: 1500\n\n')).toBe(true);
    expect(got).toContain('id: 1\nevent: status\n');
    expect(busStats().subscribers).toBe(1);
    controller.abort();
    expect(busStats().subscribers).toBe(0);
  });

  it('does not send the initial frame again when the bus publishes that same frame', async () => {
    // A stream opened between a change and its publish: the publish carries the frame it already has.
    const current = encodeEvent({ id: 7, event: 'status', data: '{"v":7}' });
    const controller = new AbortController();
    const res = createSseResponse({ signal: controller.signal, retryMs: 1000, initial: () => current, subscribe });
    const reader = res.body!.getReader();
    try {
      await readUntil(reader, (all) => all.includes('{"v":7}'));
      broadcastFrame(current);
      broadcastFrame(encodeEvent({ id: 8, event: 'status', data: '{"v":8}' }));
      expect(await readUntil(reader, (all) => all.includes('{"v":8}'))).toBe('id: 8\nevent: status\ndata: {"v":8}\n\n');
    } finally {
      controller.abort();
    }
  });

  it('removes the listener when the reader cancels', async () => {
    const res = createSseResponse({ signal: new AbortController().signal, retryMs: 1000, initial: () => PING_FRAME, subscribe });
    const reader = res.body!.getReader();
    await reader.read();
    expect(busStats().subscribers).toBe(1);
    await reader.cancel();
    expect(busStats().subscribers).toBe(0);
  });
});

/** A real node:http server holding streams with serveSseOverNode, as scripts/server.js does. */
async function nodeSseServer(options: { maxBufferedBytes?: number; stallMs?: number; delayMs?: number; initial?: Uint8Array } = {}) {
  const clients: SseClient[] = [];
  // How often each stream's onEnd ran, in the order the streams arrived.
  const ends: number[] = [];
  const server = http.createServer(async (req, res) => {
    const index = ends.push(0) - 1;
    if (options.delayMs) await sleep(options.delayMs);
    serveSseOverNode(
      req,
      res,
      {
        retryMs: 1500,
        initial: () => options.initial ?? encodeEvent({ id: 1, event: 'status', data: '{}' }),
        subscribe: (client) => (clients.push(client), subscribe(client)),
        maxBufferedBytes: options.maxBufferedBytes,
        stallMs: options.stallMs,
        onEnd: () => (ends[index] = (ends[index] ?? 0) + 1),
      },
      { 'Access-Control-Allow-Origin': '*' },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    port,
    clients,
    ends,
    connections: () => new Promise<number>((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n)))),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Sends big frames until they pile up in the process (past the kernel's socket buffers). */
function fillUntilQueued(client: SseClient) {
  const frame = new Uint8Array(256 * 1024).fill(97);
  for (let i = 0; i < 400; i++) if (!client.send(frame)) return;
}

const until = (condition: () => boolean) => waitUntil(condition, { message: 'stream condition not met' });

describe('serveSseOverNode', () => {
  it('does not send the initial frame again when the bus publishes that same frame', async () => {
    const current = encodeEvent({ id: 7, event: 'status', data: '{"v":7}' });
    const server = await nodeSseServer({ initial: current });
    const controller = new AbortController();
    try {
      const reader = (await fetch(server.url, { signal: controller.signal })).body!.getReader();
      await readUntil(reader, (all) => all.includes('{"v":7}'));
      broadcastFrame(current);
      broadcastFrame(encodeEvent({ id: 8, event: 'status', data: '{"v":8}' }));
      expect(await readUntil(reader, (all) => all.includes('{"v":8}'))).toBe('id: 8\nevent: status\ndata: {"v":8}\n\n');
    } finally {
      controller.abort();
      await until(() => busStats().subscribers === 0);
      await server.close();
    }
  });

  it('sends headers, retry and the current state at once, then what the bus publishes', async () => {
    const server = await nodeSseServer();
    const controller = new AbortController();
    try {
      const res = await fetch(server.url, { signal: controller.signal });
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const reader = res.body!.getReader();
      const first = await readUntil(reader, (all) => all.includes('data: {}\n\n'));
      expect(first).toBe('retry: 1500\n\nid: 1\nevent: status\ndata: {}\n\n');
      expect(busStats().subscribers).toBe(1);
      broadcastFrame(encodeEvent({ id: 2, event: 'status', data: '{"v":2}' }));
      expect(await readUntil(reader, (all) => all.includes('{"v":2}'))).toBe('id: 2\nevent: status\ndata: {"v":2}\n\n');
    } finally {
      controller.abort();
    }
    // The visitor left: the socket closes and the bus forgets the stream.
    await until(() => busStats().subscribers === 0);
    await until(() => server.ends[0] === 1);
    await server.close();
  });

  it('drops a client that stops reading once its unsent bytes pass the limit', async () => {
    const server = await nodeSseServer({ maxBufferedBytes: 64 * 1024 });
    const res = await fetch(server.url);
    await res.body!.getReader().read(); // then never read again
    await until(() => server.clients.length === 1);
    const client = defined(server.clients[0], 'the stream');
    const frame = new Uint8Array(256 * 1024).fill(97);
    // Loopback socket buffers take a few MB before anything stays queued in the process.
    let sent = 0;
    while (client.send(frame) && sent < 1000) sent++;
    expect(sent).toBeLessThan(1000);
    expect(client.send(frame)).toBe(false);
    expect(busStats().subscribers).toBe(0);
    // Destroyed, not ended: an ending would wait for the reader forever and keep the socket.
    await until(() => server.ends[0] === 1);
    expect(await server.connections()).toBe(0);
    await server.close();
  });

  it('destroys a stream whose queued bytes do not drain within the stall time', async () => {
    const server = await nodeSseServer({ maxBufferedBytes: 1 << 30, stallMs: 300 });
    const socket = await nonReadingClient(server.port);
    await until(() => server.clients.length === 1);
    fillUntilQueued(defined(server.clients[0], 'the stream'));
    expect(busStats().subscribers).toBe(1);
    await until(() => server.ends[0] === 1);
    expect(busStats().subscribers).toBe(0);
    expect(await server.connections()).toBe(0);
    socket.destroy();
    await server.close();
  });

  it('keeps a slow stream that keeps reading: progress restarts the stall time', async () => {
    // The reader takes a frame every 20 ms against a stall time of 1 s: only a pause of the whole
    // test process for a second could cut it, however slow the machine otherwise is.
    const server = await nodeSseServer({ maxBufferedBytes: 1 << 30, stallMs: 1000 });
    const res = await fetch(server.url);
    const reader = res.body!.getReader();
    await until(() => server.clients.length === 1);
    const frame = new Uint8Array(64 * 1024).fill(98);
    const started = Date.now();
    while (Date.now() - started < 3000) {
      defined(server.clients[0], 'the stream').send(frame);
      await reader.read();
      await sleep(20);
    }
    expect(server.ends[0]).toBe(0);
    expect(busStats().subscribers).toBe(1);
    await reader.cancel();
    await until(() => server.ends[0] === 1);
    await server.close();
  });

  it('ends a stream cleanly for a reader (lifetime cap) and cuts it for one that does not read', async () => {
    const server = await nodeSseServer({ maxBufferedBytes: 1 << 30, stallMs: 300 });
    const res = await fetch(server.url);
    const socket = await nonReadingClient(server.port);
    await until(() => server.clients.length === 2);
    fillUntilQueued(defined(server.clients[1], 'the second stream'));
    for (const client of server.clients) client.close();
    // The reader gets the end of the stream; the other is destroyed after the stall time.
    expect(await res.text()).toContain('data: {}');
    await until(() => server.ends.every((n) => n === 1));
    expect(busStats().subscribers).toBe(0);
    socket.destroy();
    await server.close();
  });

  it('sends every stream the same bytes: each frame one HTTP/1.1 chunk, or as it is to an HTTP/1.0 client', async () => {
    const server = await nodeSseServer();
    const chunk = (t: string) => `${Buffer.byteLength(t).toString(16)}\r\n${t}\r\n`;
    const head = 'retry: 1500\n\nid: 1\nevent: status\ndata: {}\n\n';
    const frame = 'id: 2\nevent: status\ndata: {"v":"é"}\n\n';
    try {
      const bodies = ['1.1', '1.1', '1.0'].map((version) => {
        const socket = net.connect(server.port, '127.0.0.1');
        const received: Buffer[] = [];
        socket.on('data', (d) => received.push(d));
        socket.write(`GET / HTTP/${version}\r\nHost: x\r\n\r\n`);
        const body = () => {
          const all = Buffer.concat(received).toString('utf8');
          return all.slice(all.indexOf('\r\n\r\n') + 4);
        };
        return { body, ended: new Promise((resolve) => socket.on('close', resolve)) };
      });
      await until(() => server.clients.length === 3 && bodies.every((b) => b.body().includes('data: {}')));
      broadcastFrame(encodeEvent({ id: 2, event: 'status', data: '{"v":"é"}' }));
      broadcastFrame(encodeEvent({ id: 2, event: 'status', data: '{"v":"é"}' })); // paced: the second waits for the first
      await until(() => bodies.every((b) => b.body().split('"é"').length === 3));
      closeAllStreams();
      await Promise.all(bodies.map((b) => b.ended.catch(() => undefined)).slice(2));
      await until(() => bodies.slice(0, 2).every((b) => b.body().endsWith('0\r\n\r\n')));
      for (const b of bodies.slice(0, 2)) expect(b.body()).toBe(`${chunk('retry: 1500\n\n')}${chunk('id: 1\nevent: status\ndata: {}\n\n')}${chunk(frame)}${chunk(frame)}0\r\n\r\n`);
      expect(bodies[2]?.body()).toBe(`${head}${frame}${frame}`);
    } finally {
      await server.close();
    }
  });

  it('ends once every stream on shutdown, and once one whose client left before it was served', async () => {
    // Each request waits a second before it is served; the first one's client leaves as soon as
    // the server has it (not after a fixed time: on a busy machine it may not have arrived yet).
    const server = await nodeSseServer({ delayMs: 1000 });
    const gone = http.get(server.url);
    gone.on('error', () => {});
    await until(() => server.ends.length === 1);
    gone.destroy();
    const readers = await Promise.all([fetch(server.url), fetch(server.url), fetch(server.url)]);
    await until(() => server.clients.length === 3);
    closeAllStreams();
    await Promise.all(readers.map((r) => r.text()));
    await until(() => server.ends.length === 4 && server.ends.every((n) => n === 1));
    await sleep(50);
    expect(server.ends).toEqual([1, 1, 1, 1]);
    expect(busStats().subscribers).toBe(0);
    await server.close();
  });
});

describe('createSseResponse, when the reader stops', () => {
  /** A web SSE response with a 200 ms stall time, its clients, and how often it ended. */
  function watchedResponse(signal = new AbortController().signal) {
    let ends = 0;
    const clients: SseClient[] = [];
    const res = createSseResponse({
      signal,
      retryMs: 1000,
      initial: () => encodeEvent({ id: 1, event: 'status', data: '{}' }),
      subscribe: (client) => (clients.push(client), subscribe(client)),
      stallMs: 200,
      onEnd: () => ends++,
    });
    const reader = res.body!.getReader();
    return { reader, send: (frame: Uint8Array) => clients[0]!.send(frame), ends: () => ends };
  }

  it('errors the body after the stall time so the server drops the connection, and ends once', async () => {
    const { reader, send, ends } = watchedResponse();
    await reader.read(); // then never again
    send(PING_FRAME);
    // No progress for a whole stall period, checked at its end: cut, however late the timer fires.
    await until(() => ends() === 1);
    expect(busStats().subscribers).toBe(0);
    await expect(reader.read()).rejects.toThrow(/stopped reading/);
    await reader.cancel().catch(() => {});
    expect(ends()).toBe(1);
  });

  it('keeps a reader that keeps up, and ends once on abort', async () => {
    // Fake timers: the stall check runs exactly when the test says, never late or early.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const controller = new AbortController();
    const { reader, send, ends } = watchedResponse(controller.signal);
    try {
      for (let i = 0; i < 12; i++) {
        send(PING_FRAME);
        await reader.read();
        await vi.advanceTimersByTimeAsync(150); // 12 × 150 ms: far past the 200 ms stall time in all
      }
      expect(ends()).toBe(0);
      controller.abort();
      await reader.cancel();
      expect(ends()).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('bus', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs ONE heartbeat timer for any number of streams, and none once they are gone', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    configureBus({ heartbeatMs: 50, maxLifetimeMs: 0 });
    const received: number[] = [];
    const offs = Array.from({ length: 500 }, (_, i) => {
      received[i] = 0;
      const client: SseClient = { openedAt: Date.now(), send: () => ((received[i] = (received[i] ?? 0) + 1), true), close: () => {} };
      return subscribe(client);
    });
    expect(busStats()).toMatchObject({ subscribers: 500, heartbeatRunning: true });
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(130);
    expect(new Set(received)).toEqual(new Set([2]));
    for (const off of offs) off();
    expect(busStats()).toMatchObject({ subscribers: 0, heartbeatRunning: false });
  });

  it('sends a change that comes alone at once, and paces only changes that pile up', async () => {
    // One stream whose write costs 20 ms of CPU stands for thousands of cheap ones.
    const busyFor = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const got: { text: string; at: number }[] = [];
    const off = subscribe({
      openedAt: Date.now(),
      send: (chunk) => (busyFor(20), got.push({ text: text(chunk), at: performance.now() }), true),
      close: () => {},
    });
    const frame = (n: number) => encodeEvent({ id: n, data: String(n) });
    await sleep(100); // an idle loop before: not the saturated case of the next test
    broadcastFrame(frame(1));
    await new Promise((resolve) => setImmediate(resolve)); // the fan-out is over
    await sleep(5);
    broadcastFrame(frame(2));
    await new Promise((resolve) => process.nextTick(resolve)); // in this same turn of the event loop
    expect(got.map((g) => g.text)).toEqual([text(frame(1)), text(frame(2))]); // no pause in between
    // Two more while the fan-out of 2 is still being written: only the newest goes, after a pause.
    broadcastFrame(frame(3));
    broadcastFrame(frame(4));
    expect(got).toHaveLength(2);
    const before = performance.now();
    await until(() => got.length >= 3);
    expect(got[2]!.at - before).toBeGreaterThanOrEqual(15);
    // Frame 3 was dropped for 4: the next frame sent after them follows 4 directly.
    broadcastFrame(frame(5));
    await until(() => got.length >= 4);
    expect(got.map((g) => g.text).slice(2)).toEqual([text(frame(4)), text(frame(5))]);
    off();
  });

  it('gives a saturated event loop most of its time: after a fan-out, the next waits nine times its cost', async () => {
    const busyFor = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const sentAt: number[] = [];
    const off = subscribe({ openedAt: Date.now(), send: () => (busyFor(20), sentAt.push(performance.now()), true), close: () => {} });
    const frame = (n: number) => encodeEvent({ id: n, data: String(n) });
    // A first fan-out on an idle loop marks where the next one's measure of the loop starts.
    broadcastFrame(frame(1));
    await until(() => sentAt.length === 1);
    // Reports keep the loop busy from here on: CPU work in every turn, no idle time.
    let saturating = true;
    const saturate = () => {
      busyFor(2);
      if (saturating) setImmediate(saturate);
    };
    setImmediate(saturate);
    try {
      await sleep(300);
      broadcastFrame(frame(2));
      await until(() => sentAt.length === 2);
      await sleep(10);
      broadcastFrame(frame(3)); // after the fan-out of 2, within its pause: it waits
      await until(() => sentAt.length === 3);
      // A fan-out of ~20 ms on a saturated loop: 9 × 20 ms pause; on an idle one it would be 20 ms.
      expect(sentAt[2]! - sentAt[1]!).toBeGreaterThanOrEqual(150);
    } finally {
      saturating = false;
      off();
    }
  });

  it('closes streams before their maximum lifetime', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    configureBus({ heartbeatMs: 50, maxLifetimeMs: 120 });
    let closed = false;
    const off = subscribe({ openedAt: Date.now(), send: () => true, close: () => (closed = true) });
    // Closed at the first tick within one interval of the lifetime (100 ms), never after 120 ms.
    vi.advanceTimersByTime(99);
    expect(closed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(closed).toBe(true);
    off();
  });
});
