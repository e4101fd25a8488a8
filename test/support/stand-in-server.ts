// What the outside-service stand-ins share: a node:http server on a free port that can leave
// answers hanging (for timeouts) and closes without waiting for them.
import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Never answers this request; close() drops it. */
  hang(res: ServerResponse): void;
  close(): Promise<void>;
}

export async function startStandInServer(handle: RequestListener): Promise<StandInServer> {
  const hanging = new Set<ServerResponse>();
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hang: (res) => void hanging.add(res),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
