// One day's sessions in order: kind, what, start–end on the owner's clock, and how long.
import { type DaySegment } from '@/lib/history/day-layout';
import { describeSession, formatSeconds, formatTime, KIND_ICON, kindLabel, type HistoryLocale } from './history-format';
import { KIND_BG } from './kind-colours';

export function DayTimeline({ segments, locale }: { segments: readonly DaySegment[]; locale: HistoryLocale }) {
  const { m } = locale;
  if (segments.length === 0) return <p className="text-zinc-600 dark:text-zinc-400">{m.nothingThisDay}</p>;
  return (
    <ol className="flex flex-col gap-2" data-testid="timeline">
      {segments.map((segment) => {
        const { session } = segment;
        const what = describeSession(session, m);
        return (
          <li
            key={session.id}
            data-kind={session.kind}
            className="flex items-start gap-3 rounded-xl border border-zinc-200 bg-white/70 px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900/70"
          >
            <span aria-hidden className={`mt-1.5 size-2.5 shrink-0 rounded-sm ${KIND_BG[session.kind]}`} />
            <div className="flex min-w-0 flex-1 flex-col gap-0.5">
              <p className="text-sm">
                <span aria-hidden>{KIND_ICON[session.kind]} </span>
                <span className="font-semibold text-zinc-900 dark:text-zinc-50">{kindLabel(session.kind, m)}</span>
                {what && <span className="break-words text-zinc-700 dark:text-zinc-300"> · {what}</span>}
              </p>
              <p className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                <time dateTime={new Date(segment.from).toISOString()}>{formatTime(segment.from, locale)}</time>–
                {session.ongoing ? (
                  m.ongoing
                ) : (
                  <time dateTime={new Date(segment.to).toISOString()}>{formatTime(segment.to, locale)}</time>
                )}
                {' · '}
                {formatSeconds(Math.round((segment.to - segment.from) / 1000), locale)}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
