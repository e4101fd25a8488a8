// GET /api/status/stream, whichever server holds it: the route handler (next dev, Vercel) and the
// production Node server (scripts/server.js, also in the container) send the same bytes.
import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddressOfHeaders, clientAddressOfNodeRequest, limitKeyOf, UNKNOWN_ADDRESS } from '../client-address.js';
import { createConcurrencyLimiter, type ConcurrencyLimiter } from '../concurrency-limit';
import { env } from '../env';
import { ApiError } from '../errors';
import { errorResponse } from '../http';
import { writeWebResponse } from '../http-node';
import { openFilesLimit, streamBudget } from '../open-files';
import { SECURITY_HEADERS } from '../security-headers.js';
import { createSseResponse, serveSseOverNode, SSE_HEADERS, type SseStreamOptions } from '../sse';
import { subscribe } from './bus';
import { getSnapshotFrame } from './store';
import { currentViewersFrame } from './viewers';

const RETRY_MS = 2000;
const RETRY_WHEN_UNAVAILABLE_MS = 5000;
const STREAM_HEADERS = { 'Access-Control-Allow-Origin': '*' };
// Next adds the security headers to what it serves (next.config.ts); on node:http they are ours to add.
const NODE_STREAM_HEADERS = { ...SECURITY_HEADERS, ...STREAM_HEADERS };

// EventSource gives up for good on an error status; a short 200 stream that ends makes it come
// back after `retry` instead, once the database answers again.
const UNAVAILABLE_BODY = `retry: ${RETRY_WHEN_UNAVAILABLE_MS}\n\n: unavailable\n\n`;
const UNAVAILABLE_HEADERS = { 'Content-Type': SSE_HEADERS['Content-Type'], 'Cache-Control': 'no-store' };

// Each open stream holds a socket (a file) and memory until its client leaves: one client must not
// take them all, and all clients together must leave files for pages, ingest and the database.
// EventSource gives up on a 429; the page then tries again later by itself (live-status.tsx).
const RETRY_AFTER_SECONDS = 15;

// On globalThis like the bus: the route handler and the fast lane may be two evaluations of this module.
const globalForSlots = globalThis as unknown as { __nowlineStreamSlots?: ConcurrencyLimiter };

let defaultTotal: number | undefined;


function streamSlots(): ConcurrencyLimiter {
  const e = env();
  const limits = {
    perKey: e.NOWLINE_MAX_STREAMS_PER_CLIENT,
    total: e.NOWLINE_MAX_STREAMS ?? (defaultTotal ??= streamBudget(openFilesLimit())),
  };
  const slots = (globalForSlots.__nowlineStreamSlots ??= createConcurrencyLimiter(limits));
  slots.setLimits(limits);
  return slots;
}

/** Streams held now, for /api/health and tests. */
export function openStreamCount(): number {
  return globalForSlots.__nowlineStreamSlots?.held() ?? 0;
}

/** A slot for one more stream from this client, or the 429 error that refuses it. */
function takeStreamSlot(clientAddress: string): { release: () => void } | ApiError {
  // No address to tell clients apart (`next start` without scripts/server.js): one per-client cap
  // would be shared by every visitor, so only the total applies.
  const taken = streamSlots().acquire(clientAddress === UNKNOWN_ADDRESS ? null : limitKeyOf(clientAddress));
  if (taken.ok) return taken;
  return new ApiError(
    429,
    'rate_limited',
    taken.reason === 'per_key'
      ? `Too many live streams are open from your address (at most ${env().NOWLINE_MAX_STREAMS_PER_CLIENT}); close one or try again later.`
      : 'The server holds as many live streams as it can; try again later.',
  );
}

const REFUSED_HEADERS = { ...STREAM_HEADERS, 'Retry-After': String(RETRY_AFTER_SECONDS) };

/**
 * `retry:`, then the current snapshot at once, then one event per change and a shared `: ping`
 * every 15 s. A reconnecting client (Last-Event-ID) simply gets the current snapshot: every event
 * carries the full state, so nothing in between needs replaying. Null when the store cannot load.
 */
async function streamOptions(): Promise<SseStreamOptions | null> {
  try {
    const snapshot = await getSnapshotFrame();
    // With "who is here now" on, a new page also learns the count at once, not at its next change.
    const viewers = currentViewersFrame();
    const initial = viewers ? Buffer.concat([snapshot, viewers]) : snapshot;
    return { retryMs: RETRY_MS, initial: () => initial, subscribe, stallMs: env().NOWLINE_STREAM_STALL_SECONDS * 1000 };
  } catch (error) {
    console.error('[nowline] stream unavailable:', error instanceof Error ? error.message : error);
    return null;
  }
}

export async function statusStreamResponse(request: Request): Promise<Response> {
  const slot = takeStreamSlot(clientAddressOfHeaders(request.headers));
  if (slot instanceof ApiError) return errorResponse(slot, REFUSED_HEADERS);
  const options = await streamOptions();
  if (!options) {
    slot.release();
    return new Response(UNAVAILABLE_BODY, { headers: UNAVAILABLE_HEADERS });
  }
  return createSseResponse({ ...options, signal: request.signal, onEnd: slot.release }, STREAM_HEADERS);
}

export async function serveStatusStream(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const slot = takeStreamSlot(clientAddressOfNodeRequest(req));
  if (slot instanceof ApiError) {
    await writeWebResponse(res, errorResponse(slot, REFUSED_HEADERS));
    return;
  }
  const options = await streamOptions();
  if (!options) {
    slot.release();
    res.writeHead(200, { ...SECURITY_HEADERS, ...UNAVAILABLE_HEADERS }).end(UNAVAILABLE_BODY);
    return;
  }
  serveSseOverNode(req, res, { ...options, onEnd: slot.release }, NODE_STREAM_HEADERS);
}
