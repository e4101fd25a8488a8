// Scrobblers call this when the token is entered; the reply mirrors ListenBrainz's.
import { json } from '@/lib/http';
import { listenBrainzToken, verifyAnyToken } from '@/lib/status/protocols/auth';
import { listenBrainzError } from '@/lib/status/protocols/listenbrainz';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const token = listenBrainzToken(request);
  if (!token) return json(listenBrainzError(401, 'You need to provide an Authorization token.'), { status: 401 });
  try {
    const reporter = await verifyAnyToken([token]);
    return json(
      reporter
        ? { code: 200, message: 'Token valid.', valid: true, user_name: reporter.name }
        : { code: 200, message: 'Token invalid.', valid: false },
    );
  } catch (error) {
    console.error('[nowline] token check failed:', error instanceof Error ? error.message : String(error));
    return json(listenBrainzError(503, 'The token could not be checked; try again.'), { status: 503 });
  }
}
