// Pure: the scales of the history charts (bars of seconds), in a chart's own units.

const HOUR = 3600;
/** Round tops for an axis of hours: the smallest that holds the largest value is used. */
const NICE_HOURS = [1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 24];

/** The top of an axis of seconds: a round number of hours (or 30 min when all is short), never 0. */
export function niceMaxSeconds(values: readonly number[]): number {
  const max = Math.max(0, ...values);
  if (max <= HOUR / 2) return HOUR / 2;
  const hours = NICE_HOURS.find((h) => h * HOUR >= max) ?? Math.ceil(max / HOUR);
  return hours * HOUR;
}

export interface ColumnLayout {
  /** In the chart's viewBox units. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Columns for values across a plot `width` × `height` wide, scaled to `top`, with a gap between. */
export function columns(
  values: readonly number[],
  { width, height, top }: { width: number; height: number; top: number },
): ColumnLayout[] {
  const slot = width / Math.max(1, values.length);
  const barWidth = slot * 0.7;
  return values.map((value, index) => {
    const barHeight = top > 0 ? (Math.min(value, top) / top) * height : 0;
    return {
      x: round(index * slot + (slot - barWidth) / 2),
      y: round(height - barHeight),
      width: round(barWidth),
      height: round(barHeight),
    };
  });
}

/** A share of the largest entry, as a percentage (for horizontal bars). */
export function shareOfLargest(value: number, largest: number): number {
  return largest > 0 ? round((value / largest) * 100) : 0;
}

const round = (value: number) => Math.round(value * 100) / 100;
