import { afterEach, describe, expect, it } from 'vitest';
import { createSseResponse, encodeEvent, encodeRetry, PING_FRAME, type SseClient } from '@/lib/sse';
import { busStats, configureBus, subscribe } from '@/lib/status/bus';
import { resetAppGlobals } from './helpers/database';
import { sleep } from './helpers/sse-client';

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

  it('removes the listener when the reader cancels', async () => {
    const res = createSseResponse({ signal: new AbortController().signal, retryMs: 1000, initial: () => PING_FRAME, subscribe });
    const reader = res.body!.getReader();
    await reader.read();
    expect(busStats().subscribers).toBe(1);
    await reader.cancel();
    expect(busStats().subscribers).toBe(0);
  });
});

describe('bus', () => {
  it('runs ONE heartbeat timer for any number of streams, and none once they are gone', async () => {
    configureBus({ heartbeatMs: 50, maxLifetimeMs: 0 });
    const received: number[] = [];
    const offs = Array.from({ length: 500 }, (_, i) => {
      received[i] = 0;
      const client: SseClient = { openedAt: Date.now(), send: () => (received[i]++, true), close: () => {} };
      return subscribe(client);
    });
    expect(busStats()).toMatchObject({ subscribers: 500, heartbeatRunning: true });
    await sleep(130);
    expect(Math.min(...received)).toBeGreaterThanOrEqual(2);
    for (const off of offs) off();
    expect(busStats()).toMatchObject({ subscribers: 0, heartbeatRunning: false });
  });

  it('closes streams before their maximum lifetime', async () => {
    configureBus({ heartbeatMs: 50, maxLifetimeMs: 120 });
    let closed = false;
    const off = subscribe({ openedAt: Date.now(), send: () => true, close: () => (closed = true) });
    await sleep(200);
    expect(closed).toBe(true);
    off();
  });
});
