// GET /api/history?from=&to=: the public sessions in a range, with the owner's days in it. CORS open:
// other sites (feeds, embeds) read it from the browser.
import { CORS_HEADERS, errorResponse, json } from '@/lib/http';
import { listPublicSessions } from '@/lib/history/list';
import { parseHistoryRange } from '@/lib/history/range';
import { daysBetween, getOwnerTimeZone } from '@/lib/history/time-zone';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  try {
    const now = Date.now();
    const timeZone = await getOwnerTimeZone();
    const { from, to } = parseHistoryRange(new URL(request.url).searchParams, timeZone, now);
    const sessions = await listPublicSessions({ from, to, now });
    return json(
      {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        timeZone,
        days: daysBetween(from, to, timeZone),
        sessions,
      },
      { headers: CORS_HEADERS },
    );
  } catch (error) {
    return errorResponse(error, CORS_HEADERS);
  }
}

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}
