/** The value, or a clear failure naming what was missing (for an element a test expects to be there). */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, found none`);
  return value;
}
