// GET /feed.atom: the owner's manual statuses as an Atom feed (docs/history.md, "Feeds").
import { feedOptions, feedResponse } from '@/lib/feeds/respond';

export const dynamic = 'force-dynamic';

export const GET = (request: Request) => feedResponse(request, 'atom');
export const OPTIONS = feedOptions;
