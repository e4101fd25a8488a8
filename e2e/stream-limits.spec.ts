// One visitor cannot take the site down: stream caps and request timeouts on the built server
// (scripts/server.js), over real HTTP. Linux routes all of 127.0.0.0/8 to loopback, so requests
// bound to 127.0.0.2, .3, … come from other client addresses.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { expect, test } from '@playwright/test';
import { createTokenWithCli, startServer, type RunningServer } from '../test/support/app-server';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A whole response, or `status: 0` when the connection failed. */
function get(port: number, path: string, localAddress: string): Promise<Reply> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, localAddress, agent: false, timeout: 15_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      res.on('error', () => resolve({ status: 0, headers: {}, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, headers: {}, body: '' }));
  });
}

interface Stream extends Reply {
  close(): void;
}

/** Opens the SSE stream; resolves with its first frame (200) or its whole refusal (429). */
function openStream(port: number, localAddress: string): Promise<Stream> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/status/stream', localAddress, agent: false }, (res) => {
      let body = '';
      const done = () => resolve({ status: res.statusCode!, headers: res.headers, body, close: () => req.destroy() });
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
        if (res.statusCode === 200 && body.includes('event: status')) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    req.on('error', () => resolve({ status: 0, headers: {}, body: '', close: () => {} }));
  });
}

const health = async (port: number) => JSON.parse((await get(port, '/api/health', '127.0.0.1')).body) as { subscribers: number; streams: number };

test.describe('stream caps', () => {
  // Each starts a server of its own and opens hundreds of connections: slow on a busy machine.
  test.describe.configure({ timeout: 120_000 });
  test('with one address at its cap, another loads the pages and gets a stream; at the total cap the pages still answer', async () => {
    const server = await startServer('stream-caps', { extraEnv: { NOWLINE_MAX_STREAMS_PER_CLIENT: '3', NOWLINE_MAX_STREAMS: '6' } });
    const { port } = server;
    const open: Stream[] = [];
    try {
      for (let i = 0; i < 3; i++) open.push(await openStream(port, '127.0.0.1'));
      expect(open.map((s) => s.status)).toEqual([200, 200, 200]);
      const refused = await openStream(port, '127.0.0.1');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(refused.body).error).toMatchObject({ code: 'rate_limited', message: expect.any(String) });

      // Another visitor is not affected.
      const home = await get(port, '/', '127.0.0.2');
      expect(home.status).toBe(200);
      expect(home.body).toContain('data-testid="status-headline"');
      expect((await get(port, '/admin', '127.0.0.2')).status).toBe(200);
      const theirs = await openStream(port, '127.0.0.2');
      expect(theirs.status).toBe(200);
      expect(theirs.body).toContain('event: status');
      open.push(theirs);

      // The total: two more from a third address fill it; a fourth address is refused a stream
      // but still gets every page.
      open.push(await openStream(port, '127.0.0.3'), await openStream(port, '127.0.0.3'));
      expect(open.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 200]);
      const full = await openStream(port, '127.0.0.4');
      expect(full.status).toBe(429);
      expect(JSON.parse(full.body).error.code).toBe('rate_limited');
      expect((await get(port, '/', '127.0.0.4')).status).toBe(200);
      expect((await get(port, '/admin', '127.0.0.4')).status).toBe(200);
      expect((await get(port, '/api/health', '127.0.0.4')).status).toBe(200);
      expect(await health(port)).toMatchObject({ subscribers: 6, streams: 6 });

      // Every slot comes back when the visitors leave.
      for (const s of open.splice(0)) s.close();
      await expect.poll(() => health(port), { timeout: 10_000 }).toMatchObject({ subscribers: 0, streams: 0 });
      expect((await openStream(port, '127.0.0.4')).status).toBe(200);
    } finally {
      for (const s of open) s.close();
      await server.stop();
    }
  });

  test('the default total, derived from the open-files limit, keeps files for pages when streams pour in', async () => {
    test.skip(process.platform !== 'linux' || spawnSync('prlimit', ['--version']).status !== 0, 'needs Linux and prlimit');
    const server = await startServer('stream-files');
    const { port } = server;
    const streams: Stream[] = [];
    try {
      // Lower the serving process's open-files limit before its first stream (the cap is derived
      // then): 320 files → at most 320 − 128 − 32 = 160 streams.
      const pid = servingPid(server);
      const limited = spawnSync('prlimit', ['--pid', String(pid), '--nofile=320:320']);
      expect(limited.status, String(limited.stderr)).toBe(0);

      // 400 streams from 20 addresses, 20 each (under the per-client cap of 32): more than the
      // process has files for.
      for (let batch = 0; batch < 20; batch++) {
        const address = `127.0.1.${batch + 1}`;
        streams.push(...(await Promise.all(Array.from({ length: 20 }, () => openStream(port, address)))));
      }
      const counts = { ok: streams.filter((s) => s.status === 200).length, refused: streams.filter((s) => s.status === 429).length };
      expect(counts).toEqual({ ok: 160, refused: 240 });
      expect((await get(port, '/', '127.0.0.9')).status).toBe(200);
      expect((await get(port, '/api/health', '127.0.0.9')).status).toBe(200);
      expect((await get(port, '/admin', '127.0.0.9')).status).toBe(200);
    } finally {
      for (const s of streams) s.close();
      await server.stop();
    }
  });
});

/** The process that serves (scripts/server.js): the child of the launcher startServer spawned. */
function servingPid(server: RunningServer): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name, which is in parentheses: state, then the parent's id.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === server.pid) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no child of ${server.pid}`);
}

test.describe('request timeouts', () => {
  let server: RunningServer;
  let port: number;
  // Node's own defaults (60 s for headers, 300 s per request) and the body deadline (set to 120 s
  // here) are all far past GIVE_UP: a connection cut before it was cut by the timeouts set here.
  const GIVE_UP_MS = 45_000;
  test.beforeAll(async () => {
    server = await startServer('timeouts', {
      extraEnv: {
        NOWLINE_REQUEST_TIMEOUT_SECONDS: '2',
        NOWLINE_HEADERS_TIMEOUT_SECONDS: '1',
        NOWLINE_BODY_TIMEOUT_SECONDS: '120',
        NOWLINE_HEARTBEAT_SECONDS: '0.5',
      },
    });
    port = server.port;
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  /** Writes `head`, then one byte of `drip` every 200 ms; resolves with the seconds until the server closed. */
  function trickle(head: string, drip: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const socket = net.connect({ host: '127.0.0.1', port });
      let timer: ReturnType<typeof setInterval> | undefined;
      const giveUp = setTimeout(() => {
        socket.destroy();
        reject(new Error(`the server still held the connection after ${GIVE_UP_MS / 1000} s`));
      }, GIVE_UP_MS);
      socket.on('connect', () => {
        socket.write(head);
        let i = 0;
        timer = setInterval(() => socket.writable && socket.write(drip[i++ % drip.length] ?? ''), 200);
      });
      socket.on('data', () => {});
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        clearTimeout(giveUp);
        resolve((performance.now() - started) / 1000);
      });
    });
  }

  test('a body that trickles in is cut off by the request timeout', async () => {
    // Authorised and under native ingest's 64 KB limit, so neither a 401 nor a 413 ends it early.
    const token = createTokenWithCli(server.databaseUrl, 'timeouts');
    const head =
      `POST /api/status HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n{"kind":"manual","text":"';
    // Not before the 2 s request timeout (a slower machine only makes this later).
    expect(await trickle(head, 'x')).toBeGreaterThan(1.9);
  });

  test('headers that trickle in are cut off by the headers timeout', async () => {
    expect(await trickle(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `, 'y')).toBeGreaterThan(0.9);
  });

  test('a stream lives on well past the request timeout', async () => {
    // Held until it has lasted twice the 2 s request timeout and carried pings (every 0.5 s) all along.
    const held = await new Promise<{ status: number; pings: number; cutByServer: boolean }>((resolve) => {
      const started = performance.now();
      let pings = 0;
      let status = 0;
      let ours = false;
      const finish = (cutByServer: boolean) => {
        if (ours) return;
        ours = true;
        clearTimeout(giveUp);
        req.destroy();
        resolve({ status, pings, cutByServer });
      };
      const req = http.get({ host: '127.0.0.1', port, path: '/api/status/stream', agent: false }, (res) => {
        status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          pings += chunk.split(': ping').length - 1;
          if (pings >= 6 && performance.now() - started > 4000) finish(false);
        });
        res.on('close', () => finish(true));
      });
      req.on('error', () => finish(true));
      const giveUp = setTimeout(() => finish(false), GIVE_UP_MS);
    });
    expect(held).toMatchObject({ status: 200, cutByServer: false });
    expect(held.pings).toBeGreaterThanOrEqual(6);
  });
});
