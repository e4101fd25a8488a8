// What the outside-service stand-ins share: a node:http server on a free port that can answer late
// or leave answers hanging (for timeouts), and closes without waiting for them.
import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Never answers this request; close() drops it. */
  hang(res: ServerResponse): void;
  /** Answers every request this many milliseconds late (0: at once). */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export async function startStandInServer(handle: RequestListener): Promise<StandInServer> {
  const hanging = new Set<ServerResponse>();
  let delayMs = 0;
  const server = createServer((req, res) => {
    if (delayMs > 0) setTimeout(() => handle(req, res), delayMs);
    else handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hang: (res) => void hanging.add(res),
    setDelay: (ms) => void (delayMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
