// The production server (scripts/server.js) answers the requests that carry the load — the live
// stream, every ingest POST (native and the reporter protocols) and the cached pages
// (lib/page-cache/serve-page.ts, which hands a page's first render to Next) — without Next's
// request chain: routing, per-request rendering state and web-stream pipes cost about 2–3 ms of CPU per request and
// about 80 KB per open stream here (docs/benchmarks.md). Ingest here also checks the token and the
// declared length before a byte of the body is read, and closes the connection of a refused upload.
// They run the same code as their route handlers, which still serve them under `next dev` and on
// Vercel. The server is plain JavaScript outside the bundle, so it finds `fastLaneHandler` on
// globalThis; lib/server-start.ts registers it.
import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PEER_ADDRESS_HEADER } from './client-address.js';
import { errorResponse } from './http';
import { writeWebResponse } from './http-node';
import { codetimeAdapter } from './ingest/adapters/codetime';
import { listenBrainzAdapter } from './ingest/adapters/listenbrainz';
import { mixSpaceAdapter } from './ingest/adapters/mixspace';
import { nativeAdapter } from './ingest/adapters/native';
import { wakatimeAdapter } from './ingest/adapters/wakatime';
import type { ParsedReport } from './ingest/fields';
import { isCachedPageRequest, serveCachedPage } from './page-cache/serve-page';
import { handleIngest, type IngestAdapter } from './ingest/pipeline';
import type { BodyChunks, IngestRequest } from './ingest/request';
import { strictTransportSecurityOfNodeRequest } from './security-headers.js';
import { pathForLog } from './server-timeouts.js';
import { STATUS_STREAM_URL } from './status/live';
import { serveStatusStream } from './status/stream';

/** `next` hands the request to Next instead (scripts/server.js passes it; the page cache uses it). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => unknown) => Promise<void>;

/** Handlers keyed by `<METHOD> <path>` (no query string). */
export type NodeRoutes = Record<string, NodeHandler>;

export function routeFor(routes: NodeRoutes, req: IncomingMessage): NodeHandler | undefined {
  if (!req.url) return undefined;
  return routes[`${req.method} ${pathForLog(req.url)}`];
}

const FAST_LANE_ROUTES: NodeRoutes = {
  [`GET ${STATUS_STREAM_URL}`]: serveStatusStream,
};

/** Every ingest source: its token and length are checked here before Next would read any body. */
const INGEST_ADAPTERS: readonly IngestAdapter<{ report: ParsedReport }>[] = [nativeAdapter, wakatimeAdapter, codetimeAdapter, mixSpaceAdapter, listenBrainzAdapter];

/** The fast lane's handler for this request, or undefined: Next answers it. */
export function fastLaneHandler(req: IncomingMessage): NodeHandler | undefined {
  const route = routeFor(FAST_LANE_ROUTES, req);
  const handler = route ?? ingestHandler(req) ?? (isCachedPageRequest(req) ? serveCachedPage : undefined);
  if (!handler) return undefined;
  // Next's path gets HSTS from proxy.ts; here it is set before the handler writes its head.
  return (req, res, next) => {
    const hsts = strictTransportSecurityOfNodeRequest(req);
    if (hsts) res.setHeader('Strict-Transport-Security', hsts);
    return handler(req, res, next);
  };
}

function ingestHandler(req: IncomingMessage): NodeHandler | undefined {
  if (req.method !== 'POST' || !req.url) return undefined;
  const path = pathForLog(req.url);
  const adapter = INGEST_ADAPTERS.find((a) => a.path.test(path));
  return adapter && ((request, res) => serveIngest(adapter, request, res));
}

/** The pipeline on a view of the Node request: no web Headers, Request or body stream per report. */
async function serveIngest(adapter: IngestAdapter<{ report: ParsedReport }>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let response: Response;
  try {
    response = await handleIngest(ingestRequestOf(req), adapter);
  } catch (error) {
    response = errorResponse(error);
  }
  await replyTo(req, res, response);
}

/** The request as ingest reads it: headers as a web Request would give them, the body read lazily. */
export function ingestRequestOf(req: IncomingMessage): IngestRequest {
  const body = nodeBodyChunks(req);
  return {
    url: new URL(req.url ?? '/', 'http://localhost').href,
    headers: { get: (name) => headerOf(req, name.toLowerCase()) },
    body: { getReader: () => body },
  };
}

/**
 * A header's value as web Headers give it: every line the client sent under that name, joined with
 * ", " (Node keeps only the first of some, such as Authorization). The peer address is the one
 * scripts/server.js stamped into req.headers, never one the client sent.
 */
function headerOf(req: IncomingMessage, name: string): string | null {
  if (name === PEER_ADDRESS_HEADER) {
    const peer = req.headers[PEER_ADDRESS_HEADER];
    return typeof peer === 'string' ? peer : null;
  }
  let value: string | null = null;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i]!; // i + 1 < length: both in range
    if (key.length === name.length && key.toLowerCase() === name) value = value === null ? raw[i + 1]! : `${value}, ${raw[i + 1]}`;
  }
  return value;
}

export const FAST_LANE = Symbol.for('nowline.fastLane');

export function registerFastLane(): void {
  (globalThis as Record<symbol, unknown>)[FAST_LANE] = fastLaneHandler;
}

/**
 * The request body, read from the socket only when asked: the pipeline checks the token and the
 * declared length first, so a refused body is never read (Node stops taking bytes off the socket
 * once its small buffer is full).
 */
export function nodeBodyChunks(req: IncomingMessage): BodyChunks {
  // The listeners of a pending read; cancel() (the 408 deadline, a refused key) must remove them, or
  // a late chunk would settle a read nobody waits for (and, under a web stream, enqueue into a
  // closed one: an uncaught "Controller is already closed").
  let detach = () => {};
  let cancelled = false;
  return {
    read() {
      return new Promise((resolve, reject) => {
        detach = () => void req.off('readable', onReadable).off('end', onEnd).off('error', onError).off('close', onClose);
        const settle = (then: () => void) => {
          detach();
          if (cancelled) return resolve({ done: true, value: undefined });
          then();
        };
        const onReadable = () => {
          const chunk = req.read() as Buffer | null;
          if (chunk !== null) settle(() => resolve({ done: false, value: chunk }));
        };
        const onEnd = () => settle(() => resolve({ done: true, value: undefined }));
        const onError = (error: Error) => settle(() => reject(error));
        const onClose = () => {
          if (!req.complete) settle(() => reject(new Error('The client closed the connection before the body ended.')));
        };
        if (req.readableEnded) return onEnd();
        req.on('readable', onReadable).on('end', onEnd).on('error', onError).on('close', onClose);
        onReadable();
      });
    },
    cancel() {
      cancelled = true;
      detach();
      return Promise.resolve();
    },
  };
}

/** The same body as a web stream, for route handlers run on a Node request. */
export function lazyBodyOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  const chunks = nodeBodyChunks(req);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await chunks.read();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      },
      cancel: () => chunks.cancel(),
    },
    { highWaterMark: 0 },
  );
}

/** Runs a route handler (web Request → Response) on a Node request; for small, non-streamed replies. */
export async function serveWebHandler(
  handler: (request: Request) => Response | Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  // rawHeaders still hold what the client sent under the peer header: the value scripts/server.js
  // stamped into req.headers is the one to pass on (and none when it stamped none).
  headers.delete(PEER_ADDRESS_HEADER);
  const peer = req.headers[PEER_ADDRESS_HEADER];
  if (typeof peer === 'string') headers.set(PEER_ADDRESS_HEADER, peer);
  let response: Response;
  try {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(new URL(req.url ?? '/', 'http://localhost'), {
      method: req.method,
      headers,
      body: hasBody ? lazyBodyOf(req) : undefined,
      duplex: 'half',
    } as RequestInit);
    response = await handler(request);
  } catch (error) {
    response = errorResponse(error);
  }
  await replyTo(req, res, response);
}

function replyTo(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  // A body still arriving was refused (or left unread): end the connection after the reply rather than read it.
  if (!req.complete) res.shouldKeepAlive = false;
  return writeWebResponse(res, response);
}
