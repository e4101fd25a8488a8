// The owner picks any accent colour; text and links drawn in it must still be readable. Rather than
// refuse a colour, two variants are derived: the colour darkened just enough for WCAG AA (4.5:1)
// on the light theme's surfaces (white cards, the zinc-50 page), and lightened just enough on the
// dark theme's (zinc-900 cards, the zinc-950 page).

export const LIGHT_SURFACES = ['#ffffff', '#fafafa'];
export const DARK_SURFACES = ['#18181b', '#09090b'];
export const AA_TEXT_CONTRAST = 4.5;

type Rgb = [number, number, number];

export const HEX_COLOR = /^#[0-9a-f]{6}$/i;

function toRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG 2 relative luminance of an sRGB colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = toRgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [high, low] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

/** Mixes `hex` toward `target` by the smallest step (of 1/50) that reaches AA on every surface. */
function adjustFor(hex: string, surfaces: string[], target: string): string {
  const from = toRgb(hex);
  const to = toRgb(target);
  for (let step = 0; step <= 50; step++) {
    const t = step / 50;
    const mixed = toHex(from.map((c, i) => c + (to[i]! - c) * t) as Rgb);
    if (surfaces.every((surface) => contrastRatio(mixed, surface) >= AA_TEXT_CONTRAST)) return mixed;
  }
  return target;
}

export interface AccentColors {
  /** For text and links on the light theme. */
  light: string;
  /** For text and links on the dark theme. */
  dark: string;
}

export function accentColors(hex: string): AccentColors {
  const color = hex.toLowerCase();
  return { light: adjustFor(color, LIGHT_SURFACES, '#000000'), dark: adjustFor(color, DARK_SURFACES, '#ffffff') };
}
