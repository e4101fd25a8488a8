// WakaTime-compatible heartbeats: every alias wakatime-cli and compatible servers use, under
// /api/wakatime, /api/wakatime/v1 and /api/wakatime/compat/wakatime/v1.
import { errorResponse, json } from '@/lib/http';
import { WAKATIME_STATUSBAR_PATH, WAKATIME_UNAUTHORIZED, wakatimeAdapter, wakatimeNotFound } from '@/lib/ingest/adapters/wakatime';
import { wakatimeTokenCandidates } from '@/lib/ingest/credentials';
import { authenticateReporter, handleIngest } from '@/lib/ingest/pipeline';
import { wakatimeStatusBar } from '@/lib/history/reporter-totals';

export const dynamic = 'force-dynamic';

/** Next passes the catch-all segments; the adapter reads the path from the URL itself. */
type Params = { params: Promise<{ path: string[] }> };

export const POST = (request: Request, _context?: Params) => handleIngest(request, wakatimeAdapter);

/** wakatime-cli's `--today`, which editor plugins poll for their status bar: today's coding time from the history. */
export async function GET(request: Request, _context?: Params) {
  try {
    if (!WAKATIME_STATUSBAR_PATH.test(new URL(request.url).pathname)) throw wakatimeNotFound(request);
    await authenticateReporter(wakatimeTokenCandidates(request), 'wakatime', WAKATIME_UNAUTHORIZED);
    return json(await wakatimeStatusBar());
  } catch (error) {
    return errorResponse(error);
  }
}
