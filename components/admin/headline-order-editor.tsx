'use client';

import type { ActivityKind } from '@/lib/status/schema';
import { moveItem } from './list-moves';

const KIND_LABELS: Record<ActivityKind, string> = {
  manual: 'Manual status',
  coding: 'Coding',
  gaming: 'Gaming',
  music: 'Music',
  app: 'App',
};

/** Which live activity becomes the headline: the first in this order that is live. */
export function HeadlineOrderEditor({
  order,
  onChange,
  error,
}: {
  order: ActivityKind[];
  onChange: (order: ActivityKind[]) => void;
  error?: string;
}) {
  return (
    <fieldset>
      <legend className="field-label">Headline order</legend>
      <p className="mb-2 text-xs text-zinc-500">
        When several activities are live, the first in this list is the headline.
      </p>
      <ol className="flex flex-col gap-1">
        {order.map((kind, index) => (
          <li
            key={kind}
            className="flex items-center justify-between gap-2 rounded-lg border border-zinc-200 px-3 py-1 dark:border-zinc-800"
          >
            <span className="text-sm">
              {index + 1}. {KIND_LABELS[kind]}
            </span>
            <span className="flex gap-1">
              <button
                type="button"
                className="btn-secondary min-h-9 px-3"
                disabled={index === 0}
                onClick={() => onChange(moveItem(order, index, index - 1))}
                aria-label={`Move ${KIND_LABELS[kind]} up`}
              >
                ↑
              </button>
              <button
                type="button"
                className="btn-secondary min-h-9 px-3"
                disabled={index === order.length - 1}
                onClick={() => onChange(moveItem(order, index, index + 1))}
                aria-label={`Move ${KIND_LABELS[kind]} down`}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
