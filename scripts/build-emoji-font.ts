// Builds the emoji font the pages fall back to when the visitor's system has no colour emoji font
// (a bare Linux, some Android builds):  npx tsx scripts/build-emoji-font.ts
// From twemoji-colr-font (Twemoji as a COLR font, which Chromium, Firefox and Safari all draw):
//   public/fonts/twemoji-<version>.woff2  the whole font, fetched only when a page shows an emoji it alone has
//   app/emoji-font.css             both faces as one family, the system's emoji font first (local()),
//                                  with the status card's own icons (components/status/icons.ts) as
//                                  a subset of about 1 KB inlined in it
// The subset is cut by fontTools (Debian: apt-get install python3-fonttools python3-brotli; PYTHON
// names another interpreter): harfbuzz's wasm subsetter drops the COLR and CPAL tables, leaving
// empty glyphs. Run this again after changing the icons; test/emoji-font.test.ts says when it is due.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PAGE_ICONS } from '../components/status/icons';
import { emojiFontCss, fullFontCodepoints, fullFontPath, iconCodepoints } from '../lib/emoji-font';

const require = createRequire(import.meta.url);
const fontverter = require('fontverter') as { convert: (font: Buffer, format: string) => Promise<Buffer> };

const TWEMOJI_VERSION = (require('twemoji-colr-font/package.json') as { version: string }).version;
export const EMOJI_FONT_FILES = { full: `public${fullFontPath(TWEMOJI_VERSION)}`, css: 'app/emoji-font.css' };

/** The code points a font (any format) maps to glyphs. */
export async function fontCodepoints(font: Buffer): Promise<number[]> {
  const hb = await import('harfbuzzjs');
  const face = new hb.Face(new hb.Blob(await fontverter.convert(font, 'truetype')));
  return Array.from(face.collectUnicodes());
}

export const TWEMOJI_SOURCE = require.resolve('twemoji-colr-font/twemoji.woff2');

/** The whole font's unicode-range and the icons' one, as app/emoji-font.css declares them. */
export async function emojiFontStylesheet(iconsFont: Buffer): Promise<string> {
  const full = readFileSync(TWEMOJI_SOURCE);
  return emojiFontCss(fullFontCodepoints(await fontCodepoints(full)), iconCodepoints(PAGE_ICONS), iconsFont, TWEMOJI_VERSION);
}

function subsetIcons(): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'emoji-font-'));
  try {
    const output = path.join(dir, 'icons.woff2');
    const python = process.env.PYTHON ?? '/usr/bin/python3';
    const args = ['-m', 'fontTools.subset', TWEMOJI_SOURCE, `--text=${PAGE_ICONS.join('')}`, '--layout-features=*', '--flavor=woff2', `--output-file=${output}`];
    const run = spawnSync(python, args, { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`fontTools could not subset the font (${python}): ${run.stderr || run.error?.message}`);
    return readFileSync(output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const full = readFileSync(TWEMOJI_SOURCE);
  const icons = subsetIcons();
  writeFileSync(EMOJI_FONT_FILES.full, full);
  writeFileSync(EMOJI_FONT_FILES.css, await emojiFontStylesheet(icons));
  console.log(`${EMOJI_FONT_FILES.full} ${(full.length / 1024).toFixed(0)} KB, icons' subset ${(icons.length / 1024).toFixed(1)} KB`);
}
