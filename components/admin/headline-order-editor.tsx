'use client';

import type { ActivityKind } from '@/lib/status/schema';
import { RowButtons } from './row-buttons';

const KIND_LABELS: Record<ActivityKind, string> = {
  manual: 'Manual status',
  coding: 'Coding',
  gaming: 'Gaming',
  music: 'Music',
  app: 'App',
};

interface HeadlineOrderEditorProps {
  order: ActivityKind[];
  onChange: (order: ActivityKind[]) => void;
  error?: string;
}

/** Which live activity becomes the headline: the first in this order that is live. */
export function HeadlineOrderEditor({ order, onChange, error }: HeadlineOrderEditorProps) {
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
            <RowButtons name={KIND_LABELS[kind]} list={order} index={index} onChange={onChange} removable={false} />
          </li>
        ))}
      </ol>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
