import { bearerToken, CORS_HEADERS, errorResponse, json } from '@/lib/http';
import { NATIVE_UNAUTHORIZED, nativeAdapter } from '@/lib/ingest/adapters/native';
import { authenticateReporter, handleIngest } from '@/lib/ingest/pipeline';
import { ApiError } from '@/lib/errors';
import { activityKindSchema } from '@/lib/status/schema';
import { clearActivity, getSnapshot } from '@/lib/status/store';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    return json(await getSnapshot(), { headers: CORS_HEADERS });
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
