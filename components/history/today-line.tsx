// The homepage's "Today": coding time, tracks, the last track, and the day strip, rendered on the
// server. `/` is served from the page cache for up to NOWLINE_PAGE_CACHE_MAX_AGE_SECONDS, so "20 min
// ago" may lag by that much; a report changes the status version and renders it afresh.
import 'server-only';
import Link from 'next/link';
import { formatAgo } from '@/components/status/format';
import { formatMessage } from '@/lib/i18n/format-message';
import type { Language } from '@/lib/i18n/languages';
import type { Messages } from '@/lib/i18n/messages/en';
import { readToday } from '@/lib/history/history-pages';
import type { TodaySummary } from '@/lib/history/summary';
import { DayStrip } from './day-strip';
import { formatSeconds, trackText, type HistoryLocale } from './history-format';

/** The parts of the line after "Today:", in the page's language. */
export function todayParts(summary: TodaySummary, now: number, locale: HistoryLocale): string[] {
  const { m } = locale;
  const parts: string[] = [];
  if (summary.codingSeconds > 0) parts.push(formatMessage(m.todayCoding, { duration: formatSeconds(summary.codingSeconds, locale) }));
  if (summary.tracksPlayed > 0)
    parts.push(summary.tracksPlayed === 1 ? m.todayTracksOne : formatMessage(m.todayTracks, { count: summary.tracksPlayed }));
  const last = summary.lastTrack;
  if (last) {
    const track = trackText(last.title, last.artist, m);
    parts.push(
      last.playing
        ? formatMessage(m.lastTrackPlaying, { track })
        : formatMessage(m.lastTrack, { track, ago: formatAgo(last.startedAt, now, { language: locale.language, m: locale.status }) }),
    );
  }
  return parts;
}

export async function TodayLine({ language, m }: { language: Language; m: Messages }) {
  const { now, timeZone, day, segments, summary } = await readToday();
  const locale: HistoryLocale = { language, m: m.history, status: m.status, timeZone };
  const parts = todayParts(summary, now, locale);

  return (
    <section aria-labelledby="today-heading" className="flex flex-col gap-2" data-testid="today">
      <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="today-line">
        <span id="today-heading" className="font-semibold text-zinc-900 dark:text-zinc-50">
          {m.history.today}
        </span>{' '}
        {segments.length === 0 ? m.history.nothingYetToday : parts.join(' · ')}
      </p>
      {segments.length > 0 && <DayStrip day={day} segments={segments} locale={locale} />}
      <p className="text-sm">
        <Link href="/history" className="text-(--accent) underline-offset-2 hover:underline">
          {m.history.seeHistory}
        </Link>
      </p>
    </section>
  );
}
