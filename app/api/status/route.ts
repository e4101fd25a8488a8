import { createHash } from 'node:crypto';
import { bearerToken, CORS_HEADERS, errorResponse, json } from '@/lib/http';
import { NATIVE_UNAUTHORIZED, nativeAdapter } from '@/lib/ingest/adapters/native';
import { authenticateReporter, handleIngest } from '@/lib/ingest/pipeline';
import { ApiError } from '@/lib/errors';
import { activityKindSchema, type Snapshot } from '@/lib/status/schema';
import { clearActivity, getSnapshot } from '@/lib/status/store';

export const dynamic = 'force-dynamic';

// Pollers revalidate instead of re-downloading: stored, but checked with If-None-Match every time.
const REVALIDATE_HEADERS = { ...CORS_HEADERS, 'Cache-Control': 'no-cache', 'Access-Control-Expose-Headers': 'ETag' };

/**
 * The version alone is not enough: saving privacy rules (SQLite takes no version for it) and an
 * activity expiring change the public snapshot too. So the tag also digests the snapshot's content,
 * all but `generatedAt` (weak: the bodies differ in that one field).
 */
function snapshotETag(snapshot: Snapshot): string {
  const { generatedAt: _generatedAt, ...content } = snapshot;
  const digest = createHash('sha1').update(JSON.stringify(content)).digest('base64url').slice(0, 16);
  return `W/"${snapshot.version}-${digest}"`;
}

function matchesETag(ifNoneMatch: string | null, tag: string): boolean {
  if (!ifNoneMatch) return false;
  // Weak comparison (RFC 9110): W/ is ignored on either side.
  const opaque = tag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => {
    const c = candidate.trim();
    return c === '*' || c.replace(/^W\//, '') === opaque;
  });
}

/** The snapshot; `304 Not Modified` (no body) when the poller's If-None-Match still holds. */
export async function GET(request?: Request) {
  try {
    const snapshot = await getSnapshot();
    const tag = snapshotETag(snapshot);
    const headers = { ...REVALIDATE_HEADERS, ETag: tag };
    if (matchesETag(request?.headers.get('if-none-match') ?? null, tag)) return new Response(null, { status: 304, headers });
    return json(snapshot, { headers });
  } catch (error) {
    return errorResponse(error, CORS_HEADERS);
  }
}

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

/** Native ingest: one activity, or `{ activities: [...] }`. Replies with the new snapshot. */
export const POST = (request: Request) => handleIngest(request, nativeAdapter);

/** `DELETE /api/status?kind=music` ends the current activity of one kind. */
export async function DELETE(request: Request) {
  try {
    const kind = activityKindSchema.safeParse(new URL(request.url).searchParams.get('kind'));
    const reporter = await authenticateReporter([bearerToken(request)], 'api', NATIVE_UNAUTHORIZED, kind.success ? [kind.data] : []);
    if (!kind.success) {
      throw ApiError.invalid(`Invalid request — kind: must be one of ${activityKindSchema.options.join(', ')}`, [
        { field: 'kind', message: `must be one of ${activityKindSchema.options.join(', ')}` },
      ]);
    }
    return json(await clearActivity(kind.data, reporter.name), { headers: CORS_HEADERS });
  } catch (error) {
    return errorResponse(error, CORS_HEADERS);
  }
}
