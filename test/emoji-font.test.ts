// The bundled emoji font: its ranges leave ordinary text to the text fonts, the small face holds
// every icon the status card draws, and the committed files are what the build script makes now.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { PAGE_ICONS } from '@/components/status/icons';
import { fullFontCodepoints, ICONS_DATA_URL, iconCodepoints, unicodeRange } from '@/lib/emoji-font';
import { EMOJI_FONT_FILES, emojiFontStylesheet, fontCodepoints } from '../scripts/build-emoji-font';

const fontverter = createRequire(import.meta.url)('fontverter') as { convert: (font: Buffer, format: string) => Promise<Buffer> };

describe('unicodeRange', () => {
  it('merges consecutive code points and writes the rest one by one', () => {
    expect(unicodeRange([0x2328, 0x1f3ae, 0x1f3af, 0x1f3b0, 0x1f4ac])).toBe('U+2328, U+1f3ae-1f3b0, U+1f4ac');
    expect(unicodeRange([])).toBe('');
  });
});

describe('fullFontCodepoints', () => {
  it('keeps digits, #, *, ©, ®, ™ and arrows out (the family comes first in the text stack) and adds the joiners', () => {
    const points = fullFontCodepoints([0x23, 0x2a, 0x31, 0xa9, 0xae, 0x2122, 0x2194, 0x2328, 0x1f3a7]);
    expect(points).toEqual([0x200d, 0x20e3, 0x2328, 0xfe0f, 0x1f3a7]);
  });
});

describe('iconCodepoints', () => {
  it('takes every code point of each icon, with the emoji variation selector', () => {
    expect(iconCodepoints(['⌨️', '🎮'])).toEqual([0x2328, 0xfe0f, 0x1f3ae]);
  });
});

describe('the committed stylesheet', () => {
  const css = readFileSync(EMOJI_FONT_FILES.css, 'utf8');
  const iconsFont = Buffer.from(ICONS_DATA_URL.exec(css)?.[1] ?? '', 'base64');

  it('is what scripts/build-emoji-font.ts makes from the icons now (run it after changing them)', async () => {
    expect(css).toBe(await emojiFontStylesheet(iconsFont));
  });

  it('inlines a subset that draws every icon of the status card, in about 1 KB', async () => {
    const inSubset = new Set(await fontCodepoints(iconsFont));
    const iconPoints = iconCodepoints(PAGE_ICONS).filter((c) => c !== 0xfe0f);
    expect(iconPoints.filter((c) => !inSubset.has(c))).toEqual([]);
    expect(iconsFont.length).toBeLessThan(4 * 1024);
  });

  it('the subset keeps the colour tables (without them every glyph is empty)', async () => {
    const sfnt = await fontverter.convert(iconsFont, 'truetype');
    const tables = Array.from({ length: sfnt.readUInt16BE(4) }, (_, i) => sfnt.toString('latin1', 12 + 16 * i, 16 + 16 * i));
    expect(tables).toEqual(expect.arrayContaining(['COLR', 'CPAL', 'glyf']));
  });
});
