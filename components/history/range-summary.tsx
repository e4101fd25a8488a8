// The 7- and 30-day views: coding per day, per language and per project; top artists and tracks;
// games and apps by time. All counted inside the window, from the public sessions.
import { formatMessage } from '@/lib/i18n/format-message';
import type { PublicSession } from '@/lib/history/public-sessions';
import {
  appsByTime,
  codingTimeByDay,
  codingTimeByLanguage,
  codingTimeByProject,
  gamesByTime,
  topArtists,
  topTracks,
  type TimeEntry,
  type Window,
} from '@/lib/history/summary';
import type { ZonedDay } from '@/lib/history/time-zone';
import type { ActivityKind } from '@/lib/status/schema';
import { CodingChart } from './coding-chart';
import { formatSeconds, trackText, type HistoryLocale } from './history-format';
import { KIND_BG } from './kind-colours';
import { RankedBars, type RankedEntry } from './ranked-bars';

const LIMIT = 10;

function timeEntries(entries: readonly TimeEntry[], unnamed: string, locale: HistoryLocale): RankedEntry[] {
  return entries.slice(0, LIMIT).map((entry) => ({
    key: entry.name ?? '\u0000',
    label: entry.name ?? unnamed,
    amount: entry.seconds,
    valueText: formatSeconds(entry.seconds, locale),
  }));
}

const playsText = (plays: number, locale: HistoryLocale) =>
  plays === 1 ? locale.m.playsOne : formatMessage(locale.m.plays, { count: plays });

interface RangeSummaryProps {
  sessions: readonly PublicSession[];
  days: readonly ZonedDay[];
  window: Window;
  locale: HistoryLocale;
}

export function RangeSummary({ sessions, days, window, locale }: RangeSummaryProps) {
  const { m } = locale;
  const artists = topArtists(sessions, { limit: LIMIT, window }).map((a) => ({
    key: a.artist,
    label: a.artist,
    amount: a.plays,
    valueText: playsText(a.plays, locale),
  }));
  const tracks = topTracks(sessions, { limit: LIMIT, window }).map((t) => ({
    key: `${t.title}\u0000${t.artist ?? ''}`,
    label: trackText(t.title, t.artist, m),
    amount: t.plays,
    valueText: playsText(t.plays, locale),
  }));
  // The ranked lists, in page order: each with its title, its entries and its kind's colour.
  const lists: { testId: string; title: string; kind: ActivityKind; entries: RankedEntry[] }[] = [
    {
      testId: 'by-language',
      title: m.byLanguage,
      kind: 'coding',
      entries: timeEntries(codingTimeByLanguage(sessions, window), m.unnamedLanguage, locale),
    },
    {
      testId: 'by-project',
      title: m.byProject,
      kind: 'coding',
      entries: timeEntries(codingTimeByProject(sessions, window), m.unnamedProject, locale),
    },
    { testId: 'top-artists', title: m.topArtists, kind: 'music', entries: artists },
    { testId: 'top-tracks', title: m.topTracks, kind: 'music', entries: tracks },
    {
      testId: 'games',
      title: m.games,
      kind: 'gaming',
      entries: timeEntries(gamesByTime(sessions, window), '', locale),
    },
    { testId: 'apps', title: m.apps, kind: 'app', entries: timeEntries(appsByTime(sessions, window), '', locale) },
  ];

  return (
    <div className="flex flex-col gap-8">
      <CodingChart days={codingTimeByDay(sessions, days)} locale={locale} />
      <div className="grid gap-8 sm:grid-cols-2">
        {lists.map(({ kind, ...list }) => (
          <RankedBars key={list.testId} {...list} empty={m.none} barClass={KIND_BG[kind]} />
        ))}
      </div>
    </div>
  );
}
