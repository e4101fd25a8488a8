// Editing a list of rows in a form: each row carries a key that stays with it while rows move, so
// React keeps the right inputs (and their focus) with each one.
export type Keyed<T> = T & { key: string };

let nextKey = 0;
export const withKey = <T extends object>(item: T): Keyed<T> => ({ ...item, key: `row-${++nextKey}` });
export const withoutKey = <T extends object>({ key: _key, ...item }: Keyed<T>): T => item as unknown as T;

/** The list with the item at `from` moved to `to` (clamped to the list). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

export const replaceItem = <T>(list: readonly T[], index: number, item: T): T[] =>
  list.map((old, i) => (i === index ? item : old));
export const removeItem = <T>(list: readonly T[], index: number): T[] => list.filter((_, i) => i !== index);
