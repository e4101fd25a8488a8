// Unauthenticated and oversized bodies over real HTTP: a node:http server with the fast lane (which
// serves every ingest POST), driven by a raw TCP client so the test controls exactly when each byte
// of the body is sent, and counts what the server took in.
import net from 'node:net';
import { Readable } from 'node:stream';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { ingestRequestOf, lazyBodyOf, serveWebHandler } from '@/lib/fast-lane';
import { getSnapshot } from '@/lib/status/store';
import { withFastLaneAndToken } from './support/fast-lane-server';
import { waitUntil } from './support/wait.js';

vi.hoisted(() => {
  // A short body deadline, so the stalled-body test takes a second (read once, at first use).
  process.env.NOWLINE_BODY_TIMEOUT_SECONDS = '1';
});

const MB = 1024 * 1024;
const ctx = withFastLaneAndToken();

interface RawReply {
  status: number;
  head: string;
  body: string;
  /** Whether the server closed the connection (within the wait). */
  closed: Promise<boolean>;
}

/**
 * Sends the request head (and `first` bytes of body) on a raw socket, then `rest` only after the
 * reply arrives (or never when null). Resolves with the reply; rejects when none comes in time.
 */
// Generous, for a busy machine: a server that does answer or close does so long before.
function rawRequest(path: string, headers: Record<string, string | number>, first: string | Buffer = '', waitMs = 15_000) {
  const socket = net.connect(ctx.lane.port, '127.0.0.1');
  const head = [`POST ${path} HTTP/1.1`, 'Host: localhost', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  socket.write(head);
  if (first.length) socket.write(first);
  let received = '';
  const closed = new Promise<boolean>((resolve) => {
    socket.on('close', () => resolve(true));
    socket.on('error', () => undefined);
    setTimeout(() => resolve(false), waitMs).unref();
  });
  const reply = new Promise<RawReply>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reply in time')), waitMs);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/content-length: (\d+)/i.exec(received.slice(0, end))?.[1] ?? 0);
      if (received.length < end + 4 + length) return;
      clearTimeout(timer);
      resolve({ status: Number(received.slice(9, 12)), head: received.slice(0, end), body: received.slice(end + 4, end + 4 + length), closed });
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return { socket, reply };
}

/** Bytes the server has taken off the wire, on every connection so far. */
const bytesReadByServer = () => ctx.lane.sockets.reduce((sum, s) => sum + s.bytesRead, 0);

/** A JSON body of about a megabyte, sent whole at once with a token the server must refuse first. */
function megabyteWithoutValidToken(path: string) {
  const body = Buffer.alloc(MB - 1024, 'x');
  return rawRequest(path, { 'Content-Type': 'application/json', 'Content-Length': body.length }, body).reply;
}

describe('native ingest (fast lane): the token and the length come before the body', () => {
  it('answers 401 to a 1 MB body without a token without reading it, and closes the connection', async () => {
    const res = await megabyteWithoutValidToken('/api/status');
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('unauthorized');
    expect(res.head).toMatch(/connection: close/i);
    expect(await res.closed).toBe(true);
    // Node's parser buffers a little before it stops reading; nowhere near the megabyte.
    expect(bytesReadByServer()).toBeLessThan(256 * 1024);
  });

  it('answers 401 to a slow body without a token at once, not when the body ends', async () => {
    const { socket, reply } = rawRequest('/api/status', { 'Content-Type': 'application/json', 'Content-Length': 10_000 }, '{"kind":"manual"');
    // The rest of the body never comes: any reply at all came before it.
    const res = await reply;
    expect(res.status).toBe(401);
    // The connection is not held for the rest of the body.
    expect(await res.closed).toBe(true);
    socket.destroy();
  });

  it('answers 413 from Content-Length alone, before any of the body is sent', async () => {
    const { reply } = rawRequest('/api/status', {
      Authorization: `Bearer ${ctx.token}`,
      'Content-Type': 'application/json',
      'Content-Length': 10 * MB,
    });
    const res = await reply;
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('payload_too_large');
    expect(await res.closed).toBe(true);
    expect((await getSnapshot()).version).toBe(0);
  });

  it('stops reading at the limit when the body is longer than it said (chunked)', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'x');
    const { socket, reply } = rawRequest('/api/status', {
      Authorization: `Bearer ${ctx.token}`,
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
    });
    // 64 KB is native's limit; keep sending well past it.
    for (let i = 0; i < 64 && !socket.destroyed; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`);
    const res = await reply;
    expect(res.status).toBe(413);
    expect(await res.closed).toBe(true);
  });

  it('gives a body that stalls after a valid token 408 after the body deadline', async () => {
    const { reply } = rawRequest('/api/status', { Authorization: `Bearer ${ctx.token}`, 'Content-Type': 'application/json', 'Content-Length': 100 }, '{"kind":');
    const res = await reply;
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body).error.code).toBe('request_timeout');
    expect(await res.closed).toBe(true);
  });

  it('a body that stalls past the deadline and then sends the rest gets its 408 and throws nothing', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const body = '{"kind":"manual","text":"late"}';
      const { socket, reply } = rawRequest('/api/status', { Authorization: `Bearer ${ctx.token}`, 'Content-Type': 'application/json', 'Content-Length': body.length }, body.slice(0, 8));
      // Sent while the server is still waiting, a little before its deadline, and again right after.
      setTimeout(() => socket.write(body.slice(8, 12)), 1100);
      const res = await reply;
      socket.write(body.slice(12));
      expect(res.status).toBe(408);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(uncaught).toEqual([]);
      socket.destroy();
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('a body stream cancelled with a read pending takes no late chunk or end (no "Controller is already closed")', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const req = Object.assign(new Readable({ read() {} }), { complete: false }) as unknown as IncomingMessage & Readable;
      const reader = lazyBodyOf(req).getReader();
      const pending = reader.read();
      await waitUntil(() => req.listenerCount('readable') === 1); // the pull is under way, listening on req
      await reader.cancel(); // what the 408 deadline does
      expect(await pending).toEqual({ done: true, value: undefined });
      req.push(Buffer.from('late'));
      req.push(null);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(uncaught).toEqual([]);
      expect(req.listenerCount('readable') + req.listenerCount('end')).toBe(0);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('passes the peer address the server stamped to the handler, not the one the client sent', async () => {
    const seen: (string | null)[] = [];
    // As scripts/server.js does: the socket's address overwrites the client's header in req.headers.
    const server = http.createServer((req, res) => {
      req.headers['x-nowline-peer-address'] = req.socket.remoteAddress ?? '';
      void serveWebHandler((request) => (seen.push(request.headers.get('x-nowline-peer-address')), new Response('ok')), req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, { method: 'POST', headers: { 'x-nowline-peer-address': '*' }, body: '{}' });
      expect(res.status).toBe(200);
      expect(seen).toEqual(['127.0.0.1']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gives ingest the headers, URL and body a web Request would, without building one', async () => {
    const names = ['authorization', 'Content-Type', 'x-dup', 'x-nowline-peer-address', 'x-absent'];
    const seen: { view: unknown; web: unknown }[] = [];
    const server = http.createServer((req, res) => {
      req.headers['x-nowline-peer-address'] = req.socket.remoteAddress ?? '';
      const view = ingestRequestOf(req);
      void serveWebHandler(async (web) => {
        let body = '';
        const reader = view.body?.getReader();
        for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) body += Buffer.from(chunk.value).toString();
        seen.push({ view: { url: view.url, headers: names.map((n) => view.headers.get(n)), body }, web: { url: web.url, headers: names.map((n) => web.headers.get(n)) } });
        return new Response('ok');
      }, req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const request = http.request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'POST', path: '/api/status?x=1' }, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        request.on('error', reject);
        // Two lines of each: Node keeps only the first Authorization in req.headers, web Headers join them.
        request.setHeader('Authorization', ['Bearer one', 'Bearer two']);
        request.setHeader('x-dup', ['a', 'b']);
        request.setHeader('X-Nowline-Peer-Address', '*');
        request.setHeader('content-type', 'application/json');
        request.end('{"kind":"manual"}');
      });
      expect(status).toBe(200);
      const [{ view, web }] = seen as [{ view: { url: string; headers: unknown[] }; web: { url: string; headers: unknown[] } }];
      expect([view.url, view.headers]).toEqual([web.url, web.headers]);
      expect(view).toEqual({
        url: `http://localhost/api/status?x=1`,
        headers: ['Bearer one, Bearer two', 'application/json', 'a, b', '127.0.0.1', null],
        body: '{"kind":"manual"}',
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('still takes a report sent in pieces', async () => {
    const body = JSON.stringify({ kind: 'manual', text: 'In pieces' });
    const { socket, reply } = rawRequest(
      '/api/status',
      { Authorization: `Bearer ${ctx.token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      body.slice(0, 10),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.write(body.slice(10));
    const res = await reply;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).headline).toMatchObject({ text: 'In pieces' });
    expect(res.head).not.toMatch(/connection: close/i);
    socket.destroy();
  });
});

describe('reporter protocols (fast lane): the same rules', () => {
  it('WakaTime: a wrong ?api_key= with a 1 MB body is refused 401 unread', async () => {
    const res = await megabyteWithoutValidToken('/api/wakatime/users/current/heartbeats.bulk?api_key=wrong');
    expect(res.status).toBe(401);
    expect(await res.closed).toBe(true);
    expect(bytesReadByServer()).toBeLessThan(256 * 1024);
  });

  it('CodeTime: a valid token and a declared 10 MB body is 413 before the body', async () => {
    const { reply } = rawRequest('/api/codetime/eventLog', { token: ctx.token, 'Content-Type': 'application/json', 'Content-Length': 10 * MB });
    expect((await reply).status).toBe(413);
  });

  it('ListenBrainz: no token, 401 in its own shape before the body', async () => {
    const { reply } = rawRequest('/api/listenbrainz/1/submit-listens', { 'Content-Type': 'application/json', 'Content-Length': 5000 }, '{"listen_type"');
    const res = await reply;
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ code: 401 });
  });
});

describe('Mix Space: the key in the body is checked before the rest is read', () => {
  const icon = 'A'.repeat(900 * 1024);

  it.each(['/api/v2/fn/ps/update', '/api/v3/fn/ps/update'])('answers 401 to a wrong key at the start of a large body without reading the rest (%s)', async (path) => {
    const start = `{"key":"not-a-token","process":{"name":"Code","iconBase64":"`;
    const total = start.length + icon.length + 3;
    const { reply } = rawRequest(path, { 'Content-Type': 'application/json', 'Content-Length': total }, start);
    const res = await reply;
    expect(res.status).toBe(401);
    expect(await res.closed).toBe(true);
    expect((await getSnapshot()).version).toBe(0);
  });

  it('answers 401 when no key shows up in the first bytes of a large body', async () => {
    const start = `{"process":{"name":"Code","iconBase64":"`;
    const { socket, reply } = rawRequest('/api/v2/fn/ps/update', {
      'Content-Type': 'application/json',
      'Content-Length': start.length + icon.length + 40,
    }, start);
    for (let i = 0; i < icon.length && !socket.destroyed; i += 64 * 1024) socket.write(icon.slice(i, i + 64 * 1024));
    const res = await reply;
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.message).toMatch(/No key in the first 64 KB/);
    expect(bytesReadByServer()).toBeLessThan(512 * 1024);
  });

  it('takes a valid key and reads the whole report', async () => {
    const body = JSON.stringify({ key: ctx.token, timestamp: Math.floor(Date.now() / 1000), process: 'Code' });
    const { reply, socket } = rawRequest('/api/v2/fn/ps/update', { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }, body);
    const res = await reply;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: 1, process: { name: 'Code' } });
    socket.destroy();
  });
});
