// A plain node:http server dispatching as scripts/server.js does, without Next behind it: the fast
// lane answers what it knows, anything else is a 404 (or goes to a stand-in for Next). For tests of the stream and ingest over real HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type net from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import { getDb } from '@/lib/db';
import { FAST_LANE, registerFastLane, type fastLaneHandler } from '@/lib/fast-lane';
import { createReporterToken } from '@/lib/tokens';
import { useTempSqlite } from './database';

export interface FastLaneServer {
  server: http.Server;
  port: number;
  baseUrl: string;
  /** Every socket the server accepted, in order (to inspect or destroy them). */
  sockets: net.Socket[];
  close(): Promise<void>;
}

/** `next` stands in for Next behind the fast lane (the page cache hands it a page's first render). */
export async function startFastLaneServer(next?: (req: http.IncomingMessage, res: http.ServerResponse) => unknown): Promise<FastLaneServer> {
  registerFastLane();
  const lane = (globalThis as Record<symbol, unknown>)[FAST_LANE] as typeof fastLaneHandler;
  const sockets: net.Socket[] = [];
  const server = http.createServer((req, res) => {
    const handler = lane(req);
    const toNext = () => (next ? next(req, res) : res.writeHead(404).end());
    if (handler) void handler(req, res, toNext);
    else toNext();
  });
  server.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    sockets,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * For each test: a fresh migrated SQLite database, a reporter token and a fast-lane server. The
 * returned object is filled in before each test.
 */
export function withFastLaneAndToken() {
  const ctx = {} as { lane: FastLaneServer; token: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    const db = useTempSqlite();
    ctx.token = (await createReporterToken(getDb(), 'laptop')).token;
    // The same dispatch as scripts/server.js, without Next behind it.
    ctx.lane = await startFastLaneServer();
    ctx.cleanup = db.cleanup;
  });
  afterEach(async () => {
    await ctx.lane.close();
    await ctx.cleanup();
  });
  return ctx;
}
