// Scrobblers call this when the token is entered; the reply mirrors ListenBrainz's.
import { json } from '@/lib/http';
import { listenBrainzError } from '@/lib/ingest/adapters/listenbrainz';
import { listenBrainzToken, verifyAnyToken } from '@/lib/ingest/credentials';
import { scopeRefusal } from '@/lib/token-scopes';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const token = listenBrainzToken(request);
  if (!token) return json(listenBrainzError(401, 'You need to provide an Authorization token.'), { status: 401 });
  try {
    const found = await verifyAnyToken([token]);
    // A token limited to other protocols cannot submit here, so it is not valid for this client.
    const reporter = found && !scopeRefusal(found, 'listenbrainz') ? found : null;
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
