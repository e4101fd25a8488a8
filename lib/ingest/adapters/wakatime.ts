// WakaTime heartbeats (wakatime-cli and every editor plugin) under /api/wakatime, …/v1 and
// …/compat/wakatime/v1.
import 'server-only';
import { ApiError } from '../../errors';
import { errorResponse, json } from '../../http';
import { wakatimeTokenCandidates } from '../../status/protocols/auth';
import { parseWakaTime, toWakaTimeResponses, type WakaTimeReport } from '../../status/protocols/wakatime';
import type { IngestAdapter } from '../pipeline';

const PREFIX = '^/api/wakatime/(?:v1/|compat/wakatime/v1/)?';
const HEARTBEAT_PATH = new RegExp(`${PREFIX}(?:heartbeats?(?:\\.bulk)?|users/[^/]+/heartbeats(?:\\.bulk)?)$`);
export const WAKATIME_STATUSBAR_PATH = new RegExp(`${PREFIX}users/[^/]+/statusbar/today$`);

export const WAKATIME_UNAUTHORIZED = 'Send a reporter token as the WakaTime api_key (Authorization: Basic base64(token), or ?api_key=).';

export function wakatimeNotFound(request: Request): ApiError {
  const path = new URL(request.url).pathname;
  return new ApiError(404, 'not_found', `No WakaTime endpoint at ${path}; heartbeats go to /api/wakatime/users/current/heartbeats.bulk.`);
}

export const wakatimeAdapter: IngestAdapter<WakaTimeReport> = {
  protocol: 'wakatime',
  bodyLimit: 1024 * 1024,
  tokens: wakatimeTokenCandidates,
  unauthorized: WAKATIME_UNAUTHORIZED,
  path: HEARTBEAT_PATH,
  notFound: wakatimeNotFound,
  parse: (body, request) =>
    parseWakaTime(body, { userAgent: request.headers.get('user-agent'), machine: request.headers.get('x-machine-name') }),
  reply: ({ parsed }) => json(toWakaTimeResponses(parsed.results), { status: 201 }),
  fail: (error) => errorResponse(error),
};
