// GET /api/status/stream, whichever server holds it: the route handler (next dev, Vercel) and the
// production Node server (scripts/server.js, also in the container) send the same bytes.
import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../security-headers.js';
import { createSseResponse, serveSseOverNode, SSE_HEADERS, type SseStreamOptions } from '../sse';
import { subscribe } from './bus';
import { getSnapshotFrame } from './store';

const RETRY_MS = 2000;
const RETRY_WHEN_UNAVAILABLE_MS = 5000;
const STREAM_HEADERS = { 'Access-Control-Allow-Origin': '*' };
// Next adds the security headers to what it serves (next.config.ts); on node:http they are ours to add.
const NODE_STREAM_HEADERS = { ...SECURITY_HEADERS, ...STREAM_HEADERS };

// EventSource gives up for good on an error status; a short 200 stream that ends makes it come
// back after `retry` instead, once the database answers again.
const UNAVAILABLE_BODY = `retry: ${RETRY_WHEN_UNAVAILABLE_MS}\n\n: unavailable\n\n`;
const UNAVAILABLE_HEADERS = { 'Content-Type': SSE_HEADERS['Content-Type'], 'Cache-Control': 'no-store' };

/**
 * `retry:`, then the current snapshot at once, then one event per change and a shared `: ping`
 * every 15 s. A reconnecting client (Last-Event-ID) simply gets the current snapshot: every event
 * carries the full state, so nothing in between needs replaying. Null when the store cannot load.
 */
async function streamOptions(): Promise<SseStreamOptions | null> {
  try {
    const initial = await getSnapshotFrame();
    return { retryMs: RETRY_MS, initial: () => initial, subscribe };
  } catch (error) {
    console.error('[nowline] stream unavailable:', error instanceof Error ? error.message : error);
    return null;
  }
}

export async function statusStreamResponse(request: Request): Promise<Response> {
  const options = await streamOptions();
  if (!options) return new Response(UNAVAILABLE_BODY, { headers: UNAVAILABLE_HEADERS });
  return createSseResponse({ ...options, signal: request.signal }, STREAM_HEADERS);
}

export async function serveStatusStream(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const options = await streamOptions();
  if (!options) {
    res.writeHead(200, { ...SECURITY_HEADERS, ...UNAVAILABLE_HEADERS }).end(UNAVAILABLE_BODY);
    return;
  }
  serveSseOverNode(req, res, options, NODE_STREAM_HEADERS);
}
