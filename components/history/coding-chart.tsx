// Coding time per day as an SVG bar chart drawn on the server: it scales to the width it is given
// (viewBox, width 100%), takes its colours from the theme, and a visually hidden table says the same.
import { columns, niceMaxSeconds } from '@/lib/history/chart-scale';
import { formatMessage } from '@/lib/i18n/format-message';
import { formatDay, formatSeconds, type HistoryLocale } from './history-format';
import { CODING_FILL } from './kind-colours';

const WIDTH = 320;
const PLOT_HEIGHT = 120;
const LABEL_SPACE = 18;

export function CodingChart({
  days,
  locale,
}: {
  days: readonly { date: string; seconds: number }[];
  locale: HistoryLocale;
}) {
  const { m, language } = locale;
  const top = niceMaxSeconds(days.map((d) => d.seconds));
  const bars = columns(
    days.map((d) => d.seconds),
    { width: WIDTH, height: PLOT_HEIGHT, top },
  );
  // Label every day on a week; on a month, every seventh from the newest, so today always has one.
  const labelled = (index: number) => days.length <= 7 || (days.length - 1 - index) % 7 === 0;
  const total = days.reduce((sum, d) => sum + d.seconds, 0);

  return (
    <figure className="flex flex-col gap-2" data-testid="coding-chart">
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-3">
        <span className="font-semibold text-zinc-900 dark:text-zinc-50">{m.codingPerDay}</span>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">
          {formatMessage(m.codingTotal, { duration: formatSeconds(total, locale) })}
        </span>
      </figcaption>
      <svg
        aria-hidden
        viewBox={`0 0 ${WIDTH} ${PLOT_HEIGHT + LABEL_SPACE}`}
        width="100%"
        className="h-auto text-zinc-600 dark:text-zinc-400"
      >
        <line x1={0} x2={WIDTH} y1={PLOT_HEIGHT} y2={PLOT_HEIGHT} stroke="currentColor" strokeOpacity={0.4} />
        <line x1={0} x2={WIDTH} y1={0.5} y2={0.5} stroke="currentColor" strokeOpacity={0.2} strokeDasharray="3 3" />
        <text x={WIDTH} y={10} textAnchor="end" fontSize={9} fill="currentColor">
          {formatSeconds(top, locale)}
        </text>
        {bars.map((bar, index) => (
          <g key={days[index]!.date}>
            {bar.height > 0 && (
              <rect x={bar.x} y={bar.y} width={bar.width} height={bar.height} rx={1.5} className={CODING_FILL} />
            )}
            {labelled(index) && (
              <text x={bar.x + bar.width / 2} y={PLOT_HEIGHT + 13} textAnchor="middle" fontSize={9} fill="currentColor">
                {formatDay(days[index]!.date, language, 'short')}
              </text>
            )}
          </g>
        ))}
      </svg>
      {/* A table keeps its content's width whatever its own: the wrapper is what is hidden. */}
      <div className="sr-only">
        <table>
          <caption>{m.codingPerDay}</caption>
          <thead>
            <tr>
              <th scope="col">{m.day}</th>
              <th scope="col">{m.time}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.date}>
                <th scope="row">{formatDay(day.date, language)}</th>
                <td>{formatSeconds(day.seconds, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
