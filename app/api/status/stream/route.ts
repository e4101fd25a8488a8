import { statusStreamResponse } from '@/lib/status/stream';

export const dynamic = 'force-dynamic';
// On Vercel a function may run this long; streams close themselves earlier (NOWLINE_STREAM_MAX_SECONDS).
export const maxDuration = 300;

/** SSE under `next dev` and on Vercel; `npm start` and the container serve it in scripts/server.js. */
export function GET(request: Request) {
  return statusStreamResponse(request);
}
