// GET /og.png: the link-preview card for what is happening now. Pages link it with a ?v= that
// changes with the status (lib/seo/metadata.ts); the response may be kept for a minute at most.
import { errorResponse } from '@/lib/http';
import { messagesFor } from '@/lib/i18n/messages';
import { ownerDefaultLanguage } from '@/lib/i18n/server';
import { summarizeHeadline } from '@/lib/seo/headline';
import { getSiteUrl } from '@/lib/seo/metadata';
import { renderCard } from '@/lib/seo/og-image/render';
import { getSeoProfile } from '@/lib/seo/profile';
import { getSnapshot } from '@/lib/status/store';

export const dynamic = 'force-dynamic';

const OG_CACHE_CONTROL = 'public, max-age=60, s-maxage=60';

export async function GET() {
  try {
    const [snapshot, profile, siteUrl, language] = await Promise.all([getSnapshot(), getSeoProfile(), getSiteUrl(), ownerDefaultLanguage()]);
    // One card for every visitor, so in the owner's language.
    const headline = summarizeHeadline(snapshot, profile.firstName, messagesFor(language).status);
    const png = await renderCard({ name: profile.name, avatar: profile.avatar, siteUrl, headline });
    return new Response(png, {
      headers: {
        'Content-Type': 'image/png',
        'Content-Length': String(png.byteLength),
        'Cache-Control': OG_CACHE_CONTROL,
        // Served on its own, an image can run nothing.
        'Content-Security-Policy': "default-src 'none'; sandbox",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
