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
  const common = { empty: m.none };

  return (
    <div className="flex flex-col gap-8">
      <CodingChart days={codingTimeByDay(sessions, days)} locale={locale} />
      <div className="grid gap-8 sm:grid-cols-2">
        <RankedBars
          {...common}
          testId="by-language"
          title={m.byLanguage}
          barClass={KIND_BG.coding}
          entries={timeEntries(codingTimeByLanguage(sessions, window), m.unnamedLanguage, locale)}
        />
        <RankedBars
          {...common}
          testId="by-project"
          title={m.byProject}
          barClass={KIND_BG.coding}
          entries={timeEntries(codingTimeByProject(sessions, window), m.unnamedProject, locale)}
        />
        <RankedBars {...common} testId="top-artists" title={m.topArtists} barClass={KIND_BG.music} entries={artists} />
        <RankedBars {...common} testId="top-tracks" title={m.topTracks} barClass={KIND_BG.music} entries={tracks} />
        <RankedBars
          {...common}
          testId="games"
          title={m.games}
          barClass={KIND_BG.gaming}
          entries={timeEntries(gamesByTime(sessions, window), '', locale)}
        />
        <RankedBars
          {...common}
          testId="apps"
          title={m.apps}
          barClass={KIND_BG.app}
          entries={timeEntries(appsByTime(sessions, window), '', locale)}
        />
      </div>
    </div>
  );
}
