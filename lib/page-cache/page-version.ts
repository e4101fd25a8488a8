// The one function cached pages are keyed by: what they show changes only when this does. When a
// page comes to show more (the profile or the owner's default language from the site settings),
// that part's version joins the key here.
import 'server-only';
import { getStatusVersion } from '../status/store';
import type { PageVersion } from './page-store';

export async function getPageVersion(now = Date.now()): Promise<PageVersion> {
  const status = await getStatusVersion(now);
  return { key: `status:${status.key}`, validUntil: status.validUntil };
}
