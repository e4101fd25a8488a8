// The status card other sites embed (a README: <img src=".../api/card.svg">), as github-readme-stats
// draws its cards: one self-contained SVG, no script, no outside resource (the cover, when there is
// one, is already a data: URL). Pure: the route and the tests share it.
import type { Language } from '@/lib/i18n/languages';
import type { EmbedHeadline } from './headline';
import type { EmbedTheme } from './options';

export const CARD_WIDTH = 495;
export const CARD_HEIGHT = 120;
const PAD = 20;
const COVER_SIZE = 80;
const FONT = "'Segoe UI', Ubuntu, 'Helvetica Neue', 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";

export interface CardInput {
  name: string;
  headline: EmbedHeadline;
  theme: EmbedTheme;
  language: Language;
  /** A data: URL of the album cover, or null. */
  cover: string | null;
}

interface Palette {
  background: string;
  border: string;
  label: string;
  text: string;
  muted: string;
  live: string;
  away: string;
}

const LIGHT: Palette = { background: '#ffffff', border: '#e4e4e7', label: '#52525b', text: '#18181b', muted: '#71717a', live: '#16a34a', away: '#a1a1aa' };
const DARK: Palette = { background: '#18181b', border: '#3f3f46', label: '#d4d4d8', text: '#fafafa', muted: '#a1a1aa', live: '#4ade80', away: '#71717a' };

/** Characters XML 1.0 cannot hold at all (escaping does not help): dropped. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for an XML text node or a quoted attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A rough width in ems: wide (CJK, emoji) characters count one em, the rest about half. */
function emWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || code >= 0x1f000)) return 1;
  return /[A-Z@MW]/.test(char) ? 0.68 : 0.56;
}

/** The text cut with "…" so it fits `maxWidth` px at `fontSize` (SVG text does not wrap or clip by itself). */
export function fitText(text: string, fontSize: number, maxWidth: number): string {
  const chars = Array.from(text);
  const limit = maxWidth / fontSize;
  let width = 0;
  for (let i = 0; i < chars.length; i++) {
    width += emWidth(chars[i] ?? '');
    if (width > limit) return `${chars.slice(0, Math.max(0, i - 1)).join('').trimEnd()}…`;
  }
  return text;
}

function paletteRules(p: Palette): string {
  return [
    `.card{fill:${p.background};stroke:${p.border}}`,
    `.label{fill:${p.label}}`,
    `.headline{fill:${p.text}}`,
    `.name{fill:${p.muted}}`,
    `.dot-live{fill:${p.live}}`,
    `.dot-away{fill:${p.away}}`,
  ].join('');
}

function styleSheet(theme: EmbedTheme): string {
  const base = `text{font-family:${FONT}}.label{font-size:13px;font-weight:600}.headline{font-size:18px;font-weight:600}.name{font-size:12px}`;
  if (theme === 'light') return base + paletteRules(LIGHT);
  if (theme === 'dark') return base + paletteRules(DARK);
  return `${base}${paletteRules(LIGHT)}@media (prefers-color-scheme: dark){${paletteRules(DARK)}}`;
}

export function buildCardSvg({ name, headline, theme, language, cover }: CardInput): string {
  const textX = cover ? PAD + COVER_SIZE + 16 : PAD;
  const textWidth = CARD_WIDTH - textX - PAD;
  const live = headline.activity !== null;
  const label = fitText(headline.label, 13, textWidth - 16);
  const text = fitText(headline.text, 18, textWidth);
  const owner = fitText(name, 12, textWidth);
  const coverY = (CARD_HEIGHT - COVER_SIZE) / 2;
  const coverImage = cover
    ? `<clipPath id="cover-clip"><rect x="${PAD}" y="${coverY}" width="${COVER_SIZE}" height="${COVER_SIZE}" rx="6"/></clipPath>` +
      `<image href="${escapeXml(cover)}" x="${PAD}" y="${coverY}" width="${COVER_SIZE}" height="${COVER_SIZE}" preserveAspectRatio="xMidYMid slice" clip-path="url(#cover-clip)"/>`
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}" role="img" aria-labelledby="card-title" xml:lang="${language}">`,
    `<title id="card-title">${escapeXml(`${name}: ${headline.label} — ${headline.text}`)}</title>`,
    `<style>${styleSheet(theme)}</style>`,
    `<rect class="card" x="0.5" y="0.5" rx="6" width="${CARD_WIDTH - 1}" height="${CARD_HEIGHT - 1}" stroke-width="1"/>`,
    coverImage,
    `<circle class="${live ? 'dot-live' : 'dot-away'}" cx="${textX + 5}" cy="35" r="5"/>`,
    `<text class="label" x="${textX + 16}" y="40">${escapeXml(label)}</text>`,
    `<text class="headline" x="${textX}" y="70">${escapeXml(text)}</text>`,
    `<text class="name" x="${textX}" y="96">${escapeXml(owner)}</text>`,
    '</svg>',
  ].join('');
}
