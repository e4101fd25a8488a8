// The production server (scripts/server.js) answers the two requests that carry the load — the live
// stream and native ingest — without Next's request chain: routing, per-request rendering state and
// web-stream pipes cost about 2–3 ms of CPU per request and about 80 KB per open stream here
// (docs/benchmarks.md). They run the same code as their route handlers, which still serve them
// under `next dev` and on Vercel. The server is plain JavaScript outside the bundle, so it finds
// `fastLaneHandler` on globalThis; lib/server-start.ts registers it.
import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { POST as ingestStatus } from '../app/api/status/route';
import { ApiError } from './errors';
import { errorResponse } from './http';
import { SECURITY_HEADERS, strictTransportSecurityOfNodeRequest } from './security-headers.js';
import { STATUS_STREAM_URL } from './status/live';
import { serveStatusStream } from './status/stream';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Handlers keyed by `<METHOD> <path>` (no query string). */
export type NodeRoutes = Record<string, NodeHandler>;

export function routeFor(routes: NodeRoutes, req: IncomingMessage): NodeHandler | undefined {
  if (!req.url) return undefined;
  const query = req.url.indexOf('?');
  return routes[`${req.method} ${query === -1 ? req.url : req.url.slice(0, query)}`];
}

const FAST_LANE_ROUTES: NodeRoutes = {
  [`GET ${STATUS_STREAM_URL}`]: serveStatusStream,
  'POST /api/status': (req, res) => serveWebHandler(ingestStatus, req, res),
};

/** The fast lane's handler for this request, or undefined: Next answers it. */
export function fastLaneHandler(req: IncomingMessage): NodeHandler | undefined {
  const handler = routeFor(FAST_LANE_ROUTES, req);
  if (!handler) return undefined;
  // Next's path gets HSTS from proxy.ts; here it is set before the handler writes its head.
  return (req, res) => {
    const hsts = strictTransportSecurityOfNodeRequest(req);
    if (hsts) res.setHeader('Strict-Transport-Security', hsts);
    return handler(req, res);
  };
}

export const FAST_LANE = Symbol.for('nowline.fastLane');

export function registerFastLane(): void {
  (globalThis as Record<symbol, unknown>)[FAST_LANE] = fastLaneHandler;
}

/** More than any handler here accepts; each handler still applies its own, smaller limit. */
const MAX_BODY_BYTES = 1 << 20;

/** Runs a route handler (web Request → Response) on a Node request; for small, non-streamed replies. */
export async function serveWebHandler(
  handler: (request: Request) => Response | Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  let response: Response;
  try {
    // Read here as one Buffer: a web stream over the socket costs more than the report itself.
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
    const request = new Request(new URL(req.url ?? '/', 'http://localhost'), {
      method: req.method,
      headers,
      body: body && new Uint8Array(body),
    });
    response = await handler(request);
  } catch (error) {
    response = errorResponse(error);
  }
  const body = Buffer.from(await response.arrayBuffer());
  // A refused upload may still be arriving: end the connection after the reply rather than read it.
  if (response.status === 413) res.shouldKeepAlive = false;
  res.writeHead(response.status, { ...SECURITY_HEADERS, ...Object.fromEntries(response.headers), 'Content-Length': body.length });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      // Stop taking in the rest; the reply goes out and the connection closes after it.
      req.pause();
      throw new ApiError(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
