// Day / 7 days / 30 days: plain links, the current one marked for screen readers too.
import Link from 'next/link';
import type { RangeName } from '@/lib/history/history-query';
import type { HistoryMessages } from './history-format';

const VIEWS = [
  { name: 'day', href: '/history', key: 'dayView' },
  { name: '7d', href: '/history?range=7d', key: 'last7' },
  { name: '30d', href: '/history?range=30d', key: 'last30' },
] as const;

export function HistoryNav({ current, m }: { current: 'day' | RangeName; m: HistoryMessages }) {
  return (
    <nav aria-label={m.views}>
      <ul className="inline-flex gap-1 rounded-full border border-zinc-200 p-1 dark:border-zinc-800">
        {VIEWS.map((view) => (
          <li key={view.name}>
            <Link
              href={view.href}
              aria-current={view.name === current ? 'page' : undefined}
              className="inline-flex min-h-9 min-w-11 items-center justify-center rounded-full px-3 text-sm text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 aria-[current=page]:bg-zinc-900 aria-[current=page]:font-semibold aria-[current=page]:text-white dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-100 dark:aria-[current=page]:text-zinc-900"
            >
              {m[view.key]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
