// Pure: public sessions (listPublicSessions, privacy already applied) → the feed's entries. One
// entry per manual status, newest first; with daily summaries, one per past day of the owner's.
import { dateTimeFormat } from '../i18n/intl-cache';
import { formatDuration } from '@/components/status/format';
import { formatMessage } from '@/lib/i18n/format-message';
import { INTL_LOCALE, type Language } from '@/lib/i18n/languages';
import type { Messages } from '@/lib/i18n/messages';
import type { PublicSession } from '@/lib/history/public-sessions';
import { summarizeToday } from '@/lib/history/summary';
import type { ZonedDay } from '@/lib/history/time-zone';
import { feedText, FEED_STATUS_LIMIT, type FeedEntry } from './model';

export interface EntryContext {
  language: Language;
  m: Messages;
  timeZone: string;
  /** The site's home page, absolute: the entries link to it. */
  homePageUrl: string;
}

/**
 * A tag: URI (RFC 4151) that names one thing on this site for good: "tag:ada.example,2026-11-20:status/812".
 * The date is the day the thing began (UTC), so the id never changes.
 */
export function tagUri(homePageUrl: string, isoDate: string, specific: string): string {
  return `tag:${new URL(homePageUrl).hostname},${isoDate.slice(0, 10)}:${specific}`;
}

function dateTime(iso: string, { language, timeZone }: EntryContext): string {
  return dateTimeFormat(INTL_LOCALE[language], { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** "🌴 On holiday": the emoji and the text, as the status card shows them. */
export function statusTitle(session: Pick<PublicSession, 'emoji' | 'text'>): string {
  return feedText([session.emoji, session.text].filter(Boolean).join(' ')).trim();
}

function statusEntry(session: PublicSession, context: EntryContext): FeedEntry | null {
  const title = statusTitle(session);
  if (!title) return null;
  const f = context.m.feeds;
  // A status still set says only when it began: its end moves with every request, and an entry
  // that changed on every request would look new to a reader each time.
  const when = session.ongoing
    ? formatMessage(f.since, { time: dateTime(session.startedAt, context) })
    : formatMessage(f.fromTo, { from: dateTime(session.startedAt, context), to: dateTime(session.endedAt, context) });
  return {
    id: tagUri(context.homePageUrl, session.startedAt, `status/${session.id}`),
    title,
    content: `${title}\n${when}`,
    published: session.startedAt,
    updated: session.ongoing ? session.startedAt : session.endedAt,
    url: context.homePageUrl,
  };
}

/** The manual statuses among the sessions, newest first, at most `limit`. */
export function statusEntries(sessions: readonly PublicSession[], context: EntryContext, limit = FEED_STATUS_LIMIT): FeedEntry[] {
  const manual = sessions.filter((s) => s.kind === 'manual');
  manual.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id - a.id);
  return manual.flatMap((s) => statusEntry(s, context) ?? []).slice(0, limit);
}

/** "Friday: 3 hr coding, 12 tracks" for one past day; null when nothing was done that day. */
export function dayEntry(sessions: readonly PublicSession[], day: ZonedDay, context: EntryContext): FeedEntry | null {
  const end = Date.parse(day.end);
  const { codingSeconds, tracksPlayed } = summarizeToday(sessions, { now: end - 1, timeZone: context.timeZone });
  const f = context.m.feeds;
  const parts: string[] = [];
  if (codingSeconds >= 60) {
    const duration = formatDuration(codingSeconds * 1000, { language: context.language, m: context.m.status });
    parts.push(formatMessage(f.dayCoding, { duration }));
  }
  if (tracksPlayed > 0) parts.push(formatMessage(tracksPlayed === 1 ? f.dayTracksOne : f.dayTracksOther, { count: tracksPlayed }));
  if (parts.length === 0) return null;
  const weekday = dateTimeFormat(INTL_LOCALE[context.language], { timeZone: context.timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(
    new Date(day.start),
  );
  const title = formatMessage(f.dayTitle, { day: weekday, summary: parts.join(f.dayJoin) });
  return {
    id: tagUri(context.homePageUrl, day.date, `day/${day.date}`),
    title,
    content: title,
    published: day.end,
    updated: day.end,
    url: context.homePageUrl,
  };
}

/** All entries, newest first by when they began (a day's summary is published at the day's end). */
export function mergeEntries(...lists: FeedEntry[][]): FeedEntry[] {
  return lists.flat().sort((a, b) => b.published.localeCompare(a.published) || a.id.localeCompare(b.id));
}
