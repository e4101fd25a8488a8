// Draws the link-preview card as PNG bytes. The image is finished before anything is sent, so a
// failure can still fall back to a card without the headline instead of a broken response.
import 'server-only';
import { ImageResponse } from 'next/og';
import { OG_CARD_SIZE, OgCard } from '@/components/og/og-card';
import type { HeadlineSummary } from '../headline';
import { initialsOf, loadAvatar } from './avatar';
import { drawableText, fontsFor } from './fonts';

export interface CardInput {
  name: string;
  avatar: string;
  /** The site's address; its host is shown at the bottom. */
  siteUrl: string;
  headline: Pick<HeadlineSummary, 'live' | 'label' | 'text'>;
}

/** Cut at a word near the limit, with an ellipsis: the card has room for about three lines. */
function shorten(text: string, max = 110): string {
  if ([...text].length <= max) return text;
  const cut = [...text].slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

async function draw(input: CardInput, withHeadline: boolean): Promise<ArrayBuffer> {
  const [name, label, text, avatar] = await Promise.all([
    drawableText(input.name),
    drawableText(input.headline.label),
    drawableText(withHeadline ? shorten(input.headline.text) : ''),
    loadAvatar(input.avatar),
  ]);
  const initials = initialsOf(name) || '?';
  const host = new URL(input.siteUrl).host;
  const texts = [name, label, text, initials, host, 'Right now'];
  const { fonts, family } = await fontsFor(texts);
  const card = (
    <OgCard
      name={name}
      avatar={avatar}
      initials={initials}
      live={input.headline.live}
      label={label || 'Now'}
      text={text || (input.headline.live ? label : 'Away right now')}
      host={host}
      fontFamily={family}
    />
  );
  return new ImageResponse(card, { ...OG_CARD_SIZE, fonts }).arrayBuffer();
}

async function drawWithFallback(input: CardInput): Promise<ArrayBuffer> {
  try {
    return await draw(input, true);
  } catch (error) {
    console.error('[nowline] link-preview card: drawing the headline failed, drawing the card without it:', (error as Error).message);
    return draw(input, false);
  }
}

// The last card drawn, by what it shows: requests for the same status (whatever their ?v=, and
// however many arrive at once) share one drawing instead of each costing the CPU another. Kept as
// long as a response may be, so an avatar host that was down is tried again.
const KEEP_MS = 60_000;
let last: { key: string; png: Promise<ArrayBuffer>; until: number } | null = null;

export function renderCard(input: CardInput): Promise<ArrayBuffer> {
  const key = JSON.stringify(input);
  if (last?.key !== key || Date.now() >= last.until) {
    const png = drawWithFallback(input);
    const entry = { key, png, until: Date.now() + KEEP_MS };
    png.catch(() => {
      if (last === entry) last = null;
    });
    last = entry;
  }
  return last.png;
}
