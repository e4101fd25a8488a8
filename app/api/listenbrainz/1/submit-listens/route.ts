// ListenBrainz scrobblers with a custom URL of /api/listenbrainz: `Authorization: Token <token>`.
import { ApiError } from '@/lib/errors';
import { json } from '@/lib/http';
import { parseOrNoteRefusal } from '@/lib/status/ingest';
import { applyReport, readProtocolJson } from '@/lib/status/protocols/apply';
import { listenBrainzToken, verifyAnyToken } from '@/lib/status/protocols/auth';
import { LISTENBRAINZ_SOURCE, listenBrainzError, parseListenBrainz } from '@/lib/status/protocols/listenbrainz';

export const dynamic = 'force-dynamic';

/** Imports carry up to 1000 listens. */
const BODY_LIMIT = 1024 * 1024;

/** Errors in ListenBrainz's shape (`{ code, error }`), which scrobblers show as they are. */
function errorReply(error: unknown): Response {
  if (error instanceof ApiError && error.status < 500) {
    const message = error.message.replace(/^Invalid request — /, '');
    return json(listenBrainzError(error.status, message), { status: error.status });
  }
  console.error('[nowline] listenbrainz submit failed:', error instanceof Error ? error.message : String(error));
  return json(listenBrainzError(503, 'The listen could not be saved; try again.'), { status: 503 });
}

export async function POST(request: Request) {
  try {
    const token = listenBrainzToken(request);
    if (!token) throw new ApiError(401, 'unauthorized', 'You need to provide an Authorization token (Authorization: Token <token>).');
    const reporter = await verifyAnyToken([token]);
    if (!reporter) throw new ApiError(401, 'unauthorized', 'Invalid authorization token.');
    const body = await readProtocolJson(request, BODY_LIMIT);
    const context = { protocol: LISTENBRAINZ_SOURCE, tokenName: reporter.name, raw: body };
    const parsed = parseOrNoteRefusal(context, () => parseListenBrainz(body));
    await applyReport(parsed.report, context);
    return json({ status: 'ok' });
  } catch (error) {
    return errorReply(error);
  }
}
