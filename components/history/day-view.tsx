// /history for one day: its date, links to the days around it (none past today), the strip and the timeline.
import Link from 'next/link';
import type { DayBounds, DaySegment } from '@/lib/history/day-layout';
import { previousDay } from '@/lib/history/history-query';
import { nextDay } from '@/lib/history/time-zone';
import { DayStrip } from './day-strip';
import { DayTimeline } from './day-timeline';
import { formatDay, type HistoryLocale } from './history-format';

const LINK_CLASS = 'inline-flex min-h-9 items-center text-(--accent) underline-offset-2 hover:underline';

export function DayView({
  day,
  segments,
  today,
  locale,
}: {
  day: DayBounds;
  segments: readonly DaySegment[];
  today: string;
  locale: HistoryLocale;
}) {
  const { m } = locale;
  return (
    <section aria-labelledby="day-heading" className="flex flex-col gap-5">
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
        <h2 id="day-heading" className="text-lg font-semibold">
          <time dateTime={day.date}>{formatDay(day.date, locale.language)}</time>
        </h2>
        <nav aria-label={m.dayView} className="flex gap-4 text-sm">
          <Link href={`/history?day=${previousDay(day.date)}`} className={LINK_CLASS} rel="prev">
            {m.previousDay}
          </Link>
          {day.date < today && (
            <Link href={`/history?day=${nextDay(day.date)}`} className={LINK_CLASS} rel="next">
              {m.nextDay}
            </Link>
          )}
        </nav>
      </div>
      {segments.length > 0 && <DayStrip day={day} segments={segments} locale={locale} />}
      <DayTimeline segments={segments} locale={locale} />
    </section>
  );
}
