// Wording shared by the Today line and /history, in the page's language: durations and dates
// through Intl, clock times in the owner's zone, the words from the `history` messages.
import { dateTimeFormat } from '@/lib/i18n/intl-cache';
import { formatAgo, formatDuration } from '@/components/status/format';
import { formatMessage } from '@/lib/i18n/format-message';
import { INTL_LOCALE, type Language } from '@/lib/i18n/languages';
import type { Messages } from '@/lib/i18n/messages/en';
import type { DaySegment } from '@/lib/history/day-layout';
import type { PublicSession } from '@/lib/history/public-sessions';
import type { TodaySummary } from '@/lib/history/summary';
import type { ActivityKind } from '@/lib/status/schema';

export type HistoryMessages = Messages['history'];

/** What the history texts need: the language, its messages, and the owner's zone for clock times. */
export interface HistoryLocale {
  language: Language;
  m: HistoryMessages;
  status: Messages['status'];
  timeZone: string;
}

const KIND_LABEL_KEY = {
  coding: 'kindCoding',
  music: 'kindMusic',
  gaming: 'kindGaming',
  app: 'kindApp',
  manual: 'kindManual',
} as const satisfies Record<ActivityKind, keyof HistoryMessages>;

export const KIND_ICON: Record<ActivityKind, string> = {
  coding: '⌨️',
  music: '🎵',
  gaming: '🎮',
  app: '🪟',
  manual: '💬',
};

export const kindLabel = (kind: ActivityKind, m: HistoryMessages) => m[KIND_LABEL_KEY[kind]];

/** "2 hrs 10 mins" / "2小时10分钟". */
export const formatSeconds = (seconds: number, locale: HistoryLocale) =>
  formatDuration(seconds * 1000, { language: locale.language, m: locale.status });

/** "09:10" on the owner's wall clock. */
export function formatTime(instant: number, { language, timeZone }: HistoryLocale): string {
  return dateTimeFormat(INTL_LOCALE[language], { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

/** A calendar day (YYYY-MM-DD) in words: "Saturday 28 November 2026" / "2026年11月28日星期六". */
export function formatDay(date: string, language: Language, style: 'long' | 'short' = 'long'): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'long'
      ? { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
      : { timeZone: 'UTC', day: 'numeric', month: 'short' };
  return dateTimeFormat(INTL_LOCALE[language], options).format(Date.parse(`${date}T00:00:00Z`));
}

/** "Song by Artist", or the title alone. */
export const trackText = (title: string, artist: string | undefined, m: HistoryMessages) =>
  artist ? formatMessage(m.trackBy, { title, artist }) : title;

/** What a session was about, in a few words ("nowline · TypeScript", "VCR by The xx"); '' when unknown. */
export function describeSession(session: PublicSession, m: HistoryMessages): string {
  switch (session.kind) {
    case 'coding':
      return [session.project, session.language].filter(Boolean).join(' · ');
    case 'music':
      return session.title ? trackText(session.title, session.artist, m) : '';
    case 'gaming':
    case 'app':
      return session.name ?? '';
    case 'manual':
      return [session.emoji, session.text].filter(Boolean).join(' ');
  }
}

/** "Coding 09:10–11:40: nowline" — the text form of one segment. */
export function segmentText(segment: DaySegment, locale: HistoryLocale): string {
  const { m } = locale;
  const span = formatMessage(m.span, {
    kind: kindLabel(segment.session.kind, m),
    from: formatTime(segment.from, locale),
    to: segment.session.ongoing ? m.ongoing : formatTime(segment.to, locale),
  });
  const what = describeSession(segment.session, m);
  return what ? `${span}: ${what}` : span;
}

/** The parts of the line after "Today:", in the page's language. */
export function todayParts(summary: TodaySummary, now: number, locale: HistoryLocale): string[] {
  const { m } = locale;
  const parts: string[] = [];
  if (summary.codingSeconds > 0)
    parts.push(formatMessage(m.todayCoding, { duration: formatSeconds(summary.codingSeconds, locale) }));
  if (summary.tracksPlayed > 0)
    parts.push(
      summary.tracksPlayed === 1 ? m.todayTracksOne : formatMessage(m.todayTracks, { count: summary.tracksPlayed }),
    );
  const last = summary.lastTrack;
  if (last) {
    const track = trackText(last.title, last.artist, m);
    parts.push(
      last.playing
        ? formatMessage(m.lastTrackPlaying, { track })
        : formatMessage(m.lastTrack, {
            track,
            ago: formatAgo(last.startedAt, now, { language: locale.language, m: locale.status }),
          }),
    );
  }
  return parts;
}
