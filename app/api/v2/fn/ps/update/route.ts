// Mix Space ProcessReporter agents: POST with `key` in the body; GET (or a POST without `key`) reads.
import { ApiError } from '@/lib/errors';
import { CORS_HEADERS, errorResponse, json } from '@/lib/http';
import { applyReport, readProtocolJson } from '@/lib/status/protocols/apply';
import { verifyAnyToken } from '@/lib/status/protocols/auth';
import { isRecord } from '@/lib/status/protocols/shared';
import { MIXSPACE_SOURCE, parseMixSpace, toMixSpaceState } from '@/lib/status/protocols/mixspace';
import { parseOrNoteRefusal } from '@/lib/status/ingest';
import { getSnapshot } from '@/lib/status/store';

export const dynamic = 'force-dynamic';

/** Base64 icons and covers make these bodies large; each image is still capped on its own. */
const BODY_LIMIT = 1024 * 1024;

export async function GET() {
  try {
    return json(toMixSpaceState(await getSnapshot()), { headers: CORS_HEADERS });
  } catch (error) {
    return errorResponse(error, CORS_HEADERS);
  }
}

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

export async function POST(request: Request) {
  try {
    const body = await readProtocolJson(request, BODY_LIMIT);
    if (!isRecord(body)) throw ApiError.invalid('The body must be a JSON object.');
    if (body.key != null && typeof body.key !== 'string') {
      throw ApiError.invalid('Invalid request — key: must be a string', [{ field: 'key', message: 'must be a string' }]);
    }
    const key = typeof body.key === 'string' ? body.key.trim() : '';
    // Older Mix Space pages read the state with a POST that carries no key.
    if (!key) return json(toMixSpaceState(await getSnapshot()), { headers: CORS_HEADERS });
    const reporter = await verifyAnyToken([key]);
    if (!reporter) throw new ApiError(401, 'unauthorized', 'The key is not a valid reporter token (or it was revoked).');
    const context = { protocol: MIXSPACE_SOURCE, tokenName: reporter.name, raw: body };
    const parsed = parseOrNoteRefusal(context, () => parseMixSpace(body));
    const result = await applyReport(parsed.report, context);
    const state = toMixSpaceState(result.snapshot);
    return json(
      {
        ok: 1,
        process: state.processInfo,
        media: state.mediaInfo,
        timestamp: Date.now(),
        ...(result.warnings.length ? { errors: result.warnings } : {}),
      },
      { headers: CORS_HEADERS },
    );
  } catch (error) {
    return errorResponse(error, CORS_HEADERS);
  }
}
