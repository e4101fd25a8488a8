// The one function cached pages are keyed by: what they show changes only when this does. The
// status version covers the site settings too (the profile, the owner's default language): a save
// on /admin, here or on another instance, marks the store's memory stale like any change. A page
// that comes to show anything else has that part's version join the key here.
import 'server-only';
import { getStatusVersion } from '../status/store';
import type { PageVersion } from './page-store';

export async function getPageVersion(now = Date.now()): Promise<PageVersion> {
  const status = await getStatusVersion(now);
  return { key: `status:${status.key}`, validUntil: status.validUntil };
}
