// The @font-face rules of the bundled emoji font (app/emoji-font.css, written by
// scripts/build-emoji-font.ts). Pure, so the ranges are unit-tested.

export const EMOJI_FAMILY = 'Nowline Emoji';
/**
 * The family of the card's icon boxes (Tailwind's `font-emoji`): the whole font again, under
 * font-display: block. An icon is then hidden until its glyph is there instead of being drawn in
 * another font first and moved by the swap (a layout shift); text keeps `swap` and is never hidden.
 */
export const EMOJI_ICON_FAMILY = 'Nowline Emoji Icon';

// The visitor's own colour emoji font wins whenever it is installed: nothing is downloaded then.
const SYSTEM_EMOJI = ['Apple Color Emoji', 'AppleColorEmoji', 'Segoe UI Emoji', 'SegoeUIEmoji', 'Noto Color Emoji', 'NotoColorEmoji'];

// Joiners and selectors inside emoji sequences: a sequence is drawn by one font only if that font's
// range covers every code point in it.
const SEQUENCE_PARTS = [0x200d, 0x20e3, 0xfe0f];

/**
 * The code points the whole font is used for. The family comes first in the page's font stack, so
 * its range must leave ordinary text alone: no digits, #, *, ©, ®, ™ or arrows (the font has emoji
 * forms of those, but text means the plain ones), only U+2300 and up.
 */
export function fullFontCodepoints(inFont: Iterable<number>): number[] {
  return [...new Set([...[...inFont].filter((c) => c >= 0x2300), ...SEQUENCE_PARTS])].sort((a, b) => a - b);
}

/** The code points of the icons, with the variation selector their emoji forms carry. */
export function iconCodepoints(icons: readonly string[]): number[] {
  const points = new Set<number>([0xfe0f]);
  for (const icon of icons) for (const char of icon) points.add(char.codePointAt(0)!);
  return [...points].sort((a, b) => a - b);
}

/** Sorted code points → "U+2328, U+1f3ae-1f3af" (consecutive ones merged). */
export function unicodeRange(sorted: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let end = i;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end++;
    const from = sorted[i]!.toString(16);
    parts.push(end === i ? `U+${from}` : `U+${from}-${sorted[end]!.toString(16)}`);
    i = end + 1;
  }
  return parts.join(', ');
}

function fontFace(family: string, url: string, range: readonly number[], display: 'swap' | 'block'): string {
  const local = SYSTEM_EMOJI.map((name) => `local('${name}')`).join(', ');
  return [
    '@font-face {',
    `  font-family: '${family}';`,
    `  font-display: ${display};`,
    `  src: ${local}, url(${url}) format('woff2');`,
    `  unicode-range: ${unicodeRange(range)};`,
    '}',
  ].join('\n');
}

/**
 * Where the whole font is served from (public/): an absolute path, which stays right wherever the
 * stylesheet ends up (a relative url() breaks if Next inlines it into the page: experimental.inlineCss).
 * The version is in the name, so it is cached for good (next.config.ts).
 */
export const fullFontPath = (version: string) => `/fonts/twemoji-${version}.woff2`;

/** The data: URL the icons' subset is inlined as (the pattern the tests read it back with). */
export const ICONS_DATA_URL = /url\(data:font\/woff2;base64,([A-Za-z0-9+/=]+)\)/;

export function emojiFontCss(fullRange: readonly number[], iconRange: readonly number[], iconsFont: Buffer, version: string): string {
  const fullFont = `'${fullFontPath(version)}'`;
  return [
    '/* Written by scripts/build-emoji-font.ts: Twemoji (CC-BY 4.0, twemoji-colr-font). Do not edit. */',
    // Of two faces covering a code point, the browser takes the one declared last: the small one.
    fontFace(EMOJI_FAMILY, fullFont, fullRange, 'swap'),
    // The icons' subset (about 1 KB) is inlined: it is there at the first paint, so no icon is ever
    // drawn in another font first and then moved by the swap (a layout shift).
    fontFace(EMOJI_FAMILY, `data:font/woff2;base64,${iconsFont.toString('base64')}`, iconRange, 'block'),
    // Icon boxes: the icons themselves (and their selector) fall through to the subset above, the
    // next family in that stack, so a box with an icon of the card's own fetches nothing.
    fontFace(EMOJI_ICON_FAMILY, fullFont, fullRange.filter((c) => !iconRange.includes(c)), 'block'),
    '',
  ].join('\n\n');
}
