// A plain node:http server dispatching as scripts/server.js does, without Next behind it: the fast
// lane answers what it knows, anything else is a 404. For tests of the stream and ingest over real HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type net from 'node:net';
import { FAST_LANE, registerFastLane, type fastLaneHandler } from '@/lib/fast-lane';

export interface FastLaneServer {
  server: http.Server;
  port: number;
  baseUrl: string;
  /** Every socket the server accepted, in order (to inspect or destroy them). */
  sockets: net.Socket[];
  close(): Promise<void>;
}

export async function startFastLaneServer(): Promise<FastLaneServer> {
  registerFastLane();
  const lane = (globalThis as Record<symbol, unknown>)[FAST_LANE] as typeof fastLaneHandler;
  const sockets: net.Socket[] = [];
  const server = http.createServer((req, res) => {
    const handler = lane(req);
    if (handler) void handler(req, res);
    else res.writeHead(404).end();
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
