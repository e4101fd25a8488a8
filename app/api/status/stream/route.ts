import { errorResponse } from '@/lib/http';
import { createSseResponse } from '@/lib/sse';
import { subscribe } from '@/lib/status/bus';
import { getSnapshotFrame } from '@/lib/status/store';

export const dynamic = 'force-dynamic';
// On Vercel a function may run this long; streams close themselves earlier (NOWLINE_STREAM_MAX_SECONDS).
export const maxDuration = 300;

const RETRY_MS = 2000;

/**
 * SSE: `retry:`, then the current snapshot at once, then one event per change and a shared
 * `: ping` every 15 s. A reconnecting client (Last-Event-ID) simply gets the current snapshot:
 * every event carries the full state, so nothing in between needs replaying.
 */
export async function GET(request: Request) {
  try {
    const initial = await getSnapshotFrame();
    return createSseResponse(
      { signal: request.signal, retryMs: RETRY_MS, initial: () => initial, subscribe },
      { 'Access-Control-Allow-Origin': '*' },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
