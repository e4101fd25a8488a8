'use client';

interface RowButtonsProps {
  /** Names the row for screen readers ("link 2"). */
  name: string;
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
}

/** Move up, move down and remove, for one row of a list editor. */
export function RowButtons({ name, index, count, onMove, onRemove }: RowButtonsProps) {
  return (
    <div className="flex gap-1">
      <button
        type="button"
        className="btn-secondary min-h-9 px-3"
        disabled={index === 0}
        onClick={() => onMove(index - 1)}
        aria-label={`Move ${name} up`}
      >
        ↑
      </button>
      <button
        type="button"
        className="btn-secondary min-h-9 px-3"
        disabled={index === count - 1}
        onClick={() => onMove(index + 1)}
        aria-label={`Move ${name} down`}
      >
        ↓
      </button>
      <button type="button" className="btn-danger" onClick={onRemove} aria-label={`Remove ${name}`}>
        Remove
      </button>
    </div>
  );
}
