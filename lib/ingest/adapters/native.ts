// Native ingest, `POST /api/status`: one activity or `{ activities: [...] }`; replies with the snapshot.
import 'server-only';
import { ApiError } from '../../errors';
import { bearerToken, CORS_HEADERS, DEFAULT_BODY_LIMIT, errorResponse, json, requireJsonContentType } from '../../http';
import { parseIngestBody } from '../../status/schema';
import { emptyReport } from '../fields';
import type { IngestAdapter } from '../pipeline';

export const NATIVE_UNAUTHORIZED = 'Send a valid reporter token as "Authorization: Bearer <token>".';

export const nativeAdapter: IngestAdapter<{ report: ReturnType<typeof emptyReport> }> = {
  protocol: 'api',
  path: /^\/api\/status$/,
  bodyLimit: DEFAULT_BODY_LIMIT,
  tokens: (request) => [bearerToken(request)],
  unauthorized: NATIVE_UNAUTHORIZED,
  accept: requireJsonContentType,
  parse(body) {
    const parsed = parseIngestBody(body);
    if (!parsed.success) throw ApiError.fromZod(parsed.error);
    return { report: { ...emptyReport(), inputs: parsed.data } };
  },
  reply: ({ snapshot }) => json(snapshot, { headers: CORS_HEADERS }),
  fail: (error) => errorResponse(error, CORS_HEADERS),
};
