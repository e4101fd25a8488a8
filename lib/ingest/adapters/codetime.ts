// CodeTime plugins with their entrypoint set to /api/codetime: a `token` header on every call.
import 'server-only';
import { ApiError } from '../../errors';
import { errorResponse, json } from '../../http';
import { parseCodeTime, type CodeTimeReport } from '../../status/protocols/codetime';
import type { IngestAdapter } from '../pipeline';

// The plugins forget their token on a 401, so only a wrong token gets one.
export const CODETIME_UNAUTHORIZED = 'Send a reporter token in the "token" header.';

export const codetimeToken = (request: Request) => request.headers.get('token')?.trim();

export function codetimeNotFound(request: Request): ApiError {
  return new ApiError(404, 'not_found', `No CodeTime endpoint at ${new URL(request.url).pathname}.`);
}

export const codetimeAdapter: IngestAdapter<CodeTimeReport> = {
  protocol: 'codetime',
  bodyLimit: 1024 * 1024,
  tokens: (request) => [codetimeToken(request)],
  unauthorized: CODETIME_UNAUTHORIZED,
  path: /^\/api\/codetime\/(?:eventLog|batchEventLog)$/,
  notFound: codetimeNotFound,
  parse: (body) => parseCodeTime(body),
  // The plugins only look at the status; a JSON body keeps got's `responseType: 'json'` happy.
  reply: ({ parsed }) => json(parsed.rejected.length ? { accepted: parsed.accepted, rejected: parsed.rejected } : {}),
  fail: (error) => errorResponse(error),
};
