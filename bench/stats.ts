// Small numeric helpers shared by the harness and its client process.

/** Milliseconds on CLOCK_MONOTONIC: the same clock in every process on this machine. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  // rank is clamped into the list; only a NaN p leaves it without an element.
  return sorted[rank] ?? NaN;
}

export function summarize(values: number[]): Summary {
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  const mean = list.length ? list.reduce((a, b) => a + b, 0) / list.length : NaN;
  return {
    count: list.length,
    mean,
    p50: percentile(list, 50),
    p99: percentile(list, 99),
    max: list.at(-1) ?? NaN,
  };
}

export function round(value: number | null | undefined, digits = 1): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
