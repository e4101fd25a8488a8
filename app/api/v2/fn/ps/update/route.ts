// Mix Space ProcessReporter agents: POST with `key` in the body; GET (or a POST without `key`) reads.
import { CORS_HEADERS, errorResponse } from '@/lib/http';
import { mixSpaceAdapter, readMixSpaceState } from '@/lib/ingest/adapters/mixspace';
import { handleIngest } from '@/lib/ingest/pipeline';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    return await readMixSpaceState();
  } catch (error) {
    return errorResponse(error, CORS_HEADERS);
  }
}

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

export const POST = (request: Request) => handleIngest(request, mixSpaceAdapter);
