import type { CSSProperties } from 'react';
import type { AccentColors } from '@/lib/site/accent';

/** The owner's accent as CSS variables; globals.css's `.accent-scope` picks the one for the theme. */
export function accentStyle(accent: AccentColors): CSSProperties {
  return { '--accent-light': accent.light, '--accent-dark': accent.dark } as CSSProperties;
}
