// Fonts for the link-preview card. next/og bundles a Latin-only font and, for any other script or
// an emoji, downloads fonts and emoji images from outside services while it draws (and fails the
// whole image when an emoji cannot be fetched). So the card brings its own: Noto Sans SC from
// @fontsource/noto-sans-sc (Latin, Cyrillic, Vietnamese, Chinese, Japanese, Korean), split by the
// package into ~100 small files by Unicode range; a card loads only the files its text needs. Text
// the fonts cannot draw (emoji, other scripts) is left out of the image, so nothing is ever fetched.
import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const FONT_DIR = path.join(process.cwd(), 'node_modules', '@fontsource', 'noto-sans-sc');
export const CARD_WEIGHTS = [400, 700] as const;
type Weight = (typeof CARD_WEIGHTS)[number];

export interface CardFont {
  name: string;
  data: Buffer;
  weight: Weight;
  style: 'normal';
}

type Range = readonly [number, number];
interface Subset {
  name: string;
  ranges: Range[];
}

/** "U+4e00-4e0f,U+20ac" → [[0x4e00, 0x4e0f], [0x20ac, 0x20ac]] */
function parseRanges(text: string): Range[] {
  return text.split(',').map((part) => {
    const [start = '', end] = part.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(start, 16), parseInt(end ?? start, 16)] as const;
  });
}

let subsetsLoading: Promise<Subset[]> | null = null;

/** The package's subsets, the named ones (latin first) before the numbered ones. */
function subsets(): Promise<Subset[]> {
  return (subsetsLoading ??= readFile(path.join(FONT_DIR, 'unicode.json'), 'utf8').then((json) => {
    const entries = Object.entries(JSON.parse(json) as Record<string, string>);
    const named = ['latin', 'latin-ext', 'cyrillic', 'vietnamese'];
    const rank = (key: string) => (named.includes(key) ? named.indexOf(key) : named.length);
    entries.sort(([a], [b]) => rank(a) - rank(b));
    return entries.map(([key, ranges]) => ({ name: key.replace(/^\[(\d+)\]$/, '$1'), ranges: parseRanges(ranges) }));
  }));
}

const covers = (subset: Subset, codePoint: number) => subset.ranges.some(([start, end]) => codePoint >= start && codePoint <= end);

// Emoji and their joiners, variation selectors, skin tones and keycaps: drawn by next/og only by
// fetching images, so they are left out (the page's description keeps them).
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}\u200D\uFE0E\uFE0F\u20E3]/gu;

/** Text as the card can draw it: emoji and characters no subset covers dropped, spaces tidied. */
export async function drawableText(text: string): Promise<string> {
  const all = await subsets();
  const kept = [...text.replace(EMOJI, '')].filter((char) => /\s/.test(char) || all.some((s) => covers(s, char.codePointAt(0) ?? 0)));
  return kept.join('').replace(/\s+/g, ' ').trim();
}

const fileCache = new Map<string, Promise<Buffer>>();

function fontFile(subset: string, weight: Weight): Promise<Buffer> {
  const file = `noto-sans-sc-${subset}-${weight}-normal.woff`;
  let loading = fileCache.get(file);
  if (!loading) {
    loading = readFile(path.join(FONT_DIR, 'files', file));
    loading.catch(() => fileCache.delete(file));
    fileCache.set(file, loading);
  }
  return loading;
}

const fontSets = new Map<string, CardFont[]>();

/**
 * The fonts for texts already made drawable: Latin always, and each subset holding one of their
 * characters. Returns the fonts and the CSS font-family that lists them in order.
 */
export async function fontsFor(texts: readonly string[]): Promise<{ fonts: CardFont[]; family: string }> {
  const all = await subsets();
  const needed = new Set(['latin']);
  for (const char of new Set([...texts.join('')])) {
    const codePoint = char.codePointAt(0) ?? 0;
    const subset = all.find((s) => covers(s, codePoint));
    if (subset) needed.add(subset.name);
  }
  const names = [...needed];
  const key = names.join(' ');
  // The renderer keeps parsed fonts per array it is given: the same array for the same files.
  let fonts = fontSets.get(key);
  if (!fonts) {
    fonts = await loadFonts(names);
    if (fontSets.size >= 32) fontSets.delete(fontSets.keys().next().value ?? '');
    fontSets.set(key, fonts);
  }
  return { fonts, family: names.map((n) => `card-${n}`).join(', ') };
}

function loadFonts(names: readonly string[]): Promise<CardFont[]> {
  return Promise.all(
    names.flatMap((subset) =>
      CARD_WEIGHTS.map(async (weight) => ({ name: `card-${subset}`, data: await fontFile(subset, weight), weight, style: 'normal' as const })),
    ),
  );
}
