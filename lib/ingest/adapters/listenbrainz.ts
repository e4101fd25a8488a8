// ListenBrainz scrobblers with a custom URL of /api/listenbrainz: `Authorization: Token <token>`.
import 'server-only';
import { ApiError } from '../../errors';
import { json } from '../../http';
import { listenBrainzToken } from '../../status/protocols/auth';
import { listenBrainzError, parseListenBrainz, type ListenBrainzReport } from '../../status/protocols/listenbrainz';
import type { IngestAdapter } from '../pipeline';

/** Errors in ListenBrainz's shape (`{ code, error }`), which scrobblers show as they are. */
function errorReply(error: unknown): Response {
  if (error instanceof ApiError && error.status < 500) {
    const message = error.message.replace(/^Invalid request — /, '');
    return json(listenBrainzError(error.status, message), { status: error.status });
  }
  console.error('[nowline] listenbrainz submit failed:', error instanceof Error ? error.message : String(error));
  return json(listenBrainzError(503, 'The listen could not be saved; try again.'), { status: 503 });
}

export const listenBrainzAdapter: IngestAdapter<ListenBrainzReport> = {
  protocol: 'listenbrainz',
  path: /^\/api\/listenbrainz\/1\/submit-listens$/,
  // Imports carry up to 1000 listens.
  bodyLimit: 1024 * 1024,
  tokens: (request) => [listenBrainzToken(request)],
  unauthorized: 'Send a valid token as "Authorization: Token <token>".',
  parse: (body) => parseListenBrainz(body),
  reply: () => json({ status: 'ok' }),
  fail: errorReply,
};
