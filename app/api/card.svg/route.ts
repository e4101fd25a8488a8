// GET /api/card.svg: the status card for READMEs and other sites (lib/embeds/svg-card.ts).
import { loadCover } from '@/lib/embeds/cover';
import { EMBED_HEADERS, readEmbed } from '@/lib/embeds/read';
import { buildCardSvg } from '@/lib/embeds/svg-card';
import { errorResponse } from '@/lib/http';
import { SVG_CARD_CONTENT_SECURITY_POLICY } from '@/lib/security-headers.js';

export const dynamic = 'force-dynamic';

const SVG_HEADERS = {
  ...EMBED_HEADERS,
  'Content-Type': 'image/svg+xml; charset=utf-8',
  // Opened on its own, the SVG may show its inline styles and data: images, and run nothing
  // (next.config.ts sets the same for the built app, where its headers win over a route's).
  'Content-Security-Policy': SVG_CARD_CONTENT_SECURITY_POLICY,
};

export async function GET(request: Request) {
  try {
    const { options, headline, language, name } = await readEmbed(request);
    const activity = headline.activity;
    const cover = activity?.kind === 'music' && activity.coverUrl ? await loadCover(activity.coverUrl) : null;
    const svg = buildCardSvg({ name, headline, theme: options.theme, language, cover });
    return new Response(svg, { headers: SVG_HEADERS });
  } catch (error) {
    return errorResponse(error, { 'Access-Control-Allow-Origin': '*' });
  }
}
