// One colour per kind, for the day strip, the legend and the charts. The 600 shades on the light
// background and the 400 shades on the dark one keep at least 3:1 against the strip's track.
import type { ActivityKind } from '@/lib/status/schema';

export const KIND_BG: Record<ActivityKind, string> = {
  coding: 'bg-sky-600 dark:bg-sky-400',
  music: 'bg-fuchsia-600 dark:bg-fuchsia-400',
  gaming: 'bg-amber-600 dark:bg-amber-400',
  app: 'bg-emerald-600 dark:bg-emerald-400',
  manual: 'bg-violet-600 dark:bg-violet-400',
};

/** The coding colour as an SVG fill, for the bar chart. */
export const CODING_FILL = 'fill-sky-600 dark:fill-sky-400';
