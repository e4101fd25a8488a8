// The stream as any EventSource client sees it, over real HTTP against the built app.
import { expect, test } from './fixtures';
import { startServer } from '../test/support/app-server';
import { openStream } from '../test/support/sse.js';
import type { Snapshot } from '../lib/status/schema';

const parse = (data: string) => JSON.parse(data) as Snapshot;

test.describe('GET /api/status/stream', () => {
  test('sends retry first and the current snapshot at once, with its version as id', async ({ baseURL, request }) => {
    const current = (await (await request.get('/api/status')).json()) as Snapshot;
    const stream = await openStream(`${baseURL}/api/status/stream`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('access-control-allow-origin')).toBe('*');
    // `npm start` holds streams on node:http (scripts/server.js), outside Next's request chain:
    // a `Vary: rsc, …` header would mean the route handler answered, at ~8× the memory per stream.
    expect(stream.headers.get('vary')).toBeNull();
    const first = await stream.waitFor((e) => e.event === 'status');
    expect(stream.retry).toBeGreaterThan(0);
    expect(first.id).toBe(String(current.version));
    expect(parse(first.data).version).toBe(current.version);
    stream.close();
  });

  test('delivers every posted change, in order, with its version as id', async ({ baseURL, request, reporterToken }) => {
    // How fast is the benchmark's business (npm run bench); here only that each change arrives.
    const stream = await openStream(`${baseURL}/api/status/stream`);
    await stream.waitFor((e) => e.event === 'status');
    const versions: number[] = [];
    for (let i = 0; i < 8; i++) {
      const marker = `change-${Date.now()}-${i}`;
      const res = await request.post('/api/status', {
        headers: { authorization: `Bearer ${reporterToken}` },
        data: { kind: 'gaming', name: marker },
      });
      expect(res.status()).toBe(200);
      const got = await stream.waitFor((e) => e.data.includes(marker));
      const version = ((await res.json()) as Snapshot).version;
      expect(Number(got.id)).toBe(version);
      expect(parse(got.data).version).toBe(version);
      versions.push(version);
    }
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
    expect(new Set(versions).size).toBe(8);
    stream.close();
  });

  // The contract (README, lib/status/stream.ts): every event carries the full state, so whatever
  // Last-Event-ID a client sends back, it gets the current snapshot once, at once, and no replay.
  for (const [name, lastEventId] of [
    ['the current id', (current: number) => String(current)],
    ['an older id', (current: number) => String(current - 1)],
    ['garbage', () => 'not-a-version\u00e9'],
  ] as const) {
    test(`a client reconnecting with ${name} as Last-Event-ID gets the current snapshot once`, async ({ baseURL, request, reporterToken }) => {
      const posted = (await (
        await request.post('/api/status', { headers: { authorization: `Bearer ${reporterToken}` }, data: { kind: 'app', name: `Missed while away ${name}` } })
      ).json()) as Snapshot;
      const again = await openStream(`${baseURL}/api/status/stream`, { 'Last-Event-ID': lastEventId(posted.version) });
      expect(again.status).toBe(200);
      const current = await again.waitFor((e) => e.event === 'status');
      expect(Number(current.id)).toBe(posted.version);
      expect(parse(current.data).activities.some((a) => a.kind === 'app' && a.name === `Missed while away ${name}`)).toBe(true);
      // The next change is the next event: no second copy of the snapshot came in between.
      const next = (await (
        await request.post('/api/status', { headers: { authorization: `Bearer ${reporterToken}` }, data: { kind: 'app', name: `Back ${name}` } })
      ).json()) as Snapshot;
      await again.waitFor((e) => e.id === String(next.version));
      expect(again.events.map((e) => e.id)).toEqual([String(posted.version), String(next.version)]);
      again.close();
    });
  }

  test('500 streams opened and closed leave no subscriber and no timer behind', async () => {
    // A server of its own, so no page from another test holds a stream open; all 500 come from one
    // address, so its per-client cap is raised (e2e/stream-limits.spec.ts tests the cap).
    const server = await startServer('streams', { extraEnv: { NOWLINE_MAX_STREAMS_PER_CLIENT: '1000' } });
    const health = async () => (await (await fetch(`${server.baseUrl}/api/health`)).json()) as { subscribers: number; heartbeatRunning: boolean };
    try {
      expect(await health()).toMatchObject({ subscribers: 0, heartbeatRunning: false });
      const streams = await Promise.all(Array.from({ length: 500 }, () => openStream(`${server.baseUrl}/api/status/stream`)));
      await Promise.all(streams.map((s) => s.waitFor((e) => e.event === 'status', 20_000)));
      expect(await health()).toMatchObject({ subscribers: 500, heartbeatRunning: true });
      for (const s of streams) s.close();
      await expect.poll(health, { timeout: 10_000 }).toMatchObject({ subscribers: 0, heartbeatRunning: false });
    } finally {
      await server.stop();
    }
  });
});

test.describe('bad input never breaks the server', () => {
  test('every malformed request gets a 4xx with a reason, and the snapshot stays the same', async ({ request, reporterToken }) => {
    const before = (await (await request.get('/api/status')).json()) as Snapshot;
    const auth = { authorization: `Bearer ${reporterToken}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const cases: [string, Parameters<typeof request.fetch>[1], number][] = [
      ['no token', { method: 'POST', data: { kind: 'app', name: 'x' } }, 401],
      ['bad token', { method: 'POST', headers: { authorization: 'Bearer nope' }, data: { kind: 'app', name: 'x' } }, 401],
      ['basic auth', { method: 'POST', headers: { authorization: 'Basic Zm9vOmJhcg==' }, data: { kind: 'app', name: 'x' } }, 401],
      ['not JSON', { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, data: 'hello' }, 415],
      ['malformed JSON', { method: 'POST', headers: json, data: '{"kind":' }, 400],
      ['array', { method: 'POST', headers: json, data: '[1,2,3]' }, 400],
      ['null', { method: 'POST', headers: json, data: 'null' }, 400],
      ['unknown kind', { method: 'POST', headers: json, data: { kind: 'nap' } }, 400],
      ['wrong type', { method: 'POST', headers: json, data: { kind: 'music', durationMs: 'long' } }, 400],
      ['too long', { method: 'POST', headers: json, data: { kind: 'manual', text: 'x'.repeat(281) } }, 400],
      ['too large', { method: 'POST', headers: json, data: { kind: 'app', name: 'x', description: 'y'.repeat(100_000) } }, 413],
      ['prototype keys', { method: 'POST', headers: json, data: '{"kind":"app","name":"x","__proto__":{"admin":true}}' }, 400],
      ['deep nesting', { method: 'POST', headers: json, data: '['.repeat(5000) + ']'.repeat(5000) }, 400],
      ['delete without kind', { method: 'DELETE', headers: auth }, 400],
    ];
    for (const [name, options, status] of cases) {
      const res = await request.fetch('/api/status', options);
      expect.soft(res.status(), name).toBe(status);
      const body = await res.json();
      expect.soft(body.error?.message, name).toBeTruthy();
    }
    const after = (await (await request.get('/api/status')).json()) as Snapshot;
    expect(after.version).toBe(before.version);
  });
});
