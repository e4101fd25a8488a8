// WakaTime-compatible heartbeats: every alias wakatime-cli and compatible servers use, under
// /api/wakatime, /api/wakatime/v1 and /api/wakatime/compat/wakatime/v1.
import { errorResponse, json } from '@/lib/http';
import { WAKATIME_STATUSBAR_PATH, WAKATIME_UNAUTHORIZED, wakatimeAdapter, wakatimeNotFound } from '@/lib/ingest/adapters/wakatime';
import { wakatimeTokenCandidates } from '@/lib/ingest/credentials';
import { authenticateReporter, handleIngest } from '@/lib/ingest/pipeline';

export const dynamic = 'force-dynamic';

/** Next passes the catch-all segments; the adapter reads the path from the URL itself. */
type Params = { params: Promise<{ path: string[] }> };

export const POST = (request: Request, _context?: Params) => handleIngest(request, wakatimeAdapter);

/**
 * wakatime-cli's `--today`, which editor plugins poll for their status bar: no totals are kept
 * here, so an empty day (a 404 would show as an error in the editor).
 */
export async function GET(request: Request, _context?: Params) {
  try {
    if (!WAKATIME_STATUSBAR_PATH.test(new URL(request.url).pathname)) throw wakatimeNotFound(request);
    await authenticateReporter(wakatimeTokenCandidates(request), 'wakatime', WAKATIME_UNAUTHORIZED);
    const zero = { decimal: '0.00', digital: '0:00', hours: 0, minutes: 0, text: '', total_seconds: 0 };
    return json({
      data: {
        categories: [],
        grand_total: zero,
        range: { date: new Date().toISOString().slice(0, 10), text: 'Today' },
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
