'use client';

import { formatMessage } from '@/lib/i18n/format-message';
import type { Messages } from '@/lib/i18n/messages/en';
import { moveItem, removeItem } from './list-moves';

export type RowButtonMessages = Pick<Messages['profile'], 'moveUp' | 'moveDown' | 'remove' | 'removeName'>;

interface RowButtonsProps<T> {
  /** Names the row for screen readers ("link 2"). */
  name: string;
  list: readonly T[];
  index: number;
  onChange: (list: T[]) => void;
  /** False for a list whose rows can only be reordered (the headline order). */
  removable?: boolean;
  m: RowButtonMessages;
}

/** Move up, move down and remove, for one row of a list editor. */
export function RowButtons<T>({ name, list, index, onChange, removable = true, m }: RowButtonsProps<T>) {
  return (
    <div className="flex gap-1">
      <button
        type="button"
        className="btn-secondary min-h-9 px-3"
        disabled={index === 0}
        onClick={() => onChange(moveItem(list, index, index - 1))}
        aria-label={formatMessage(m.moveUp, { name })}
      >
        ↑
      </button>
      <button
        type="button"
        className="btn-secondary min-h-9 px-3"
        disabled={index === list.length - 1}
        onClick={() => onChange(moveItem(list, index, index + 1))}
        aria-label={formatMessage(m.moveDown, { name })}
      >
        ↓
      </button>
      {removable && (
        <button
          type="button"
          className="btn-danger"
          onClick={() => onChange(removeItem(list, index))}
          aria-label={formatMessage(m.removeName, { name })}
        >
          {m.remove}
        </button>
      )}
    </div>
  );
}

/** "Add link", "Add card"…: appends a new row. */
export function AddRowButton({ label, onAdd }: { label: string; onAdd: () => void }) {
  return (
    <div>
      <button type="button" className="btn-secondary" onClick={onAdd}>
        {label}
      </button>
    </div>
  );
}
