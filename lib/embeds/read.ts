// What both embeds read for a request: their options, the public snapshot and the owner's profile
// and language. Only the public snapshot: hidden fields and raw activities never come near an embed.
import 'server-only';
import { messagesFor } from '@/lib/i18n/messages';
import type { Language } from '@/lib/i18n/languages';
import { getSiteSettings } from '@/lib/site/settings';
import { getSnapshot } from '@/lib/status/store';
import { embedHeadline, type EmbedHeadline } from './headline';
import { parseEmbedOptions, type EmbedOptions } from './options';

export interface EmbedView {
  options: EmbedOptions;
  headline: EmbedHeadline;
  language: Language;
  name: string;
}

/** Throws a 400 ApiError for bad options before reading anything. */
export async function readEmbed(request: Request): Promise<EmbedView> {
  const options = parseEmbedOptions(new URL(request.url).searchParams);
  const [snapshot, settings] = await Promise.all([getSnapshot(), getSiteSettings()]);
  // One image for every visitor (caches and camo share it): the owner's language unless asked.
  const language = options.lang ?? settings.language;
  return { options, headline: embedHeadline(snapshot, options, messagesFor(language).status), language, name: settings.name };
}

/** Other sites embed these: any origin may read them, and a cache may keep them for half a minute. */
export const EMBED_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Cache-Control': 'public, max-age=30',
} as const;
