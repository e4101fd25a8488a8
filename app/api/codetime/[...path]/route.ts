// CodeTime plugins with their entrypoint set to /api/codetime: `token` header on every call.
import { errorResponse, json } from '@/lib/http';
import { CODETIME_UNAUTHORIZED, codetimeAdapter, codetimeNotFound, codetimeToken } from '@/lib/ingest/adapters/codetime';
import { authenticateReporter, handleIngest } from '@/lib/ingest/pipeline';

export const dynamic = 'force-dynamic';

/** Next passes the catch-all segments; the adapter reads the path from the URL itself. */
type Params = { params: Promise<{ path: string[] }> };

export const POST = (request: Request, _context?: Params) => handleIngest(request, codetimeAdapter);

/** The VS Code plugin checks its token with `user/minutes` and shows the minutes in the status bar. */
export async function GET(request: Request, _context?: Params) {
  try {
    if (new URL(request.url).pathname !== '/api/codetime/user/minutes') throw codetimeNotFound(request);
    await authenticateReporter([codetimeToken(request)], 'codetime', CODETIME_UNAUTHORIZED);
    return json({ minutes: 0 });
  } catch (error) {
    return errorResponse(error);
  }
}
