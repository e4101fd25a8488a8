// GET /feed.json: the owner's manual statuses as a JSON Feed 1.1 (docs/history.md, "Feeds").
import { feedOptions, feedResponse } from '@/lib/feeds/respond';

export const dynamic = 'force-dynamic';

export const GET = (request: Request) => feedResponse(request, 'json');
export const OPTIONS = feedOptions;
