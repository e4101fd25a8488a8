// Builds the emoji font the pages fall back to when the visitor's system has no colour emoji font
// (a bare Linux, some Android builds):  npx tsx scripts/build-emoji-font.ts
// From twemoji-colr-font (Twemoji as a COLR font, which Chromium, Firefox and Safari all draw):
//   app/fonts/twemoji.woff2        the whole font, fetched only when a page shows an emoji it alone has
//   app/fonts/twemoji-icons.woff2  the status card's own icons (components/status/icons.ts), about 1 KB
//   app/emoji-font.css             both faces as one family, the system's emoji font first (local())
// Run it again after changing the icons; test/emoji-font.test.ts says when it is due.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PAGE_ICONS } from '../components/status/icons';
import { emojiFontCss, fullFontCodepoints, iconCodepoints } from '../lib/emoji-font';

const require = createRequire(import.meta.url);
const subsetFont = require('subset-font') as (font: Buffer, text: string, options: { targetFormat: string }) => Promise<Buffer>;
const fontverter = require('fontverter') as { convert: (font: Buffer, format: string) => Promise<Buffer> };

export const EMOJI_FONT_FILES = { full: 'app/fonts/twemoji.woff2', icons: 'app/fonts/twemoji-icons.woff2', css: 'app/emoji-font.css' };

/** The code points a font (any format) maps to glyphs. */
export async function fontCodepoints(font: Buffer): Promise<number[]> {
  const hb = await import('harfbuzzjs');
  const face = new hb.Face(new hb.Blob(await fontverter.convert(font, 'truetype')));
  return Array.from(face.collectUnicodes());
}

export async function buildEmojiFont() {
  const full = readFileSync(require.resolve('twemoji-colr-font/twemoji.woff2'));
  const icons = await subsetFont(full, PAGE_ICONS.join(''), { targetFormat: 'woff2' });
  const css = emojiFontCss(fullFontCodepoints(await fontCodepoints(full)), iconCodepoints(PAGE_ICONS));
  return { full, icons, css };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { full, icons, css } = await buildEmojiFont();
  writeFileSync(EMOJI_FONT_FILES.full, full);
  writeFileSync(EMOJI_FONT_FILES.icons, icons);
  writeFileSync(EMOJI_FONT_FILES.css, css);
  console.log(`${EMOJI_FONT_FILES.full} ${(full.length / 1024).toFixed(0)} KB, ${EMOJI_FONT_FILES.icons} ${(icons.length / 1024).toFixed(1)} KB`);
}
