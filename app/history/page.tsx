import { connection } from 'next/server';
import { DayView } from '@/components/history/day-view';
import type { HistoryLocale } from '@/components/history/history-format';
import { HistoryNav } from '@/components/history/history-nav';
import { RangeSummary } from '@/components/history/range-summary';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { SubPage } from '@/components/profile/sub-page';
import { formatMessage } from '@/lib/i18n/format-message';
import { getMessages } from '@/lib/i18n/server';
import { readHistory } from '@/lib/history/history-pages';
import { pageMetadata } from '@/lib/seo/metadata';
import { getSiteSettings } from '@/lib/site/settings';

export async function generateMetadata() {
  const { m } = await getMessages();
  return pageMetadata({ path: '/history', title: m.history.title });
}

/** A bad `day` or `range` shows today with one of these notes (and a 200: a typo in a link is not an error page). */
const PROBLEM_KEY = { day: 'badDay', futureDay: 'futureDay', range: 'badRange' } as const;

export default async function HistoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Per request: today's sessions grow, and the query picks the day.
  await connection();
  const [settings, { language, m }] = await Promise.all([getSiteSettings(), getMessages()]);
  const data = await readHistory(await searchParams);
  const { view } = data;
  const locale: HistoryLocale = { language, m: m.history, status: m.status, timeZone: data.timeZone };

  return (
    <SubPage
      title={m.history.title}
      ownerName={settings.name}
      accent={settings.accent}
      wide
      roomyHeader
      header={
        <>
          <HistoryNav current={view.view === 'range' ? view.range : 'day'} m={m.history} />
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {formatMessage(m.history.timesIn, { zone: data.timeZone })}
          </p>
        </>
      }
    >
      {view.view === 'day' && view.problem && (
        <p
          role="status"
          data-testid="history-problem"
          className="rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          {m.history[PROBLEM_KEY[view.problem]]}
        </p>
      )}
      {data.kind === 'day' ? (
        <DayView day={data.day} segments={data.segments} today={data.today} locale={locale} />
      ) : (
        <section aria-labelledby="range-heading" className="flex flex-col gap-5">
          <h2 id="range-heading" className="text-lg font-semibold">
            {formatMessage(m.history.rangeHeading, { count: data.days.length })}
          </h2>
          <RangeSummary sessions={data.sessions} days={data.days} window={data.window} locale={locale} />
        </section>
      )}
      <footer className="flex justify-end text-xs text-zinc-600 dark:text-zinc-400">
        <LanguageSwitch current={language} back="/history" m={m.language} />
      </footer>
    </SubPage>
  );
}
