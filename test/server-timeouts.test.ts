// The production server's request timeouts (lib/server-timeouts.js, used by scripts/server.js) on a
// real node:http server: a client that sends its head or its body slowly is cut off in seconds.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pathForLog, serverTimeouts } from '@/lib/server-timeouts.js';

let server: http.Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function listen(env: Record<string, string>): Promise<number> {
  server = http.createServer(serverTimeouts(env), (req, res) => {
    // Reads the whole body before answering, as a route that needs it would.
    req.resume();
    req.on('end', () => res.end('done'));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

// Node's own defaults are 60 s for the head and 300 s for the request: an answer before we give up
// came from the timeouts set here, however slow the machine.
const GIVE_UP_MS = 45_000;

/** Writes `text` and resolves with what the server answered (nothing if we gave up) and how long until it closed. */
function sendAndWait(port: number, text: string): Promise<{ reply: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let reply = '';
    const giveUp = setTimeout(() => ((reply = ''), socket.destroy()), GIVE_UP_MS);
    socket.on('data', (chunk) => (reply += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ reply, ms: Date.now() - started });
    });
  });
}

describe('server timeouts', () => {
  it('defaults to seconds, not Node’s minutes, and refuses nonsense', () => {
    expect(serverTimeouts({})).toEqual({ requestTimeout: 20_000, headersTimeout: 10_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1000 });
    expect(serverTimeouts({ NOWLINE_REQUEST_TIMEOUT_SECONDS: '5' }).headersTimeout).toBe(5000);
    expect(() => serverTimeouts({ NOWLINE_REQUEST_TIMEOUT_SECONDS: 'soon' })).toThrow(/NOWLINE_REQUEST_TIMEOUT_SECONDS/);
  });

  it('closes a connection whose head never ends', { timeout: GIVE_UP_MS + 10_000 }, async () => {
    const port = await listen({ NOWLINE_HEADERS_TIMEOUT_SECONDS: '1', NOWLINE_REQUEST_TIMEOUT_SECONDS: '2' });
    const { reply, ms } = await sendAndWait(port, 'POST /api/status HTTP/1.1\r\nHost: localhost\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeGreaterThanOrEqual(900);
  });

  it('closes a connection whose body never ends', { timeout: GIVE_UP_MS + 10_000 }, async () => {
    const port = await listen({ NOWLINE_HEADERS_TIMEOUT_SECONDS: '1', NOWLINE_REQUEST_TIMEOUT_SECONDS: '2' });
    const { reply, ms } = await sendAndWait(port, 'POST /api/status HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{"kind":');
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeGreaterThanOrEqual(1500);
  });

  it('logs a path without its query (which may hold a token)', () => {
    expect(pathForLog('/api/wakatime/users/current/heartbeats?api_key=secret')).toBe('/api/wakatime/users/current/heartbeats');
    expect(pathForLog('/api/listenbrainz/1/validate-token?token=secret')).not.toContain('secret');
    expect(pathForLog('/api/status')).toBe('/api/status');
  });
});
