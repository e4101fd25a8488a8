// The album cover for the embed card as a data: URL: GitHub's image proxy (camo) loads no outside
// image inside an SVG, so the card carries the bytes. Read from the image store for a stored cover,
// else fetched with a short timeout and a size cap; null (no cover drawn) on any failure.
import 'server-only';
import { detectImageType, IMAGE_ROUTE, IMAGE_TYPES, readImage } from '@/lib/images';
import { fetchBytes } from '@/lib/seo/og-image/avatar';

/** A track's cover is asked for by every card view while it plays: keep the last few. */
const KEEP = 8;
const KEEP_MS = 10 * 60_000;
const KEEP_FAILURE_MS = 30_000;

const kept = new Map<string, { dataUrl: string | null; until: number }>();

async function coverBytes(coverUrl: string): Promise<Uint8Array | null> {
  if (coverUrl.startsWith(`${IMAGE_ROUTE}/`)) return (await readImage(coverUrl.slice(IMAGE_ROUTE.length + 1)))?.bytes ?? null;
  return /^https?:\/\//i.test(coverUrl) ? fetchBytes(coverUrl) : null;
}

/** Only raster formats we recognise by their bytes: an SVG cover could carry script into the card. */
function toDataUrl(bytes: Uint8Array): string | null {
  const type = detectImageType(bytes);
  return type ? `data:${IMAGE_TYPES[type]};base64,${Buffer.from(bytes).toString('base64')}` : null;
}

export async function loadCover(coverUrl: string): Promise<string | null> {
  const hit = kept.get(coverUrl);
  if (hit && Date.now() < hit.until) return hit.dataUrl;
  let dataUrl: string | null = null;
  try {
    const bytes = await coverBytes(coverUrl);
    dataUrl = bytes ? toDataUrl(bytes) : null;
  } catch {
    // Unreachable, too slow or refused: the card is drawn without a cover.
  }
  kept.delete(coverUrl);
  kept.set(coverUrl, { dataUrl, until: Date.now() + (dataUrl ? KEEP_MS : KEEP_FAILURE_MS) });
  // Oldest first in a Map: drop past the limit.
  for (const key of kept.keys()) if (kept.size > KEEP) kept.delete(key);
  return dataUrl;
}
