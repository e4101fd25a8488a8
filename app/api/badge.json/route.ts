// GET /api/badge.json: the status as a shields.io endpoint badge (lib/embeds/badge.ts).
import { buildBadge } from '@/lib/embeds/badge';
import { EMBED_HEADERS, readEmbed } from '@/lib/embeds/read';
import { errorResponse, json } from '@/lib/http';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  try {
    const { headline } = await readEmbed(request);
    return json(buildBadge(headline), { headers: EMBED_HEADERS });
  } catch (error) {
    return errorResponse(error, { 'Access-Control-Allow-Origin': '*' });
  }
}
