import { getDb } from '@/lib/db';
import { ApiError } from '@/lib/errors';
import { bearerToken, CORS_HEADERS, errorResponse, json, readJsonBody } from '@/lib/http';
import { activityKindSchema, parseIngestBody } from '@/lib/status/schema';
import { ingestReports, recordRefusedReport } from '@/lib/status/ingest';
import { clearActivity, getSnapshot } from '@/lib/status/store';
import { verifyReporterToken } from '@/lib/tokens';

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

async function authenticate(request: Request) {
  const token = bearerToken(request);
  if (!token) throw new ApiError(401, 'unauthorized', 'Send a reporter token as "Authorization: Bearer <token>".');
  const reporter = await verifyReporterToken(getDb(), token);
  if (!reporter) throw new ApiError(401, 'unauthorized', 'The reporter token is not valid or has been revoked.');
  return reporter;
}

/** Native ingest: one activity, or `{ activities: [...] }`. Replies with the new snapshot. */
export async function POST(request: Request) {
  try {
    const reporter = await authenticate(request);
    let body: unknown = null;
    try {
      body = await readJsonBody(request);
      const parsed = parseIngestBody(body);
      if (!parsed.success) throw ApiError.fromZod(parsed.error);
      const snapshot = await ingestReports(parsed.data, { protocol: 'api', tokenName: reporter.name, raw: body });
      return json(snapshot, { headers: CORS_HEADERS });
    } catch (error) {
      // A known reporter sent something unusable: show the owner why on /admin.
      if (error instanceof ApiError) recordRefusedReport({ protocol: 'api', tokenName: reporter.name, raw: body, error: error.message });
      throw error;
    }
  } catch (error) {
    return errorResponse(error, CORS_HEADERS);
  }
}

/** `DELETE /api/status?kind=music` ends the current activity of one kind. */
export async function DELETE(request: Request) {
  try {
    const reporter = await authenticate(request);
    const kind = activityKindSchema.safeParse(new URL(request.url).searchParams.get('kind'));
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
