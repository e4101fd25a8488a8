// Reads what a feed shows: the profile, the owner's language and zone, and the public history
// through listPublicSessions, so the privacy rules apply exactly as on every other reader.
import 'server-only';
import { listPublicSessions } from '@/lib/history/list';
import type { PublicSession } from '@/lib/history/public-sessions';
import { dayOf, daysBetween, getOwnerTimeZone, startOfDay } from '@/lib/history/time-zone';
import { formatMessage } from '@/lib/i18n/format-message';
import { messagesFor } from '@/lib/i18n/messages';
import { ownerDefaultLanguage } from '@/lib/i18n/server';
import { absoluteUrl } from '@/lib/seo/json-ld';
import { absolutePath } from '@/lib/seo/metadata';
import { getSiteSettings } from '@/lib/site/settings';
import { dayEntry, mergeEntries, statusEntries, type EntryContext } from './build';
import { FEED_FORMATS, FEED_STATUS_LIMIT, FEED_SUMMARY_DAYS, type Feed, type FeedFormat } from './model';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The history is read back this far at a time until the feed has its statuses, … */
const LOOKBACK_STEP_MS = 30 * DAY_MS;
/** … and no further than a year. */
const LOOKBACK_LIMIT_MS = 366 * DAY_MS;

/** The sessions of the last 30 days, then further back a month at a time until there are enough statuses. */
async function recentSessions(now: number): Promise<PublicSession[]> {
  // By id: a session across the edge of two windows is in both.
  const sessions = new Map<number, PublicSession>();
  const statusCount = () => [...sessions.values()].filter((s) => s.kind === 'manual').length;
  // Up to and including now: a status set at this very instant is in the feed.
  for (let to = now + 1; now - to < LOOKBACK_LIMIT_MS && statusCount() < FEED_STATUS_LIMIT; to -= LOOKBACK_STEP_MS) {
    for (const session of await listPublicSessions({ from: to - LOOKBACK_STEP_MS, to, now })) sessions.set(session.id, session);
  }
  return [...sessions.values()];
}

/** The past days (before today, in the owner's zone) that get a summary. */
function summaryDays(now: number, timeZone: string) {
  const todayStart = startOfDay(dayOf(now, timeZone), timeZone);
  return daysBetween(todayStart - FEED_SUMMARY_DAYS * DAY_MS + DAY_MS / 2, todayStart, timeZone);
}

export interface FeedRequest {
  format: FeedFormat;
  siteUrl: string;
  /** Add one entry per past day with its coding time and tracks (`?daily=1`). */
  daily: boolean;
  now?: number;
}

export async function loadFeed({ format, siteUrl, daily, now = Date.now() }: FeedRequest): Promise<Feed> {
  const [settings, language, timeZone] = await Promise.all([getSiteSettings(), ownerDefaultLanguage(), getOwnerTimeZone()]);
  const m = messagesFor(language);
  const homePageUrl = absolutePath(siteUrl, '/');
  const feedUrlOf = (which: FeedFormat) => absolutePath(siteUrl, FEED_FORMATS[which].path + (daily ? '?daily=1' : ''));
  const context: EntryContext = { language, m, timeZone, homePageUrl };
  const sessions = await recentSessions(now);
  const days = daily ? summaryDays(now, timeZone).flatMap((day) => dayEntry(sessions, day, context) ?? []) : [];
  const entries = mergeEntries(statusEntries(sessions, context), days);
  return {
    id: homePageUrl,
    title: formatMessage(m.feeds.title, { name: settings.name }),
    homePageUrl,
    feedUrl: feedUrlOf(format),
    alternateFeedUrl: feedUrlOf(format === 'atom' ? 'json' : 'atom'),
    author: { name: settings.name, url: homePageUrl, ...(settings.avatar ? { avatar: absoluteUrl(settings.avatar, siteUrl) } : {}) },
    language,
    // Without entries, a fixed date: the feed's ETag then stays the same from request to request.
    updated: entries.reduce((latest, e) => (e.updated > latest ? e.updated : latest), new Date(0).toISOString()),
    entries,
  };
}
