import { createSseResponse } from '@/lib/sse';
import { subscribe } from '@/lib/status/bus';
import { getSnapshotFrame } from '@/lib/status/store';

export const dynamic = 'force-dynamic';
// On Vercel a function may run this long; streams close themselves earlier (NOWLINE_STREAM_MAX_SECONDS).
export const maxDuration = 300;

const RETRY_MS = 2000;
const RETRY_WHEN_UNAVAILABLE_MS = 5000;

/**
 * SSE: `retry:`, then the current snapshot at once, then one event per change and a shared
 * `: ping` every 15 s. A reconnecting client (Last-Event-ID) simply gets the current snapshot:
 * every event carries the full state, so nothing in between needs replaying.
 */
export async function GET(request: Request) {
  let initial: Uint8Array;
  try {
    initial = await getSnapshotFrame();
  } catch (error) {
    console.error('[nowline] stream unavailable:', error instanceof Error ? error.message : error);
    // EventSource gives up for good on an error status; a short 200 stream that ends makes it
    // come back after `retry` instead, once the database answers again.
    const body = `retry: ${RETRY_WHEN_UNAVAILABLE_MS}\n\n: unavailable\n\n`;
    return new Response(body, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  return createSseResponse(
    { signal: request.signal, retryMs: RETRY_MS, initial: () => initial, subscribe },
    { 'Access-Control-Allow-Origin': '*' },
  );
}
