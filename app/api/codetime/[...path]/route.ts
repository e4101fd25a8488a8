// CodeTime plugins with their entrypoint set to /api/codetime: `token` header on every call.
import { errorResponse, json } from '@/lib/http';
import { CODETIME_UNAUTHORIZED, codetimeAdapter, codetimeNotFound, codetimeToken } from '@/lib/ingest/adapters/codetime';
import { authenticateReporter, handleIngest } from '@/lib/ingest/pipeline';
import { ApiError } from '@/lib/errors';
import { CODETIME_MAX_MINUTES, codetimeMinutes } from '@/lib/history/reporter-totals';

export const dynamic = 'force-dynamic';

/** Next passes the catch-all segments; the adapter reads the path from the URL itself. */
type Params = { params: Promise<{ path: string[] }> };

export const POST = (request: Request, _context?: Params) => handleIngest(request, codetimeAdapter);

/**
 * The VS Code plugin checks its token with `user/minutes` and shows the minutes in the status bar:
 * coding minutes of the last `minutes` minutes, from the history.
 */
export async function GET(request: Request, _context?: Params) {
  try {
    if (new URL(request.url).pathname !== '/api/codetime/user/minutes') throw codetimeNotFound(request);
    await authenticateReporter([codetimeToken(request)], 'codetime', CODETIME_UNAUTHORIZED);
    return json(await codetimeMinutes(readLastMinutes(new URL(request.url).searchParams.get('minutes'))));
  } catch (error) {
    return errorResponse(error);
  }
}

function readLastMinutes(value: string | null): number | null {
  if (value === null || value === '') return null;
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > CODETIME_MAX_MINUTES) {
    throw ApiError.invalid(`Invalid request — minutes: must be a whole number from 1 to ${CODETIME_MAX_MINUTES}`, [
      { field: 'minutes', message: `must be a whole number from 1 to ${CODETIME_MAX_MINUTES}` },
    ]);
  }
  return minutes;
}
