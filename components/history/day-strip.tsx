// The owner's day from midnight to midnight as one bar, a lane per kind, drawn with percentages on
// the server (no script). Screen readers get the same spans as a list instead of the picture.
import { formatMessage } from '@/lib/i18n/format-message';
import { hourTicks, lanesOf, type DayBounds, type DaySegment } from '@/lib/history/day-layout';
import { formatDay, kindLabel, segmentText, type HistoryLocale } from './history-format';
import { KIND_BG } from './kind-colours';

interface DayStripProps {
  day: DayBounds;
  segments: readonly DaySegment[];
  locale: HistoryLocale;
}

export function DayStrip({ day, segments, locale }: DayStripProps) {
  const lanes = lanesOf(segments);
  const ticks = hourTicks(day, locale.timeZone);
  const label = formatMessage(locale.m.dayStrip, { date: formatDay(day.date, locale.language) });
  return (
    <figure className="flex flex-col gap-1.5" data-testid="day-strip">
      <div aria-hidden className="relative h-5 overflow-hidden rounded-md bg-zinc-200/70 dark:bg-zinc-800">
        {ticks.map((tick) => (
          <span
            key={tick.hour}
            className="absolute inset-y-0 w-px bg-zinc-400/50 dark:bg-zinc-600/60"
            style={{ left: `${tick.left}%` }}
          />
        ))}
        {segments.map((segment) => {
          const lane = lanes.indexOf(segment.session.kind);
          return (
            <span
              key={segment.session.id}
              data-kind={segment.session.kind}
              className={`absolute min-w-0.5 rounded-[2px] ${KIND_BG[segment.session.kind]}`}
              style={{
                left: `${segment.left}%`,
                width: `${segment.width}%`,
                top: `${(lane / lanes.length) * 100}%`,
                height: `${100 / lanes.length}%`,
              }}
            />
          );
        })}
      </div>
      <div
        aria-hidden
        className="relative h-4 text-[0.6875rem] leading-4 text-zinc-600 tabular-nums dark:text-zinc-400"
      >
        <span className="absolute left-0">00:00</span>
        {ticks.map((tick) => (
          <span key={tick.hour} className="absolute -translate-x-1/2" style={{ left: `${tick.left}%` }}>
            {String(tick.hour).padStart(2, '0')}:00
          </span>
        ))}
        <span className="absolute right-0">24:00</span>
      </div>
      <figcaption className="sr-only">{label}</figcaption>
      <ul className="sr-only" data-testid="day-strip-text">
        {segments.map((segment) => (
          <li key={segment.session.id}>{segmentText(segment, locale)}</li>
        ))}
      </ul>
      {lanes.length > 0 && (
        <ul aria-hidden className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
          {lanes.map((kind) => (
            <li key={kind} className="inline-flex items-center gap-1.5">
              <span className={`inline-block size-2.5 rounded-sm ${KIND_BG[kind]}`} />
              {kindLabel(kind, locale.m)}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
