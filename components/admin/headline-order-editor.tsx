'use client';

import type { Messages } from '@/lib/i18n/messages/en';
import type { ActivityKind } from '@/lib/status/schema';
import { RowButtons } from './row-buttons';

type HeadlineOrderMessages = Messages['profile'];

const KIND_LABEL_KEYS = {
  manual: 'kindManual',
  coding: 'kindCoding',
  gaming: 'kindGaming',
  music: 'kindMusic',
  app: 'kindApp',
} as const satisfies Record<ActivityKind, keyof HeadlineOrderMessages>;

interface HeadlineOrderEditorProps {
  order: ActivityKind[];
  onChange: (order: ActivityKind[]) => void;
  error?: string;
  m: HeadlineOrderMessages;
}

/** Which live activity becomes the headline: the first in this order that is live. */
export function HeadlineOrderEditor({ order, onChange, error, m }: HeadlineOrderEditorProps) {
  return (
    <fieldset>
      <legend className="field-label">{m.headlineOrder}</legend>
      <p className="mb-2 text-xs text-zinc-500">{m.headlineOrderHint}</p>
      <ol className="flex flex-col gap-1">
        {order.map((kind, index) => (
          <li
            key={kind}
            className="flex items-center justify-between gap-2 rounded-lg border border-zinc-200 px-3 py-1 dark:border-zinc-800"
          >
            <span className="text-sm">
              {index + 1}. {m[KIND_LABEL_KEYS[kind]]}
            </span>
            <RowButtons
              name={m[KIND_LABEL_KEYS[kind]]}
              list={order}
              index={index}
              onChange={onChange}
              removable={false}
              m={m}
            />
          </li>
        ))}
      </ol>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
