// The homepage's "Today": coding time, tracks, the last track, and the day strip, rendered on the
// server. `/` is served from the page cache for up to NOWLINE_PAGE_CACHE_MAX_AGE_SECONDS, so "20 min
// ago" may lag by that much; a report changes the status version and renders it afresh.
import 'server-only';
import Link from 'next/link';
import type { Language } from '@/lib/i18n/languages';
import type { Messages } from '@/lib/i18n/messages/en';
import { readToday } from '@/lib/history/history-pages';
import { DayStrip } from './day-strip';
import { todayParts, type HistoryLocale } from './history-format';

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
