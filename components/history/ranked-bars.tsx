// A ranked list with a bar per entry (languages, projects, games, apps, artists, tracks): the label
// and the value are text on the page, so the bars are only a picture of what is already said.
import { shareOfLargest } from '@/lib/history/chart-scale';

export interface RankedEntry {
  key: string;
  label: string;
  /** What the bar's length is made of. */
  amount: number;
  valueText: string;
}

export function RankedBars({
  title,
  entries,
  empty,
  barClass,
  testId,
}: {
  title: string;
  entries: readonly RankedEntry[];
  empty: string;
  barClass: string;
  testId?: string;
}) {
  const largest = Math.max(0, ...entries.map((e) => e.amount));
  return (
    <section className="flex flex-col gap-2" data-testid={testId}>
      <h3 className="font-semibold text-zinc-900 dark:text-zinc-50">{title}</h3>
      {entries.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{empty}</p>
      ) : (
        <ol className="flex flex-col gap-2">
          {entries.map((entry) => (
            <li key={entry.key} className="flex flex-col gap-1 text-sm">
              <div className="flex items-baseline justify-between gap-3">
                <span className="min-w-0 break-words text-zinc-800 dark:text-zinc-200">{entry.label}</span>
                <span className="shrink-0 text-zinc-600 tabular-nums dark:text-zinc-400">{entry.valueText}</span>
              </div>
              <div aria-hidden className="h-1.5 overflow-hidden rounded-full bg-zinc-200/70 dark:bg-zinc-800">
                <div
                  className={`h-full rounded-full ${barClass}`}
                  style={{ width: `${shareOfLargest(entry.amount, largest)}%` }}
                />
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
