// ListenBrainz scrobblers with a custom URL of /api/listenbrainz: `Authorization: Token <token>`.
import { listenBrainzAdapter } from '@/lib/ingest/adapters/listenbrainz';
import { handleIngest } from '@/lib/ingest/pipeline';

export const dynamic = 'force-dynamic';

export const POST = (request: Request) => handleIngest(request, listenBrainzAdapter);
