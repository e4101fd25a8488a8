// The one function cached pages are keyed by: what they show changes only when this does. A page
// that comes to show more (the owner's profile from the site settings) adds that part's version here.
import 'server-only';
import { getStatusVersion } from '../status/store';
import type { PageVersion } from './page-store';

export async function getPageVersion(now = Date.now()): Promise<PageVersion> {
  const status = await getStatusVersion(now);
  return { key: `status:${status.key}`, validUntil: status.validUntil };
}
